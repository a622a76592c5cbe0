// "Copy link": the whole picture (manifest, mode, node, traffic, speed, seed)
// in the URL fragment of a link to this page. Mounting it also restores a
// shared link the page was opened with.

import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from '../store/app-store';
import { copyText } from './export/download';
import { useEmbedT } from './i18n';
import { restoreSharedLinkOnce, watchSharedLinks } from './share/link-restore';
import { buildShareLink } from './share/share-link';
import { MAX_FRAGMENT_CHARS } from './share/state-codec';

export function ShareButton({ app }: { app: AppStore }) {
  const t = useEmbedT(app);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const hasFrame = useStore(app.store, (s) => s.frame !== null);

  useEffect(() => {
    let alive = true;
    void restoreSharedLinkOnce(app, location.hash).then((r) => {
      if (alive && r.error) setStatus({ text: r.error, error: true });
    });
    const unwatch = watchSharedLinks(app, window, (text) => setStatus({ text, error: true }));
    return () => {
      alive = false;
      unwatch();
    };
  }, [app]);

  const copy = async (): Promise<void> => {
    const r = buildShareLink(app, location.href);
    if (!r.ok || !r.url) {
      setStatus({ text: t('tooLargeForLink', { size: r.payloadChars, limit: MAX_FRAGMENT_CHARS }), error: true });
      return;
    }
    // Keep the address bar in step, so reload and bookmarks keep the picture too.
    history.replaceState(history.state, '', r.url);
    const ok = await copyText(r.url);
    setStatus(ok ? { text: t('linkCopied'), error: false } : { text: t('copyFailedAddressBar'), error: true });
  };

  return (
    <span className="share-button">
      <button type="button" onClick={() => void copy()} disabled={!hasFrame} data-testid="copy-link">
        {t('copyLink')}
      </button>
      <span className={status?.error ? 'share-status error' : 'share-status'} role="status" aria-live="polite">
        {status?.text ?? ''}
      </span>
    </span>
  );
}
