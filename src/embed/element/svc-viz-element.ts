// <svc-viz>: the web component behind svcviz-embed.js, a classic script
// (IIFE, built by build/embed-script-plugin.ts) that works from <head> or
// <body>: elements already in the page upgrade when the script defines them.
//
// Each element renders an inner iframe pointing at embed.html next to the
// script's own URL (document.currentScript.src), inside an open shadow root.
// The iframe gives isolation (the page's CSS and scripts cannot reach the
// scene, the manifest cannot reach the page) and its own module worker. Every
// element talks only to its own iframe (event.source check), so several on
// one page stay independent.
//
// Manifest: inline in a child <script type="text/yaml">, or `src` (fetched
// by this element, relative to the page, so no CORS is needed towards the
// embed's host), or later through `el.load(yaml)`.

import { formatEmbedParams, parseBooleanParam, parseControls, parseLang, parseProxyMode, parseTheme } from '../params';
import type { OutboundMessage, PodStat } from '../messages';
import { dedent, unescapeInlineYaml } from '../snippets';

// Captured while the script runs: later, document.currentScript is null.
const SCRIPT_URL = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
const EMBED_URL = new URL('embed.html', SCRIPT_URL);
const EMBED_ORIGIN = EMBED_URL.origin;
const PAGE_ORIGIN = location.origin;

const STYLE = `
:host { display: block; position: relative; width: 100%; max-width: 100%; height: 480px; min-height: 240px; contain: content; }
:host([hidden]) { display: none; }
iframe { display: block; border: 0; width: 100%; height: 100%; background: transparent; }
@media (max-width: 480px) { :host { height: 420px; } }
`;

type Sent = { type: 'svcviz:load'; yaml: string } | { type: 'svcviz:set-mode'; mode: string } | { type: 'svcviz:play' } | { type: 'svcviz:pause' } | { type: 'svcviz:get-stats' };

export class SvcVizElement extends HTMLElement {
  static observedAttributes = ['src', 'mode', 'autoplay', 'controls', 'theme', 'lang'];

  private iframe: HTMLIFrameElement | null = null;
  private ready = false;
  private queue: Sent[] = [];
  private statsWaiters: ((pods: PodStat[]) => void)[] = [];
  private loadedSrc: string | null = null;
  private readonly onMessage = (e: MessageEvent): void => this.receive(e);

  connectedCallback(): void {
    window.addEventListener('message', this.onMessage);
    if (!this.iframe) this.render();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.iframe || old === value) return;
    if (name === 'mode') {
      const mode = parseProxyMode(value);
      if (mode) this.post({ type: 'svcviz:set-mode', mode });
    } else if (name === 'autoplay') {
      this.post({ type: parseBooleanParam(value, true) ? 'svcviz:play' : 'svcviz:pause' });
    } else if (name === 'src') {
      void this.loadSrc();
    } else {
      // controls, theme, lang shape the page itself: reload it.
      this.ready = false;
      this.iframe.src = this.embedUrl();
    }
  }

  /** Replaces the manifest. */
  load(yaml: string): void {
    this.post({ type: 'svcviz:load', yaml });
  }

  setMode(mode: string): void {
    this.post({ type: 'svcviz:set-mode', mode });
  }

  play(): void {
    this.post({ type: 'svcviz:play' });
  }

  pause(): void {
    this.post({ type: 'svcviz:pause' });
  }

  /** Connections each pod received so far. */
  getStats(): Promise<PodStat[]> {
    return new Promise((resolve) => {
      this.statsWaiters.push(resolve);
      this.post({ type: 'svcviz:get-stats' });
    });
  }

  private embedUrl(): string {
    const params = formatEmbedParams({
      mode: parseProxyMode(this.getAttribute('mode')) ?? undefined,
      controls: parseControls(this.getAttribute('controls'), 'none'),
      // absent: the embed decides (plays unless the reader prefers reduced motion)
      ...(this.hasAttribute('autoplay') ? { autoplay: parseBooleanParam(this.getAttribute('autoplay'), true) } : {}),
      theme: parseTheme(this.getAttribute('theme')),
      lang: parseLang(this.getAttribute('lang')),
      // Only this page may drive the inner embed.
      origins: PAGE_ORIGIN !== 'null' ? [PAGE_ORIGIN] : [],
    });
    return EMBED_URL.href + params;
  }

  private render(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const iframe = document.createElement('iframe');
    iframe.title = this.getAttribute('title') || 'svcviz: interactive Kubernetes Service diagram';
    iframe.loading = 'lazy';
    iframe.setAttribute('part', 'frame');
    iframe.src = this.embedUrl();
    root.replaceChildren(style, iframe);
    this.iframe = iframe;
  }

  private post(msg: Sent): void {
    if (!this.ready || !this.iframe?.contentWindow) {
      this.queue.push(msg);
      return;
    }
    this.iframe.contentWindow.postMessage(msg, EMBED_ORIGIN);
  }

  private receive(e: MessageEvent): void {
    // Only our own iframe, from the embed's origin.
    if (!this.iframe || e.source !== this.iframe.contentWindow || e.origin !== EMBED_ORIGIN) return;
    const data = e.data as OutboundMessage | null;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    if (data.type === 'svcviz:ready') {
      this.ready = true;
      void this.initialLoad().then(() => {
        const q = this.queue;
        this.queue = [];
        for (const m of q) this.post(m);
        this.emit('svcviz:ready', {});
      });
    } else if (data.type === 'svcviz:stats') {
      const pods = Array.isArray(data.pods) ? data.pods : [];
      const waiters = this.statsWaiters;
      this.statsWaiters = [];
      waiters.forEach((w) => w(pods));
      this.emit('svcviz:stats', { pods });
    } else if (data.type === 'svcviz:error') {
      this.emit('svcviz:error', { message: String(data.message) });
    }
  }

  private emit(type: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** First manifest after the embed is ready: `src` wins, else the inline script. */
  private async initialLoad(): Promise<void> {
    if (this.getAttribute('src')) {
      await this.loadSrc();
      return;
    }
    if (document.readyState === 'loading') {
      // Parsed from <head>: the inline <script type="text/yaml"> may not exist yet.
      await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
    }
    const inline = this.querySelector(':scope > script[type="text/yaml"]');
    if (inline?.textContent?.trim()) this.post({ type: 'svcviz:load', yaml: dedent(unescapeInlineYaml(inline.textContent)) });
  }

  private async loadSrc(): Promise<void> {
    const src = this.getAttribute('src');
    if (!src) return;
    const url = new URL(src, document.baseURI).href;
    this.loadedSrc = url;
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const text = await res.text();
      if (this.loadedSrc === url) this.post({ type: 'svcviz:load', yaml: text });
    } catch (err) {
      this.emit('svcviz:error', { message: `cannot load ${src}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
}

if (!customElements.get('svc-viz')) customElements.define('svc-viz', SvcVizElement);
