import { describe, expect, it } from 'vitest';
import { makePod } from '../endpointslice/fixtures';
import type { Pod } from '../types';
import { layerOver, lookupFor, notePodChange, podsWithLabel } from './pod-lookup';

const a = makePod('a', { labels: { app: 'web', tier: 'front' } });
const b = makePod('b', { labels: { app: 'web' } });
const c = makePod('c', { ns: 'other', labels: { app: 'web' } });
const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata.name).sort();

describe('podsWithLabel: the pods of a namespace carrying key=value', () => {
  it.each([
    ['default', 'app', 'web', ['a', 'b']],
    ['default', 'tier', 'front', ['a']],
    ['other', 'app', 'web', ['c']],
    ['default', 'app', 'api', []],
  ])('%s %s=%s', (ns, k, v, want) => {
    expect(names(podsWithLabel(lookupFor([a, b, c]), ns, k, v))).toEqual(want);
  });

  it('follows pod changes in a layer: added, removed, relabelled, status-only updates', () => {
    const root = lookupFor([a, b, c]);
    const l = layerOver(root);
    const d = makePod('d', { labels: { app: 'web' } });
    notePodChange(l, null, d); // added
    notePodChange(l, b, null); // removed
    const a2 = { ...a, metadata: { ...a.metadata, labels: { app: 'api', tier: 'front' } } };
    notePodChange(l, a, a2); // relabelled app=web -> app=api
    const c2 = { ...c, status: { phase: 'Pending' } };
    notePodChange(l, c, c2); // same labels
    expect(names(podsWithLabel(l, 'default', 'app', 'web'))).toEqual(['d']);
    expect(names(podsWithLabel(l, 'default', 'app', 'api'))).toEqual(['a']);
    expect(podsWithLabel(l, 'default', 'tier', 'front')).toEqual([a2]);
    expect(podsWithLabel(l, 'other', 'app', 'web')).toEqual([c2]);
    // the base version is unchanged
    expect(names(podsWithLabel(root, 'default', 'app', 'web'))).toEqual(['a', 'b']);
  });
});
