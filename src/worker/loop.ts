// Drives a Simulation with a real clock: steps it a few dozen times a second
// and hands out the frames. Shared by the Web Worker and the in-process
// fallback, so both behave the same.

import type { SimCommand, SimFrame } from '../protocol/messages';
import type { Simulation } from '../sim/simulation';

export interface SimLoop {
  send(cmd: SimCommand): void;
  destroy(): void;
}

export function createSimLoop(sim: Simulation, emit: (frame: SimFrame) => void, intervalMs = 50): SimLoop {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    // A background tab throttles timers; never jump more than half a second.
    const dt = Math.min(0.5, (now - last) / 1000);
    last = now;
    for (const f of sim.step(dt)) emit(f);
  }, intervalMs);
  return {
    send(cmd) {
      try {
        for (const f of sim.handle(cmd)) emit(f);
      } catch (e) {
        emit({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    },
    destroy() {
      clearInterval(timer);
      sim.destroy();
    },
  };
}

/**
 * Commands that arrived while the simulation was busy are handled together,
 * and of several manifest loads only the newest runs: typing fast into a
 * large manifest never builds a queue of stale clusters.
 */
export function createCoalescingSender(
  send: (cmd: SimCommand) => void,
  schedule: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
): (cmd: SimCommand) => void {
  let queue: SimCommand[] = [];
  let scheduled = false;
  const drain = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const lastLoad = batch.map((c) => c.type).lastIndexOf('load');
    // A load without a seed keeps the current one, so a seed of a skipped
    // load (a shared link's, then an editor echo) goes with the newest load.
    let seed: number | undefined;
    batch.forEach((c, i) => {
      if (c.type === 'load' && c.seed !== undefined) seed = c.seed;
      if (c.type !== 'load') send(c);
      else if (i === lastLoad) send(c.seed === undefined && seed !== undefined ? { ...c, seed } : c);
    });
  };
  return (cmd) => {
    queue.push(cmd);
    if (!scheduled) {
      scheduled = true;
      schedule(drain);
    }
  };
}
