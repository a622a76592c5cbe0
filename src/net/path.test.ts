// The packet path around kube-proxy (forwarding between nodes, masquerade
// source address, conntrack, load balancer node choice), tested against a
// scripted stand-in for the proxy backend so that only this folder's rules
// are under test. The real backends are exercised in trace.test.ts.
import { describe, expect, it, vi } from 'vitest';
import type { Cluster } from '../model/cluster';
import type { Hook, Packet, ProxyBackend, ProxyOutcome, Ruleset } from '../proxy/types';
import { makeCluster, makeNode, makeService, makeSlice } from '../proxy/common/testing';
import type { Pod } from '../model/types';
import { createRng } from '../model/rng';

const step = (chain: string, action: string) => ({ component: 'kube-proxy (fake)', rule: { table: 'nat', chain, rule: `-A ${chain}` }, action });

/** Scripted kube-proxy: my-service 10.96.0.20:80 and nodePort 30080 -> two endpoints; 10.96.0.99 has none. */
const fakeBackend: ProxyBackend = {
  mode: 'iptables',
  program: (cluster: Cluster, o) => ({ mode: 'iptables', nodeName: o.nodeName, data: cluster }),
  format: () => '',
  evaluate(rs: Ruleset, p: Packet, hook: Hook): ProxyOutcome[] {
    const localIP = ({ 'node-a': '192.168.49.2', 'node-b': '192.168.49.3', 'node-c': '192.168.49.4' } as Record<string, string>)[rs.nodeName];
    const fromPod = hook === 'prerouting' && p.srcIP.startsWith('10.244.');
    const eps = [['10.244.0.6', 9376], ['10.244.1.7', 9376]] as const;
    const dnat = (masq: boolean, chain: string): ProxyOutcome[] => eps.map(([ip, port]) => ({
      probability: 0.5, verdict: 'DNAT', dnatIP: ip, dnatPort: port, masqueraded: masq, steps: [step(chain, `DNAT to ${ip}:${port}`)],
    }));
    if (p.dstIP === '10.96.0.20' && p.dstPort === 80) return dnat(!fromPod, 'KUBE-SVC-X');
    if (p.dstIP === localIP && p.dstPort === 30080) return dnat(true, 'KUBE-NODEPORTS');
    if (p.dstIP === '1.2.3.4' && p.dstPort === 80) {
      // eTP Local: only the local endpoint, source preserved
      const local = eps.filter(([ip]) => (rs.nodeName === 'node-a' ? ip.startsWith('10.244.0.') : rs.nodeName === 'node-b' ? ip.startsWith('10.244.1.') : false));
      if (local.length === 0) return [{ probability: 1, verdict: 'DROP', masqueraded: false, steps: [step('KUBE-EXT-Y', 'drop: no local endpoints')] }];
      return local.map(([ip, port]) => ({ probability: 1, verdict: 'DNAT', dnatIP: ip, dnatPort: port, masqueraded: false, steps: [step('KUBE-SVL-Y', `DNAT to ${ip}:${port}`)] }));
    }
    if (p.dstIP === '10.96.0.99') return [{ probability: 1, verdict: 'REJECT', masqueraded: false, steps: [step('KUBE-SERVICES', 'reject: no endpoints')] }];
    return [{ probability: 1, verdict: 'ACCEPT', masqueraded: false, steps: [] }];
  },
  sample(rs, p, hook, ctx) {
    const all = this.evaluate(rs, p, hook);
    return all[Math.floor(ctx.random() * all.length)]!;
  },
};

vi.mock('../proxy/index', () => ({ getBackend: () => fakeBackend }));

const { traceAll } = await import('./trace');
const { sampleTraces } = await import('./sample');

function pod(name: string, node: string, ip: string, labels: Record<string, string> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name, labels },
    spec: { nodeName: node, containers: [{ name: 'c' }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] } };
}

