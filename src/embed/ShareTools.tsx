// The app toolbar's share group: "Copy link" and "Embed / export", placed
// with one line: <ShareTools app={app} />.

import type { AppStore } from '../store/app-store';
import { EmbedDialog } from './EmbedDialog';
import { useEmbedT } from './i18n';
import { ShareButton } from './ShareButton';
import './share-tools.css';

export function ShareTools({ app }: { app: AppStore }) {
  const t = useEmbedT(app);
  return (
    <span className="share-tools" role="group" aria-label={t('share')}>
      <ShareButton app={app} />
      <EmbedDialog app={app} />
    </span>
  );
}
