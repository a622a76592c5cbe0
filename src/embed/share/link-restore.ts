// Opening a shared link in the app: the link carries its whole state and wins
// over ?src= and over the manifest saved in the browser. The app loads its
// usual start-up manifest first; the link's state is applied once that first
// load has landed (or failed), so it is the last word.

import type { AppStore } from '../../store/app-store';
import { applyCommands } from './apply';
import { restoreCommands } from './restore';
import { decodeShareState, type ShareState } from './state-codec';

/**
 * In the app the link's manifest becomes the editor text, so its diagnostics
 * are the editor's; the link's seed goes with the load, so the recipient sees
 * the same pod names and IPs as the sender.
 */
const APP_LOAD = { file: 'editor' } as const;

let restored: Promise<ShareState | null> | null = null;
let restoredSeed: number | undefined;

/** Seed of the restored link, so a link copied from it keeps the same run. */
export function currentSharedSeed(): number | undefined {
  return restoredSeed;
}

export type RestoreOutcome = { state: ShareState | null; error: string | null };

/**
 * Restores `hash` into `app` at most once per page (safe to call from several
 * components and from React StrictMode's double effects).
 */
export function restoreSharedLinkOnce(app: AppStore, hash: string, options: { afterFirstLoad?: boolean; fallbackMs?: number } = {}): Promise<RestoreOutcome> {
  const decoded = decodeShareState(hash);
  if (!decoded.ok) return Promise.resolve({ state: null, error: decoded.error });
  if (restored) return restored.then((state) => ({ state, error: null }));
  const state = decoded.state;
  restoredSeed = state.seed;
  const apply = (): ShareState => {
    applyCommands(app, restoreCommands(state, APP_LOAD));
    return state;
  };
  restored = options.afterFirstLoad === false ? Promise.resolve(apply()) : firstLoadSettled(app, options.fallbackMs ?? 5000).then(apply);
  return restored.then((s) => ({ state: s, error: null }));
}

function firstLoadSettled(app: AppStore, fallbackMs: number): Promise<void> {
  const s0 = app.store.getState();
  if (s0.frame || s0.error) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = app.store.subscribe((s) => {
      if (s.frame || s.error) done();
    });
    const timer = setTimeout(done, fallbackMs);
  });
}

/**
 * A link pasted into the address bar of an open app changes only the
 * fragment, which does not reload the page: apply it when it arrives.
 * (history.replaceState, used by "Copy link", fires no hashchange.)
 */
export function watchSharedLinks(
  app: AppStore,
  win: { addEventListener(t: 'hashchange', l: () => void): void; removeEventListener(t: 'hashchange', l: () => void): void; location: { hash: string } },
  onError: (message: string) => void = () => {},
): () => void {
  const listener = (): void => {
    const decoded = decodeShareState(win.location.hash);
    if (decoded.ok) {
      restoredSeed = decoded.state.seed;
      applyCommands(app, restoreCommands(decoded.state, APP_LOAD));
    } else if (decoded.error) onError(decoded.error);
  };
  win.addEventListener('hashchange', listener);
  return () => win.removeEventListener('hashchange', listener);
}
