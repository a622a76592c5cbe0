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
import type { TrafficSourceRef, TrafficTargetRef } from '../../protocol/messages';
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
  /** who sends the traffic */
  source?: TrafficSourceRef;
  /** which Service (and port, and how it is addressed) the traffic goes to */
  destination?: TrafficTargetRef;
  /** connections per second */
  rate?: number;
  /** animation speed factor */
  speed?: number;
  /** simulation seed (uint32) */
  seed?: number;
  /** IPVS scheduler (rr, lc, sh, ...) */
  scheduler?: string;
}

/** Short keys keep links short; the meaning is fixed by STATE_VERSION. */
interface WireState {
  v: number;
  y: string;
  m?: string;
  n?: string;
  s?: TrafficSourceRef;
  d?: TrafficTargetRef;
  r?: number;
  sp?: number;
  sd?: number;
  sc?: string;
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
  if (state.rate !== undefined && Number.isFinite(state.rate)) wire.r = state.rate;
  if (state.speed !== undefined && Number.isFinite(state.speed)) wire.sp = state.speed;
  if (state.seed !== undefined && Number.isInteger(state.seed)) wire.sd = state.seed >>> 0;
  if (state.scheduler) wire.sc = state.scheduler;
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
  if (w.n !== undefined) {
    if (isName(w.n)) state.node = w.n;
    else warnings.push('ignored invalid node');
  }
  if (w.s !== undefined) {
    const src = validateSource(w.s);
    if (src) state.source = src;
    else warnings.push('ignored invalid traffic source');
  }
  if (w.d !== undefined) {
    const dst = validateTarget(w.d);
    if (dst) state.destination = dst;
    else warnings.push('ignored invalid traffic destination');
  }
  if (w.r !== undefined) {
    if (typeof w.r === 'number' && Number.isFinite(w.r) && w.r >= 0 && w.r <= 1000) state.rate = w.r;
    else warnings.push('ignored invalid rate');
  }
  if (w.sp !== undefined) {
    if (typeof w.sp === 'number' && Number.isFinite(w.sp) && w.sp > 0 && w.sp <= 100) state.speed = w.sp;
    else warnings.push('ignored invalid speed');
  }
  if (w.sd !== undefined) {
    if (typeof w.sd === 'number' && Number.isInteger(w.sd) && w.sd >= 0 && w.sd <= 0xffffffff) state.seed = w.sd;
    else warnings.push('ignored invalid seed');
  }
  if (w.sc !== undefined) {
    if (typeof w.sc === 'string' && /^[a-z]{1,8}$/.test(w.sc)) state.scheduler = w.sc;
    else warnings.push('ignored invalid scheduler');
  }
  return { ok: true, state, warnings };
}

/** A Kubernetes object name or namespace as it may appear in a link (bounded; shown as text only). */
function isName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 253;
}

function validateSource(v: unknown): TrafficSourceRef | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.kind === 'external') return { kind: 'external' };
  if (o.kind === 'node' && isName(o.name)) return { kind: 'node', name: o.name };
  if (o.kind === 'pod' && isName(o.namespace) && isName(o.name)) return { kind: 'pod', namespace: o.namespace, name: o.name };
  return null;
}

const VIAS: readonly NonNullable<TrafficTargetRef['via']>[] = ['auto', 'dns', 'clusterIP', 'nodePort', 'loadBalancer'];

function validateTarget(v: unknown): TrafficTargetRef | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (!isName(o.namespace) || !isName(o.name)) return null;
  const t: TrafficTargetRef = { namespace: o.namespace, name: o.name };
  if (o.port !== undefined) {
    if ((typeof o.port === 'number' && Number.isInteger(o.port) && o.port > 0 && o.port < 65536) || (typeof o.port === 'string' && o.port.length <= 63)) t.port = o.port;
    else return null;
  }
  if (o.via !== undefined) {
    if (!(VIAS as readonly unknown[]).includes(o.via)) return null;
    t.via = o.via as TrafficTargetRef['via'];
  }
  return t;
}

/** `base` (any URL) with its fragment replaced by the state; query (?src=…) kept. */
export function buildShareUrl(base: string, state: ShareState): EncodeResult & { url?: string } {
  const r = encodeShareState(state);
  if (!r.ok) return r;
  const i = base.indexOf('#');
  return { ...r, url: (i >= 0 ? base.slice(0, i) : base) + r.fragment };
}
