// "Embed": ready-to-paste snippets for documentation pages (iframe, the
// <svc-viz> web component, Markdown, MDX) built from the current picture,
// plus the exports.

import { useMemo, useRef, useState } from 'react';
import type { ProxyMode } from '../model/types';
import type { AppStore } from '../store/app-store';
import { ExportMenu } from './ExportMenu';
import { copyText } from './export/download';
import { useEmbedT } from './i18n';
import { PROXY_MODES, parseOrigins, type ControlsMode, type Theme } from './params';
import { currentSharedSeed } from './share/link-restore';
import { captureShareState } from './share/restore';
import { encodeShareState } from './share/state-codec';
import { buildIframeSnippet, buildMarkdownSnippet, buildMdxSnippet, buildWebComponentSnippet, type SnippetInput } from './snippets';

interface Options {
  source: 'inline' | 'url';
  url: string;
  mode: ProxyMode | '';
  controls: ControlsMode;
  autoplay: boolean;
  theme: Theme;
  height: number;
  origin: string;
}

export function EmbedDialog({ app }: { app: AppStore }) {
  const t = useEmbedT(app);
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState('');
  const [o, setO] = useState<Options>({ source: 'inline', url: '', mode: '', controls: 'compact', autoplay: true, theme: 'auto', height: 480, origin: '' });
  const set = <K extends keyof Options>(k: K, v: Options[K]): void => setO((prev) => ({ ...prev, [k]: v }));

  const snippets = useMemo(() => {
    if (!open) return null;
    const s = app.store.getState();
    const mode = o.mode || s.frame?.mode;
    const params: SnippetInput['params'] = {
      ...(mode ? { mode } : {}),
      controls: o.controls,
      // checked: automatic (plays unless the reader prefers reduced motion)
      ...(o.autoplay ? {} : { autoplay: false }),
      theme: o.theme,
      origins: parseOrigins([o.origin]),
      ...(o.source === 'url' && o.url.trim() ? { src: o.url.trim() } : {}),
    };
    const baseUrl = new URL('./', location.href).href;
    let fragment: string | undefined;
    let note = '';
    if (!params.src) {
      const enc = encodeShareState({ ...captureShareState(s.frame, s.text, currentSharedSeed()), ...(mode ? { mode } : {}) });
      if (enc.ok) fragment = enc.fragment;
      else note = t('snippetTooLarge', { size: enc.payloadChars, limit: enc.limit });
    }
    const input: SnippetInput = { baseUrl, params, ...(fragment ? { fragment } : {}), yaml: s.text, height: o.height };
    return {
      note,
      items: [
        { id: 'iframe', label: 'iframe', text: buildIframeSnippet(input) },
        { id: 'web-component', label: 'Web component <svc-viz>', text: buildWebComponentSnippet(input) },
        { id: 'markdown', label: 'Markdown', text: buildMarkdownSnippet(input) },
        { id: 'mdx', label: 'MDX', text: buildMdxSnippet(input) },
      ],
    };
  }, [open, o, app, t]);

  const show = (): void => {
    setOpen(true);
    dialog.current?.showModal();
  };
  const close = (): void => {
    dialog.current?.close();
    setOpen(false);
  };

  return (
    <>
      <button type="button" onClick={show} aria-haspopup="dialog">
        {t('embedExport')}
      </button>
      <dialog ref={dialog} className="embed-dialog" aria-label={t('embedAndExport')} onClose={() => setOpen(false)}>
        <form method="dialog" className="embed-options" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>{t('manifest')}</legend>
            <label>
              <input type="radio" name="source" checked={o.source === 'inline'} onChange={() => set('source', 'inline')} /> {t('insideLink')}
            </label>
            <label>
              <input type="radio" name="source" checked={o.source === 'url'} onChange={() => set('source', 'url')} /> {t('atUrl')}
            </label>
            <input type="url" aria-label={t('manifestUrl')} placeholder="https://example.com/service.yaml" value={o.url} disabled={o.source !== 'url'} onChange={(e) => set('url', e.target.value)} />
          </fieldset>
          <label>
            {t('mode')}{' '}
            <select value={o.mode} onChange={(e) => set('mode', e.target.value as ProxyMode | '')}>
              <option value="">{t('current')}</option>
              {PROXY_MODES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('controls')}{' '}
            <select value={o.controls} onChange={(e) => set('controls', e.target.value as ControlsMode)}>
              <option value="none">none</option>
              <option value="compact">compact</option>
              <option value="full">full</option>
            </select>
          </label>
          <label>
            <input type="checkbox" checked={o.autoplay} onChange={(e) => set('autoplay', e.target.checked)} /> {t('autoplay')}
          </label>
          <label>
            {t('theme')}{' '}
            <select value={o.theme} onChange={(e) => set('theme', e.target.value as Theme)}>
              <option value="auto">auto</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </select>
          </label>
          <label>
            {t('height')}{' '}
            <input type="number" min={200} max={2000} step={20} value={o.height} onChange={(e) => set('height', Math.max(200, Math.min(2000, Number(e.target.value) || 480)))} />
          </label>
          <label>
            {t('onlyOrigin')}{' '}
            <input type="url" placeholder="https://docs.example.com" value={o.origin} onChange={(e) => set('origin', e.target.value)} />
          </label>
        </form>
        {snippets?.note && (
          <p className="embed-note" role="alert">
            {snippets.note}
          </p>
        )}
        {snippets?.items.map((s) => (
          <section key={s.id} className="snippet" data-snippet={s.id}>
            <h3>{s.label}</h3>
            <textarea readOnly rows={s.id === 'web-component' ? 8 : 4} value={s.text} aria-label={t('snippet', { label: s.label })} />
            <button
              type="button"
              onClick={() =>
                void copyText(s.text).then((ok) => setCopied(ok ? t('snippetCopied', { label: s.label }) : t('copyFailedSelect')))
              }
            >
              {t('copySnippet', { label: s.label })}
            </button>
          </section>
        ))}
        <p role="status" aria-live="polite">
          {copied}
        </p>
        <h3>{t('export')}</h3>
        <ExportMenu app={app} />
        <button type="button" onClick={close}>
          {t('close')}
        </button>
      </dialog>
    </>
  );
}
