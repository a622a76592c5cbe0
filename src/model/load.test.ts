import { describe, expect, it } from 'vitest';
import { completeCluster, createClusterModel } from './load';
import { formatDiagnostic } from './diagnostic';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hostnames
spec:
  replicas: 3
  selector:
    matchLabels:
      app: hostnames
  template:
    metadata:
      labels:
        app: hostnames
    spec:
      containers:
      - name: hostnames
        image: registry.k8s.io/serve_hostname
        ports:
        - containerPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: hostnames
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
`;

describe('createClusterModel (text in, cluster out)', () => {
  it('builds the seed notes example: my-service with 3 endpoints on port 9376', () => {
    const m = createClusterModel([{ file: 'my-service.yaml', text: MANIFEST }], { seed: 1 });
    expect(m.diagnostics.map(formatDiagnostic)).toEqual([]);
    const svc = m.cluster.services.find((s) => s.metadata.name === 'my-service')!;
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', sessionAffinity: 'None' });
    const slices = m.cluster.endpointSlices.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'my-service');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.metadata.name).toMatch(/^my-service-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slices[0]!.ports).toEqual([{ name: '', protocol: 'TCP', port: 9376 }]);
    expect(slices[0]!.endpoints).toHaveLength(3);
    expect(m.sources['Service/default/my-service']).toMatchObject({ file: 'my-service.yaml', line: 21 });
  });

  it('reports registry errors located on the field, the rest of the cluster still builds', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: taken
spec:
  clusterIP: 10.96.0.10
  selector: {app: x}
  ports:
  - port: 53
`;
    const m = createClusterModel([{ file: 'a.yaml', text }]);
    expect(m.diagnostics.map(formatDiagnostic)).toEqual([
      'a.yaml:6:3: error: Service "default/taken": spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    ]);
    expect(m.cluster.services.map((s) => s.metadata.name)).toEqual(['kubernetes', 'kube-dns']);
  });

  it('reports nodePort errors on spec.ports[i].nodePort', () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  selector: {app: x}
  ports:
  - port: 80
    nodePort: 80
`;
    const m = createClusterModel([{ file: 'b.yaml', text }]);
    expect(m.diagnostics.map(formatDiagnostic)).toEqual([
      'b.yaml:9:5: error: Service "default/np": spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
  });

  it('is deterministic for a seed', () => {
    const a = createClusterModel([{ file: 'x', text: MANIFEST }], { seed: 42 });
    const b = createClusterModel([{ file: 'x', text: MANIFEST }], { seed: 42 });
    expect(a).toEqual(b);
  });
});

describe('completeCluster as stored', () => {
  it('takes objects exactly as given: nothing allocated or added', () => {
    const m = createClusterModel([{ file: 'x', text: MANIFEST }], { asStored: true });
    expect(m.asStored).toBe(true);
    expect(m.cluster.services.map((s) => s.spec.clusterIP)).toEqual([undefined]);
    expect(m.cluster.pods).toEqual([]);
    expect(m.cluster.nodes).toEqual([]);
    const c = completeCluster([], { asStored: true });
    expect(c.config.serviceCIDRs).toEqual(['10.96.0.0/12']);
    expect(c.proxyConfig.mode).toBe('iptables');
  });
});

describe('as-stored models still know what is taken', () => {
  it('reserves stored clusterIPs and nodePorts so an applied Service cannot reuse them', async () => {
    const { applyClusterEvent } = await import('./events');
    const stored = `apiVersion: v1
kind: Service
metadata: {name: old, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.5.5
  clusterIPs: [10.96.5.5]
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  selector: {app: old}
  ports: [{port: 80, protocol: TCP, targetPort: 80, nodePort: 30080}]
`;
    const m = createClusterModel([{ file: 'stored.yaml', text: stored }], { asStored: true });
    expect(m.cluster.services[0]!.metadata.namespace).toBe('default');
    const r = applyClusterEvent(m, {
      type: 'applyObject',
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'new' }, spec: { type: 'NodePort', clusterIP: '10.96.5.5', selector: { app: 'x' }, ports: [{ port: 80 }] } },
    });
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.96.5.5"}: failed to allocate IP 10.96.5.5: provided IP is already allocated',
    ]);
  });
});

describe('the removed topologyKeys field', () => {
  const svc = (extra: string) => `apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  topologyKeys: ["kubernetes.io/hostname"]
  selector: {app: x}
  ports:
    - port: ${extra}
`;
  it.each([
    ['on a valid Service', '80', 0],
    ['on a Service the API server rejects (port and defaulted targetPort 0)', '0', 2],
  ])('is reported with what replaced it %s', (_label, port, errors) => {
    const model = createClusterModel([{ file: 's.yaml', text: svc(port) }]);
    const lines = model.diagnostics.map(formatDiagnostic);
    expect(lines.filter((l) => l.includes(': error: '))).toHaveLength(errors);
    const warning = lines.find((l) => l.includes('spec.topologyKeys'));
    expect(warning).toMatch(/^s\.yaml:6:3: warning: Service "default\/s": unknown field "spec\.topologyKeys": topologyKeys was removed in Kubernetes v1\.22/);
    expect(warning).toContain('spec.trafficDistribution');
    expect(warning).toContain('internalTrafficPolicy');
  });
});
