// Packet-flow specs ported from upstream proxier_test.go (TestTracePacket on
// the TestOverallIPTablesRules services, TestNoEndpointsReject,
// TestClusterIPGeneral, TestLoadBalancer), evaluated through the same rules
// the payload prints.
import { describe, expect, it } from 'vitest';
import { formatIptables } from './format';
import { programIptables } from './program';
import { evaluateIptables, sampleIptables } from './evaluate';
import { runFlow, type PacketFlowCase } from './packet-flow';
import { overallCluster } from './overall.test';
import {
  fakeProxierOptions,
  slice,
  svc,
  testExternalClient,
  testExternalClientBlocked,
  testExternalIP,
  testNodeIP,
  testNodeIPAlt,
  testNodeName,
  upstreamCluster,
} from './fixtures/upstream';
import { createProxyState } from '../types';
import { makeSlice } from '../common/testing';

const nodeIPs = [testNodeIP, testNodeIPAlt, testExternalIP];

function flows(ruleset: ReturnType<typeof programIptables>, cases: PacketFlowCase[]) {
  it.each(cases)('$name: $sourceIP -> $destIP:$destPort => "$output"', (tc) => {
    expect(runFlow(ruleset, tc, nodeIPs)).toEqual({ output: tc.output, masq: tc.masq ?? false });
  });
}

describe('TestTracePacket (overall services)', () => {
  flows(programIptables(overallCluster(), fakeProxierOptions), [
    { name: 'no match', sourceIP: '10.0.0.2', destIP: '10.0.0.3', destPort: 80, output: '' },
    { name: 'single endpoint', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80' },
    { name: 'multiple endpoints', sourceIP: '10.0.0.2', destIP: '172.30.0.44', destPort: 80, output: '10.180.0.4:80, 10.180.0.5:80' },
    { name: 'LOCAL, KUBE-MARK-MASQ', sourceIP: testNodeIP, destIP: '192.168.99.22', destPort: 80, output: '10.180.0.2:80', masq: true },
    { name: 'DROP', sourceIP: testExternalClient, destIP: '192.168.99.22', destPort: 80, output: 'DROP' },
    { name: 'ACCEPT (NodePortHealthCheck)', sourceIP: testNodeIP, destIP: testNodeIP, destPort: 30000, output: 'ACCEPT' },
    { name: 'REJECT', sourceIP: '10.0.0.2', destIP: '172.30.0.46', destPort: 80, output: 'REJECT' },
  ]);
});

describe('TestNoEndpointsReject', () => {
  const c = upstreamCluster(
    [svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '172.30.0.41', externalIPs: ['192.168.99.11'], ports: [{ name: 'p80', protocol: 'TCP', port: 80, nodePort: 3001 }] }, ['1.2.3.4'])],
    [],
  );
  flows(programIptables(c, fakeProxierOptions), [
    { name: 'pod to cluster IP with no endpoints', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: 'REJECT' },
    { name: 'external to external IP with no endpoints', sourceIP: testExternalClient, destIP: '192.168.99.11', destPort: 80, output: 'REJECT' },
    { name: 'pod to NodePort with no endpoints', sourceIP: '10.0.0.2', destIP: testNodeIP, destPort: 3001, output: 'REJECT' },
    { name: 'external to NodePort with no endpoints', sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: 'REJECT' },
    { name: 'pod to LoadBalancer IP with no endpoints', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: 'REJECT' },
    { name: 'external to LoadBalancer IP with no endpoints', sourceIP: testExternalClient, destIP: '1.2.3.4', destPort: 80, output: 'REJECT' },
  ]);
});

describe('TestClusterIPGeneral', () => {
  const c = upstreamCluster(
    [
      svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
      svc('ns2', 'svc2', {
        clusterIP: '172.30.0.42',
        ports: [
          { name: 'http', port: 80, protocol: 'TCP' },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
          { name: 'dns-udp', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 },
          { name: 'dns-sctp', port: 53, protocol: 'SCTP' },
        ],
      }),
    ],
    [
      slice('ns1', 'svc1', [{ addresses: ['10.180.0.1'], nodeName: testNodeName }], 'http'),
      makeSlice('ns2', 'svc2', 1, [{ addresses: ['10.180.0.1'], nodeName: testNodeName }, { addresses: ['10.180.2.1'], nodeName: 'node2' }], [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'https', port: 8443, protocol: 'TCP' },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 5353, protocol: 'TCP' },
        { name: 'dns-sctp', port: 53, protocol: 'SCTP' },
      ]),
    ],
  );
  flows(programIptables(c, fakeProxierOptions), [
    { name: 'simple clusterIP', sourceIP: '10.180.0.2', destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80' },
    { name: 'hairpin to cluster IP', sourceIP: '10.180.0.1', destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80', masq: true },
    { name: 'clusterIP with multiple endpoints', sourceIP: '10.180.0.2', destIP: '172.30.0.42', destPort: 80, output: '10.180.0.1:80, 10.180.2.1:80' },
    { name: 'clusterIP with TargetPort', sourceIP: '10.180.0.2', destIP: '172.30.0.42', destPort: 443, output: '10.180.0.1:8443, 10.180.2.1:8443' },
    { name: 'TCP, UDP and SCTP on same port (TCP)', sourceIP: '10.180.0.2', protocol: 'TCP', destIP: '172.30.0.42', destPort: 53, output: '10.180.0.1:5353, 10.180.2.1:5353' },
    { name: 'TCP, UDP and SCTP on same port (UDP)', sourceIP: '10.180.0.2', protocol: 'UDP', destIP: '172.30.0.42', destPort: 53, output: '10.180.0.1:53, 10.180.2.1:53' },
    { name: 'TCP, UDP and SCTP on same port (SCTP)', sourceIP: '10.180.0.2', protocol: 'SCTP', destIP: '172.30.0.42', destPort: 53, output: '10.180.0.1:53, 10.180.2.1:53' },
    { name: 'TCP-only port does not match UDP traffic', sourceIP: '10.180.0.2', protocol: 'UDP', destIP: '172.30.0.42', destPort: 80, output: '' },
    { name: "svc1 does not accept svc2's ports", sourceIP: '10.180.0.2', destIP: '172.30.0.41', destPort: 443, output: '' },
  ]);
});

