import { describe, expect, it } from 'vitest';
import type { Node } from '../types';
import { completeNodes, defaultNodeObjects, internalIP } from './nodes';

const node = (name: string, extra: Partial<Node> = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec: {},
  ...extra,
});

describe('completeNodes', () => {
  it('default cluster: 3 nodes, 2 zones, podCIDRs 10.244.0-2.0/24, IPs 192.168.49.2-4', () => {
    const nodes = completeNodes(defaultNodeObjects(), '10.244.0.0/16');
    expect(
      nodes.map((n) => [
        n.metadata.name,
        n.metadata.labels?.['topology.kubernetes.io/zone'],
        n.spec.podCIDR,
        internalIP(n),
      ]),
    ).toEqual([
      ['node-a', 'zone-a', '10.244.0.0/24', '192.168.49.2'],
      ['node-b', 'zone-a', '10.244.1.0/24', '192.168.49.3'],
      ['node-c', 'zone-b', '10.244.2.0/24', '192.168.49.4'],
    ]);
    expect(nodes[0]!.metadata.labels?.['kubernetes.io/hostname']).toBe('node-a');
    expect(nodes[0]!.status?.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
  });

  it('keeps given podCIDRs and IPs and fills the rest around them', () => {
    const nodes = completeNodes(
      [
        node('w1'),
        node('w2', {
          spec: { podCIDR: '10.244.0.0/24' },
          status: { addresses: [{ type: 'InternalIP', address: '192.168.49.2' }] },
        }),
      ],
      '10.244.0.0/16',
    );
    expect(nodes.map((n) => [n.spec.podCIDR, internalIP(n)])).toEqual([
      ['10.244.1.0/24', '192.168.49.3'],
      ['10.244.0.0/24', '192.168.49.2'],
    ]);
    expect(nodes[1]!.spec.podCIDRs).toEqual(['10.244.0.0/24']);
  });

  it('uses KubeProxyConfiguration.clusterCIDR when given', () => {
    const [n] = completeNodes([node('x')], '10.42.0.0/16');
    expect(n!.spec.podCIDR).toBe('10.42.0.0/24');
  });

  it('a given Ready=False condition is kept', () => {
    const [n] = completeNodes([node('x', { status: { conditions: [{ type: 'Ready', status: 'False' }] } })], '10.244.0.0/16');
    expect(n!.status?.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
  });
});

describe('completeNodes with a dual-stack clusterCIDR list', () => {
  it('carves node podCIDRs from the first CIDR', () => {
    const [n] = completeNodes(defaultNodeObjects().slice(0, 1), '10.244.0.0/16, fd00:10:244::/56');
    expect(n!.spec.podCIDR).toBe('10.244.0.0/24');
    expect(n!.spec.podCIDRs).toEqual(['10.244.0.0/24', 'fd00:10:244::/64']);
    expect(n!.status?.addresses).toEqual([
      { type: 'InternalIP', address: '192.168.49.2' },
      { type: 'InternalIP', address: 'fc00:f853:ccd:e793::2' },
      { type: 'Hostname', address: 'node-a' },
    ]);
  });
});
