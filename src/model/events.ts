// Changes to a running simulated cluster, as data in and data out:
//   applyClusterEvent(model, event) -> { model: NEW ClusterModel, diff, diagnostics }
// The input model is never modified (the worker may still be drawing it).
// Updates are incremental: only the Services whose pods changed get their
// EndpointSlices recomputed (see build/txn.ts).

import type { ClusterDiff } from './cluster';
import type { Diagnostic } from './diagnostic';
import type { ObjectSource } from './source';
import type { KubeKind, KubeObject } from './types';
import type { ClusterModel } from './build/model';
import { beginTxn, finishTxn } from './build/txn';
import { deletePod, setPodReady, setPodTerminating, tick } from './build/pod-events';
import { cordonNode, drainNode } from './build/node-events';
import { applyObject, deleteObject, scale } from './build/object-events';

export type ClusterEvent =
  /** `kubectl scale` a Deployment, StatefulSet or ReplicaSet (looked up in that order unless `kind` is given) */
  | { type: 'scale'; namespace: string; name: string; replicas: number; kind?: 'Deployment' | 'StatefulSet' | 'ReplicaSet' }
  /** force-delete a pod: gone at once, its owner replaces it (new name and IP; StatefulSet: same name, new IP) */
  | { type: 'deletePod'; namespace: string; name: string }
  /** flip the pod's Ready condition (as a readiness probe would) */
  | { type: 'setPodReady'; namespace: string; name: string; ready: boolean }
  /** graceful delete: deletionTimestamp set, terminating endpoint until the grace period ends on a tick */
  | { type: 'setPodTerminating'; namespace: string; name: string }
  | { type: 'cordonNode' | 'uncordonNode' | 'drainNode'; name: string }
  /** `kubectl apply` of one object (create or update), optionally with where it came from */
  | { type: 'applyObject'; object: KubeObject; source?: ObjectSource }
  | { type: 'deleteObject'; kind: KubeKind; namespace?: string; name: string }
  /** simulated time passes: readiness probes succeed, grace periods end */
  | { type: 'tick'; seconds: number };

export interface ClusterEventResult {
  model: ClusterModel;
  diff: ClusterDiff;
  /** problems with this event (unknown object, invalid applied object, Pending pods) */
  diagnostics: Diagnostic[];
}

export function applyClusterEvent(model: ClusterModel, event: ClusterEvent): ClusterEventResult {
  const txn = beginTxn(model);
  switch (event.type) {
    case 'scale':
      scale(txn, event.namespace, event.name, event.replicas, event.kind);
      break;
    case 'deletePod':
      deletePod(txn, event.namespace, event.name);
      break;
    case 'setPodReady':
      setPodReady(txn, event.namespace, event.name, event.ready);
      break;
    case 'setPodTerminating':
      setPodTerminating(txn, event.namespace, event.name);
      break;
    case 'cordonNode':
    case 'uncordonNode':
      cordonNode(txn, event.name, event.type === 'cordonNode');
      break;
    case 'drainNode':
      drainNode(txn, event.name);
      break;
    case 'applyObject':
      applyObject(txn, event.object, event.source);
      break;
    case 'deleteObject':
      deleteObject(txn, event.kind, event.namespace, event.name);
      break;
    case 'tick':
      tick(txn, event.seconds);
      break;
  }
  return finishTxn(txn);
}

export type { ClusterModel } from './build/model';
