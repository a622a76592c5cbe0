// The legacy userspace mode through the tracer: kube-proxy accepts the
// client's connection on its proxy port and opens a second connection to
// the endpoint, so the pod sees the node's address and two conntrack
// entries exist. (Routed to the real userspace backend here; the registry
// in src/proxy/index.ts decides which modes the CLI offers.)
import { describe, expect, it, vi } from 'vitest';

vi.mock('../proxy/index', async () => {
  const iptables = await import('../proxy/iptables');
  const userspace = await import('../proxy/userspace');
  return { getBackend: (mode: string) => (mode === 'userspace' ? userspace.userspaceBackend : iptables.iptablesBackend) };
});

const { createClusterModel } = await import('../model/load');
const { traceAll } = await import('./trace');

const model = createClusterModel([{ file: 'u.yaml', text: `
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Pod
metadata: { name: web-a, labels: { app: web } }
spec: { nodeName: node-a, containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: web-b, labels: { app: web } }
spec: { nodeName: node-b, containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { nodeName: node-a, containers: [{ name: c, image: busybox }] }
` }]);
const ip = (name: string) => model.cluster.pods.find((p) => p.metadata.name === name)!.status!.podIP!;
const nodeIP = (name: string) => model.cluster.nodes.find((n) => n.metadata.name === name)!.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
const clusterIP = model.cluster.services.find((s) => s.metadata.name === 'web')!.spec.clusterIP!;

describe('userspace mode', () => {
  const r = traceAll(model, { from: 'pod/client', to: `${clusterIP}:80`, mode: 'userspace' });
  const byPod = (pod: string) => r.outcomes.find((o) => o.pod === `default/${pod}`)!;

  it.each([
    ['web-a', 'same node: the bridge address', () => '10.244.0.1'],
    ['web-b', 'other node: the node address', () => nodeIP('node-a')],
  ])('the endpoint on the %s sees kube-proxy\'s connection from %s', (pod, _what, source) => {
    const o = byPod(pod);
    expect(o).toMatchObject({ verdict: 'DNAT', endpoint: `${ip(pod)}:8080`, probability: 0.5, masqueraded: true, sourceIPAtPod: source() });
    expect(o.hops.some((h) => h.component === 'kube-proxy (userspace)')).toBe(true);
  });

  it('two conntrack entries: the client redirected to the proxy port, kube-proxy to the endpoint', () => {
    const o = byPod('web-b');
    expect(o.conntrack).toHaveLength(2);
    expect(o.conntrack[0]!.original).toMatchObject({ src: ip('client'), dst: clusterIP, dstPort: 80 });
    expect(o.conntrack[0]!.dnat).toMatch(/^10\.244\.0\.1:\d+$/);
    expect(o.conntrack[1]!.original).toMatchObject({ src: nodeIP('node-a'), dst: ip('web-b'), dstPort: 8080 });
  });
});
