// The app page: one store, one simulation worker, the full UI.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from './store/app-store';
import { createSimClient } from './worker/client';
import { App } from './ui/App';
import { ShareTools } from './embed/ShareTools';

const app = createAppStore(createSimClient());
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App app={app} tools={<ShareTools app={app} />} />
    </StrictMode>,
  );
}
