import { describe, expect, it } from 'vitest';
import { createClusterModel } from './load';
import { applyClusterEvent, type ClusterEvent } from './events';
import type { ClusterModel } from './build/model';
import type { Pod, Service } from './types';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres
        readinessProbe: {initialDelaySeconds: 5, periodSeconds: 5}
`;

const base = () => {
  const m = createClusterModel([{ file: 'm.yaml', text: MANIFEST }], { seed: 3 });
  expect(m.diagnostics).toEqual([]);
  return m;
};
const webPods = (m: ClusterModel) => m.cluster.pods.filter((p) => p.metadata.labels?.app === 'web');
const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const endpoints = (m: ClusterModel, svc: string) =>
  m.cluster.endpointSlices.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc).flatMap((s) => s.endpoints);
const run = (m: ClusterModel, ...events: ClusterEvent[]) => events.reduce((acc, e) => applyClusterEvent(acc, e).model, m);

describe('deletePod', () => {
  it('the ReplicaSet replaces the pod with a new name and a new IP; the EndpointSlice follows', () => {
    const m0 = base();
    const before = JSON.stringify(m0);
    const victim = webPods(m0)[0]!;
    const { model: m1, diff } = applyClusterEvent(m0, { type: 'deletePod', namespace: 'default', name: victim.metadata.name! });
    expect(JSON.stringify(m0)).toBe(before); // the input model is untouched
    const pods = webPods(m1);
    expect(pods).toHaveLength(3);
    expect(pods.some((p) => p.metadata.name === victim.metadata.name)).toBe(false);
    const fresh = pods.find((p) => !webPods(m0).some((q) => q.metadata.name === p.metadata.name))!;
    expect(fresh.metadata.name).toMatch(/^web-[456789bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(webPods(m0).map((p) => p.status?.podIP)).not.toContain(fresh.status?.podIP);
    expect(endpoints(m1, 'web').map((e) => e.addresses[0]).sort()).toEqual(pods.map((p) => p.status!.podIP).sort());
    expect(diff.removed).toEqual([`Pod/default/${victim.metadata.name}`]);
    expect(diff.added).toEqual([`Pod/default/${fresh.metadata.name}`]);
    expect(diff.updated).toHaveLength(1);
    expect(diff.updated[0]).toMatch(/^EndpointSlice\/default\/web-/);
  });

  it('a StatefulSet pod comes back with the same name and a new IP', () => {
    const m0 = base();
    const db0 = m0.cluster.pods.find((p) => p.metadata.name === 'db-0')!;
    const m1 = run(m0, { type: 'deletePod', namespace: 'default', name: 'db-0' });
    const again = m1.cluster.pods.find((p) => p.metadata.name === 'db-0')!;
    expect(again.status?.podIP).not.toBe(db0.status?.podIP);
    expect(again.metadata.uid).not.toBe(db0.metadata.uid);
  });

  it('an unknown pod is reported, nothing changes', () => {
    const r = applyClusterEvent(base(), { type: 'deletePod', namespace: 'default', name: 'nope' });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['pods "nope" not found']);
    expect(r.diff).toEqual({ added: [], updated: [], removed: [] });
  });
});

describe('graceful termination and readiness over time', () => {
  it('a terminating pod is a serving+terminating endpoint until the 30 s grace period ends', () => {
    const m0 = base();
    const victim = webPods(m0)[0]!;
    const m1 = run(m0, { type: 'setPodTerminating', namespace: 'default', name: victim.metadata.name! });
    const t = m1.cluster.pods.find((p) => p.metadata.name === victim.metadata.name)!;
    expect(t.metadata.deletionTimestamp).toBe('2025-01-01T00:00:30Z');
    const ep = endpoints(m1, 'web').find((e) => e.addresses[0] === victim.status?.podIP)!;
    expect(ep.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(live(webPods(m1))).toHaveLength(3); // replacement already created
    const m2 = run(m1, { type: 'tick', seconds: 29 });
    expect(m2.cluster.pods.some((p) => p.metadata.name === victim.metadata.name)).toBe(true);
    const m3 = run(m2, { type: 'tick', seconds: 1 });
    expect(m3.cluster.pods.some((p) => p.metadata.name === victim.metadata.name)).toBe(false);
    expect(endpoints(m3, 'web')).toHaveLength(3);
  });

  it('pods with a readinessProbe turn Ready after initialDelaySeconds + periodSeconds', () => {
    const m0 = base();
    const ready = (m: ClusterModel) =>
      m.cluster.pods.filter((p) => p.metadata.labels?.app === 'db').map((p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status);
    expect(ready(m0)).toEqual(['False', 'False']);
    expect(ready(run(m0, { type: 'tick', seconds: 9 }))).toEqual(['False', 'False']);
    expect(ready(run(m0, { type: 'tick', seconds: 10 }))).toEqual(['True', 'True']);
  });

  it('setPodReady flips the condition and the endpoint', () => {
    const m0 = base();
    const p = webPods(m0)[1]!;
    const m1 = run(m0, { type: 'setPodReady', namespace: 'default', name: p.metadata.name!, ready: false });
    expect(endpoints(m1, 'web').find((e) => e.addresses[0] === p.status?.podIP)?.conditions?.ready).toBe(false);
  });
});

describe('scale', () => {
  it('scaling a Deployment up adds pods, down terminates the newest/unready first', () => {
    const m0 = base();
    const up = run(m0, { type: 'scale', namespace: 'default', name: 'web', replicas: 5 });
    expect(webPods(up)).toHaveLength(5);
    expect(up.cluster.deployments.find((d) => d.metadata.name === 'web')?.spec.replicas).toBe(5);
    const down = run(up, { type: 'scale', namespace: 'default', name: 'web', replicas: 1 });
    expect(live(webPods(down))).toHaveLength(1);
    expect(webPods(down).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(4);
    expect(live(webPods(run(down, { type: 'tick', seconds: 30 })))).toHaveLength(1);
    expect(webPods(run(down, { type: 'tick', seconds: 30 }))).toHaveLength(1);
  });

  it('scaling a StatefulSet down removes the highest ordinal', () => {
    const m = run(base(), { type: 'scale', namespace: 'default', name: 'db', replicas: 1 });
    expect(m.cluster.pods.find((p) => p.metadata.name === 'db-1')?.metadata.deletionTimestamp).toBeDefined();
  });

  it('negative replicas are refused', () => {
    const r = applyClusterEvent(base(), { type: 'scale', namespace: 'default', name: 'web', replicas: -1 });
    expect(r.diagnostics[0]?.message).toBe('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe('nodes', () => {
  it('cordon marks the node unschedulable; new pods avoid it; uncordon reverts', () => {
    const m1 = run(base(), { type: 'cordonNode', name: 'node-a' });
    expect(m1.cluster.nodes[0]!.spec.unschedulable).toBe(true);
    const m2 = run(m1, { type: 'scale', namespace: 'default', name: 'web', replicas: 9 });
    const fresh = webPods(m2).filter((p) => !webPods(m1).includes(p));
    expect(fresh.every((p) => p.spec.nodeName !== 'node-a')).toBe(true);
    expect(run(m1, { type: 'uncordonNode', name: 'node-a' }).cluster.nodes[0]!.spec.unschedulable).toBeUndefined();
  });

  it('drain evicts every pod of the node; replacements land on other nodes', () => {
    const m0 = base();
    const onA = m0.cluster.pods.filter((p) => p.spec.nodeName === 'node-a').map((p) => p.metadata.name);
    expect(onA.length).toBeGreaterThan(0);
    const m1 = run(m0, { type: 'drainNode', name: 'node-a' });
    for (const p of m1.cluster.pods) {
      if (onA.includes(p.metadata.name)) {
        // StatefulSet pods keep their name: the old one terminates before it is recreated
        expect(p.metadata.deletionTimestamp).toBeDefined();
      } else expect(p.spec.nodeName).not.toBe('node-a');
    }
    expect(live(webPods(m1))).toHaveLength(3);
    const m2 = run(m1, { type: 'tick', seconds: 30 });
    expect(m2.cluster.pods.filter((p) => p.spec.nodeName === 'node-a')).toEqual([]);
    expect(m2.cluster.pods.filter((p) => p.metadata.labels?.app === 'db')).toHaveLength(2);
  });
});

describe('applyObject / deleteObject', () => {
  const svc = (spec: Service['spec']): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'default' }, spec });

  it('creates a Service with a clusterIP and slices; an update keeps the clusterIP', () => {
    const r1 = applyClusterEvent(base(), { type: 'applyObject', object: svc({ selector: { app: 'web' }, ports: [{ port: 8080 }] }) });
    const s1 = r1.model.cluster.services.find((s) => s.metadata.name === 'api')!;
    expect(s1.spec.clusterIP).toMatch(/^10\./);
    expect(endpoints(r1.model, 'api')).toHaveLength(3);
    expect(r1.diff.added[0]).toBe('Service/default/api');
    const r2 = applyClusterEvent(r1.model, { type: 'applyObject', object: svc({ selector: { app: 'db' }, ports: [{ port: 8080 }] }) });
    expect(r2.model.cluster.services.find((s) => s.metadata.name === 'api')?.spec.clusterIP).toBe(s1.spec.clusterIP);
    expect(endpoints(r2.model, 'api')).toHaveLength(2);
    expect(r2.diff.updated).toContain('Service/default/api');
  });

  it('an update that changes the clusterIP is refused with the API server message', () => {
    const m1 = run(base(), { type: 'applyObject', object: svc({ clusterIP: '10.100.0.5', selector: { app: 'web' }, ports: [{ port: 80 }] }) });
    const r = applyClusterEvent(m1, { type: 'applyObject', object: svc({ clusterIP: '10.100.0.6', selector: { app: 'web' }, ports: [{ port: 80 }] }) });
    expect(r.diagnostics.map((d) => d.severity)).toContain('error');
    expect(r.model.cluster.services.find((s) => s.metadata.name === 'api')?.spec.clusterIP).toBe('10.100.0.5');
  });

  it('deleting a Service removes its slices and frees its clusterIP', () => {
    const m1 = run(base(), { type: 'applyObject', object: svc({ clusterIP: '10.100.0.5', selector: { app: 'web' }, ports: [{ port: 80 }] }) });
    const r = applyClusterEvent(m1, { type: 'deleteObject', kind: 'Service', namespace: 'default', name: 'api' });
    expect(endpoints(r.model, 'api')).toEqual([]);
    expect(r.diff.removed).toContain('Service/default/api');
    expect(r.diff.removed.some((k) => k.startsWith('EndpointSlice/default/api-'))).toBe(true);
    const again = applyClusterEvent(r.model, { type: 'applyObject', object: svc({ clusterIP: '10.100.0.5', selector: { app: 'web' }, ports: [{ port: 80 }] }) });
    expect(again.diagnostics).toEqual([]);
  });

  it('a new pod template rolls the Deployment to a new ReplicaSet', () => {
    const m0 = base();
    const d = m0.cluster.deployments.find((x) => x.metadata.name === 'web')!;
    const next = { ...d, spec: { ...d.spec, template: { ...d.spec.template, metadata: { labels: { app: 'web', v: '2' } } } } };
    const m1 = run(m0, { type: 'applyObject', object: next });
    const rss = m1.cluster.replicaSets.filter((r) => r.metadata.name?.startsWith('web-'));
    expect(rss.map((r) => r.spec.replicas)).toEqual([0, 3]);
    expect(live(webPods(m1)).every((p) => p.metadata.labels?.v === '2')).toBe(true);
  });

  it('deleting a Deployment removes its ReplicaSet and pods; a new Node gets the next podCIDR', () => {
    const m1 = run(base(), { type: 'deleteObject', kind: 'Deployment', namespace: 'default', name: 'web' });
    expect(webPods(m1)).toEqual([]);
    expect(endpoints(m1, 'web')).toEqual([]);
    const m2 = run(m1, { type: 'applyObject', object: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-d' }, spec: {} } });
    expect(m2.cluster.nodes.at(-1)!.spec.podCIDR).toBe('10.244.3.0/24');
  });
});

describe('determinism', () => {
  it('the same events on the same model give the same result', () => {
    const events: ClusterEvent[] = [
      { type: 'scale', namespace: 'default', name: 'web', replicas: 6 },
      { type: 'drainNode', name: 'node-b' },
      { type: 'tick', seconds: 60 },
    ];
    expect(run(base(), ...events)).toEqual(run(base(), ...events));
    expect(structuredClone(run(base(), ...events))).toEqual(run(base(), ...events));
  });
});

describe('incremental updates agree with a full reconcile', () => {
  it('after a series of events, re-running the EndpointSlice controller over everything changes nothing', async () => {
    const { reconcileEndpointSlices } = await import('./endpointslice');
    const { createRng } = await import('./rng');
    const m = run(
      base(),
      { type: 'deletePod', namespace: 'default', name: 'db-1' },
      { type: 'scale', namespace: 'default', name: 'web', replicas: 7 },
      { type: 'setPodTerminating', namespace: 'kube-system', name: base().cluster.pods[0]!.metadata.name! },
      { type: 'tick', seconds: 12 },
    );
    const c = m.cluster;
    const full = reconcileEndpointSlices({ services: c.services, pods: c.pods, nodes: c.nodes, existing: c.endpointSlices, rng: createRng(1) });
    const byName = (l: typeof full) => [...l].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    expect(byName(full)).toEqual(byName(c.endpointSlices));
  });

  it('a pod deletion touches only that Service; other lists keep their identity', () => {
    const m0 = base();
    const victim = webPods(m0)[0]!;
    const r1 = applyClusterEvent(m0, { type: 'deletePod', namespace: 'default', name: victim.metadata.name! });
    const r2 = applyClusterEvent(m0, { type: 'deletePod', namespace: 'default', name: victim.metadata.name! });
    expect(r1).toEqual(r2); // applying to the same model twice: same answer
    expect(r1.model.cluster.services).toBe(m0.cluster.services);
    expect(r1.model.cluster.nodes).toBe(m0.cluster.nodes);
    const dnsSlices = (m: ClusterModel) => m.cluster.endpointSlices.filter((s) => s.metadata.namespace === 'kube-system');
    expect(dnsSlices(r1.model)[0]).toBe(dnsSlices(m0)[0]);
  });
});

describe('more objects', () => {
  it('a LoadBalancer Service gets 203.0.113.1 (ipMode VIP) and keeps it across updates', () => {
    const lb: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pub', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const m1 = run(base(), { type: 'applyObject', object: lb });
    const s1 = m1.cluster.services.find((s) => s.metadata.name === 'pub')!;
    expect(s1.status?.loadBalancer?.ingress).toEqual([{ ip: '203.0.113.1', ipMode: 'VIP' }]);
    expect(s1.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
    const m2 = run(m1, { type: 'applyObject', object: { ...lb, spec: { ...lb.spec, externalTrafficPolicy: 'Local' } } });
    const s2 = m2.cluster.services.find((s) => s.metadata.name === 'pub')!;
    expect(s2.status?.loadBalancer?.ingress?.[0]?.ip).toBe('203.0.113.1');
    expect(s2.spec.ports![0]!.nodePort).toBe(s1.spec.ports![0]!.nodePort);
    expect(s2.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
  });

  it('applying a bare Pod schedules it; deleting a Namespace removes what lived in it', () => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'team', labels: { app: 'solo' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    const m1 = run(base(), { type: 'applyObject', object: pod });
    const p = m1.cluster.pods.find((x) => x.metadata.name === 'solo')!;
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.podIP).toMatch(/^10\.244\./);
    expect(m1.cluster.namespaces.map((n) => n.metadata.name)).toContain('team');
    const r = applyClusterEvent(m1, { type: 'deleteObject', kind: 'Namespace', name: 'team' });
    expect(r.model.cluster.pods.some((x) => x.metadata.name === 'solo')).toBe(false);
    expect(r.diff.removed).toEqual(expect.arrayContaining(['Namespace//team', 'Pod/team/solo']));
    expect(applyClusterEvent(m1, { type: 'deleteObject', kind: 'Namespace', name: 'kube-system' }).diagnostics[0]?.message).toBe(
      'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    );
  });

  it('deleting a Node moves its ReplicaSet pods to the remaining nodes', () => {
    const m0 = base();
    const m1 = run(m0, { type: 'deleteObject', kind: 'Node', name: 'node-b' });
    expect(m1.cluster.nodes.map((n) => n.metadata.name)).toEqual(['node-a', 'node-c']);
    expect(m1.cluster.pods.some((p) => p.spec.nodeName === 'node-b')).toBe(false);
    expect(live(webPods(m1))).toHaveLength(3);
  });
});
