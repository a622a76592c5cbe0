// Upstream proxier_test.go specs about node ports, traffic policies and the
// fixed chains: TestNodePorts, TestHealthCheckNodePort, TestDropInvalidRule,
// TestMasqueradeRule, TestExternalTrafficPolicyLocal/Cluster, TestComputeProbability.
import { describe, expect, it } from 'vitest';
import type { IPFamily } from '../../model/types';
import { makeCluster, makeNode, makeService, makeSlice } from '../common/testing';
import { formatIptables } from './format';
import { programIptables } from './program';
import { probabilityText } from './rule';
import { runFlow, type PacketFlowCase } from './packet-flow';
import type { IptablesRuleset } from './types';
import { fakeProxierOptions, slice, svc, testExternalClient, testExternalIP, testNodeIP, testNodeIPAlt, testNodeName, upstreamCluster } from './fixtures/upstream';

const testNodeIPv6 = '2001:db8::1';
const testNodeIPv6Alt = '2001:db8:1::2';
const nodeIPs = [testNodeIP, testNodeIPAlt, testExternalIP, testNodeIPv6, testNodeIPv6Alt];

/** The rules of one chain, as assertIPTablesChainEqual compares them. */
function chainText(rs: IptablesRuleset, table: string, chain: string): string {
  const c = rs.data.tables.find((t) => t.name === table)!.chains.find((ch) => ch.name === chain);
  return (c?.rules ?? []).map((r) => `${r.text}\n`).join('');
}

function check(rs: IptablesRuleset, cases: PacketFlowCase[]) {
  for (const tc of cases) expect(runFlow(rs, tc, nodeIPs), tc.name).toEqual({ output: tc.output, masq: tc.masq ?? false });
}

describe('TestNodePorts', () => {
  const cases: { name: string; family: IPFamily; localhostNodePorts: boolean; nodePortAddresses?: string[]; allowAltNodeIP: boolean; expectFirewall: boolean }[] = [
    { name: 'ipv4, localhost-nodeports enabled', family: 'IPv4', localhostNodePorts: true, allowAltNodeIP: true, expectFirewall: true },
    { name: 'ipv4, localhost-nodeports disabled', family: 'IPv4', localhostNodePorts: false, allowAltNodeIP: true, expectFirewall: false },
    { name: 'ipv4, localhost-nodeports disabled, localhost in nodeport-addresses', family: 'IPv4', localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '127.0.0.1/32'], allowAltNodeIP: false, expectFirewall: false },
    { name: 'ipv4, localhost-nodeports enabled, multiple nodeport-addresses', family: 'IPv4', localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'], allowAltNodeIP: true, expectFirewall: false },
    { name: 'ipv6, localhost-nodeports enabled', family: 'IPv6', localhostNodePorts: true, allowAltNodeIP: true, expectFirewall: false },
    { name: 'ipv6, localhost-nodeports disabled', family: 'IPv6', localhostNodePorts: false, allowAltNodeIP: true, expectFirewall: false },
    { name: 'ipv6, localhost-nodeports disabled, multiple nodeport-addresses', family: 'IPv6', localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'], allowAltNodeIP: false, expectFirewall: false },
  ];
  it.each(cases)('$name', (tc) => {
    const v4 = tc.family === 'IPv4';
    const [svcIP, ep1, ep2] = v4 ? ['172.30.0.41', '10.180.0.1', '10.180.2.1'] : ['fd00:172:30::41', 'fd00:10:180::1', 'fd00:10:180::2:1'];
    const cluster = makeCluster({
      nodes: [makeNode(testNodeName, nodeIPs)],
      services: [makeService('ns1', 'svc1', { type: 'NodePort', clusterIP: svcIP, ipFamilies: [tc.family], clusterIPs: [svcIP], ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] })],
      endpointSlices: [makeSlice('ns1', 'svc1', 1, [{ addresses: [ep1] }, { addresses: [ep2], nodeName: testNodeName }], [{ name: 'p80', port: 80, protocol: 'TCP' }], tc.family)],
    });
    const rs = programIptables(cluster, {
      ...fakeProxierOptions,
      family: tc.family,
      clusterCIDR: v4 ? '10.0.0.0/8' : 'fd00:10::/64',
      localhostNodePorts: tc.localhostNodePorts,
      ...(tc.nodePortAddresses ? { nodePortAddresses: tc.nodePortAddresses } : {}),
    });
    const [podIP, externalClientIP, nodeIP, altNodeIP, localhostIP] = v4
      ? ['10.0.0.2', testExternalClient, testNodeIP, testNodeIPAlt, '127.0.0.1']
      : ['fd00:10::2', '2600:5200::1', testNodeIPv6, testNodeIPv6Alt, '::1'];
    const output = v4 ? `${ep1}:80, ${ep2}:80` : `[${ep1}]:80, [${ep2}]:80`;
    check(rs, [
      { name: 'pod to cluster IP', sourceIP: podIP, destIP: svcIP, destPort: 80, output },
      { name: 'external to nodePort', sourceIP: externalClientIP, destIP: nodeIP, destPort: 3001, output, masq: true },
      { name: 'node to nodePort', sourceIP: nodeIP, destIP: nodeIP, destPort: 3001, output, masq: true },
      v4 && tc.localhostNodePorts
        ? { name: 'localhost to nodePort gets masqueraded', sourceIP: localhostIP, destIP: localhostIP, destPort: 3001, output, masq: true }
        : { name: 'localhost to nodePort is ignored', sourceIP: localhostIP, destIP: localhostIP, destPort: 3001, output: '' },
      tc.allowAltNodeIP
        ? { name: 'external to nodePort on secondary IP', sourceIP: externalClientIP, destIP: altNodeIP, destPort: 3001, output, masq: true }
        : { name: 'secondary nodeIP ignores NodePorts', sourceIP: externalClientIP, destIP: altNodeIP, destPort: 3001, output: '' },
    ]);
    expect(chainText(rs, 'filter', 'KUBE-FIREWALL')).toBe(
      tc.expectFirewall
        ? '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n'
        : '',
    );
  });

  it('writes one "last rule" per selected node address when nodePortAddresses is restricted', () => {
    const rs = programIptables(upstreamCluster([], []), { ...fakeProxierOptions, localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '127.0.0.1/32'] });
    expect(chainText(rs, 'nat', 'KUBE-SERVICES')).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS\n',
    );
  });
});

