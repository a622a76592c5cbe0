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
import { hashString } from '../rng';

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
  const keys = Object.keys(o).sort();
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
  const text = stableStringify(template) + (collisionCount ? String(collisionCount) : '');
  return safeEncodeString(String(hashString(text)));
}

/** A random (version 4) UUID from the seeded RNG, e.g. for metadata.uid. */
const HEX2 = Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1));
export function randomUID(rng: Rng): string {
  // Four 32-bit words from the RNG, big-endian bytes; byte 6 carries the
  // version, byte 8 the variant.
  const w0 = Math.floor(rng.next() * 4294967296);
  const w1 = Math.floor(rng.next() * 4294967296);
  const w2 = Math.floor(rng.next() * 4294967296);
  const w3 = Math.floor(rng.next() * 4294967296);
  const hx = (b: number) => HEX2[b & 255]!;
  const b6 = ((w1 >>> 8) & 0x0f) | 0x40; // version 4
  const b8 = ((w2 >>> 24) & 0x3f) | 0x80; // RFC 4122 variant
  return (
    hx(w0 >>> 24) + hx(w0 >>> 16) + hx(w0 >>> 8) + hx(w0) + '-' +
    hx(w1 >>> 24) + hx(w1 >>> 16) + '-' +
    hx(b6) + hx(w1) + '-' +
    hx(b8) + hx(w2 >>> 16) + '-' +
    hx(w2 >>> 8) + hx(w2) + hx(w3 >>> 24) + hx(w3 >>> 16) + hx(w3 >>> 8) + hx(w3)
  );
}

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
