// The engine the simulation drives, as an interface: the real one
// (engine-real.ts) wires model/ (createClusterModel, applyClusterEvent),
// proxy/ (getBackend) and net/ (sampled packet traces); tests inject a fake.
// The simulation never routes packets itself: every hop it animates comes
// from `trace`, i.e. from the current mode's rules.

import type { Cluster } from '../model/cluster';
import type { Diagnostic } from '../model/diagnostic';
import type { KubeObject, ProxyMode } from '../model/types';
import type { ProxyState, Ruleset } from '../proxy/types';
import type { PacketHop, TrafficSourceRef, TrafficTargetRef } from '../protocol/messages';

/** Mirrors model/events ClusterEvent (the build engineer's contract). */
export type EngineEvent =
  | { type: 'scale'; namespace: string; name: string; replicas: number; kind?: 'Deployment' | 'StatefulSet' | 'ReplicaSet' }
  | { type: 'deletePod'; namespace: string; name: string }
  | { type: 'setPodReady'; namespace: string; name: string; ready: boolean }
  | { type: 'setPodTerminating'; namespace: string; name: string }
  | { type: 'cordonNode' | 'uncordonNode' | 'drainNode'; name: string }
  | { type: 'applyObject'; object: KubeObject }
  | { type: 'deleteObject'; kind: string; namespace: string; name: string }
  | { type: 'tick'; seconds: number };

export interface EngineModel {
  /** opaque model state (ClusterModel) */
  state: unknown;
  cluster: Cluster;
  diagnostics: Diagnostic[];
  /** false when an event changed nothing (so rules need not be re-programmed) */
  changed?: boolean;
}

export interface TraceRequest {
  cluster: Cluster;
  mode: ProxyMode;
  ipvsScheduler: string;
  source: TrafficSourceRef;
  target: TrafficTargetRef;
  /** per-node kube-proxy state (round-robin, affinity), updated in place */
  states: Record<string, ProxyState>;
  random: () => number;
  /** simulated time, seconds */
  now: number;
  /** the connection's source port (each connection a new conntrack entry) */
  srcPort: number;
}

export interface TraceResult {
  hops: PacketHop[];
  deliveredTo?: string;
  failed?: string;
}

export interface SimEngine {
  load(text: string, file: string, seed: number): EngineModel;
  apply(model: EngineModel, event: EngineEvent): EngineModel;
  program(cluster: Cluster, node: string, mode: ProxyMode, ipvsScheduler: string): Ruleset;
  format(ruleset: Ruleset): string;
  trace(req: TraceRequest): TraceResult;
  /**
   * Share of connections each pod (`Pod/ns/name`) should get from this source,
   * from the rules' exact probabilities (evaluate, not sample).
   */
  expectedShares?(req: Omit<TraceRequest, 'states' | 'random' | 'now' | 'srcPort'>): Record<string, number>;
}
