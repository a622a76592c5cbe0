// Packet flows through a cluster built from manifests exactly as users write
// them, with the real kube-proxy backends: the cases k8s-semantics §5.6 lists.
import { describe, expect, it } from 'vitest';
import { createClusterModel } from '../model/load';
import { createRng } from '../model/rng';
import type { Pod } from '../model/types';
import { sampleTraces } from './sample';
import { traceAll } from './trace';
import type { TraceOutcome } from './types';

const manifest = `
apiVersion: v1
kind: Service
metadata: { name: my-service }
spec:
  selector: { app: MyApp }
  ports: [{ protocol: TCP, port: 80, targetPort: 9376 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: MyApp } }
  template:
    metadata: { labels: { app: MyApp } }
    spec: { containers: [{ name: web, image: serve-hostname, ports: [{ containerPort: 9376 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { nodeName: node-a, containers: [{ name: shell, image: busybox }] }
---
apiVersion: v1
kind: Service
metadata: { name: np-cluster }
spec:
  type: NodePort
  selector: { app: MyApp }
  ports: [{ port: 80, targetPort: 9376, nodePort: 30080 }]
---
apiVersion: v1
kind: Service
metadata: { name: np-local }
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector: { app: solo }
  ports: [{ port: 80, targetPort: 8080, nodePort: 30090 }]
---
apiVersion: v1
kind: Pod
metadata: { name: solo, labels: { app: solo } }
spec: { nodeName: node-b, containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: lb }
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  loadBalancerSourceRanges: [198.51.100.0/24]
  selector: { app: solo }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: empty }
spec:
  selector: { app: nothing }
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: prod }
spec: { type: ExternalName, externalName: my.database.example.com }
---
apiVersion: v1
kind: Service
metadata: { name: peers }
spec:
  clusterIP: None
  selector: { app: MyApp }
  ports: [{ name: http, port: 9376 }]
---
apiVersion: v1
kind: Service
metadata: { name: sticky }
spec:
  sessionAffinity: ClientIP
  selector: { app: MyApp }
  ports: [{ port: 80, targetPort: 9376 }]
`;

const model = createClusterModel([{ file: 'test.yaml', text: manifest }]);
const { cluster } = model;
const svcIP = (name: string): string => cluster.services.find((s) => s.metadata.name === name)!.spec.clusterIP!;
const lbIP = cluster.services.find((s) => s.metadata.name === 'lb')!.status!.loadBalancer!.ingress![0]!.ip!;
const nodeIP = (name: string): string => cluster.nodes.find((n) => n.metadata.name === name)!.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
const webPods = cluster.pods.filter((p) => p.metadata.labels?.app === 'MyApp');
const solo = cluster.pods.find((p) => p.metadata.name === 'solo')!;
const client = cluster.pods.find((p) => p.metadata.name === 'client')!;
const podName = (p: Pod): string => `default/${p.metadata.name}`;
const bridgeOf = (node: string): string => cluster.nodes.find((n) => n.metadata.name === node)!.spec.podCIDR!.replace(/0\/24$/, '1');
const summary = (o: TraceOutcome) => ({ verdict: o.verdict, endpoint: o.endpoint, pod: o.pod, masqueraded: o.masqueraded, sourceIPAtPod: o.sourceIPAtPod });
const byEndpoint = (a: { endpoint: string }, b: { endpoint: string }) => a.endpoint.localeCompare(b.endpoint);
const webOutcomes = (f: (p: Pod) => Partial<ReturnType<typeof summary>>) =>
  webPods.map((p) => ({ verdict: 'DNAT', endpoint: `${p.status!.podIP}:9376`, pod: podName(p), ...f(p) })).sort(byEndpoint);

