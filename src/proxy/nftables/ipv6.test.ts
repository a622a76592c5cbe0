// The IPv6 proxier of a dual-stack node: `table ip6 kube-proxy`, `ip6`
// matches, IPv6 endpoint chain names with dots for colons; IPVS uses the
// KUBE-6- ipsets and bracketed real-server addresses.
import { describe, expect, it } from 'vitest';
import { ipvsBackend } from '../ipvs/index';
import { makeCluster, makeNode, makeService, makeSlice, TEST_NODE } from '../ipvs/testing/cluster-fixture';
import { formatNftDump, nftablesBackend } from './index';

const node = makeNode(TEST_NODE, '192.168.0.2', '10.0.1.0/24');
node.status!.addresses!.push({ type: 'InternalIP', address: '2001:db8::2' });
node.spec.podCIDRs = ['10.0.1.0/24', 'fd00:10:1::/64'];
const cluster = makeCluster({
  nodes: [node],
  proxy: { clusterCIDR: '10.0.0.0/8,fd00:10::/32' },
  services: [
    makeService('ns1', 'svc1', {
      clusterIP: '172.30.0.41',
      clusterIPs: ['172.30.0.41', 'fd00:10:96::41'],
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'RequireDualStack',
      ports: [{ name: 'p80', port: 80 }],
    }),
  ],
  slices: [makeSlice('ns1', 'svc1', [{ ip: 'fd00:10:1::5', nodeName: TEST_NODE }], [{ name: 'p80', port: 80 }], 'v6abc')],
});

describe('IPv6 proxier', () => {
  it('nftables: ip6 table, ip6 matches, dotted endpoint chain names', () => {
    const rs = nftablesBackend.program(cluster, { nodeName: TEST_NODE, family: 'IPv6' } as never);
    const dump = formatNftDump(rs.data).split('\n');
    expect(dump[0]).toBe('add table ip6 kube-proxy { comment "rules for kube-proxy" ; }');
    expect(dump.some((l) => /^add rule ip6 kube-proxy service-[A-Z2-7]{8}-ns1\/svc1\/tcp\/p80 ip6 daddr fd00:10:96::41 ip6 saddr != fd00:10::\/32 jump mark-for-masquerade$/.test(l))).toBe(true);
    expect(dump.some((l) => /endpoint-[A-Z2-7]{8}-ns1\/svc1\/tcp\/p80__fd00.10.1..5\/80 meta l4proto tcp dnat to \[fd00:10:1::5\]:80$/.test(l))).toBe(true);
    const out = nftablesBackend.evaluate(rs, { protocol: 'TCP', srcIP: 'fd00:10:1::9', srcPort: 1, dstIP: 'fd00:10:96::41', dstPort: 80 }, 'prerouting');
    expect(out.map((o) => [o.verdict, o.dnatIP, o.masqueraded])).toEqual([['DNAT', 'fd00:10:1::5', false]]);
  });

  it('the IPv4 proxier of the same node sees no IPv6 endpoints', () => {
    const rs = nftablesBackend.program(cluster, { nodeName: TEST_NODE });
    const out = nftablesBackend.evaluate(rs, { protocol: 'TCP', srcIP: '10.0.1.9', srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting');
    expect(out.map((o) => o.verdict)).toEqual(['REJECT']);
  });

  it('ipvs: KUBE-6- ipsets and bracketed real servers', () => {
    const rs = ipvsBackend.program(cluster, { nodeName: TEST_NODE, family: 'IPv6' } as never);
    const text = ipvsBackend.format(rs).split('\n');
    expect(text).toContain('TCP  [fd00:10:96::41]:80 rr');
    expect(text.some((l) => l.startsWith('  -> [fd00:10:1::5]:80 '))).toBe(true);
    expect(text).toContain('Name: KUBE-6-CLUSTER-IP');
    expect(text).toContain('Name: KUBE-6-LOAD-BALANCER-SOURCE-CID');
    expect(text).toContain('fd00:10:96::41,tcp:80');
    expect(text).toContain('Header: family inet6 hashsize 1024 maxelem 65536');
  });
});
