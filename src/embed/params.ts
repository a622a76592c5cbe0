// Parameters of the embed page (embed.html?src=…&mode=…) and attributes of
// <svc-viz>. Pure parsing: the page and the element share these rules.

import type { ProxyMode } from '../model/types';

export const PROXY_MODES: readonly ProxyMode[] = ['userspace', 'iptables', 'ipvs', 'nftables'];

/** `IPVS`, ` nftables ` -> the canonical mode; anything else -> null. */
export function parseProxyMode(value: unknown): ProxyMode | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  return (PROXY_MODES as readonly string[]).includes(v) ? (v as ProxyMode) : null;
}

/**
 * Boolean parameters and attributes: `1`, `true` and bare presence (`?autoplay`,
 * `<svc-viz autoplay>`, both seen as the empty string) turn the option on;
 * `0` and `false` turn it off; absence (null/undefined) keeps the default.
 * Any other text is treated as presence, as HTML boolean attributes are.
 */
export function parseBooleanParam(value: string | null | undefined, fallback: boolean): boolean {
  if (value === null || value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  return true;
}

export type ControlsMode = 'full' | 'compact' | 'none';
export type Theme = 'light' | 'dark' | 'auto';

/** `controls` is a choice, but also accepts the boolean spellings: `controls` / `1` -> compact, `0` -> none. */
export function parseControls(value: string | null | undefined, fallback: ControlsMode): ControlsMode {
  if (value === null || value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'full' || v === 'compact' || v === 'none') return v;
  return parseBooleanParam(v, true) ? 'compact' : 'none';
}

export function parseTheme(value: string | null | undefined): Theme {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'light' || v === 'dark' ? v : 'auto';
}

/** BCP 47-ish language tag (`en`, `vi`, `pt-BR`); anything else is ignored. */
export function parseLang(value: string | null | undefined): string | undefined {
  const v = (value ?? '').trim();
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v) ? v : undefined;
}

/**
 * `origin=https://docs.example.com,https://example.org`: the parent origins
 * allowed to drive the embed by postMessage. Only serialised origins
 * (scheme://host[:port], no path) are kept, so a typo cannot widen the list.
 */
export function parseOrigins(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    for (const part of raw.split(/[\s,]+/)) {
      const o = normalizeOrigin(part);
      if (o && !out.includes(o)) out.push(o);
    }
  }
  return out;
}

function normalizeOrigin(text: string): string | null {
  const m = /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?\/?$/i.exec(text.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  let port = m[3] ?? '';
  if ((scheme === 'http' && port === ':80') || (scheme === 'https' && port === ':443')) port = '';
  return `${scheme}://${host}${port}`;
}

export interface EmbedParams {
  /** manifest URL, resolved against the embed page */
  src?: string;
  mode?: ProxyMode;
  controls: ControlsMode;
  /**
   * absent = automatic: plays, unless the reader asked for reduced motion
   * (prefers-reduced-motion), in which case it starts paused
   */
  autoplay?: boolean;
  theme: Theme;
  lang?: string;
  /** parent origins allowed to drive the embed; empty = any parent window */
  origins: string[];
}

/** Reads `location.search` of embed.html. */
export function parseEmbedParams(search: string): EmbedParams {
  const q = new URLSearchParams(search);
  const src = q.get('src')?.trim();
  return {
    ...(src ? { src } : {}),
    ...(parseProxyMode(q.get('mode')) ? { mode: parseProxyMode(q.get('mode'))! } : {}),
    controls: parseControls(q.get('controls'), 'none'),
    ...(q.has('autoplay') ? { autoplay: parseBooleanParam(q.get('autoplay'), true) } : {}),
    theme: parseTheme(q.get('theme')),
    ...(parseLang(q.get('lang')) ? { lang: parseLang(q.get('lang'))! } : {}),
    origins: parseOrigins(q.getAll('origin')),
  };
}

/** Builds the query string back (for snippets and the web component); defaults are left out. */
export function formatEmbedParams(p: Partial<EmbedParams>): string {
  const q = new URLSearchParams();
  if (p.src) q.set('src', p.src);
  if (p.mode) q.set('mode', p.mode);
  if (p.controls && p.controls !== 'none') q.set('controls', p.controls);
  if (p.autoplay !== undefined) q.set('autoplay', p.autoplay ? '1' : '0');
  if (p.theme && p.theme !== 'auto') q.set('theme', p.theme);
  if (p.lang) q.set('lang', p.lang);
  if (p.origins && p.origins.length > 0) q.set('origin', p.origins.join(','));
  const s = q.toString();
  return s ? `?${s}` : '';
}
