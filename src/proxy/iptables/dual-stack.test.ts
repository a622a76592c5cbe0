// Dual-stack nodes run one proxier per family (kube-proxy metaproxier): the
// backend programs both, prints the IPv6 payload after the IPv4 one, and
// evaluates each packet with the proxier of its family.
import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makeService, makeSlice } from '../common/testing';
import { iptablesBackend } from './index';
import { SECONDARY_HEADER } from './format';
import type { IptablesProgramOptions } from './config';

const cluster = makeCluster({
  config: {
    serviceCIDRs: ['10.96.0.0/12', 'fd00:10:96::/112'],
    clusterCIDR: '10.244.0.0/16,fd00:10:244::/56',
    nodePortRange: { base: 30000, size: 2768 },
    loadBalancerPool: '203.0.113.0/24',
    clusterDomain: 'cluster.local',
  },
  nodes: [makeNode('node-a', ['192.168.0.10', '2001:db8::10'], '10.244.1.0/24')],
  services: [
    makeService('default', 'web', {
      clusterIP: '10.96.0.20',
      clusterIPs: ['10.96.0.20', 'fd00:10:96::20'],
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'RequireDualStack',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    }),
  ],
  endpointSlices: [
    makeSlice('default', 'web', 1, [{ addresses: ['10.244.1.5'], nodeName: 'node-a' }], [{ name: 'http', port: 8080, protocol: 'TCP' }], 'IPv4'),
    makeSlice('default', 'web', 2, [{ addresses: ['fd00:10:244:1::5'], nodeName: 'node-a' }], [{ name: 'http', port: 8080, protocol: 'TCP' }], 'IPv6'),
  ],
});

describe('dual-stack node', () => {
  const rs = iptablesBackend.program(cluster, { nodeName: 'node-a' });
  const text = iptablesBackend.format(rs);
  const lines = text.split('\n');

  it('prints the IPv4 payload, then the IPv6 one after a comment line', () => {
    const header = lines.indexOf(SECONDARY_HEADER('IPv6'));
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(0, header).join('\n')).toContain('-d 10.96.0.20 --dport 80');
    const v6 = lines.slice(header + 1).join('\n');
    expect(v6).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d fd00:10:96::20 --dport 80 -j KUBE-SVC-');
    expect(v6).toContain('! -s fd00:10:244::/56 -j KUBE-MARK-MASQ');
    expect(v6).toContain('--to-destination [fd00:10:244:1::5]:8080');
    expect(v6).not.toContain('KUBE-FIREWALL');
  });

  it.each([
    ['10.244.1.7', '10.96.0.20', '10.244.1.5'],
    ['fd00:10:244:1::7', 'fd00:10:96::20', 'fd00:10:244:1::5'],
  ])('a packet %s -> %s is DNATed by its own family to %s, with rule lines pointing into the text', (src, dst, ep) => {
    const [o] = iptablesBackend.evaluate(rs, { protocol: 'TCP', srcIP: src, srcPort: 1, dstIP: dst, dstPort: 80 }, 'prerouting');
    expect(o).toMatchObject({ verdict: 'DNAT', dnatIP: ep, dnatPort: 8080, masqueraded: false });
    for (const s of o!.steps) if (s.rule.line !== undefined) expect(lines[s.rule.line]).toBe(s.rule.rule);
  });

  it('programs a single family when one is asked for', () => {
    expect(iptablesBackend.program(cluster, { nodeName: 'node-a', family: 'IPv6' } as IptablesProgramOptions).secondary).toBeUndefined();
  });
});
