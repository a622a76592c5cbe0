import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostic';
import { parseManifestText } from '../yaml/parse';
import { decodeObject } from './decode';

function decode(text: string) {
  const parsed = parseManifestText(text, 'm.yaml');
  expect(parsed.diagnostics).toEqual([]);
  const p = parsed.objects[0];
  if (!p) throw new Error('no object parsed');
  return decodeObject(p);
}

const lines = (r: ReturnType<typeof decode>) => r.diagnostics.map(formatDiagnostic);

describe('decodeObject', () => {
  it('decodes a clean Service without diagnostics', () => {
    const r = decode(`apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.object).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
  });

  const typeErrors: [string, string, string][] = [
    [
      'string port',
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports:
  - port: "80"
`,
      'm.yaml:6:5: error: Service "default/web": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    ],
    [
      'string replicas',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: "3"
`,
      'm.yaml:5:3: error: Deployment "shop/web": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'fractional targetPort',
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports:
  - port: 80
    targetPort: 80.5
`,
      'm.yaml:7:5: error: Service "default/web": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.targetPort of type int32',
    ],
    [
      'number label value',
      `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    version: 2
spec:
  containers: []
`,
      'm.yaml:6:5: error: Pod "default/p": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'ports as a map',
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports:
    port: 80
`,
      'm.yaml:5:3: error: Service "default/web": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort',
    ],
    [
      'spec as a string',
      `apiVersion: v1
kind: Service
metadata: {name: web}
spec: nope
`,
      'm.yaml:4:1: error: Service "default/web": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field Service.spec of type v1.ServiceSpec',
    ],
  ];
  it.each(typeErrors)('type error: %s', (_n, text, want) => {
    const r = decode(text);
    expect(r.object).toBeUndefined();
    expect(lines(r)).toEqual([want]);
  });

  it('warns about unknown fields on their own line, with the index in the path', () => {
    const r = decode(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  foo: 1
  ports:
  - port: 80
    Port: 81
`);
    expect(lines(r)).toEqual([
      'm.yaml:5:3: warning: Service "default/web": unknown field "spec.foo"',
      'm.yaml:8:5: warning: Service "default/web": unknown field "spec.ports[0].Port"',
    ]);
    expect(r.object?.kind).toBe('Service');
  });

  it('does not treat the removed topologyKeys as unknown (it gets its own warning at admission)', () => {
    const r = decode(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  topologyKeys: ["kubernetes.io/hostname"]
  ports: [{port: 80}]
`);
    expect(r.diagnostics).toEqual([]);
  });

  it.each([
    ['metadata: {name: x}\n', 'm.yaml:1:1: error: error validating data: [apiVersion not set, kind not set]'],
    ['apiVersion: v1\nmetadata: {name: x}\n', 'm.yaml:1:1: error: error validating data: kind not set'],
  ])('requires apiVersion and kind: %j', (text, want) => {
    const r = decode(text);
    expect(r.object).toBeUndefined();
    expect(lines(r)).toEqual([want]);
  });

  it('ignores kinds it does not model, with a warning', () => {
    const r = decode('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n');
    expect(r.object).toBeUndefined();
    expect(lines(r)).toEqual(['m.yaml:2:1: warning: ConfigMap "cfg": svcviz does not model kind "ConfigMap" (v1); the object is ignored']);
  });

  it('rejects a modelled kind in an unknown version like kubectl', () => {
    const r = decode('apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: web}\n');
    expect(r.object).toBeUndefined();
    expect(r.diagnostics[0]?.message).toBe(
      'resource mapping not found for name: "web" namespace: "" from "m.yaml": no matches for kind "Deployment" in version "extensions/v1beta1"',
    );
  });

  it('accepts ServiceCIDR v1beta1 and stores it as v1', () => {
    const r = decode('apiVersion: networking.k8s.io/v1beta1\nkind: ServiceCIDR\nmetadata: {name: extra}\nspec: {cidrs: ["10.100.0.0/16"]}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.object?.apiVersion).toBe('networking.k8s.io/v1');
  });

  it('decodes a KubeProxyConfiguration and checks its types', () => {
    const r = decode('apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\nipvs: {scheduler: lc}\niptables: {masqueradeBit: "14"}\n');
    expect(lines(r)).toEqual([
      'm.yaml:5:12: error: KubeProxyConfiguration "": KubeProxyConfiguration in version "v1alpha1" cannot be handled as a KubeProxyConfiguration: json: cannot unmarshal string into Go struct field KubeProxyIPTablesConfiguration.iptables.masqueradeBit of type int32',
    ]);
  });

  it('drops nulls (Go leaves the field unset)', () => {
    const r = decode('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: null, ports: [{port: 80}]}\n');
    expect(r.object).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
  });
});