describe('TestHealthCheckNodePort', () => {
  const lb = svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '172.30.0.42', externalTrafficPolicy: 'Local', healthCheckNodePort: 30000, ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] });
  const opts = { ...fakeProxierOptions, nodePortAddresses: ['127.0.0.0/8'] };
  it('accepts the health-check node port in filter KUBE-NODEPORTS, and forgets it with the Service', () => {
    check(programIptables(upstreamCluster([lb], []), opts), [{ name: 'firewall accepts HealthCheckNodePort', sourceIP: '1.2.3.4', destIP: testNodeIP, destPort: 30000, output: 'ACCEPT' }]);
    check(programIptables(upstreamCluster([], []), opts), [{ name: 'HealthCheckNodePort no longer has any rule', sourceIP: '1.2.3.4', destIP: testNodeIP, destPort: 30000, output: '' }]);
  });
});

describe('TestDropInvalidRule', () => {
  const tail =
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT\n' +
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n';
  it.each([
    { nfacct: false, tcpLiberal: false, drop: '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n' },
    { nfacct: true, tcpLiberal: false, drop: '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP\n' },
    { nfacct: false, tcpLiberal: true, drop: '' },
  ])('tcpLiberal=$tcpLiberal nfacct=$nfacct', ({ nfacct, tcpLiberal, drop }) => {
    const rs = programIptables(upstreamCluster([], []), { ...fakeProxierOptions, nfacct, conntrackTCPLiberal: tcpLiberal });
    expect(chainText(rs, 'filter', 'KUBE-FORWARD')).toBe(drop + tail);
  });
});

describe('TestMasqueradeRule', () => {
  it.each([false, true])('randomFully %s', (randomFully) => {
    const rs = programIptables(upstreamCluster([], []), { ...fakeProxierOptions, randomFully });
    expect(chainText(rs, 'nat', 'KUBE-POSTROUTING')).toBe(
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n' +
        '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n' +
        `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${randomFully ? ' --random-fully' : ''}\n`,
    );
  });

  it('prints the mark as Go %#08x does on a real node (0x00004000) unless overridden', () => {
    const { masqueradeMark: _unused, ...real } = fakeProxierOptions;
    const text = formatIptables(programIptables(upstreamCluster([], []), { ...real, masqueradeBit: 14, hostProfile: 'real-node' }));
    expect(text).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n');
    expect(text).toContain('-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN\n');
  });

  it('real-node profile: %#08x mark and --random-fully', () => {
    const text = formatIptables(programIptables(upstreamCluster([], []), { nodeName: testNodeName, hostProfile: 'real-node' }));
    expect(text).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully\n');
    expect(text).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n');
  });

  it('defaults to the reference node of kube-proxy\'s tests: 0x4000, no --random-fully', () => {
    const text = formatIptables(programIptables(upstreamCluster([], []), { nodeName: testNodeName }));
    expect(text).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE\n');
    expect(text).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n');
    const bit15 = formatIptables(programIptables(upstreamCluster([], []), { nodeName: testNodeName, masqueradeBit: 15 }));
    expect(bit15).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x8000\n');
  });
});

