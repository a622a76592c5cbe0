// End to end through the lead's parser: text -> decode -> admit, checking the
// messages and that each points at the offending field's own line.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostic';
import type { Service } from '../types';
import { parseManifestText } from '../yaml/parse';
import { admitObject } from './admit';
import { decodeObject } from './decode';

function admitText(text: string, opts: Parameters<typeof admitObject>[2] = {}) {
  const parsed = parseManifestText(text, 'svc.yaml');
  const p = parsed.objects[0]!;
  const d = decodeObject(p);
  if (!d.object) throw new Error(d.diagnostics.map(formatDiagnostic).join('\n'));
  return admitObject(d.object, p.source, opts);
}

describe('admitObject', () => {
  it('defaults and accepts the seed notes Service', () => {
    const r = admitText(`apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
`);
    expect(r.valid).toBe(true);
    expect(r.diagnostics).toEqual([]);
    const svc = r.object as Service;
    expect(svc.metadata.namespace).toBe('default');
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' });
  });

  it('locates each error on its own line with the API server message', () => {
    const r = admitText(`apiVersion: v1
kind: Service
metadata:
  name: Web
spec:
  type: NodePort
  ports:
  - name: http
    port: 0
  - name: http
    port: 443
    protocol: HTTP
`);
    expect(r.valid).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `svc.yaml:4:3: error: Service "default/Web": metadata.name: Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      'svc.yaml:9:5: error: Service "default/Web": spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      // port 0 also defaulted targetPort to 0; not in the text, so it points at the port item
      'svc.yaml:8:5: error: Service "default/Web": spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'svc.yaml:10:5: error: Service "default/Web": spec.ports[1].name: Duplicate value: "http"',
      'svc.yaml:12:5: error: Service "default/Web": spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
    expect(r.diagnostics[1]?.field).toBe('spec.ports[0].port');
  });

  it('points a missing required field at its parent and the odd capital-L path at the real key', () => {
    const r = admitText(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports:
  - port: 80
  - port: 81
  loadBalancerSourceRanges:
  - 10.0.0.0/8
`);
    // With more than one port every port needs a name.
    expect(r.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [6, 'spec.ports[0].name: Required value'],
      [7, 'spec.ports[1].name: Required value'],
      [8, "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ]);
  });

  it('warns (without failing) about topologyKeys, loadBalancerIP and the deprecated hints annotation', () => {
    const r = admitText(`apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    service.kubernetes.io/topology-aware-hints: Auto
spec:
  type: LoadBalancer
  loadBalancerIP: 203.0.113.10
  topologyKeys: ["kubernetes.io/hostname", "*"]
  ports: [{port: 80}]
`);
    expect(r.valid).toBe(true);
    expect(r.diagnostics.map((d) => [d.severity, d.line, d.message.slice(0, 60)])).toEqual([
      ['warning', 6, 'annotation service.kubernetes.io/topology-aware-hints is dep'],
      ['warning', 9, 'spec.loadBalancerIP is deprecated since v1.24: its meaning v'],
      ['warning', 10, 'unknown field "spec.topologyKeys": topologyKeys was removed '],
    ]);
    expect(r.diagnostics[2]?.message).toContain('spec.trafficDistribution');
    expect(r.diagnostics[2]?.message).toContain('internalTrafficPolicy');
  });

  it('an update keeps allocated values the new manifest omits, and refuses a changed clusterIP', () => {
    const prev: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.20',
        clusterIPs: ['10.96.0.20'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
      },
    };
    const text = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  ports: [{name: http, port: 80}]
`;
    const ok = admitText(text, { previous: prev });
    expect(ok.valid).toBe(true);
    expect((ok.object as Service).spec).toMatchObject({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ nodePort: 30080 }] });

    const bad = admitText(text.replace('type: NodePort', 'type: NodePort\n  clusterIP: 10.96.0.21'), { previous: prev });
    expect(bad.diagnostics.map((d) => d.message)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.21"}: may not change once set']);
  });

  it('kube-proxy config errors are located on the YAML field; userspace is a warning', () => {
    const parsed = parseManifestText('apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ebpf\n', 'kp.yaml');
    const p = parsed.objects[0]!;
    const r = admitObject(decodeObject(p).object!, p.source);
    expect(r.diagnostics.map((d) => [d.severity, d.line, d.column])).toEqual([['error', 3, 1]]);
    const parsed2 = parseManifestText('apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n', 'kp.yaml');
    const p2 = parsed2.objects[0]!;
    const r2 = admitObject(decodeObject(p2).object!, p2.source);
    expect(r2.valid).toBe(true);
    expect(r2.diagnostics.map((d) => [d.severity, d.line])).toEqual([['warning', 3]]);
  });
});
