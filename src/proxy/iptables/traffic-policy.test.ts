// Upstream proxier_test.go: TestInternalTrafficPolicy,
// TestTerminatingEndpointsTrafficPolicyLocal/Cluster, TestInternalExternalMasquerade,
// TestSyncProxyRulesLargeClusterMode and the first full sync of TestSyncProxyRulesRepeated.
import { describe, expect, it } from 'vitest';
import type { Endpoint, EndpointSlice } from '../../model/types';
import { makeSlice } from '../common/testing';
import { formatIptables } from './format';
import { programIptables } from './program';
import { runFlow, type PacketFlowCase } from './packet-flow';
import { fakeProxierOptions, slice, svc, testExternalClient, testExternalIP, testNodeIP, testNodeIPAlt, testNodeName, upstreamCluster } from './fixtures/upstream';
import type { IptablesRuleset } from './types';

const nodeIPs = [testNodeIP, testNodeIPAlt, testExternalIP];
function check(rs: IptablesRuleset, cases: PacketFlowCase[]) {
  for (const tc of cases) expect(runFlow(rs, tc, nodeIPs), tc.name).toEqual({ output: tc.output, masq: tc.masq ?? false });
}
const ep = (ip: string, nodeName: string, ready: boolean, serving = ready, terminating = false): Endpoint => ({ addresses: [ip], nodeName, conditions: { ready, serving, terminating } });
const slice1 = (endpoints: Endpoint[]): EndpointSlice => makeSlice('ns1', 'svc1', 1, endpoints, [{ name: '', port: 80, protocol: 'TCP' }]);

describe('TestInternalTrafficPolicy', () => {
  const cases = [
    { name: 'internalTrafficPolicy is cluster', itp: 'Cluster', eps: [['10.0.1.1', testNodeName], ['10.0.1.2', 'node1'], ['10.0.1.3', 'node2']], output: '10.0.1.1:80, 10.0.1.2:80, 10.0.1.3:80' },
    { name: 'internalTrafficPolicy is local and there is one local endpoint', itp: 'Local', eps: [['10.0.1.1', testNodeName], ['10.0.1.2', 'node1'], ['10.0.1.3', 'node2']], output: '10.0.1.1:80' },
    { name: 'internalTrafficPolicy is local and there are multiple local endpoints', itp: 'Local', eps: [['10.0.1.1', testNodeName], ['10.0.1.2', testNodeName], ['10.0.1.3', 'node2']], output: '10.0.1.1:80, 10.0.1.2:80' },
    { name: 'internalTrafficPolicy is local and there are no local endpoints', itp: 'Local', eps: [['10.0.1.1', 'node0'], ['10.0.1.2', 'node1'], ['10.0.1.3', 'node2']], output: 'DROP' },
  ];
  it.each(cases)('$name', ({ itp, eps, output }) => {
    const service = svc('ns1', 'svc1', { clusterIP: '172.30.1.1', selector: { foo: 'bar' }, internalTrafficPolicy: itp, ports: [{ name: '', port: 80, protocol: 'TCP' }] });
    const flow = { name: 'pod to ClusterIP', sourceIP: '10.0.0.2', destIP: '172.30.1.1', destPort: 80 };
    check(programIptables(upstreamCluster([service], [slice1(eps.map(([ip, n]) => ep(ip!, n!, true)))]), fakeProxierOptions), [{ ...flow, output }]);
    check(programIptables(upstreamCluster([service], []), fakeProxierOptions), [{ ...flow, name: 'endpoints deleted', output: 'REJECT' }]);
  });
});

