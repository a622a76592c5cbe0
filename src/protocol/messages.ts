// Messages between the main thread and the simulation worker. Types only:
// commands go in, frames (structure snapshots, ticks, rules text) come out.
// Everything here is plain, structured-clone safe data.

import type { Cluster } from '../model/cluster';
import type { Diagnostic } from '../model/diagnostic';
import type { ProxyMode } from '../model/types';

/** Who sends traffic: a pod, a node (host network) or the external client. */
export type TrafficSourceRef =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'node'; name: string }
  | { kind: 'external' };

/** Where traffic goes: a Service (by DNS name, then its VIP / node port / LB IP). */
export interface TrafficTargetRef {
  namespace: string;
  name: string;
  /** service port name or number; first port when absent */
  port?: string | number;
  /** how the Service is addressed; 'auto' picks by source and type */
  via?: 'auto' | 'dns' | 'clusterIP' | 'nodePort' | 'loadBalancer';
}

/** A user action on the live cluster (mirrors model/events ClusterEvent). */
export type ClusterAction =
  | { type: 'scale'; kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet'; namespace: string; name: string; replicas: number }
  | { type: 'deletePod'; namespace: string; name: string }
  | { type: 'setPodReady'; namespace: string; name: string; ready: boolean }
  | { type: 'drainNode'; name: string }
  | { type: 'uncordonNode'; name: string }
  | {
      type: 'setServiceField';
      namespace: string;
      name: string;
      field: 'sessionAffinity' | 'externalTrafficPolicy' | 'internalTrafficPolicy' | 'trafficDistribution' | 'type';
      /** null removes the field */
      value: string | null;
    };

export type SimCommand =
  /** `seed` absent: the current run's seed (a new worker's default at first) */
  | { type: 'load'; text: string; file?: string; seed?: number }
  | { type: 'setMode'; mode: ProxyMode }
  | { type: 'setScheduler'; scheduler: string }
  | { type: 'selectNode'; name: string }
  | { type: 'setSource'; source: TrafficSourceRef | null }
  | { type: 'setTarget'; target: TrafficTargetRef | null }
  | { type: 'setRate'; connectionsPerSecond: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'setSpeed'; speed: number }
  /** emit exactly one connection now (step mode), even while paused */
  | { type: 'sendOne' }
  | { type: 'action'; action: ClusterAction };

/** An anchor is something a packet can sit at: `Pod/ns/name`, `Node//name`, `Service/ns/name`, `external`, `outside/<host>`. */
export type AnchorKey = string;

/** The packet headers during one hop (after the rewrites made before it). */
export interface PacketHeader {
  protocol: string;
  srcIP: string;
  srcPort: number;
  dstIP: string;
  dstPort: number;
}

export interface PacketHop {
  from: AnchorKey;
  to: AnchorKey;
  header: PacketHeader;
  /** node whose kube-proxy rules decided this hop, when one did */
  node?: string;
  /** the rule that decided it, exactly as printed in that node's rules text */
  rule?: { table: string; chain: string; text: string; line?: number };
  /** plain-language explanation: which rule, why, what changed */
  explain: string;
  /** `explain` as a template key and slots (sim/hop-text.ts), so the UI can translate it */
  explainKey?: string;
  explainVars?: Record<string, string>;
  /** why the packet stopped here, appended to `explain` after " — " (key and slots as above) */
  explainReason?: { key: string; vars: Record<string, string> };
  /** e.g. 'dns', 'proxy', 'wire', 'lb', 'deliver', 'outside', 'drop' */
  phase: string;
  /** simulated seconds the hop takes (rule look-ups are quick, wires are slow) */
  duration: number;
}

export interface PacketPath {
  id: number;
  /** Service the connection is for (`Service/ns/name`), for colour */
  service: string;
  startTime: number;
  /** sum of the hops' durations */
  duration: number;
  hops: PacketHop[];
  /** pod key that received it, when delivered */
  deliveredTo?: AnchorKey;
  /** why it did not arrive, when dropped/rejected */
  failed?: string;
}

export interface RulesView {
  node: string;
  mode: ProxyMode;
  text: string;
}

export interface TrafficState {
  source: TrafficSourceRef | null;
  target: TrafficTargetRef | null;
  connectionsPerSecond: number;
  playing: boolean;
  speed: number;
}

/** Sent after every load / action / mode change: what React renders. */
export interface StructureFrame {
  type: 'structure';
  version: number;
  /** the manifest text this structure was built from */
  text: string;
  /** the seed the cluster was built and traffic sampled with (the same text and seed give the same run) */
  seed?: number;
  cluster: Cluster | null;
  diagnostics: Diagnostic[];
  /** true when the last load failed and `cluster` is the last good one */
  stale: boolean;
  mode: ProxyMode;
  ipvsScheduler: string;
  selectedNode: string | null;
  rules: RulesView | null;
  traffic: TrafficState;
  /** every source the user may pick */
  sources: TrafficSourceRef[];
  /** every Service that can be targeted */
  targets: TrafficTargetRef[];
  /** expected share of the target's connections per pod key, from the rules' exact probabilities */
  expected?: Record<AnchorKey, number>;
}

export interface TickFrame {
  type: 'tick';
  time: number;
  spawned: PacketPath[];
  /** requests delivered per pod key since the manifest was loaded */
  received: Record<AnchorKey, number>;
  inFlight: number;
}

export interface ErrorFrame {
  type: 'error';
  message: string;
}

export type SimFrame = StructureFrame | TickFrame | ErrorFrame;
