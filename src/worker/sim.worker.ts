// Thin shell: the simulation runs here, off the main thread, so parsing,
// modelling, rule programming and routing never freeze the page.

import type { SimCommand, SimFrame } from '../protocol/messages';
import { createRealEngine } from '../sim/engine-real';
import { createSimulation } from '../sim/simulation';
import { createCoalescingSender, createSimLoop } from './loop';

const scope = self as unknown as {
  postMessage(m: SimFrame): void;
  onmessage: ((e: MessageEvent<SimCommand>) => void) | null;
};

const loop = createSimLoop(createSimulation({ engine: createRealEngine() }), (f) => scope.postMessage(f));
const send = createCoalescingSender((cmd) => loop.send(cmd));
scope.onmessage = (e) => send(e.data);