describe('TestTerminatingEndpointsTrafficPolicy', () => {
  const lb = (etp: string) =>
    svc('ns1', 'svc1', { clusterIP: '172.30.1.1', type: 'LoadBalancer', externalTrafficPolicy: etp, healthCheckNodePort: 30000, ports: [{ name: '', targetPort: 80, port: 80, protocol: 'TCP' }] }, ['1.2.3.4']);
  const toClusterIP = (output: string): PacketFlowCase => ({ name: 'pod to clusterIP', sourceIP: '10.0.0.2', destIP: '172.30.1.1', destPort: 80, output });
  const toLB = (output: string, masq = false): PacketFlowCase => ({ name: 'external to LB', sourceIP: testExternalClient, destIP: '1.2.3.4', destPort: 80, output, masq });

  const local = [
    {
      name: 'ready endpoints exist',
      eps: [ep('10.0.1.1', testNodeName, true), ep('10.0.1.2', testNodeName, true), ep('10.0.1.3', testNodeName, false, true, true), ep('10.0.1.4', testNodeName, false, false, true), ep('10.0.1.5', 'node-1', true)],
      flows: [toClusterIP('10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80'), toLB('10.0.1.1:80, 10.0.1.2:80')],
    },
    {
      name: 'only terminating endpoints exist',
      eps: [ep('10.0.1.2', testNodeName, false, true, true), ep('10.0.1.3', testNodeName, false, true, true), ep('10.0.1.4', testNodeName, false, false, true), ep('10.0.1.5', 'node-1', true)],
      flows: [toClusterIP('10.0.1.5:80'), toLB('10.0.1.2:80, 10.0.1.3:80')],
    },
    { name: 'terminating endpoints on remote node', eps: [ep('10.0.1.5', 'node-1', false, true, true)], flows: [toClusterIP('10.0.1.5:80'), { ...toLB('DROP'), name: 'external to LB, no locally-usable endpoints' }] },
    { name: 'no usable endpoints on any node', eps: [ep('10.0.1.5', testNodeName, false, false, true), ep('10.0.1.5', 'node-1', false, false, true)], flows: [toClusterIP('REJECT'), toLB('REJECT')] },
  ];
  it.each(local)('eTP Local: $name', ({ eps, flows }) => {
    check(programIptables(upstreamCluster([lb('Local')], [slice1(eps)]), fakeProxierOptions), flows);
    check(programIptables(upstreamCluster([lb('Local')], []), fakeProxierOptions), [toClusterIP('REJECT'), toLB('REJECT')]);
  });

  const cluster = [
    {
      name: 'ready endpoints exist',
      eps: [ep('10.0.1.1', testNodeName, true), ep('10.0.1.2', testNodeName, true), ep('10.0.1.3', 'another-node', false, true, true), ep('10.0.1.4', 'another-node', false, false, true), ep('10.0.1.5', 'another-node', true)],
      flows: [toClusterIP('10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80'), toLB('10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', true)],
    },
    {
      name: 'only terminating endpoints exist',
      eps: [ep('10.0.1.2', testNodeName, false, true, true), ep('10.0.1.3', testNodeName, false, true, true), ep('10.0.1.4', 'another-node', false, false, true), ep('10.0.1.5', 'another-node', false, true, true)],
      flows: [toClusterIP('10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80'), toLB('10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80', true)],
    },
    { name: 'terminating endpoints on remote node', eps: [ep('10.0.1.5', 'node-1', false, true, true)], flows: [toClusterIP('10.0.1.5:80'), toLB('10.0.1.5:80', true)] },
    { name: 'no usable endpoints on any node', eps: [ep('10.0.1.5', testNodeName, false, false, true), ep('10.0.1.5', 'node-1', false, false, true)], flows: [toClusterIP('REJECT'), toLB('REJECT')] },
  ];
  it.each(cluster)('eTP Cluster: $name', ({ eps, flows }) => {
    check(programIptables(upstreamCluster([lb('Cluster')], [slice1(eps)]), fakeProxierOptions), flows);
  });
});

