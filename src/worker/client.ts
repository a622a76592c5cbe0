// Main-thread side of the simulation: posts commands to the module worker and
// fans frames out to subscribers. Where Workers do not exist (Node, tests) or
// when asked, the same loop runs in-process.

import type { SimCommand, SimFrame } from '../protocol/messages';
import { createSimulation } from '../sim/simulation';
import type { SimEngine } from '../sim/engine';
import { createSimLoop } from './loop';

export interface SimClient {
  send(cmd: SimCommand): void;
  subscribe(listener: (frame: SimFrame) => void): () => void;
  destroy(): void;
}

export interface SimClientOptions {
  /** run in this thread with the given engine instead of a Web Worker */
  inProcessEngine?: SimEngine;
}

export function createSimClient(options: SimClientOptions = {}): SimClient {
  const listeners = new Set<(frame: SimFrame) => void>();
  const emit = (f: SimFrame): void => listeners.forEach((l) => l(f));
  let send: (cmd: SimCommand) => void;
  let stop: () => void;
  if (!options.inProcessEngine && typeof Worker !== 'undefined') {
    const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'svcviz-sim' });
    worker.onmessage = (e: MessageEvent<SimFrame>) => emit(e.data);
    worker.onerror = (e) => emit({ type: 'error', message: e.message || 'simulation worker failed' });
    send = (cmd) => worker.postMessage(cmd);
    stop = () => worker.terminate();
  } else {
    if (!options.inProcessEngine) throw new Error('createSimClient: no Worker here; pass inProcessEngine');
    const loop = createSimLoop(createSimulation({ engine: options.inProcessEngine }), emit);
    send = (cmd) => queueMicrotask(() => loop.send(cmd));
    stop = () => loop.destroy();
  }
  return {
    send: (cmd) => send(cmd),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      stop();
      listeners.clear();
    },
  };
}