describe('externalTrafficPolicy', () => {
  const lbSvc = (etp: string) =>
    svc(
      'ns1',
      'svc1',
      {
        type: 'LoadBalancer',
        externalTrafficPolicy: etp,
        clusterIP: '172.30.0.41',
        externalIPs: ['192.168.99.11'],
        healthCheckNodePort: etp === 'Local' ? 30000 : undefined,
        ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001, targetPort: 80 }],
      },
      ['1.2.3.4'],
    );
  const eps = [slice('ns1', 'svc1', [{ addresses: ['10.180.0.1'] }, { addresses: ['10.180.2.1'], nodeName: testNodeName }])];
  const both = '10.180.0.1:80, 10.180.2.1:80';

  it('TestExternalTrafficPolicyLocal: external clients reach only local endpoints, unmasqueraded; pods short-circuit to all', () => {
    check(programIptables(upstreamCluster([lbSvc('Local')], eps), fakeProxierOptions), [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: both },
      { name: 'pod to external IP hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '192.168.99.11', destPort: 80, output: both },
      { name: 'external to external IP hits only local endpoint, unmasqueraded', sourceIP: testExternalClient, destIP: '192.168.99.11', destPort: 80, output: '10.180.2.1:80' },
      { name: 'pod to LB IP hits only both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: both },
      { name: 'external to LB IP hits only local endpoint, unmasqueraded', sourceIP: testExternalClient, destIP: '1.2.3.4', destPort: 80, output: '10.180.2.1:80' },
      { name: 'pod to NodePort hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: testNodeIP, destPort: 3001, output: both },
      { name: 'external to NodePort hits only local endpoint, unmasqueraded', sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: '10.180.2.1:80' },
    ]);
  });

  it('TestExternalTrafficPolicyCluster: every external destination is masqueraded', () => {
    check(programIptables(upstreamCluster([lbSvc('Cluster')], eps), fakeProxierOptions), [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: both },
      { name: 'pod to external IP hits both endpoints, masqueraded', sourceIP: '10.0.0.2', destIP: '192.168.99.11', destPort: 80, output: both, masq: true },
      { name: 'external to external IP hits both endpoints, masqueraded', sourceIP: testExternalClient, destIP: '192.168.99.11', destPort: 80, output: both, masq: true },
      { name: 'pod to LB IP hits both endpoints, masqueraded', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: both, masq: true },
      { name: 'external to LB IP hits both endpoints, masqueraded', sourceIP: testExternalClient, destIP: '1.2.3.4', destPort: 80, output: both, masq: true },
      { name: 'pod to NodePort hits both endpoints, masqueraded', sourceIP: '10.0.0.2', destIP: testNodeIP, destPort: 3001, output: both, masq: true },
      { name: 'external to NodePort hits both endpoints, masqueraded', sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: both, masq: true },
    ]);
  });
});

describe('TestComputeProbability', () => {
  it.each([
    [1, '1.0000000000'],
    [2, '0.5000000000'],
    [10, '0.1000000000'],
    [100, '0.0100000000'],
    [1000, '0.0010000000'],
    [10000, '0.0001000000'],
    [100000, '0.0000100000'],
    [100001, '0.0000099999'],
    // exact ties round to even as Go does: 1/2048 = 0.00048828125
    [2048, '0.0004882812'],
    [4096, '0.0002441406'],
  ])('1/%d -> %s', (n, text) => {
    expect(probabilityText(n)).toBe(text);
  });
  it('is strictly decreasing in n', () => {
    let prev = 0;
    const notDecreasing: number[] = [];
    for (let i = 100000; i > 1; i--) {
      const p = Number(probabilityText(i));
      if (p <= prev) notDecreasing.push(i);
      prev = p;
    }
    expect(notDecreasing).toEqual([]);
  });
});
