// kube-proxy chain names: `KUBE-SVC-` + base32(sha256(servicePortName + protocol))[0:16]
// (pkg/proxy/iptables/proxier.go portProtoHash / servicePortEndpointChainName).
// SHA-256 is implemented here, synchronously, so the same names come out in a
// Web Worker, in the browser main thread and in Node without WebCrypto.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const W = new Uint32Array(64);
const H = new Uint32Array(8);
let scratch = new Uint8Array(256);

/** UTF-8 bytes of a string (Go hashes the string's bytes, which are UTF-8). */
export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Encodes `text` as UTF-8 into the scratch buffer (grown as needed); returns the length. */
function encodeScratch(text: string): number {
  let n = 0;
  if (scratch.length < text.length * 3 + 72) scratch = new Uint8Array(text.length * 3 + 72);
  const b = scratch;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) b[n++] = c;
    else if (c < 0x800) {
      b[n++] = 0xc0 | (c >> 6);
      b[n++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          b[n++] = 0xf0 | (c >> 18);
          b[n++] = 0x80 | ((c >> 12) & 63);
          b[n++] = 0x80 | ((c >> 6) & 63);
          b[n++] = 0x80 | (c & 63);
          continue;
        }
      }
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // lone surrogate, as TextEncoder
      b[n++] = 0xe0 | (c >> 12);
      b[n++] = 0x80 | ((c >> 6) & 63);
      b[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

/** SHA-256 of buf[0:len] into H (buf must have room for the padding). */
function sha256Into(buf: Uint8Array, len: number): void {
  const total = ((len + 9 + 63) >> 6) << 6;
  buf[len] = 0x80;
  buf.fill(0, len + 1, total);
  const bitLen = len * 8;
  const hi = Math.floor(bitLen / 0x100000000);
  buf[total - 8] = hi >>> 24;
  buf[total - 7] = (hi >>> 16) & 255;
  buf[total - 6] = (hi >>> 8) & 255;
  buf[total - 5] = hi & 255;
  buf[total - 4] = bitLen >>> 24;
  buf[total - 3] = (bitLen >>> 16) & 255;
  buf[total - 2] = (bitLen >>> 8) & 255;
  buf[total - 1] = bitLen & 255;

  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
  let h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const o = off + i * 4;
      W[i] = (buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const w15 = W[i - 15]!, w2 = W[i - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  H[0] = h0; H[1] = h1; H[2] = h2; H[3] = h3; H[4] = h4; H[5] = h5; H[6] = h6; H[7] = h7;
}

/** SHA-256 digest (FIPS 180-4) of the given bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  buf.set(data);
  sha256Into(buf, data.length);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[i * 4] = H[i]! >>> 24;
    out[i * 4 + 1] = (H[i]! >>> 16) & 255;
    out[i * 4 + 2] = (H[i]! >>> 8) & 255;
    out[i * 4 + 3] = H[i]! & 255;
  }
  return out;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 standard base32 (Go's base32.StdEncoding), with `=` padding. */
export function base32Std(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(buffer << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

const memo = new Map<string, string>();

const B32_CODES = Array.from(B32, (c) => c.charCodeAt(0));
const nameCodes: number[] = [];

/**
 * `prefix` + base32Std(sha256(input))[0:16] (16 characters = the digest's
 * first 80 bits), built with one String.fromCharCode: a flat string, where
 * `+=`/`+` would leave ropes that every later sort comparison and join
 * re-walks (tens of thousands of chain names).
 */
function computeHash16(input: string, prefix = ''): string {
  const len = encodeScratch(input); // may replace `scratch`: read it after
  sha256Into(scratch, len);
  const codes = nameCodes;
  codes.length = 0;
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  // 80 bits: H[0], H[1] (64 bits) and the top 16 bits of H[2], 5 at a time.
  const hi = H[0]!, mid = H[1]!, lo = H[2]! >>> 16;
  for (let i = 0; i < 16; i++) {
    const bit = i * 5;
    let v: number;
    if (bit + 5 <= 32) v = (hi >>> (27 - bit)) & 31;
    else if (bit < 32) v = ((hi << (bit + 5 - 32)) | (mid >>> (64 - bit - 5))) & 31;
    else if (bit + 5 <= 64) v = (mid >>> (59 - bit)) & 31;
    else if (bit < 64) v = ((mid << (bit + 5 - 64)) | (lo >>> (80 - bit - 5))) & 31;
    else v = (lo >>> (75 - bit)) & 31;
    codes.push(B32_CODES[v]!);
  }
  return String.fromCharCode.apply(null, codes);
}

/** Forgets memoised names (benchmarks of a cold start; names are pure, so results never change). */
export function clearChainNameCache(): void {
  memo.clear();
  portNames.clear();
}

/** Memoised: the per-service-port names are asked for several times per sync. */
function hash16(input: string): string {
  let h = memo.get(input);
  if (h === undefined) {
    h = computeHash16(input);
    if (memo.size > 100_000) memo.clear();
    memo.set(input, h);
  }
  return h;
}

/**
 * kube-proxy `portProtoHash(servicePortName, protocol)`: the 16-character
 * suffix shared by KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW- chains.
 * `spn` is "ns/name" or "ns/name:portName", `protocolLower` "tcp"|"udp"|"sctp".
 */
export function portProtoHash(spn: string, protocolLower: string): string {
  return hash16(spn + protocolLower);
}

/** The 16-character suffix of a KUBE-SEP- chain: sha256(spn + protocol + "ip:port"). */
export function endpointHash(spn: string, protocolLower: string, endpoint: string): string {
  // Not memoised: one hash per endpoint per sync, and a memo lookup (building
  // and hashing the key string) costs about as much as SHA-256 of one block.
  // Callers that re-program reuse whole rule blocks instead.
  return computeHash16(spn + protocolLower + endpoint);
}

/** Per-service-port names, memoised by spn + protocol. */
const portNames = new Map<string, { svc: string; svl: string; ext: string; fw: string }>();

/** KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW- names of a service port (flat strings). */
export function servicePortChainNames(spn: string, protocolLower: string): { svc: string; svl: string; ext: string; fw: string } {
  const key = spn + protocolLower;
  let n = portNames.get(key);
  if (!n) {
    const h = hash16(key);
    n = { svc: computeFlat('KUBE-SVC-', h), svl: computeFlat('KUBE-SVL-', h), ext: computeFlat('KUBE-EXT-', h), fw: computeFlat('KUBE-FW-', h) };
    if (portNames.size > 100_000) portNames.clear();
    portNames.set(key, n);
  }
  return n;
}

function computeFlat(prefix: string, h: string): string {
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  for (let i = 0; i < h.length; i++) codes.push(h.charCodeAt(i));
  return String.fromCharCode.apply(null, codes);
}

export const serviceChainName = (spn: string, p: string): string => `KUBE-SVC-${portProtoHash(spn, p)}`;
export const localPolicyChainName = (spn: string, p: string): string => `KUBE-SVL-${portProtoHash(spn, p)}`;
export const externalChainName = (spn: string, p: string): string => `KUBE-EXT-${portProtoHash(spn, p)}`;
export const firewallChainName = (spn: string, p: string): string => `KUBE-FW-${portProtoHash(spn, p)}`;
export const endpointChainName = (spn: string, p: string, endpoint: string): string => computeHash16(spn + p + endpoint, 'KUBE-SEP-');
