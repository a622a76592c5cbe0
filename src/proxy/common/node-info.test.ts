import { describe, expect, it } from 'vitest';
import { resolveNodeInfo } from './node-info';
import { makeCluster, makeNode } from './testing';

describe('resolveNodeInfo', () => {
  const node = makeNode('node-a', ['192.168.0.2', 'fd00:10::2'], '10.244.1.0/24', { 'topology.kubernetes.io/zone': 'z1' });
  node.status!.addresses!.unshift({ type: 'ExternalIP', address: '203.0.113.9' }, { type: 'Hostname', address: 'node-a' });
  node.spec.podCIDRs = ['10.244.1.0/24', 'fd00:244:1::/64'];
  const cluster = makeCluster({ nodes: [node] });

  it.each([
    ['IPv4' as const, { primaryIP: '192.168.0.2', ips: ['192.168.0.2', '203.0.113.9'], podCIDR: '10.244.1.0/24', zone: 'z1' }],
    ['IPv6' as const, { primaryIP: 'fd00:10::2', ips: ['fd00:10::2'], podCIDR: 'fd00:244:1::/64' }],
  ])('%s: InternalIP first, then ExternalIP; podCIDR of the family', (family, expected) => {
    expect(resolveNodeInfo(cluster, 'node-a', family)).toMatchObject({ name: 'node-a', ...expected });
  });

  it('gives empty facts for an unknown node', () => {
    expect(resolveNodeInfo(cluster, 'ghost')).toEqual({ name: 'ghost', labels: {}, primaryIP: '', ips: [], podCIDR: '' });
  });
});