describe('TestInternalExternalMasquerade', () => {
  const lb = (ns: string, name: string, ip: string, nodePort: number, hc: number, lbIP: string, extra: object) =>
    svc(ns, name, { type: 'LoadBalancer', clusterIP: ip, ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort }], healthCheckNodePort: hc, ...extra }, [lbIP]);
  const cluster = upstreamCluster(
    [
      lb('ns1', 'svc1', '172.30.0.41', 3001, 30001, '1.2.3.4', {}),
      lb('ns2', 'svc2', '172.30.0.42', 3002, 30002, '5.6.7.8', { externalTrafficPolicy: 'Local' }),
      lb('ns3', 'svc3', '172.30.0.43', 3003, 30003, '9.10.11.12', { internalTrafficPolicy: 'Local' }),
    ],
    [1, 2, 3].map((i) => slice(`ns${i}`, `svc${i}`, [{ addresses: [`10.180.0.${i}`], nodeName: testNodeName }, { addresses: [`10.180.1.${i}`], nodeName: 'remote' }])),
  );
  const all = (i: number) => `10.180.0.${i}:80, 10.180.1.${i}:80`;
  const flows: PacketFlowCase[] = [
    { name: 'pod to ClusterIP', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: all(1), masq: false },
    { name: 'pod to NodePort', sourceIP: '10.0.0.2', destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: 'pod to LB', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: all(1), masq: true },
    { name: 'node to ClusterIP', sourceIP: testNodeIP, destIP: '172.30.0.41', destPort: 80, output: all(1), masq: true },
    { name: 'node to NodePort', sourceIP: testNodeIP, destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: 'localhost to NodePort', sourceIP: '127.0.0.1', destIP: '127.0.0.1', destPort: 3001, output: all(1), masq: true },
    { name: 'node to LB', sourceIP: testNodeIP, destIP: '1.2.3.4', destPort: 80, output: all(1), masq: true },
    { name: 'external to ClusterIP', sourceIP: testExternalClient, destIP: '172.30.0.41', destPort: 80, output: all(1), masq: true },
    { name: 'external to NodePort', sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: 'external to LB', sourceIP: testExternalClient, destIP: '1.2.3.4', destPort: 80, output: all(1), masq: true },
    { name: 'pod to ClusterIP with eTP:Local', sourceIP: '10.0.0.2', destIP: '172.30.0.42', destPort: 80, output: all(2), masq: false },
    { name: 'pod to NodePort with eTP:Local', sourceIP: '10.0.0.2', destIP: testNodeIP, destPort: 3002, output: all(2), masq: false },
    { name: 'pod to LB with eTP:Local', sourceIP: '10.0.0.2', destIP: '5.6.7.8', destPort: 80, output: all(2), masq: false },
    { name: 'node to ClusterIP with eTP:Local', sourceIP: testNodeIP, destIP: '172.30.0.42', destPort: 80, output: all(2), masq: true },
    { name: 'node to NodePort with eTP:Local', sourceIP: testNodeIP, destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: 'localhost to NodePort with eTP:Local', sourceIP: '127.0.0.1', destIP: '127.0.0.1', destPort: 3002, output: all(2), masq: true },
    { name: 'node to LB with eTP:Local', sourceIP: testNodeIP, destIP: '5.6.7.8', destPort: 80, output: all(2), masq: true },
    { name: 'external to ClusterIP with eTP:Local', sourceIP: testExternalClient, destIP: '172.30.0.42', destPort: 80, output: all(2), masq: true },
    { name: 'external to NodePort with eTP:Local', sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3002, output: '10.180.0.2:80', masq: false },
    { name: 'external to LB with eTP:Local', sourceIP: testExternalClient, destIP: '5.6.7.8', destPort: 80, output: '10.180.0.2:80', masq: false },
    { name: 'pod to ClusterIP with iTP:Local', sourceIP: '10.0.0.2', destIP: '172.30.0.43', destPort: 80, output: '10.180.0.3:80', masq: false },
    { name: 'pod to NodePort with iTP:Local', sourceIP: '10.0.0.2', destIP: testNodeIP, destPort: 3003, output: all(3), masq: true },
    { name: 'pod to LB with iTP:Local', sourceIP: '10.0.0.2', destIP: '9.10.11.12', destPort: 80, output: all(3), masq: true },
    { name: 'node to ClusterIP with iTP:Local', sourceIP: testNodeIP, destIP: '172.30.0.43', destPort: 80, output: '10.180.0.3:80', masq: true },
    { name: 'node to NodePort with iTP:Local', sourceIP: testNodeIP, destIP: testNodeIP, destPort: 3003, output: all(3), masq: true },
    { name: 'localhost to NodePort with iTP:Local', sourceIP: '127.0.0.1', destIP: '127.0.0.1', destPort: 3003, output: all(3), masq: true },
    { name: 'node to LB with iTP:Local', sourceIP: testNodeIP, destIP: '9.10.11.12', destPort: 80, output: all(3), masq: true },
    { name: 'external to ClusterIP with iTP:Local', sourceIP: testExternalClient, destIP: '172.30.0.43', destPort: 80, output: '10.180.0.3:80', masq: true },
    { name: 'external to NodePort with iTP:Local', sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3003, output: all(3), masq: true },
    { name: 'external to LB with iTP:Local', sourceIP: testExternalClient, destIP: '9.10.11.12', destPort: 80, output: all(3), masq: true },
  ];
  type Override = { output?: string; masq?: boolean };
  const noDetector: Record<string, Override> = {
    'node to ClusterIP': { masq: false },
    'node to ClusterIP with eTP:Local': { masq: false },
    'node to ClusterIP with iTP:Local': { masq: false },
    'external to ClusterIP': { masq: false },
    'external to ClusterIP with eTP:Local': { masq: false },
    'external to ClusterIP with iTP:Local': { masq: false },
    'pod to NodePort with eTP:Local': { output: '10.180.0.2:80' },
    'pod to LB with eTP:Local': { output: '10.180.0.2:80' },
  };
  const masqAll: Record<string, Override> = {
    'pod to ClusterIP': { masq: true },
    'pod to ClusterIP with eTP:Local': { masq: true },
    'pod to ClusterIP with iTP:Local': { masq: true },
  };
  const variants: { name: string; masqueradeAll: boolean; localDetector: boolean; overrides: Record<string, Override> }[] = [
    { name: 'base', masqueradeAll: false, localDetector: true, overrides: {} },
    { name: 'no LocalTrafficDetector', masqueradeAll: false, localDetector: false, overrides: noDetector },
    { name: 'masqueradeAll', masqueradeAll: true, localDetector: true, overrides: masqAll },
    {
      name: 'masqueradeAll, no LocalTrafficDetector',
      masqueradeAll: true,
      localDetector: false,
      overrides: { ...masqAll, 'pod to NodePort with eTP:Local': noDetector['pod to NodePort with eTP:Local']!, 'pod to LB with eTP:Local': noDetector['pod to LB with eTP:Local']! },
    },
  ];
  it.each(variants)('$name', ({ masqueradeAll, localDetector, overrides }) => {
    const rs = programIptables(cluster, { ...fakeProxierOptions, masqueradeAll, clusterCIDR: localDetector ? '10.0.0.0/8' : '' });
    check(
      rs,
      flows.map((f) => ({ ...f, ...(overrides[f.name] ?? {}) })),
    );
  });
});

