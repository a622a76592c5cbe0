// The postMessage API of the embed iframe: message shapes, validation and the
// sender check. Pure: the DOM wiring lives in bridge.ts.
//
// In (from the embedding parent):
//   {type:'svcviz:load', yaml}  {type:'svcviz:set-mode', mode}
//   {type:'svcviz:play'}  {type:'svcviz:pause'}  {type:'svcviz:get-stats'}
// Out (to that parent, at its origin only — never '*'):
//   {type:'svcviz:ready'}  {type:'svcviz:stats', pods:[{namespace,name,received}]}
//   {type:'svcviz:error', message}

import type { ProxyMode } from '../model/types';
import { PROXY_MODES, parseProxyMode } from './params';

/** Same order of magnitude as the editor accepts; a message is untrusted input. */
export const MAX_MESSAGE_YAML_CHARS = 2_000_000;

export type InboundMessage =
  | { type: 'svcviz:load'; yaml: string }
  | { type: 'svcviz:set-mode'; mode: ProxyMode }
  | { type: 'svcviz:play' }
  | { type: 'svcviz:pause' }
  | { type: 'svcviz:get-stats' };

export interface PodStat {
  namespace: string;
  name: string;
  /** packets (connections) this pod received since the manifest was loaded */
  received: number;
}

export type OutboundMessage =
  | { type: 'svcviz:ready' }
  | { type: 'svcviz:stats'; pods: PodStat[] }
  | { type: 'svcviz:error'; message: string };

export type ParsedInbound =
  /** not addressed to svcviz at all (other libraries share the channel): ignore silently */
  | { kind: 'foreign' }
  | { kind: 'invalid'; error: string }
  | { kind: 'ok'; message: InboundMessage };

export function parseInboundMessage(data: unknown): ParsedInbound {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { kind: 'foreign' };
  const d = data as Record<string, unknown>;
  if (typeof d.type !== 'string' || !d.type.startsWith('svcviz:')) return { kind: 'foreign' };
  switch (d.type) {
    case 'svcviz:load':
      if (typeof d.yaml !== 'string') return { kind: 'invalid', error: 'svcviz:load: "yaml" must be a string' };
      if (d.yaml.length > MAX_MESSAGE_YAML_CHARS) {
        return { kind: 'invalid', error: `svcviz:load: manifest too large (${d.yaml.length} characters, limit ${MAX_MESSAGE_YAML_CHARS})` };
      }
      return { kind: 'ok', message: { type: 'svcviz:load', yaml: d.yaml } };
    case 'svcviz:set-mode': {
      const mode = parseProxyMode(d.mode);
      if (!mode) {
        return { kind: 'invalid', error: `svcviz:set-mode: unsupported mode ${safeJson(d.mode)}; expected one of ${PROXY_MODES.join(', ')}` };
      }
      return { kind: 'ok', message: { type: 'svcviz:set-mode', mode } };
    }
    case 'svcviz:play':
    case 'svcviz:pause':
    case 'svcviz:get-stats':
      return { kind: 'ok', message: { type: d.type } };
    // Our own outbound types echoing back (e.g. a parent that relays) are not commands.
    case 'svcviz:ready':
    case 'svcviz:stats':
    case 'svcviz:error':
      return { kind: 'foreign' };
    default:
      return { kind: 'invalid', error: `unknown message type ${safeJson(d.type)}` };
  }
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof v;
  }
}

export interface SenderFacts<W> {
  /** event.source */
  source: W | null;
  /** event.origin */
  origin: string;
  /** window.parent */
  parent: W;
  /** window itself (a top-level embed page has no embedding parent) */
  self: W;
  /** allowed parent origins from the `origin` parameter; empty = any */
  allowedOrigins: readonly string[];
}

/**
 * Only the window that embeds us may drive the embed: another frame on the
 * page, a popup or the embed itself cannot. With an `origin` parameter, the
 * parent must also be on one of those origins (a page that framed us against
 * the author's intent is ignored).
 */
export function isTrustedSender<W>(f: SenderFacts<W>): boolean {
  if (f.parent === f.self) return false;
  if (f.source !== f.parent) return false;
  if (f.allowedOrigins.length > 0 && !f.allowedOrigins.includes(f.origin)) return false;
  return true;
}

/**
 * Where replies may go: the sender's own origin. An opaque origin ("null":
 * sandboxed frames, file://) cannot be targeted without '*', so it gets no
 * reply at all.
 */
export function replyTargetOrigin(origin: string): string | null {
  return origin && origin !== 'null' ? origin : null;
}

/**
 * Where `svcviz:ready` goes before any message arrived: the parent's origin
 * as the browser reports it (location.ancestorOrigins, else document.referrer)
 * — and with an `origin` list, only if the parent is on it. When the parent's
 * origin cannot be known, every configured origin is tried (the browser
 * delivers to the one that matches and drops the others).
 */
export function readyTargetOrigins(allowedOrigins: readonly string[], ancestorOrigin: string | undefined, referrer: string): string[] {
  const parent = knownParentOrigin(ancestorOrigin, referrer);
  if (allowedOrigins.length === 0) return parent ? [parent] : [];
  if (parent) return allowedOrigins.includes(parent) ? [parent] : [];
  return [...allowedOrigins];
}

function knownParentOrigin(ancestorOrigin: string | undefined, referrer: string): string | null {
  const fromAncestor = ancestorOrigin && replyTargetOrigin(ancestorOrigin);
  if (fromAncestor) return fromAncestor;
  try {
    return replyTargetOrigin(new URL(referrer).origin);
  } catch {
    return null;
  }
}