const cluster = makeCluster({
  nodes: [
    makeNode('node-a', ['192.168.49.2'], '10.244.0.0/24'),
    makeNode('node-b', ['192.168.49.3'], '10.244.1.0/24'),
    makeNode('node-c', ['192.168.49.4'], '10.244.2.0/24'),
  ],
  pods: [pod('client', 'node-a', '10.244.0.5'), pod('web-1', 'node-a', '10.244.0.6', { app: 'web' }), pod('web-2', 'node-b', '10.244.1.7', { app: 'web' })],
  services: [
    makeService('default', 'my-service', { clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 9376 }] }),
    makeService('default', 'web-lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, clusterIP: '10.96.0.30', selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 9376, nodePort: 30081 }] }, ['1.2.3.4']),
    makeService('default', 'web-proxy-lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', clusterIP: '10.96.0.31', selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 9376, nodePort: 30080 }] }, [{ ip: '1.2.3.5', ipMode: 'Proxy' }]),
  ],
  endpointSlices: [makeSlice('default', 'web-lb', 1, [
    { addresses: ['10.244.0.6'], nodeName: 'node-a', conditions: { ready: true } },
    { addresses: ['10.244.1.7'], nodeName: 'node-b', conditions: { ready: true } },
  ], [{ port: 9376, protocol: 'TCP', name: '' }])],
});
const model = { cluster };

const summary = (o: { verdict: string; endpoint: string; pod: string; probability: number; masqueraded: boolean; sourceIPAtPod: string }) =>
  ({ verdict: o.verdict, endpoint: o.endpoint, pod: o.pod, probability: o.probability, masqueraded: o.masqueraded, sourceIPAtPod: o.sourceIPAtPod });

