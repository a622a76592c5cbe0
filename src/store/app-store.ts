// The app's state: a zustand vanilla store fed by the simulation client.
// React reads it through the named selectors below; per-frame packet data
// does not go through it (it goes straight to the animator via `onTick`).

import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ProxyMode } from '../model/types';
import type {
  ClusterAction,
  PacketHop,
  PacketPath,
  SimCommand,
  SimFrame,
  StructureFrame,
  TickFrame,
  TrafficSourceRef,
  TrafficTargetRef,
} from '../protocol/messages';
import type { SimClient } from '../worker/client';

export type Lang = 'en' | 'vi';

/** how often request counts reach React (the scene's data-received is updated every tick) */
const COUNTS_INTERVAL_MS = 250;
export type Theme = 'light' | 'dark' | 'auto';

/** Step mode: one connection walked through hop by hop. */
export interface StepState {
  packet: PacketPath;
  /** index of the hop being shown */
  hop: number;
}

export interface AppState {
  frame: StructureFrame | null;
  /** the text in the editor (may be ahead of frame.text while typing) */
  text: string;
  received: Record<string, number>;
  simTime: number;
  error: string | null;
  lang: Lang;
  theme: Theme;
  step: StepState | null;
  /** object the inspector shows: an anchor key such as `Pod/default/web-1` */
  inspected: string | null;
}

export interface AppStore {
  store: StoreApi<AppState>;
  actions: AppActions;
  /** hot path: every tick frame, for the packet animator */
  onTick(listener: (tick: TickFrame) => void): () => void;
  /** a packet started a hop decided by a rule (for the rules panel highlight) */
  onHop(listener: (hop: PacketHop) => void): () => void;
  emitHop(hop: PacketHop): void;
  destroy(): void;
}

export interface AppActions {
  setText(text: string): void;
  /**
   * Loads `text` into the simulation. `seed` rebuilds the cluster with that
   * seed (a shared link's run) even when the text is unchanged; without it
   * the current run's seed is kept. `file` names the text in diagnostics.
   */
  load(text: string, options?: LoadOptions): void;
  setMode(mode: ProxyMode): void;
  setScheduler(s: string): void;
  selectNode(name: string): void;
  setSource(s: TrafficSourceRef | null): void;
  setTarget(t: TrafficTargetRef | null): void;
  setRate(perSecond: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  act(action: ClusterAction): void;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  inspect(key: string | null): void;
  /** step mode: send one connection and show its first hop */
  stepStart(): void;
  /** next hop of the stepped connection (a new connection after the last) */
  stepNext(): void;
  stepExit(): void;
}

export interface LoadOptions {
  seed?: number;
  /** file name diagnostics show; 'editor' by default */
  file?: string;
}

export function createAppStore(client: SimClient, initial: Partial<AppState> = {}): AppStore {
  const store = createStore<AppState>(() => ({
    frame: null,
    text: '',
    received: {},
    simTime: 0,
    error: null,
    lang: 'en',
    theme: 'auto',
    step: null,
    inspected: null,
    ...initial,
  }));
  const tickListeners = new Set<(t: TickFrame) => void>();
  const hopListeners = new Set<(h: PacketHop) => void>();
  let awaitingStep = false;
  let lastCountsAt = 0;

  const send = (cmd: SimCommand): void => client.send(cmd);
  const optimistic = (patch: Partial<StructureFrame>): void => {
    const f = store.getState().frame;
    if (f) store.setState({ frame: { ...f, ...patch } });
  };

  const unsubscribe = client.subscribe((f: SimFrame) => {
    if (f.type === 'structure') {
      const prev = store.getState();
      // Actions rewrite the manifest; take their text unless the user typed since.
      const text = prev.frame && prev.text === prev.frame.text ? f.text : prev.text || f.text;
      store.setState({ frame: f, text, error: null });
    } else if (f.type === 'tick') {
      const s = store.getState();
      // React panels need the counts at a human pace; the animator gets every tick below.
      const now = Date.now();
      if (now - lastCountsAt >= COUNTS_INTERVAL_MS && !sameCounts(s.received, f.received)) {
        lastCountsAt = now;
        store.setState({ received: f.received, simTime: f.time });
      }
      if (awaitingStep && f.spawned.length > 0) {
        awaitingStep = false;
        const packet = f.spawned[f.spawned.length - 1];
        if (packet) store.setState({ step: { packet, hop: 0 } });
      }
      tickListeners.forEach((l) => l(f));
    } else {
      store.setState({ error: f.message });
    }
  });

  const actions: AppActions = {
    setText: (text) => store.setState({ text }),
    load: (text, options = {}) => {
      store.setState({ text });
      send({ type: 'load', text, file: options.file ?? 'editor', ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    },
    // Mode and scheduler show at once (the radio must not flick back while the worker re-programs).
    setMode: (mode) => {
      optimistic({ mode });
      send({ type: 'setMode', mode });
    },
    setScheduler: (scheduler) => {
      optimistic({ ipvsScheduler: scheduler });
      send({ type: 'setScheduler', scheduler });
    },
    selectNode: (name) => send({ type: 'selectNode', name }),
    setSource: (source) => send({ type: 'setSource', source }),
    setTarget: (target) => send({ type: 'setTarget', target }),
    setRate: (connectionsPerSecond) => send({ type: 'setRate', connectionsPerSecond }),
    play: () => {
      store.setState({ step: null });
      send({ type: 'play' });
    },
    pause: () => send({ type: 'pause' }),
    setSpeed: (speed) => send({ type: 'setSpeed', speed }),
    act: (action) => send({ type: 'action', action }),
    setLang: (lang) => store.setState({ lang }),
    setTheme: (theme) => store.setState({ theme }),
    inspect: (inspected) => store.setState({ inspected }),
    stepStart: () => {
      awaitingStep = true;
      send({ type: 'pause' });
      send({ type: 'sendOne' });
    },
    stepNext: () => {
      const s = store.getState().step;
      if (!s || s.hop >= s.packet.hops.length - 1) actions.stepStart();
      else store.setState({ step: { ...s, hop: s.hop + 1 } });
    },
    stepExit: () => store.setState({ step: null }),
  };

  return {
    store,
    actions,
    onTick(listener) {
      tickListeners.add(listener);
      return () => tickListeners.delete(listener);
    },
    onHop(listener) {
      hopListeners.add(listener);
      return () => hopListeners.delete(listener);
    },
    emitHop(hop) {
      hopListeners.forEach((l) => l(hop));
    },
    destroy() {
      unsubscribe();
      tickListeners.clear();
      hopListeners.clear();
      client.destroy();
    },
  };
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}
