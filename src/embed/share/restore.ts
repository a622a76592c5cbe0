// Between the app's live state and a ShareState: what "Copy link" captures
// from the latest structure frame, and the simulation commands that rebuild
// the same picture when a link is opened. Pure.

import type { Cluster } from '../../model/cluster';
import type { SimCommand, StructureFrame } from '../../protocol/messages';
import type { PodStat } from '../messages';
import type { ShareState } from './state-codec';

/** The file name diagnostics show for a manifest that came from a link. */
export const SHARED_FILE = 'shared-link.yaml';

/**
 * `text` is the editor text (it may be ahead of the frame while typing: the
 * link shares what the user sees in the editor). The seed is the frame's
 * (the one its cluster was built with); `fallbackSeed` is used only when the
 * frame has none (no frame yet, or a frame from an older worker).
 */
export function captureShareState(frame: StructureFrame | null, text: string, fallbackSeed?: number): ShareState {
  const seed = frame?.seed ?? fallbackSeed;
  const state: ShareState = { yaml: text };
  if (!frame) return seed === undefined ? state : { ...state, seed };
  state.mode = frame.mode;
  if (frame.mode === 'ipvs' && frame.ipvsScheduler && frame.ipvsScheduler !== 'rr') state.scheduler = frame.ipvsScheduler;
  if (frame.selectedNode) state.node = frame.selectedNode;
  const t = frame.traffic;
  if (t.source) state.source = t.source;
  if (t.target) state.destination = t.target;
  state.rate = t.connectionsPerSecond;
  state.speed = t.speed;
  if (seed !== undefined) state.seed = seed;
  return state;
}

/**
 * Commands that rebuild the shared picture, in dependency order: the cluster
 * first, then the mode (rules are programmed per mode), the node whose rules
 * are shown, then the traffic that needs the cluster's pods and Services.
 * `modeOverride` is the embed's `mode` parameter; a link's own mode wins over
 * the page default only when no explicit parameter was given.
 */
export function restoreCommands(state: ShareState, options: { modeOverride?: ShareState['mode']; file?: string } = {}): SimCommand[] {
  const cmds: SimCommand[] = [
    { type: 'load', text: state.yaml, file: options.file ?? SHARED_FILE, ...(state.seed !== undefined ? { seed: state.seed } : {}) },
  ];
  const mode = options.modeOverride ?? state.mode;
  if (mode) cmds.push({ type: 'setMode', mode });
  if (state.scheduler) cmds.push({ type: 'setScheduler', scheduler: state.scheduler });
  if (state.node) cmds.push({ type: 'selectNode', name: state.node });
  if (state.source) cmds.push({ type: 'setSource', source: state.source });
  if (state.destination) cmds.push({ type: 'setTarget', target: state.destination });
  if (state.rate !== undefined) cmds.push({ type: 'setRate', connectionsPerSecond: state.rate });
  if (state.speed !== undefined) cmds.push({ type: 'setSpeed', speed: state.speed });
  return cmds;
}

/**
 * `svcviz:stats` payload: every Pod of the cluster with the connections it
 * received (0 when none yet), sorted by namespace then name so parents can
 * compare runs. `received` is keyed by anchor `Pod/<ns>/<name>`.
 */
export function buildPodStats(cluster: Cluster | null, received: Readonly<Record<string, number>>): PodStat[] {
  const out = new Map<string, PodStat>();
  for (const p of cluster?.pods ?? []) {
    const namespace = p.metadata.namespace ?? 'default';
    const name = p.metadata.name ?? '';
    out.set(`Pod/${namespace}/${name}`, { namespace, name, received: 0 });
  }
  // Pods already gone (deleted, scaled down) still received what they received.
  for (const [key, n] of Object.entries(received)) {
    const m = /^Pod\/([^/]*)\/(.+)$/.exec(key);
    if (!m) continue;
    out.set(key, { namespace: m[1]!, name: m[2]!, received: n });
  }
  return [...out.values()].sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
