import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimCommand, SimFrame } from '../protocol/messages';
import type { Simulation } from '../sim/simulation';
import { createCoalescingSender, createSimLoop } from './loop';

function fakeSim() {
  const steps: number[] = [];
  const handled: SimCommand[] = [];
  const sim: Simulation = {
    handle: (c) => {
      handled.push(c);
      if (c.type === 'setMode') throw new Error('boom');
      return [{ type: 'error', message: `handled ${c.type}` }];
    },
    step: (dt) => {
      steps.push(dt);
      return [{ type: 'tick', time: steps.reduce((a, b) => a + b, 0), spawned: [], received: {}, inFlight: 0 }];
    },
    destroy: () => undefined,
  };
  return { sim, steps, handled };
}

describe('createSimLoop: drives the clockless simulation with real time', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('steps by the elapsed seconds every interval and emits the frames', () => {
    const { sim, steps } = fakeSim();
    const frames: SimFrame[] = [];
    const loop = createSimLoop(sim, (f) => frames.push(f), 50);
    vi.advanceTimersByTime(200);
    expect(steps).toHaveLength(4);
    for (const s of steps) expect(s).toBeCloseTo(0.05, 3);
    expect(frames.every((f) => f.type === 'tick')).toBe(true);
    loop.destroy();
    vi.advanceTimersByTime(200);
    expect(steps).toHaveLength(4);
  });

  it('never jumps more than half a second (a throttled background tab)', () => {
    const { sim, steps } = fakeSim();
    const loop = createSimLoop(sim, () => undefined, 50);
    vi.setSystemTime(Date.now() + 10_000);
    vi.advanceTimersByTime(50);
    expect(Math.max(...steps)).toBeLessThanOrEqual(0.5);
    loop.destroy();
  });

  it('answers commands with the simulation\'s frames, and a failing command with an error frame', () => {
    const { sim } = fakeSim();
    const frames: SimFrame[] = [];
    const loop = createSimLoop(sim, (f) => frames.push(f), 1000);
    loop.send({ type: 'play' });
    loop.send({ type: 'setMode', mode: 'ipvs' });
    expect(frames).toEqual([
      { type: 'error', message: 'handled play' },
      { type: 'error', message: 'boom' },
    ]);
    loop.destroy();
  });
});

describe('createCoalescingSender: a busy worker skips stale manifest loads', () => {
  it('keeps every other command, in order, and only the newest load', () => {
    const sent: SimCommand[] = [];
    let pending: (() => void) | null = null;
    const send = createCoalescingSender((c) => sent.push(c), (fn) => (pending = fn));
    send({ type: 'load', text: 'a' });
    send({ type: 'setMode', mode: 'ipvs' });
    send({ type: 'load', text: 'ab' });
    send({ type: 'load', text: 'abc' });
    send({ type: 'play' });
    expect(sent).toEqual([]);
    pending!();
    expect(sent).toEqual([{ type: 'setMode', mode: 'ipvs' }, { type: 'load', text: 'abc' }, { type: 'play' }]);
  });

  it('a skipped load\u2019s seed goes with the newest load unless it has its own', () => {
    const sent: SimCommand[] = [];
    let pending: (() => void) | null = null;
    const send = createCoalescingSender((c) => sent.push(c), (fn) => (pending = fn));
    send({ type: 'load', text: 'shared', file: 'editor', seed: 42 });
    send({ type: 'load', text: 'shared', file: 'editor' });
    pending!();
    expect(sent).toEqual([{ type: 'load', text: 'shared', file: 'editor', seed: 42 }]);
    send({ type: 'load', text: 'a', seed: 1 });
    send({ type: 'load', text: 'b', seed: 2 });
    pending!();
    expect(sent.at(-1)).toEqual({ type: 'load', text: 'b', seed: 2 });
  });
});
