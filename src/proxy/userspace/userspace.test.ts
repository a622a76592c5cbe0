import { describe, expect, it } from 'vitest';
import { createProxyState, type Hook } from '../types';
import { EXTERNAL_CLIENT, TEST_NODE, TEST_NODE_IP } from '../ipvs/testing/cluster-fixture';
import { LOCAL_EP, LOCAL_POD, REMOTE_EP, sampleCluster } from '../ipvs/testing/sample-cluster';
import { parsePortRange, shuffleEndpoints } from './program';
import { userspaceBackend } from './index';

const rules = userspaceBackend.program(sampleCluster(), { nodeName: TEST_NODE });
const socketOf = (spn: string) => rules.data.sockets.find((s) => s.spn === spn)!;

function flow(src: string, dst: string, port: number, hook: Hook = 'prerouting', protocol: 'TCP' | 'UDP' = 'TCP'): string[] {
  return userspaceBackend
    .evaluate(rules, { protocol, srcIP: src, srcPort: 40000, dstIP: dst, dstPort: port }, hook)
    .map((o) => (o.verdict === 'DNAT' ? `${o.dnatIP}:${o.dnatPort} via :${o.proxyPort}${o.masqueraded ? ' masq' : ''}` : o.verdict))
    .sort();
}

describe('userspace mode (historical)', () => {
  it('is marked historical in data and text', () => {
    expect(rules.historical).toEqual({ removedIn: 'v1.26' });
    expect(userspaceBackend.format(rules).split('\n')[0]).toContain('HISTORICAL, removed in Kubernetes v1.26');
  });

  it('proxy ports are deterministic, distinct and inside the ephemeral range', () => {
    const ports = rules.data.sockets.map((s) => s.proxyPort);
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) expect(p >= 32768 && p <= 60999).toBe(true);
    expect(userspaceBackend.program(sampleCluster(), { nodeName: TEST_NODE }).data.sockets.map((s) => s.proxyPort)).toEqual(ports);
  });

  it('honours --proxy-port-range', () => {
    expect(parsePortRange('40000-40009')).toEqual({ base: 40000, size: 10 });
    expect(parsePortRange('40000+5')).toEqual({ base: 40000, size: 5 });
    const r = userspaceBackend.program(sampleCluster({ portRange: '40000-40009' }), { nodeName: TEST_NODE });
    for (const s of r.data.sockets) expect(s.proxyPort >= 40000 && s.proxyPort <= 40009).toBe(true);
  });

  it('LoadBalancerRR shuffles a new endpoint set with the seed', () => {
    const eps = ['a', 'b', 'c', 'd'].map((x, i) => ({ ip: x, port: i, endpoint: x }));
    expect(shuffleEndpoints(eps, 7)).toEqual(shuffleEndpoints(eps, 7));
    expect([...shuffleEndpoints(eps, 7)].map((e) => e.ip).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  const p1 = socketOf('ns1/svc1:p80').proxyPort;
  const p3 = socketOf('ns3/svc3:p80').proxyPort;
  const p2 = socketOf('ns2/svc2:p80').proxyPort;
  it.each([
    ['pod to clusterIP: REDIRECT to the proxy port, kube-proxy dials from the node', LOCAL_POD, '172.30.0.41', 80, 'prerouting', [`${LOCAL_EP}:80 via :${p1} masq`, `${REMOTE_EP}:80 via :${p1} masq`]],
    ['host to clusterIP: DNAT to nodeIP:proxyPort', TEST_NODE_IP, '172.30.0.41', 80, 'output', [`${LOCAL_EP}:80 via :${p1} masq`, `${REMOTE_EP}:80 via :${p1} masq`]],
    ['external to NodePort', EXTERNAL_CLIENT, TEST_NODE_IP, 3003, 'prerouting', [`10.0.2.7:80 via :${p3} masq`]],
    ['externalTrafficPolicy is not honoured: LB IP reaches every endpoint', EXTERNAL_CLIENT, '1.2.3.4', 80, 'prerouting', [`10.0.1.6:80 via :${p2} masq`, `10.0.2.6:80 via :${p2} masq`]],
    ['external to externalIP (not from a bridge)', EXTERNAL_CLIENT, '192.168.99.22', 80, 'prerouting', [`10.0.1.6:80 via :${p2} masq`, `10.0.2.6:80 via :${p2} masq`]],
    ['a pod is not captured for a non-local externalIP', LOCAL_POD, '192.168.99.22', 80, 'prerouting', ['ACCEPT']],
    ['no endpoints: the accepted connection is closed', LOCAL_POD, '172.30.0.46', 80, 'prerouting', ['REJECT']],
    ['non-service traffic', LOCAL_POD, '8.8.8.8', 53, 'prerouting', ['ACCEPT']],
  ] as const)('%s', (_n, src, dst, port, hook, expected) => {
    expect(flow(src, dst, port, hook)).toEqual([...expected]);
  });

  it('UDP to a service without endpoints: the datagram is dropped', () => {
    const cluster = sampleCluster();
    cluster.services.push({ ...cluster.services[5]!, metadata: { namespace: 'ns7', name: 'dns' }, spec: { ...cluster.services[5]!.spec, clusterIP: '172.30.0.47', clusterIPs: ['172.30.0.47'], ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }] } });
    const r = userspaceBackend.program(cluster, { nodeName: TEST_NODE });
    const out = userspaceBackend.evaluate(r, { protocol: 'UDP', srcIP: LOCAL_POD, srcPort: 1, dstIP: '172.30.0.47', dstPort: 53 }, 'prerouting');
    expect(out.map((o) => [o.verdict, o.proxyPort !== undefined])).toEqual([['DROP', true]]);
  });

  it('sample: NextEndpoint cycles the shuffled list, kept per endpoint set in state', () => {
    const ctx = { random: () => 0, now: 0, state: createProxyState() };
    const pkt = { protocol: 'TCP' as const, srcIP: LOCAL_POD, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 };
    const order = socketOf('ns1/svc1:p80').endpoints.map((e) => e.ip);
    const picks = [0, 1, 2].map(() => userspaceBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP);
    expect(picks).toEqual([order[0], order[1], order[0]]);
  });

  it('sample: ClientIP affinity holds until the TTL passes', () => {
    const ctx = { random: () => 0, now: 0, state: createProxyState() };
    const pkt = { protocol: 'TCP' as const, srcIP: EXTERNAL_CLIENT, srcPort: 1, dstIP: '172.30.0.45', dstPort: 80 };
    const first = userspaceBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP;
    ctx.now = 10000;
    expect(userspaceBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP).toBe(first);
    ctx.now = 10000 + 10800;
    expect(userspaceBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP).not.toBe(first);
  });

  it('writes the portal rules as the v1.25 proxier did', () => {
    const text = userspaceBackend.format(rules).split('\n');
    expect(text).toContain(`-A KUBE-PORTALS-CONTAINER -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 80 -d 172.30.0.41/32 -j REDIRECT --to-ports ${p1}`);
    expect(text).toContain(`-A KUBE-PORTALS-HOST -m comment --comment ns1/svc1:p80 -p tcp -m tcp --dport 80 -d 172.30.0.41/32 -j DNAT --to-destination ${TEST_NODE_IP}:${p1}`);
    expect(text).toContain(`-A KUBE-PORTALS-CONTAINER -m comment --comment ns2/svc2:p80 -p tcp -m tcp --dport 80 -d 192.168.99.22/32 -m physdev ! --physdev-is-in -j REDIRECT --to-ports ${p2}`);
    expect(text).toContain(`-A KUBE-NODEPORT-CONTAINER -m comment --comment ns3/svc3:p80 -p tcp -m tcp --dport 3003 -j REDIRECT --to-ports ${p3}`);
    expect(text).toContain(`-A KUBE-NODEPORT-NON-LOCAL -m comment --comment ns3/svc3:p80 -p tcp -m tcp --dport ${p3} -m state --state NEW -j ACCEPT`);
    expect(text).toContain('-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER');
  });

  it('outcome steps show kube-proxy the process', () => {
    const out = userspaceBackend.evaluate(rules, { protocol: 'TCP', srcIP: LOCAL_POD, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting');
    const text = userspaceBackend.format(rules).split('\n');
    expect(out[0]!.steps.map((s) => s.component)).toContain('kube-proxy (userspace)');
    for (const s of out[0]!.steps) if (s.rule.line !== undefined) expect(text[s.rule.line]).toBe(s.rule.rule);
  });
});