describe('TestSyncProxyRulesLargeClusterMode', () => {
  const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ addresses: [`${prefix}.${i % 256}.${Math.floor(i / 256)}`] }));
  const services = [
    svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] }),
    svc('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [{ name: 'p8080', port: 8080, protocol: 'TCP' }] }),
    svc('ns3', 'svc3', { clusterIP: '172.30.0.43', ports: [{ name: 'p8081', port: 8081, protocol: 'TCP' }] }),
  ];
  const base = [slice('ns1', 'svc1', many('10.0', 499)), slice('ns2', 'svc2', many('10.1', 499), 'p8080', 8080)];
  const dnatLines = (rs: IptablesRuleset) => formatIptables(rs).split('\n').filter((l) => l.startsWith('-A KUBE-SEP-') && l.includes('-j DNAT'));

  it('keeps comments up to 1000 endpoints and drops them from SEP / SVC->SEP rules beyond', () => {
    const opts = { ...fakeProxierOptions, masqueradeAll: true };
    const small = dnatLines(programIptables(upstreamCluster(services, base), opts));
    expect(small).toHaveLength(998);
    expect(small.every((l) => l.includes('--comment'))).toBe(true);
    expect(small).toContain('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80');

    const big = programIptables(
      upstreamCluster(services, [...base, slice('ns3', 'svc3', [{ addresses: ['203.0.113.4'] }, { addresses: ['203.0.113.8'] }, { addresses: ['203.0.113.12'] }], 'p8081', 8081)]),
      opts,
    );
    const lines = dnatLines(big);
    expect(lines).toHaveLength(1001);
    expect(lines.some((l) => l.includes('--comment'))).toBe(false);
    expect(lines).toContain('-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081');
    expect(lines).toContain('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80');
    // KUBE-SERVICES and the cluster-IP masquerade rules keep their comments
    const text = formatIptables(big);
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "ns3/svc3:p8081 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 8081 -j KUBE-SVC-');
    // endpoints sort as strings: 203.0.113.12 < 203.0.113.4 < 203.0.113.8
    expect(text).toMatch(/-A KUBE-SVC-\S+ -m statistic --mode random --probability 0\.5000000000 -j KUBE-SEP-RUVVH7YV3PHQBDOS\n/);
  });
});

describe('TestSyncProxyRulesRepeated (first, full sync)', () => {
  it('matches the upstream payload byte for byte', () => {
    const c = upstreamCluster(
      [
        svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] }),
        svc('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [{ name: 'p8080', port: 8080, protocol: 'TCP' }] }),
      ],
      [slice('ns1', 'svc1', [{ addresses: ['10.0.1.1'] }]), slice('ns2', 'svc2', [{ addresses: ['10.0.2.1'] }], 'p8080', 8080)],
    );
    expect(formatIptables(programIptables(c, fakeProxierOptions))).toBe(`*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-SNQ3ZNILQDEJNDQO - [0:0]
:KUBE-SEP-UHEGFW77JX3KXTOV - [0:0]
:KUBE-SVC-2VJB64SDSIJUP5T6 - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 -j KUBE-SVC-2VJB64SDSIJUP5T6
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-SNQ3ZNILQDEJNDQO -m comment --comment ns1/svc1:p80 -s 10.0.1.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SNQ3ZNILQDEJNDQO -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.1.1:80
-A KUBE-SEP-UHEGFW77JX3KXTOV -m comment --comment ns2/svc2:p8080 -s 10.0.2.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-UHEGFW77JX3KXTOV -m comment --comment ns2/svc2:p8080 -m tcp -p tcp -j DNAT --to-destination 10.0.2.1:8080
-A KUBE-SVC-2VJB64SDSIJUP5T6 -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-2VJB64SDSIJUP5T6 -m comment --comment "ns2/svc2:p8080 -> 10.0.2.1:8080" -j KUBE-SEP-UHEGFW77JX3KXTOV
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.0.1.1:80" -j KUBE-SEP-SNQ3ZNILQDEJNDQO
COMMIT
`);
  });
});