describe('TestLoadBalancer (source ranges)', () => {
  const c = upstreamCluster(
    [
      svc(
        'ns1',
        'svc1',
        { type: 'LoadBalancer', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }], loadBalancerSourceRanges: ['192.168.0.0/24', ' 203.0.113.0/25'] },
        ['1.2.3.4', '5.6.7.8'],
      ),
    ],
    [slice('ns1', 'svc1', [{ addresses: ['10.180.0.1'] }])],
  );
  const ep = '10.180.0.1:80';
  flows(programIptables(c, fakeProxierOptions), [
    { name: 'pod to cluster IP', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: ep },
    { name: 'external to nodePort', sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: ep, masq: true },
    { name: 'nodePort bypasses LoadBalancerSourceRanges', sourceIP: testExternalClientBlocked, destIP: testNodeIP, destPort: 3001, output: ep, masq: true },
    { name: 'accepted external to LB1', sourceIP: testExternalClient, destIP: '1.2.3.4', destPort: 80, output: ep, masq: true },
    { name: 'accepted external to LB2', sourceIP: testExternalClient, destIP: '5.6.7.8', destPort: 80, output: ep, masq: true },
    { name: 'blocked external to LB1', sourceIP: testExternalClientBlocked, destIP: '1.2.3.4', destPort: 80, output: 'DROP' },
    { name: 'blocked external to LB2', sourceIP: testExternalClientBlocked, destIP: '5.6.7.8', destPort: 80, output: 'DROP' },
    { name: 'pod to LB1 (blocked by LoadBalancerSourceRanges)', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: 'DROP' },
    { name: 'pod to LB2 (blocked by LoadBalancerSourceRanges)', sourceIP: '10.0.0.2', destIP: '5.6.7.8', destPort: 80, output: 'DROP' },
    { name: 'node to LB1 (allowed by LoadBalancerSourceRanges)', sourceIP: testNodeIP, destIP: '1.2.3.4', destPort: 80, output: ep, masq: true },
    { name: 'node to LB2 (allowed by LoadBalancerSourceRanges)', sourceIP: testNodeIP, destIP: '5.6.7.8', destPort: 80, output: ep, masq: true },
    { name: 'same node to LB1, SNATted to LB1 (implicitly allowed)', sourceIP: '1.2.3.4', destIP: '1.2.3.4', destPort: 80, output: ep, masq: true },
    { name: 'same node to LB2, SNATted to LB2 (implicitly allowed)', sourceIP: '5.6.7.8', destIP: '5.6.7.8', destPort: 80, output: ep, masq: true },
  ]);
});

describe('probabilities, steps and affinity', () => {
  const rs = programIptables(overallCluster(), fakeProxierOptions);
  const pkt = { protocol: 'TCP' as const, srcIP: '10.0.0.2', srcPort: 1234, dstIP: '172.30.0.44', dstPort: 80 };

  it('splits a two-endpoint service 1/2 : 1/2 and reports each rule with its payload line', () => {
    const out = evaluateIptables(rs, pkt, 'prerouting');
    expect(out.map((o) => [o.dnatIP, o.probability, o.masqueraded])).toEqual([
      ['10.180.0.4', 0.5, false],
      ['10.180.0.5', 0.5, false],
    ]);
    const first = out[0]!.steps.map((s) => s.rule.rule);
    expect(first).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK',
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
      '-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80',
      // not marked for masquerade: KUBE-POSTROUTING returns at once
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    ]);
    // rules in the payload carry their line; the built-in hops are not in it
    const text = formatIptables(rs).split('\n');
    for (const s of out[0]!.steps) {
      if (s.rule.line === undefined) expect(s.rule.rule).toMatch(/^-A (PREROUTING|POSTROUTING) /);
      else expect(text[s.rule.line]).toBe(s.rule.rule);
    }
  });

  it('pins a client with a fresh recent entry (ClientIP affinity) and forgets it after the timeout', () => {
    const lb = { protocol: 'TCP' as const, srcIP: testExternalClient, srcPort: 1, dstIP: '5.6.7.8', dstPort: 80 };
    const ctx = { random: () => 0.99, now: 100, state: createProxyState() };
    const first = sampleIptables(rs, lb, 'prerouting', ctx);
    expect(first).toMatchObject({ verdict: 'DNAT', dnatIP: '10.180.0.3', masqueraded: true });
    expect(ctx.state.affinity['iptables-recent:KUBE-SEP-I77PXRDZVX7PMWMN:203.0.113.2']).toEqual({ endpoint: '10.180.0.3:80', lastUsed: 100 });
    const pinned = evaluateIptables(rs, lb, 'prerouting', { state: ctx.state, now: 100 + 10799 });
    expect(pinned).toHaveLength(1);
    expect(pinned[0]!.steps.some((s) => s.rule.rule.includes('--rcheck'))).toBe(true);
    const expired = evaluateIptables(rs, lb, 'prerouting', { state: ctx.state, now: 100 + 10800 });
    expect(expired[0]!.steps.some((s) => s.rule.rule.includes('--rcheck'))).toBe(false);
  });
});
