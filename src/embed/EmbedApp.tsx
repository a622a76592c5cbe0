// The embed page's root: restores the shared link or fetches ?src=, runs the
// postMessage API, and shows the visualizer with compact or no controls.

import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDiagnostic } from '../model/diagnostic';
import type { SimCommand } from '../protocol/messages';
import type { AppStore, Lang } from '../store/app-store';
import { SvcvizView } from '../ui/SvcvizView';
import { createMessageBridge } from './bridge';
import type { InboundMessage, OutboundMessage } from './messages';
import type { EmbedParams } from './params';
import { applyCommands, nextStructure } from './share/apply';
import { buildPodStats, restoreCommands } from './share/restore';
import { buildShareLink } from './share/share-link';
import { decodeShareState } from './share/state-codec';
import { useEmbedT } from './i18n';

const toLang = (lang: string | undefined): Lang | undefined => {
  const primary = lang?.split('-')[0]?.toLowerCase();
  return primary === 'en' || primary === 'vi' ? primary : undefined;
};

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The start-up manifest: the link's own state wins over ?src=. */
async function startUp(app: AppStore, params: EmbedParams, hash: string, sendRaw?: (cmd: SimCommand) => void): Promise<string | null> {
  const shared = decodeShareState(hash);
  if (shared.ok) {
    applyCommands(app, restoreCommands({ ...shared.state, mode: shared.state.mode ?? params.mode }), sendRaw);
    return null;
  }
  if (shared.error) return shared.error;
  if (!params.src) {
    if (params.mode) app.actions.setMode(params.mode);
    return null;
  }
  const url = new URL(params.src, location.href);
  const res = await fetch(url, { credentials: 'omit' });
  if (!res.ok) throw new Error(`cannot load ${params.src}: HTTP ${res.status}`);
  applyCommands(app, restoreCommands({ yaml: await res.text(), ...(params.mode ? { mode: params.mode } : {}) }, { file: fileName(url) }), sendRaw);
  return null;
}

/** `web.yaml` from `https://x/docs/web.yaml?v=2`: how diagnostics name the file. */
function fileName(url: URL): string {
  const last = url.pathname.split('/').pop() || url.hostname;
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // a malformed %-sequence: keep it as written
  }
}

async function runCommand(app: AppStore, m: InboundMessage): Promise<OutboundMessage | void> {
  switch (m.type) {
    case 'svcviz:load': {
      const before = app.store.getState().frame?.version ?? -1;
      const wait = nextStructure(app, before);
      app.actions.load(m.yaml);
      const f = await wait;
      if (f && 'error' in f) throw new Error(f.error);
      const firstError = f?.diagnostics.find((d) => d.severity === 'error');
      if (firstError) throw new Error(formatDiagnostic(firstError));
      return;
    }
    case 'svcviz:set-mode':
      app.actions.setMode(m.mode);
      return;
    case 'svcviz:play':
      app.actions.play();
      return;
    case 'svcviz:pause':
      app.actions.pause();
      return;
    case 'svcviz:get-stats': {
      const s = app.store.getState();
      return { type: 'svcviz:stats', pods: buildPodStats(s.frame?.cluster ?? null, s.received) };
    }
  }
}

export interface EmbedAppProps {
  app: AppStore;
  params: EmbedParams;
  /** location.hash at start-up */
  hash: string;
  /** the SimClient's send, so a restored load keeps its seed */
  sendRaw?: (cmd: SimCommand) => void;
}

export function EmbedApp({ app, params, hash, sendRaw }: EmbedAppProps) {
  const [status, setStatus] = useState<string | null>(null);
  const started = useRef(false);
  const lang = useMemo(() => toLang(params.lang), [params.lang]);
  const t = useEmbedT(app);

  useEffect(() => {
    document.body.dataset.theme = params.theme;
    if (params.lang) document.documentElement.lang = params.lang;
  }, [params.theme, params.lang]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
    const bridge = createMessageBridge({
      win: window,
      allowedOrigins: params.origins,
      handle: (m) => runCommand(app, m),
      ancestorOrigin: ancestors && ancestors.length > 0 ? (ancestors[0] ?? undefined) : undefined,
      referrer: document.referrer,
    });
    startUp(app, params, hash, sendRaw)
      .then((warning) => {
        if (warning) {
          setStatus(warning);
          bridge.reportError(warning);
        }
      })
      .catch((e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        setStatus(message);
        bridge.reportError(message);
      })
      .finally(() => {
        const play = params.autoplay ?? !prefersReducedMotion();
        if (play) app.actions.play();
        else app.actions.pause();
        bridge.announceReady();
      });
    // The bridge lives as long as the page.
  }, [app, params, hash, sendRaw]);

  const openInApp = (): void => {
    // The app lives next to embed.html. A picture too large for a link opens the app without it.
    const r = buildShareLink(app, new URL('./', location.href).href);
    window.open(r.url ?? new URL('./', location.href).href, '_blank', 'noopener');
  };

  return (
    <div className="embed" data-testid="embed">
      {status && (
        <p className="embed-status" role="alert">
          {status}
        </p>
      )}
      <div className="embed-body">
        <SvcvizView
          store={app}
          controls={params.controls}
          theme={params.theme}
          {...(params.autoplay !== undefined ? { autoplay: params.autoplay } : {})}
          {...(lang ? { lang } : {})}
        />
      </div>
      {params.controls !== 'none' && (
        <div className="embed-footer">
          <button type="button" className="link" onClick={openInApp}>
            {t('openInApp')}
          </button>
        </div>
      )}
    </div>
  );
}
