import { describe, expect, it } from 'vitest';
import { makeSlice } from '../endpointslice/fixtures';
import { managedServiceId, managedSlicesOf, registerSliceIndex, sliceIndexFor } from './slice-index';

const CONTROLLER = 'endpointslice-controller.k8s.io';
const web1 = makeSlice('web-abcde', 'web', [], { managedBy: CONTROLLER });
const web2 = makeSlice('web-fghjk', 'web', [], { managedBy: CONTROLLER });
const apiOther = makeSlice('api-xxxxx', 'api', [], { ns: 'other', managedBy: CONTROLLER });
const handWritten = makeSlice('web-manual', 'web', []); // no managed-by: not the controller's
const mirrored = makeSlice('web-mirror', 'web', [], { managedBy: 'endpointslicemirroring-controller.k8s.io' });

describe('managedServiceId: a slice belongs to a Service when the controller manages it and it is labelled with the name', () => {
  it.each([
    ['managed slice of default/web', web1, 'default/web'],
    ['managed slice in another namespace', apiOther, 'other/api'],
    ['slice without managed-by', handWritten, undefined],
    ['slice of another controller', mirrored, undefined],
    ['managed slice without service-name', { ...web1, metadata: { ...web1.metadata, labels: { 'endpointslice.kubernetes.io/managed-by': CONTROLLER } } }, undefined],
  ])('%s', (_, slice, want) => {
    expect(managedServiceId(slice)).toBe(want);
  });
});

describe('sliceIndexFor / registerSliceIndex', () => {
  const list = [handWritten, web1, apiOther, web2, mirrored];

  it('lists each Service’s managed slices in list order, and nothing for unknown Services', () => {
    const idx = sliceIndexFor(list);
    expect(managedSlicesOf(idx, 'default/web')).toEqual([web1, web2]);
    expect(managedSlicesOf(idx, 'other/api')).toEqual([apiOther]);
    expect(managedSlicesOf(idx, 'default/none')).toEqual([]);
    expect(sliceIndexFor(list)).toBe(idx); // cached per list
  });

  it('a registered next version answers changed Services from its layer and the rest from the parent', () => {
    const idx = sliceIndexFor(list);
    const web3 = makeSlice('web-zzzzz', 'web', [], { managedBy: CONTROLLER });
    const next = [handWritten, web3, apiOther, mirrored];
    registerSliceIndex(next, idx, new Map([['default/web', [web3]]]));
    const nextIdx = sliceIndexFor(next);
    expect(managedSlicesOf(nextIdx, 'default/web')).toEqual([web3]);
    expect(managedSlicesOf(nextIdx, 'other/api')).toEqual([apiOther]);
    expect(managedSlicesOf(idx, 'default/web')).toEqual([web1, web2]); // the old version is untouched
  });

  it('a Service whose slices all went away has none in the next version', () => {
    const idx = sliceIndexFor(list);
    const next = [handWritten, web1, web2, mirrored];
    registerSliceIndex(next, idx, new Map([['other/api', []]]));
    expect(managedSlicesOf(sliceIndexFor(next), 'other/api')).toEqual([]);
  });

  it('long chains of versions are flattened into a fresh index of the list', () => {
    let cur: typeof list = list;
    for (let i = 0; i < 30; i++) {
      const s = makeSlice(`web-${i}`, 'web', [], { managedBy: CONTROLLER });
      const next = [handWritten, s, apiOther];
      registerSliceIndex(next, sliceIndexFor(cur), new Map([['default/web', [s]]]));
      cur = next;
    }
    const idx = sliceIndexFor(cur);
    expect(idx.depth).toBeLessThanOrEqual(12);
    expect(managedSlicesOf(idx, 'default/web').map((s) => s.metadata.name)).toEqual(['web-29']);
    expect(managedSlicesOf(idx, 'other/api')).toEqual([apiOther]);
  });
});
