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
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(',')}}`;
}

/** controller.ComputeHash(template, collisionCount) -> `pod-template-hash` label value. */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const text = stableStringify(template) + (collisionCount ? String(collisionCount) : '');
  return safeEncodeString(String(hashString(text)));
}

/** A random (version 4) UUID from the seeded RNG, e.g. for metadata.uid. */
const HEX2 = Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1));
export function randomUID(rng: Rng): string {
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const w = Math.floor(rng.next() * 4294967296);
    b.push(w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255);
  }
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = b.map((x) => HEX2[x]!);
  return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
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
