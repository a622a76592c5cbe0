import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import {
  allocateIndex,
  allocateNextIndex,
  createRange,
  nodePortBandOffset,
  releaseIndex,
  serviceIPBandOffset,
} from './range-allocator';

describe('band offsets (upstream calculateRangeOffset)', () => {
  it.each([
    // [range size, ClusterIP offset]  /28 -> 14 usable, /24 -> 254, /22 -> 1022, /12 -> 1048574
    [14, 0],
    [16, 0],
    [254, 16],
    [1022, 63],
    [1048574, 256],
  ])('service IPs: size %i -> offset %i', (size, offset) => expect(serviceIPBandOffset(size)).toBe(offset));

  it.each([
    [16, 0],
    [100, 16],
    [2768, 86],
    [10000, 128],
  ])('node ports: size %i -> offset %i', (size, offset) => expect(nodePortBandOffset(size)).toBe(offset));
});

describe('allocateNextIndex', () => {
  it('prefers the upper (dynamic) band and only then uses the static band', () => {
    const r = createRange(40, 16);
    const rng = createRng(1);
    const got: number[] = [];
    for (let i = 0; i < 24; i++) got.push(allocateNextIndex(r, rng, 'x')!);
    expect(got.every((i) => i >= 16)).toBe(true);
    expect(new Set(got).size).toBe(24);
    const next = allocateNextIndex(r, rng, 'x')!;
    expect(next).toBeLessThan(16);
  });

  it('returns null when the range is full', () => {
    const r = createRange(2, 0);
    const rng = createRng(1);
    expect(allocateNextIndex(r, rng, 'a')).not.toBeNull();
    expect(allocateNextIndex(r, rng, 'b')).not.toBeNull();
    expect(allocateNextIndex(r, rng, 'c')).toBeNull();
  });

  it('is deterministic for a seed', () => {
    const run = () => {
      const r = createRange(1000, 62);
      const rng = createRng(42);
      return [1, 2, 3, 4].map(() => allocateNextIndex(r, rng, 'o'));
    };
    expect(run()).toEqual(run());
  });

  it('explicit allocation fails on a used index and succeeds again after release', () => {
    const r = createRange(10, 0);
    expect(allocateIndex(r, 3, 'a')).toBe(true);
    expect(allocateIndex(r, 3, 'b')).toBe(false);
    releaseIndex(r, 3);
    expect(allocateIndex(r, 3, 'b')).toBe(true);
    expect(r.count).toBe(1);
  });
});