describe('traceAll over the iptables backend', () => {
  it('the fixture is what the cases assume', () => {
    expect(webPods).toHaveLength(3);
    expect(new Set(webPods.map((p) => p.spec.nodeName)).size).toBe(3);
    expect(client.spec.nodeName).toBe('node-a');
  });

  it('pod -> ClusterIP: one of three endpoints, 1/3 each, no masquerade, the pod sees the client', () => {
    const r = traceAll(model, { from: 'pod/default/client', to: `${svcIP('my-service')}:80` });
    expect(r.outcomes.map((o) => o.probability)).toEqual([1 / 3, 1 / 3, 1 / 3].map((p) => expect.closeTo(p, 12)));
    expect(r.outcomes.map(summary).sort(byEndpoint)).toEqual(webOutcomes(() => ({ masqueraded: false, sourceIPAtPod: client.status!.podIP! })));
  });

  it('hairpin: a pod reaching its own Service and getting itself is masqueraded to its node\'s bridge address', () => {
    const self = webPods[0]!;
    const r = traceAll(model, { from: `pod/default/${self.metadata.name}`, to: `${svcIP('my-service')}:80` });
    expect(r.outcomes.map(summary).sort(byEndpoint)).toEqual(webOutcomes((p) => (p === self
      ? { masqueraded: true, sourceIPAtPod: bridgeOf(self.spec.nodeName!) }
      : { masqueraded: false, sourceIPAtPod: self.status!.podIP! })));
  });

  it('node -> ClusterIP: masqueraded; the pod sees the bridge IP on the same node, the node IP from another node', () => {
    const r = traceAll(model, { from: 'node/node-a', to: `${svcIP('my-service')}:80` });
    expect(r.outcomes.map(summary).sort(byEndpoint)).toEqual(webOutcomes((p) => ({
      masqueraded: true, sourceIPAtPod: p.spec.nodeName === 'node-a' ? bridgeOf('node-a') : nodeIP('node-a'),
    })));
    const remote = r.outcomes.find((o) => o.pod !== podName(webPods.find((p) => p.spec.nodeName === 'node-a')!))!;
    expect(remote.hops.map((h) => h.component)).toContain('pod network (CNI)');
    expect(remote.hops.some((h) => h.rule.includes('-j KUBE-MARK-MASQ'))).toBe(true);
  });

  it('external -> NodePort (eTP Cluster): any endpoint, SNAT to the receiving node, cross-node hops', () => {
    const r = traceAll(model, { from: '192.0.2.50', to: 'node-b:30080' });
    expect(r.outcomes.map(summary).sort(byEndpoint)).toEqual(webOutcomes((p) => ({
      masqueraded: true, sourceIPAtPod: p.spec.nodeName === 'node-b' ? bridgeOf('node-b') : nodeIP('node-b'),
    })));
    expect(r.outcomes.every((o) => o.entryNode === 'node-b')).toBe(true);
    expect(r.outcomes.filter((o) => o.hops.some((h) => h.component === 'pod network (CNI)'))).toHaveLength(2);
  });

  it.each([
    ['node with the local endpoint: DNAT there, client IP preserved, no cross-node hop', 'node-b', [
      { verdict: 'DNAT', endpoint: `${solo.status!.podIP}:8080`, pod: 'default/solo', masqueraded: false, sourceIPAtPod: '192.0.2.50' }], false],
    ['node without a local endpoint: DROP', 'node-a', [
      { verdict: 'DROP', endpoint: '', pod: '', masqueraded: false, sourceIPAtPod: '' }], false],
  ])('external -> NodePort (eTP Local) at the %s', (_name, node, want, crossNode) => {
    const r = traceAll(model, { from: '192.0.2.50', to: `${node}:30090` });
    expect(r.outcomes.map(summary)).toEqual(want);
    expect(r.outcomes[0]!.hops.some((h) => h.component === 'pod network (CNI)')).toBe(crossNode);
  });

  it.each([
    ['a client inside the source ranges reaches the only node with an endpoint, source preserved', '198.51.100.7', 'DNAT', '198.51.100.7'],
    ['a client outside the source ranges is dropped by KUBE-PROXY-FIREWALL', '192.0.2.9', 'DROP', ''],
  ])('LoadBalancer (eTP Local, source ranges): %s', (_name, from, verdict, sourceIP) => {
    const r = traceAll(model, { from, to: `${lbIP}:80` });
    expect(r.outcomes).toHaveLength(1);
    const [o] = r.outcomes;
    expect(o!.verdict).toBe(verdict);
    expect(o!.sourceIPAtPod).toBe(sourceIP);
    expect(o!.hops[0]).toMatchObject({ node: 'node-b', component: 'cloud load balancer' });
    if (verdict === 'DROP') expect(o!.hops.at(-1)!.rule).toContain('-A KUBE-PROXY-FIREWALL');
  });

  it('no endpoints: REJECT in filter KUBE-SERVICES with the "has no endpoints" comment', () => {
    const r = traceAll(model, { from: 'pod/client', to: `${svcIP('empty')}:80` });
    expect(r.outcomes.map(summary)).toEqual([{ verdict: 'REJECT', endpoint: '', pod: '', masqueraded: false, sourceIPAtPod: '' }]);
    expect(r.outcomes[0]!.hops.at(-1)!.rule).toContain('"default/empty has no endpoints"');
  });

  it('node -> default/kubernetes: the API server on node-a\'s own address, over the node network, SNAT to node-b', () => {
    const r = traceAll(model, { from: 'node/node-b', to: 'kubernetes.default:https' });
    expect(r.outcomes.map(summary)).toEqual([
      { verdict: 'DNAT', endpoint: `${nodeIP('node-a')}:6443`, pod: '', masqueraded: true, sourceIPAtPod: nodeIP('node-b') }]);
    expect(r.outcomes[0]!.hops.slice(-2).map((h) => [h.node, h.component])).toEqual([['node-b', 'node network'], ['node-a', 'node']]);
  });

  it('DNS name: CoreDNS resolves it from the source namespace first, then the ClusterIP path follows', () => {
    const r = traceAll(model, { from: 'pod/client', to: 'my-service' });
    expect(r.request.dstPort).toBe(80);
    expect(r.outcomes).toHaveLength(3);
    expect(r.outcomes[0]!.hops[0]).toMatchObject({ component: 'CoreDNS', node: 'node-a' });
    expect(r.outcomes[0]!.hops[0]!.rule).toContain(svcIP('my-service'));
  });

  it('ExternalName: a CNAME, nothing is proxied', () => {
    const r = traceAll(model, { from: 'pod/client', to: 'db.prod' });
    expect(r.outcomes).toHaveLength(1);
    expect(r.outcomes[0]).toMatchObject({ verdict: 'ACCEPT', endpoint: '', probability: 1 });
    expect(r.outcomes[0]!.note).toContain('CNAME to my.database.example.com');
    expect(r.outcomes[0]!.hops).toEqual([expect.objectContaining({ component: 'CoreDNS' })]);
  });

  it('headless: the endpoint IPs directly, each equally likely, no DNAT', () => {
    const r = traceAll(model, { from: 'pod/client', to: 'peers:http' });
    expect(r.outcomes.map((o) => ({ ...summary(o), probability: o.probability })).sort(byEndpoint)).toEqual(
      webOutcomes(() => ({ verdict: 'ACCEPT', masqueraded: false, sourceIPAtPod: client.status!.podIP!, probability: 1 / 3 }))
        .map((x) => ({ ...x, probability: expect.closeTo(1 / 3, 12) })));
    expect(r.outcomes.every((o) => o.conntrack[0]!.dnat === undefined)).toBe(true);
  });
});

