// The whole shareable picture in the URL fragment: manifest, proxy mode,
// selected node, traffic source and destination, speed and seed, as
// JSON -> UTF-8 -> raw DEFLATE (fflate) -> base64url, after `#s=`.
//
// A fragment never leaves the browser (it is not sent in the HTTP request),
// so links work on any static host and the manifest is sent nowhere.
//
// Size limit: links are refused above MAX_FRAGMENT_CHARS characters of
// payload (about 100–300 KB of typical YAML, since YAML deflates 4–8x). Beyond
// that the share button explains it and suggests hosting the file and using
// `?src=`. Browsers accept far longer URLs (Chromium ~2 MB), but chat apps,
// Markdown renderers and mail clients start truncating long before; a link
// that silently loses its tail would restore nothing.
//
// The decoder treats the fragment as untrusted input: bounded length, bounded
// inflated size (no zip bombs), every field type-checked, unknown fields dropped.

import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { ProxyMode } from '../../model/types';
import { parseProxyMode } from '../params';
import { decodeBase64url, encodeBase64url } from './base64url';

export const STATE_FRAGMENT_KEY = 's';
export const STATE_VERSION = 1;
/** Longest payload a "Copy link" produces. */
export const MAX_FRAGMENT_CHARS = 32_000;
/** Longest payload accepted when opening a link (links made by other tools/versions). */
export const MAX_DECODE_CHARS = 256_000;
/** Largest inflated JSON accepted (bytes). */
export const MAX_INFLATED_BYTES = 2_000_000;

export interface ShareState {
  /** the manifest text, exactly as in the editor */
  yaml: string;
  mode?: ProxyMode;
  /** name of the node whose kube-proxy rules are shown */
  node?: string;
  /** traffic source / destination as the app identifies them (e.g. `Pod/default/client`, `external`, `Service/default/web:80`) */
  source?: string;
  destination?: string;
  /** animation speed factor */
  speed?: number;
  /** simulation seed (uint32) */
  seed?: number;
}

/** Short keys keep links short; the meaning is fixed by STATE_VERSION. */
interface WireState {
  v: number;
  y: string;
  m?: string;
  n?: string;
  s?: string;
  d?: string;
  sp?: number;
  sd?: number;
}

export type EncodeResult =
  | { ok: true; fragment: string; payloadChars: number }
  | { ok: false; reason: 'too-large'; payloadChars: number; limit: number };

export function encodeShareState(state: ShareState): EncodeResult {
  const wire: WireState = { v: STATE_VERSION, y: state.yaml };
  if (state.mode) wire.m = state.mode;
  if (state.node) wire.n = state.node;
  if (state.source) wire.s = state.source;
  if (state.destination) wire.d = state.destination;
  if (state.speed !== undefined && Number.isFinite(state.speed)) wire.sp = state.speed;
  if (state.seed !== undefined && Number.isInteger(state.seed)) wire.sd = state.seed >>> 0;
  const payload = encodeBase64url(deflateSync(strToU8(JSON.stringify(wire)), { level: 9 }));
  if (payload.length > MAX_FRAGMENT_CHARS) {
    return { ok: false, reason: 'too-large', payloadChars: payload.length, limit: MAX_FRAGMENT_CHARS };
  }
  return { ok: true, fragment: `#${STATE_FRAGMENT_KEY}=${payload}`, payloadChars: payload.length };
}

export type DecodeResult =
  | { ok: true; state: ShareState; warnings: string[] }
  | { ok: false; error: string }
  /** the fragment holds no shared state at all (e.g. empty, or an in-page anchor) */
  | { ok: false; error: null };

/** Reads `location.hash` (with or without the leading `#`). */
export function decodeShareState(hash: string): DecodeResult {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const params = new URLSearchParams(h);
  const payload = params.get(STATE_FRAGMENT_KEY);
  if (payload === null) return { ok: false, error: null };
  if (payload.length > MAX_DECODE_CHARS) {
    return { ok: false, error: `shared link is too long (${payload.length} characters, limit ${MAX_DECODE_CHARS})` };
  }
  const bytes = decodeBase64url(payload);
  if (!bytes) return { ok: false, error: 'shared link is damaged: not base64url' };
  let json: string;
  try {
    // One byte more than allowed: if it fills up, the content was too large
    // (fflate truncates to the given buffer instead of growing it).
    const out = inflateSync(bytes, { out: new Uint8Array(MAX_INFLATED_BYTES + 1) });
    if (out.length > MAX_INFLATED_BYTES) return { ok: false, error: 'shared link expands beyond the size limit' };
    json = strFromU8(out);
  } catch {
    return { ok: false, error: 'shared link is damaged: cannot decompress' };
  }
  let wire: unknown;
  try {
    wire = JSON.parse(json);
  } catch {
    return { ok: false, error: 'shared link is damaged: not JSON' };
  }
  return validateWire(wire);
}

function validateWire(wire: unknown): DecodeResult {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) {
    return { ok: false, error: 'shared link is damaged: not an object' };
  }
  const w = wire as Record<string, unknown>;
  if (w.v !== STATE_VERSION) return { ok: false, error: `shared link has unsupported version ${String(w.v)}` };
  if (typeof w.y !== 'string') return { ok: false, error: 'shared link has no manifest' };
  const warnings: string[] = [];
  const state: ShareState = { yaml: w.y };
  if (w.m !== undefined) {
    const mode = parseProxyMode(w.m);
    if (mode) state.mode = mode;
    else warnings.push(`ignored unknown proxy mode ${JSON.stringify(w.m)}`);
  }
  const str = (key: 'n' | 's' | 'd', field: 'node' | 'source' | 'destination'): void => {
    const v = w[key];
    if (v === undefined) return;
    if (typeof v === 'string' && v.length > 0 && v.length <= 512) state[field] = v;
    else warnings.push(`ignored invalid ${field}`);
  };
  str('n', 'node');
  str('s', 'source');
  str('d', 'destination');
  if (w.sp !== undefined) {
    if (typeof w.sp === 'number' && Number.isFinite(w.sp) && w.sp > 0 && w.sp <= 100) state.speed = w.sp;
    else warnings.push('ignored invalid speed');
  }
  if (w.sd !== undefined) {
    if (typeof w.sd === 'number' && Number.isInteger(w.sd) && w.sd >= 0 && w.sd <= 0xffffffff) state.seed = w.sd;
    else warnings.push('ignored invalid seed');
  }
  return { ok: true, state, warnings };
}

/** `base` (any URL) with its fragment replaced by the state; query (?src=…) kept. */
export function buildShareUrl(base: string, state: ShareState): EncodeResult & { url?: string } {
  const r = encodeShareState(state);
  if (!r.ok) return r;
  const i = base.indexOf('#');
  return { ...r, url: (i >= 0 ? base.slice(0, i) : base) + r.fragment };
}
