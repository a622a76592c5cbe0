// embed.html: the scene without the app's chrome, for iframes in
// documentation pages and for <svc-viz>. Wires the concrete pieces: one
// store with its worker, the parameters, the shared-link state, ?src= and
// the postMessage bridge.

import { createRoot } from 'react-dom/client';
import { createAppStore } from '../store/app-store';
import { createSimClient } from '../worker/client';
import { EmbedApp } from './EmbedApp';
import { parseEmbedParams } from './params';
import './embed.css';

const params = parseEmbedParams(location.search);
const client = createSimClient();
const app = createAppStore(client);
const root = document.getElementById('root');
if (root) createRoot(root).render(<EmbedApp app={app} params={params} hash={location.hash} sendRaw={(cmd) => client.send(cmd)} />);
