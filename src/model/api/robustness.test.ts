// Properties: hostile or half-typed input never throws anywhere in the
// decode -> admit pipeline, and Go quoting agrees with JSON on plain ASCII.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectSource } from '../source';
import { admitObject } from './admit';
import { decodeObject } from './decode';
import { goQuote } from './go-format';

const source: ObjectSource = { file: 'fuzz.yaml', doc: 0, line: 1, column: 1, fields: {} };

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer({ min: -70000, max: 70000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('name', 'port', 'ports', 'type', 'selector', 'spec', 'metadata', 'clusterIP', 'targetPort', 'protocol', 'x'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const kinds: [string, string][] = [
  ['v1', 'Service'],
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['discovery.k8s.io/v1', 'EndpointSlice'],
  ['networking.k8s.io/v1', 'ServiceCIDR'],
  ['v1', 'Node'],
  ['kubeproxy.config.k8s.io/v1alpha1', 'KubeProxyConfiguration'],
];

describe('robustness', () => {
  it('decodeObject + admitObject never throw on arbitrary fields', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), jsonValue, jsonValue, ([apiVersion, kind], spec, metadata) => {
        const raw = { apiVersion, kind, metadata, spec, ports: spec, endpoints: spec, mode: spec };
        const d = decodeObject({ raw, source });
        if (d.object) {
          const a = admitObject(d.object, source);
          for (const diag of a.diagnostics) expect(typeof diag.message).toBe('string');
        } else {
          expect(d.diagnostics.some((x) => x.severity === 'error')).toBe(true);
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('goQuote equals JSON quoting for printable ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), (s) => {
        expect(goQuote(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
