// Generated names as Kubernetes makes them.
// - `generateName` suffixes: apiserver names.SimpleNameGenerator appends
//   rand.String(5) drawn from the "safe" alphabet below (no vowels, no
//   confusable digits, so it never spells words).
// - `pod-template-hash`: the Deployment controller's ComputeHash, an FNV-32a
//   hash of the pod template, printed in decimal and passed through
//   rand.SafeEncodeString (each byte mapped to alphabet[byte % 27]). Upstream
//   hashes the spew dump of the Go struct; svcviz hashes a key-sorted JSON
//   rendering, so values are deterministic and have the right shape (9-10
//   chars of `4-9bcdf`) but differ from a real cluster's.

import type { Rng } from '../rng';

export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** rand.String(n) with the seeded RNG */
export function randomSuffix(rng: Rng, n = 5): string {
  let out = '';
  for (let i = 0; i < n; i++) out += SAFE_ALPHABET[rng.int(SAFE_ALPHABET.length)];
  return out;
}

/** JSON with object keys sorted, so equal templates hash equally. */
export function stableStringify(v: unknown): string {
  const parts: string[] = [];
  writeStable(v, parts);
  // One join gives a flat string for the hash to read.
  return parts.join('');
}

function writeStable(v: unknown, out: string[]): void {
  if (v === null || typeof v !== 'object') {
    out.push(JSON.stringify(v) ?? 'null');
    return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i) out.push(',');
      writeStable(v[i], out);
    }
    out.push(']');
    return;
  }
  const o = v as Record<string, unknown>;
  const keys = sortedKeys(o);
  out.push('{');
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    if (!first) out.push(',');
    out.push(JSON.stringify(k), ':');
    writeStable(x, out);
    first = false;
  }
  out.push('}');
}

/** controller.ComputeHash(template, collisionCount) -> `pod-template-hash` label value. */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const h = new StableHasher();
  h.value(template);
  if (collisionCount) h.text(String(collisionCount));
  return safeEncodeString(String(h.digest()));
}

/**
 * hashString(stableStringify(v)) without building the text: the same FNV-1a
 * over the same UTF-16 code units, fed piece by piece (one hash per
 * Deployment adds up over 10,000 Deployments).
 */
export class StableHasher {
  private h = 0x811c9dc5;

  text(s: string): void {
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    this.h = h;
  }

  private char(c: number): void {
    this.h = Math.imul(this.h ^ c, 0x01000193);
  }

  /** A JSON string literal: plain text quoted, anything JSON escapes via JSON.stringify. */
  private str(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) {
        this.text(JSON.stringify(s));
        return;
      }
    }
    this.char(34);
    this.text(s);
    this.char(34);
  }

  value(v: unknown): void {
    if (typeof v === 'string') return this.str(v);
    if (v === null || typeof v !== 'object') return this.text(JSON.stringify(v) ?? 'null');
    if (Array.isArray(v)) {
      this.char(91); // [
      for (let i = 0; i < v.length; i++) {
        if (i) this.char(44); // ,
        this.value(v[i]);
      }
      this.char(93); // ]
      return;
    }
    const o = v as Record<string, unknown>;
    const keys = sortedKeys(o);
    this.char(123); // {
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const x = o[keys[i]!];
      if (x === undefined) continue;
      if (!first) this.char(44);
      this.str(keys[i]!);
      this.char(58); // :
      this.value(x);
      first = false;
    }
    this.char(125); // }
  }

  digest(): number {
    return this.h >>> 0;
  }
}

/** Object.keys(o).sort() (UTF-16 code unit order), by insertion: key lists are short. */
function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** A random (version 4) UUID from the seeded RNG, e.g. for metadata.uid. */
export function randomUID(rng: Rng): string {
  // Four 32-bit words from the RNG, big-endian bytes; byte 6 carries the
  // version, byte 8 the variant. Written as char codes into one reused
  // buffer and turned into a single flat string (no chain of 20 partial strings).
  let at = 0;
  for (let k = 0; k < 4; k++) {
    const w = Math.floor(rng.next() * 4294967296);
    for (let shift = 24; shift >= 0; shift -= 8) {
      let b = (w >>> shift) & 255;
      if (at === 6) b = (b & 0x0f) | 0x40; // version 4
      if (at === 8) b = (b & 0x3f) | 0x80; // RFC 4122 variant
      if (at === 4 || at === 6 || at === 8 || at === 10) UID_CODES[UID_POS[at]! - 1] = 45; // '-'
      UID_CODES[UID_POS[at]!] = HEX_CODES[b >>> 4]!;
      UID_CODES[UID_POS[at]! + 1] = HEX_CODES[b & 15]!;
      at++;
    }
  }
  return String.fromCharCode.apply(null, UID_CODES as unknown as number[]);
}
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** byte index -> position of its first hex digit in the 36-char text */
const UID_POS = Array.from({ length: 16 }, (_, i) => 2 * i + (i >= 4 ? 1 : 0) + (i >= 6 ? 1 : 0) + (i >= 8 ? 1 : 0) + (i >= 10 ? 1 : 0));
const UID_CODES = new Uint16Array(36);

/** Fixed simulated epoch: metadata timestamps are `EPOCH + simulated seconds`, never the wall clock. */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1, 0, 0, 0);

/** RFC 3339 timestamp at `seconds` of simulated time (metav1.Time has second precision). */
const stamps = new Map<number, string>();
export function timestampAt(seconds: number): string {
  const s = Math.floor(seconds);
  let out = stamps.get(s);
  if (out === undefined) {
    out = new Date(SIM_EPOCH_MS + s * 1000).toISOString().replace('.000Z', 'Z');
    if (stamps.size < 10000) stamps.set(s, out);
  }
  return out;
}
