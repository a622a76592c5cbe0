// Named selectors: components read the store only through these.

import type { Diagnostic } from '../model/diagnostic';
import type { ProxyMode } from '../model/types';
import type { PacketHop, RulesView, TrafficState } from '../protocol/messages';
import type { AppState } from './app-store';

const NO_DIAGNOSTICS: Diagnostic[] = [];

export const selectCluster = (s: AppState) => s.frame?.cluster ?? null;
export const selectDiagnostics = (s: AppState): Diagnostic[] => s.frame?.diagnostics ?? NO_DIAGNOSTICS;
export const selectMode = (s: AppState): ProxyMode => s.frame?.mode ?? 'iptables';
export const selectScheduler = (s: AppState): string => s.frame?.ipvsScheduler ?? 'rr';
export const selectRules = (s: AppState): RulesView | null => s.frame?.rules ?? null;
export const selectSelectedNode = (s: AppState): string | null => s.frame?.selectedNode ?? null;
export const selectTraffic = (s: AppState): TrafficState | null => s.frame?.traffic ?? null;
export const selectIsStale = (s: AppState): boolean => s.frame?.stale ?? false;
/** seed of the shown run (a shared link carries it so the recipient sees the same pods) */
export const selectSeed = (s: AppState): number | undefined => s.frame?.seed;
export const selectText = (s: AppState): string => s.text;
export const selectLang = (s: AppState) => s.lang;
export const selectStep = (s: AppState) => s.step;
export const selectReceived = (s: AppState) => s.received;

/** the hop step mode is showing, if any */
export const selectStepHop = (s: AppState): PacketHop | null => (s.step ? (s.step.packet.hops[s.step.hop] ?? null) : null);
