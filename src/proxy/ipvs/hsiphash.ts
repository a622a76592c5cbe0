// The kernel's hsiphash on 64-bit machines (lib/siphash.c): SipHash-1-3
// over a 128-bit key of two 64-bit words, returning the low 32 bits. The
// IPVS Maglev scheduler (ip_vs_mh.c) hashes one 32-bit value with it, using
// fixed keys, so its lookup table is reproducible here.

const MASK = (1n << 64n) - 1n;

const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

interface SipState {
  v0: bigint;
  v1: bigint;
  v2: bigint;
  v3: bigint;
}

function sipround(s: SipState): void {
  s.v0 = (s.v0 + s.v1) & MASK;
  s.v1 = rotl(s.v1, 13n) ^ s.v0;
  s.v0 = rotl(s.v0, 32n);
  s.v2 = (s.v2 + s.v3) & MASK;
  s.v3 = rotl(s.v3, 16n) ^ s.v2;
  s.v0 = (s.v0 + s.v3) & MASK;
  s.v3 = rotl(s.v3, 21n) ^ s.v0;
  s.v2 = (s.v2 + s.v1) & MASK;
  s.v1 = rotl(s.v1, 17n) ^ s.v2;
  s.v2 = rotl(s.v2, 32n);
}

/** SipHash-c-d of `bytes` with a 128-bit key given as two little-endian 64-bit words. */
export function siphash(bytes: Uint8Array, key: readonly [bigint, bigint], cRounds: number, dRounds: number): bigint {
  const s: SipState = {
    v0: 0x736f6d6570736575n ^ key[0],
    v1: 0x646f72616e646f6dn ^ key[1],
    v2: 0x6c7967656e657261n ^ key[0],
    v3: 0x7465646279746573n ^ key[1],
  };
  const word = (off: number, n: number): bigint => {
    let m = 0n;
    for (let i = n - 1; i >= 0; i--) m = (m << 8n) | BigInt(bytes[off + i]!);
    return m;
  };
  const full = bytes.length - (bytes.length % 8);
  for (let off = 0; off < full; off += 8) {
    const m = word(off, 8);
    s.v3 ^= m;
    for (let r = 0; r < cRounds; r++) sipround(s);
    s.v0 ^= m;
  }
  const b = ((BigInt(bytes.length) & 0xffn) << 56n) | word(full, bytes.length - full);
  s.v3 ^= b;
  for (let r = 0; r < cRounds; r++) sipround(s);
  s.v0 ^= b;
  s.v2 ^= 0xffn;
  for (let r = 0; r < dRounds; r++) sipround(s);
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

/** hsiphash(&v, sizeof(u32), key) on 64-bit kernels: SipHash-1-3, low 32 bits; `v` is stored little-endian. */
export function hsiphashU32(value: number, key: readonly [bigint, bigint]): number {
  const v = value >>> 0;
  const bytes = new Uint8Array([v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24]);
  return Number(siphash(bytes, key, 1, 3) & 0xffffffffn);
}

/** generate_hash_secret() in ip_vs_mh.c: fixed keys. */
export const MH_HASH1: readonly [bigint, bigint] = [2654435761n, 2654435761n];
export const MH_HASH2: readonly [bigint, bigint] = [2654435801n, 2654435801n];