describe('sampleTraces over the real backends', () => {
  it('ipvs rr: connections go round robin over the endpoints, in order', () => {
    const r = sampleTraces(model, { from: 'pod/client', to: `${svcIP('my-service')}:80`, mode: 'ipvs' }, 6, { random: createRng(1).next });
    const eps = r.samples.map((s) => s.endpoint);
    expect(new Set(eps.slice(0, 3)).size).toBe(3);
    expect(eps.slice(3)).toEqual(eps.slice(0, 3));
  });

  it('iptables: reproducible for a seed and every sample is one of the traced outcomes', () => {
    const req = { from: 'pod/client', to: `${svcIP('my-service')}:80` };
    const a = sampleTraces(model, req, 20, { random: createRng(5).next }).samples.map((s) => s.endpoint);
    const b = sampleTraces(model, req, 20, { random: createRng(5).next }).samples.map((s) => s.endpoint);
    expect(a).toEqual(b);
    const possible = new Set(traceAll(model, req).outcomes.map((o) => o.endpoint));
    expect(a.every((e) => possible.has(e))).toBe(true);
    expect(new Set(a).size).toBe(3);
  });

  it('ClientIP session affinity: every connection of a client goes to the endpoint it first got', () => {
    for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
      const r = sampleTraces(model, { from: 'pod/client', to: `${svcIP('sticky')}:80`, mode }, 8, { random: createRng(11).next });
      expect(new Set(r.samples.map((x) => x.endpoint)).size).toBe(1);
    }
  });

  it('one connection per call with shared state (as the simulation sends them) continues the round robin', () => {
    const states = {};
    const req = { from: 'pod/client', to: `${svcIP('my-service')}:80`, mode: 'ipvs' as const };
    const eps = [0, 1, 2, 3].map((i) => sampleTraces(model, req, 1, { random: createRng(i).next, now: i, states }).samples[0]!.endpoint);
    expect(new Set(eps.slice(0, 3)).size).toBe(3);
    expect(eps[3]).toBe(eps[0]);
  });
});
