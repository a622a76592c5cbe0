import { describe, expect, it } from 'vitest';
import { createRng, hashString } from '../rng';
import { podTemplateHash, randomSuffix, randomUID, safeEncodeString, stableStringify, timestampAt } from './names';

describe('generated names', () => {
  it('SafeEncodeString maps decimal digits like upstream (0->4 … 9->f)', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('pod-template-hash is 9-10 chars of the digit image and stable for equal templates', () => {
    const t1 = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c' }] } };
    const t2 = { spec: { containers: [{ name: 'c' }] }, metadata: { labels: { tier: 'fe', app: 'web' } } };
    const h = podTemplateHash(t1);
    expect(h).toMatch(/^[456789bcdf]{9,10}$/);
    expect(podTemplateHash(t2)).toBe(h);
    expect(podTemplateHash({ ...t1, spec: { containers: [{ name: 'd' }] } })).not.toBe(h);
    expect(podTemplateHash(t1, 1)).not.toBe(h);
  });

  it('generateName suffix: 5 chars of bcdfghjklmnpqrstvwxz2456789, seeded', () => {
    const a = randomSuffix(createRng(9));
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(randomSuffix(createRng(9))).toBe(a);
  });

  it('uids look like v4 UUIDs', () => {
    expect(randomUID(createRng(1))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('stableStringify drops undefined and sorts keys', () => {
    expect(stableStringify({ b: 1, a: undefined, c: [{ z: 1, y: 2 }] })).toBe('{"b":1,"c":[{"y":2,"z":1}]}');
  });

  it('timestamps are simulated, second precision', () => {
    expect(timestampAt(0)).toBe('2025-01-01T00:00:00Z');
    expect(timestampAt(90.7)).toBe('2025-01-01T00:01:30Z');
  });
});

describe('podTemplateHash hashes the stable JSON text without building it', () => {
  it.each([
    ['a template', { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } }],
    ['escapes, control characters and unicode', { 'a"b': 'x\\y', 'ü': 'ü\n\t', emoji: '🙂', lone: '\ud800' }],
    ['undefined fields, null, booleans, numbers', { b: undefined, a: null, c: [true, false, 1.5, -0, 1e21, undefined, null] }],
    ['integer-like keys sort as text', { '10': 1, '9': 2, a: 3, A: 4 }],
    ['nested arrays and empty values', [[], {}, [[1, [2]], { z: { y: {} } }], '']],
    ['a bare string', 'x'],
  ])('%s', (_, v) => {
    for (const collisions of [0, 3]) {
      const text = stableStringify(v) + (collisions ? String(collisions) : '');
      expect(podTemplateHash(v, collisions)).toBe(safeEncodeString(String(hashString(text))));
    }
  });
});
