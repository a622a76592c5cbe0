import { describe, expect, it } from 'vitest';
import { patchManifestField } from './patch-manifest';

const manifest = `# my service
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp   # the pods
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
  namespace: default
spec:
  replicas: 3
  selector:
    matchLabels: {app: MyApp}
---
apiVersion: v1
kind: Node
metadata:
  name: node-1
`;

describe('patchManifestField: actions edit only the line of the field', () => {
  it.each([
    ['scale a Deployment', { kind: 'Deployment', namespace: 'default', name: 'my-app' }, 'spec.replicas', 5, '  replicas: 5\n', '  replicas: 3\n'],
    ['add sessionAffinity next to its siblings', { kind: 'Service', name: 'my-service' }, 'spec.sessionAffinity', 'ClientIP', 'spec:\n  sessionAffinity: ClientIP\n  selector:', null],
    ['cordon a Node without spec', { kind: 'Node', name: 'node-1' }, 'spec.unschedulable', true, null, 'unschedulable'],
  ] as const)('%s', (_what, ref, path, value, contains, absent) => {
    const out = patchManifestField(manifest, ref, path, value);
    if (contains) expect(out).toContain(contains);
    if (absent) expect(out).not.toContain(absent);
    expect(out.startsWith('# my service\n')).toBe(true);
    expect(out).toContain('app: MyApp   # the pods');
  });

  it('replaces an existing value and removes it again with null', () => {
    const once = patchManifestField(manifest, { kind: 'Service', name: 'my-service' }, 'spec.externalTrafficPolicy', 'Local');
    expect(once).toContain('  externalTrafficPolicy: Local\n');
    const twice = patchManifestField(once, { kind: 'Service', name: 'my-service' }, 'spec.externalTrafficPolicy', 'Cluster');
    expect(twice).toContain('  externalTrafficPolicy: Cluster\n');
    expect(patchManifestField(twice, { kind: 'Service', name: 'my-service' }, 'spec.externalTrafficPolicy', null)).toBe(manifest);
  });

  it.each([
    ['an object that is not in the text (a Pod made by a Deployment)', { kind: 'Pod', name: 'my-app-xyz' }, 'spec.nodeName'],
    ['a nested block value', { kind: 'Service', name: 'my-service' }, 'spec.selector'],
    ['a Service in another namespace', { kind: 'Service', namespace: 'other', name: 'my-service' }, 'spec.type'],
  ] as const)('leaves the text alone for %s', (_what, ref, path) => {
    expect(patchManifestField(manifest, ref, path, 'X')).toBe(manifest);
  });
});