describe('packet path around kube-proxy', () => {
  it.each([
    ['pod -> ClusterIP: source preserved for both endpoints', 'pod/default/client', '10.96.0.20:80', [
      { verdict: 'DNAT', endpoint: '10.244.0.6:9376', pod: 'default/web-1', probability: 0.5, masqueraded: false, sourceIPAtPod: '10.244.0.5' },
      { verdict: 'DNAT', endpoint: '10.244.1.7:9376', pod: 'default/web-2', probability: 0.5, masqueraded: false, sourceIPAtPod: '10.244.0.5' },
    ]],
    ['node -> ClusterIP: masqueraded to the bridge IP (same node) or the node IP (other node)', 'node/node-a', '10.96.0.20:80', [
      { verdict: 'DNAT', endpoint: '10.244.0.6:9376', pod: 'default/web-1', probability: 0.5, masqueraded: true, sourceIPAtPod: '10.244.0.1' },
      { verdict: 'DNAT', endpoint: '10.244.1.7:9376', pod: 'default/web-2', probability: 0.5, masqueraded: true, sourceIPAtPod: '192.168.49.2' },
    ]],
    ['pod -> another node\'s NodePort: that node translates, its addresses are the SNAT source', 'pod/client', 'node-b:30080', [
      { verdict: 'DNAT', endpoint: '10.244.0.6:9376', pod: 'default/web-1', probability: 0.5, masqueraded: true, sourceIPAtPod: '192.168.49.3' },
      { verdict: 'DNAT', endpoint: '10.244.1.7:9376', pod: 'default/web-2', probability: 0.5, masqueraded: true, sourceIPAtPod: '10.244.1.1' },
    ]],
    ['pod -> pod IP: no rule matches, routed as is', '10.244.0.5', '10.244.1.7:9376', [
      { verdict: 'ACCEPT', endpoint: '10.244.1.7:9376', pod: 'default/web-2', probability: 1, masqueraded: false, sourceIPAtPod: '10.244.0.5' },
    ]],
    ['no endpoints: the backend\'s REJECT ends the path', 'pod/default/client', '10.96.0.99:80', [
      { verdict: 'REJECT', endpoint: '', pod: '', probability: 1, masqueraded: false, sourceIPAtPod: '' },
    ]],
    ['external client -> LB eTP Local: only nodes with local endpoints get traffic', '203.0.113.9', '1.2.3.4:80', [
      { verdict: 'DNAT', endpoint: '10.244.0.6:9376', pod: 'default/web-1', probability: 0.5, masqueraded: false, sourceIPAtPod: '203.0.113.9' },
      { verdict: 'DNAT', endpoint: '10.244.1.7:9376', pod: 'default/web-2', probability: 0.5, masqueraded: false, sourceIPAtPod: '203.0.113.9' },
    ]],
  ])('%s', (_name, from, to, want) => {
    expect(traceAll(model, { from, to }).outcomes.map(summary)).toEqual(want);
  });

  it('adds a pod-network hop only when the endpoint is on another node', () => {
    const [same, other] = traceAll(model, { from: 'pod/client', to: '10.96.0.20:80' }).outcomes;
    expect(same!.hops.map((h) => h.component)).toEqual(['kube-proxy (fake)', 'pod']);
    expect(other!.hops).toEqual([
      { node: 'node-a', component: 'kube-proxy (fake)', rule: '-A KUBE-SVC-X', action: 'DNAT to 10.244.1.7:9376' },
      { node: 'node-a', component: 'pod network (CNI)', rule: '10.244.1.0/24 via 192.168.49.3', action: 'forward to node node-b' },
      { node: 'node-b', component: 'pod', rule: 'default/web-2', action: 'deliver to 10.244.1.7:9376 from 10.244.0.5' },
    ]);
  });

  it('records the conntrack entry of the first packet: DNAT and SNAT', () => {
    const o = traceAll(model, { from: 'node/node-a', to: '10.96.0.20:80' }).outcomes[1]!;
    expect(o.conntrack).toEqual([{
      node: 'node-a',
      original: { protocol: 'TCP', src: '192.168.49.2', srcPort: 43210, dst: '10.96.0.20', dstPort: 80 },
      reply: { protocol: 'TCP', src: '10.244.1.7', srcPort: 9376, dst: '192.168.49.2', dstPort: 43210 },
      dnat: '10.244.1.7:9376',
      snat: '192.168.49.2',
    }]);
  });

  it('shows the cloud load balancer choosing a healthy node first', () => {
    const [first] = traceAll(model, { from: '203.0.113.9', to: '1.2.3.4:80' }).outcomes;
    expect(first!.hops[0]).toEqual({ node: 'node-a', component: 'cloud load balancer',
      rule: 'health check http://192.168.49.2:32000/ reports 1 local endpoint(s)', action: 'forward to node node-a (1 of 2)' });
    expect(first!.entryNode).toBe('node-a');
  });

  it('LB with ipMode Proxy and eTP Cluster: the LB itself connects to every node\'s nodePort, each node 1/3', () => {
    const r = traceAll(model, { from: '203.0.113.9', to: '1.2.3.5:80' });
    expect(r.outcomes).toHaveLength(6);
    expect(r.outcomes.map((o) => o.entryNode)).toEqual(['node-a', 'node-a', 'node-b', 'node-b', 'node-c', 'node-c']);
    expect(r.outcomes.every((o) => Math.abs(o.probability - 1 / 6) < 1e-12)).toBe(true);
    expect(r.outcomes[0]!.hops[0]).toMatchObject({ component: 'cloud load balancer', action: 'proxy to 192.168.49.2:30080 (node node-a, 1 of 3)' });
    expect(r.outcomes[0]!.conntrack[0]!.original).toMatchObject({ src: '1.2.3.5', dst: '192.168.49.2', dstPort: 30080 });
  });

  it('an external client to a ClusterIP arrives at --node (default: the first node)', () => {
    expect(traceAll(model, { from: '203.0.113.9', to: '10.96.0.20:80' }).outcomes[0]!.entryNode).toBe('node-a');
    expect(traceAll(model, { from: '203.0.113.9', to: '10.96.0.20:80', node: 'node-c' }).outcomes[0]!.entryNode).toBe('node-c');
  });

  it.each([
    ['pod/default/nope', '10.96.0.20:80', 'pod "default/nope" not found'],
    ['node/nope', '10.96.0.20:80', 'node "nope" not found (nodes: node-a, node-b, node-c)'],
    ['pod/client', '10.96.0.20', '--to "10.96.0.20" needs a port number (1-65535)'],
    ['client', '10.96.0.20:80', '--from must be pod/[NAMESPACE/]NAME, node/NAME or an IP address, got "client"'],
  ])('from %s to %s fails: %s', (from, to, message) => {
    expect(() => traceAll(model, { from, to })).toThrow(message);
  });
});

describe('sampleTraces', () => {
  it('sends k connections with fresh source ports, reproducibly for a seed', () => {
    const run = () => sampleTraces(model, { from: 'pod/client', to: '10.96.0.20:80' }, 6, { random: createRng(7).next });
    const a = run();
    expect(a.samples).toHaveLength(6);
    expect(a.samples.map((s) => s.conntrack[0]!.original.srcPort)).toEqual([43210, 43211, 43212, 43213, 43214, 43215]);
    expect(run().samples.map((s) => s.endpoint)).toEqual(a.samples.map((s) => s.endpoint));
    expect(new Set(a.samples.map((s) => s.endpoint)).size).toBeGreaterThan(1);
  });
});
