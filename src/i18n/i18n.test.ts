import { describe, expect, it } from 'vitest';
import { en } from './en';
import { vi } from './vi';
import { translate } from './index';

describe('UI text', () => {
  it('Vietnamese has every English key, each non-empty', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(vi)) expect(v.trim(), k).not.toBe('');
  });

  it.each([
    ['en', 'hopOf', { n: 2, total: 9 }, 'Hop 2 of 9'],
    ['vi', 'hopOf', { n: 2, total: 9 }, 'Bước 2/9'],
    ['en', 'proxyMode', undefined, 'Proxy mode'],
    ['en', 'delivered', { pod: 'default/web-1' }, 'Delivered to default/web-1.'],
  ] as const)('%s %s %j -> %s', (lang, key, vars, out) => {
    expect(translate(lang, key, vars)).toBe(out);
  });

  it('keeps Kubernetes words verbatim in both languages', () => {
    for (const k of ['sessionAffinity', 'externalTrafficPolicy', 'internalTrafficPolicy', 'trafficDistribution'] as const) {
      expect(vi[k]).toBe(en[k]);
    }
  });
});
