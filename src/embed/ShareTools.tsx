// The app toolbar's share group: "Copy link" and "Embed / export", placed
// with one line: <ShareTools app={app} />.

import type { AppStore } from '../store/app-store';
import { EmbedDialog } from './EmbedDialog';
import { ShareButton } from './ShareButton';
import './share-tools.css';

export function ShareTools({ app }: { app: AppStore }) {
  return (
    <span className="share-tools" role="group" aria-label="Share">
      <ShareButton app={app} />
      <EmbedDialog app={app} />
    </span>
  );
}
