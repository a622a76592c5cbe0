// The link "Copy link" and "Open in svcviz" produce: a page URL without its
// query (the link carries the manifest, so ?src= would only compete) plus the
// state fragment of the current picture.

import type { AppStore } from '../../store/app-store';
import { currentSharedSeed } from './link-restore';
import { captureShareState } from './restore';
import { buildShareUrl } from './state-codec';

export function buildShareLink(app: AppStore, pageHref: string): ReturnType<typeof buildShareUrl> {
  const s = app.store.getState();
  const base = new URL(pageHref);
  base.search = '';
  base.hash = '';
  return buildShareUrl(base.href, captureShareState(s.frame, s.text, currentSharedSeed()));
}
