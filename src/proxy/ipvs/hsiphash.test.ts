import { describe, expect, it } from 'vitest';
import { hsiphashU32, siphash } from './hsiphash';

// Reference vectors of SipHash-2-4 (Aumasson & Bernstein), key 00 01 .. 0f.
const KEY: [bigint, bigint] = [0x0706050403020100n, 0x0f0e0d0c0b0a0908n];

describe('siphash (the rounds hsiphash is built from)', () => {
  it.each([
    [0, 0x726fdb47dd0e0e31n],
    [1, 0x74f839c593dc67fdn],
    [8, 0x93f5f5799a932462n],
  ])('SipHash-2-4 of the first %d bytes of 00 01 02 … matches the reference', (n, expected) => {
    const msg = Uint8Array.from({ length: n }, (_, i) => i);
    expect(siphash(msg, KEY, 2, 4)).toBe(expected);
  });

  it('hsiphash of a u32 is deterministic and spreads values', () => {
    const key: [bigint, bigint] = [2654435761n, 2654435761n];
    expect(hsiphashU32(0x0a000105, key)).toBe(hsiphashU32(0x0a000105, key));
    const outs = new Set(Array.from({ length: 100 }, (_, i) => hsiphashU32(i, key) % 4093));
    expect(outs.size).toBeGreaterThan(95);
  });
});
