// No input may throw out of the model: whatever the user pastes, the result
// is a cluster plus located diagnostics. Generated inputs probe the parser,
// decoder, defaulting, validation and cluster building together.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { createClusterModel } from './load';

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -70000, max: 70000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('None', 'TCP', 'UDP', 'SCTP', 'Local', 'Cluster', 'ClientIP', '10.96.0.5', '::1', 'http', '0.0.0.0', '300.1.1.1'),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 3 })),
})).v;

const kinds = ['Service', 'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Node', 'Namespace', 'EndpointSlice', 'ServiceCIDR', 'KubeProxyConfiguration', 'List', 'ConfigMap'];
const apiVersions = ['v1', 'apps/v1', 'discovery.k8s.io/v1', 'networking.k8s.io/v1', 'kubeproxy.config.k8s.io/v1alpha1', 'bogus/v9'];

// Objects that look like Kubernetes objects, with hostile values in the
// fields the model actually reads.
const kubeish = fc.record({
  apiVersion: fc.constantFrom(...apiVersions),
  kind: fc.constantFrom(...kinds),
  metadata: fc.oneof(
    value,
    fc.record({
      name: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('web', 'my-service', 'a')),
      namespace: fc.oneof(fc.constant(undefined), fc.constantFrom('default', 'kube-system', 'Bad_NS')),
      labels: fc.oneof(value, fc.constant({ app: 'MyApp' })),
    }),
  ),
  spec: fc.oneof(
    value,
    fc.record({
      type: fc.oneof(value, fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName')),
      selector: fc.oneof(value, fc.constant({ app: 'MyApp' }), fc.constant({ matchLabels: { app: 'MyApp' } })),
      ports: fc.oneof(value, fc.array(fc.record({ port: value, targetPort: value, nodePort: value, protocol: value, name: value }), { maxLength: 3 })),
      clusterIP: value,
      clusterIPs: value,
      replicas: value,
      template: fc.oneof(value, fc.constant({ metadata: { labels: { app: 'MyApp' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 9376 }] }] } })),
      externalTrafficPolicy: value,
      sessionAffinity: value,
      podCIDR: value,
      cidrs: value,
    }),
  ),
  items: fc.oneof(fc.constant(undefined), fc.array(value, { maxLength: 3 })),
  endpoints: value,
  status: value,
  mode: value,
});

function assertWellFormed(text: string): void {
  const model = createClusterModel([{ file: 'fuzz.yaml', text }], { seed: 7 });
  expect(model.cluster).toBeDefined();
  const lines = text.split('\n').length;
  for (const d of model.diagnostics) {
    expect(['error', 'warning']).toContain(d.severity);
    expect(d.file).toBe('fuzz.yaml');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
  }
}

describe('the model never throws on generated input', () => {
  it('Kubernetes-shaped objects with hostile field values', () => {
    fc.assert(
      fc.property(fc.array(kubeish, { minLength: 1, maxLength: 4 }), (objs) => {
        const text = objs.map((o) => dump(o, { skipInvalid: true } as never)).join('---\n');
        assertWellFormed(text);
      }),
      { numRuns: 200, seed: 20261126 },
    );
  }, 120_000);

  it('arbitrary text, including broken YAML', () => {
    const chars = fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', '"', "'", '&', '*', '!', '#', '|', '>', '---\n', '\t', '%', '@', '1');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 120 }).map((a) => a.join('')), (text) => {
        assertWellFormed(text);
      }),
      { numRuns: 400, seed: 42 },
    );
  }, 120_000);
});
