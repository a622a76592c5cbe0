// Pod lifecycle events and the owner reactions they trigger:
// - delete (force): the pod object is gone at once; a ReplicaSet creates a
//   replacement (new name, new IP), a StatefulSet recreates the same name
//   (new uid, new IP);
// - terminating (graceful delete / eviction): deletionTimestamp = now + grace
//   period; the pod keeps its IP and shows as a serving/terminating endpoint
//   until a later tick removes it; a ReplicaSet replaces it immediately, a
//   StatefulSet only after it is gone;
// - ready/unready: the Ready and ContainersReady conditions;
// - tick: pods whose readinessProbe succeeds turn Ready, terminating pods
//   whose grace period is over are removed.

import type { KubeKind, KubeObject, Pod, ReplicaSet, StatefulSet } from '../types';
import type { ControllerContext } from './controller-context';
import { podKey, terminatePod } from './controller-context';
import { objectDiagnostic } from './diagnostics';
import { timestampAt } from './names';
import { graceSeconds, withReady } from './pods';
import { controllerUID } from './scheduler';
import { reconcileReplicaSet, reconcileStatefulSet, type ReconcileResult } from './workloads';
import { collectWarnings } from './run-workloads';
import { dropTimer, type PendingTimer } from './model';
import { podsOfOwner } from './pod-lookup';
import {
  controllers,
  dropPod,
  findPod,
  keyOf,
  putPod,
  replacePods,
  writableReadiness,
  writableRemovals,
  type Txn,
} from './txn';

export function notFound(txn: Txn, kind: KubeKind, namespace: string | undefined, name: string): void {
  const resource = `${kind.toLowerCase()}s`;
  txn.diagnostics.push(
    objectDiagnostic({ kind, metadata: { namespace, name } }, undefined, 'error', `${resource} "${name}" not found`),
  );
}

function applyReconcile(txn: Txn, res: ReconcileResult): void {
  for (const p of res.created) putPod(txn, p);
  for (const p of res.terminated) putPod(txn, p);
  if (res.removeAt.length) writableRemovals(txn).push(...res.removeAt);
}

/** Who a workload's problems are reported on (a Deployment for its ReplicaSets). */
function reportTarget(txn: Txn, rs: ReplicaSet): Pick<KubeObject, 'kind' | 'metadata'> {
  const d = rs.metadata.ownerReferences?.find((o) => o.kind === 'Deployment');
  return (d && txn.deployments.find((x) => x.metadata.uid === d.uid)) || rs;
}

function pushWarnings(txn: Txn, ctx: ControllerContext, mark: number, owner: Pick<KubeObject, 'kind' | 'metadata'>): void {
  const out: { object: Pick<KubeObject, 'kind' | 'metadata'>; message: string }[] = [];
  collectWarnings(ctx, mark, owner, out);
  for (const w of out) txn.diagnostics.push(objectDiagnostic(w.object, txn.sources[keyOf(w.object)], 'warning', w.message));
}

export function reconcileRS(txn: Txn, rs: ReplicaSet): void {
  const ctx = controllers(txn);
  const mark = ctx.warnings.length;
  const uid = rs.metadata.uid;
  const owned = uid ? podsOfOwner(txn.lookup, uid).slice() : [];
  applyReconcile(txn, reconcileReplicaSet(ctx, rs, owned));
  pushWarnings(txn, ctx, mark, reportTarget(txn, rs));
}

export function reconcileSTS(txn: Txn, sts: StatefulSet): void {
  const ctx = controllers(txn);
  const mark = ctx.warnings.length;
  const uid = sts.metadata.uid;
  const owned = uid ? podsOfOwner(txn.lookup, uid).slice() : [];
  applyReconcile(txn, reconcileStatefulSet(ctx, sts, owned));
  pushWarnings(txn, ctx, mark, sts);
}

/** Lets the pod's controller (if any) react. */
export function reconcileOwnerOf(txn: Txn, pod: Pod): void {
  const uid = controllerUID(pod);
  if (!uid) return;
  const rs = txn.replicaSets.find((r) => r.metadata.uid === uid);
  if (rs) return reconcileRS(txn, rs);
  const sts = txn.statefulSets.find((s) => s.metadata.uid === uid);
  if (sts) reconcileSTS(txn, sts);
}

export function deletePod(txn: Txn, namespace: string, name: string): void {
  const i = findPod(txn, namespace, name);
  if (i < 0) return notFound(txn, 'Pod', namespace, name);
  const pod = dropPod(txn, i);
  reconcileOwnerOf(txn, pod);
}

/** Graceful deletion: deletionTimestamp now + terminationGracePeriodSeconds. */
export function startTermination(txn: Txn, pod: Pod): Pod {
  if (pod.metadata.deletionTimestamp) return pod;
  const grace = graceSeconds(pod);
  const t = terminatePod(controllers(txn), pod, timestampAt(txn.time + grace));
  putPod(txn, t);
  writableRemovals(txn).push({ key: podKey(t), at: txn.time + grace });
  return t;
}

export function setPodTerminating(txn: Txn, namespace: string, name: string): void {
  const i = findPod(txn, namespace, name);
  if (i < 0) return notFound(txn, 'Pod', namespace, name);
  const t = startTermination(txn, txn.pods[i]!);
  reconcileOwnerOf(txn, t);
}

export function setPodReady(txn: Txn, namespace: string, name: string, ready: boolean): void {
  const i = findPod(txn, namespace, name);
  if (i < 0) return notFound(txn, 'Pod', namespace, name);
  const pod = txn.pods[i]!;
  if (txn.readiness.some((t) => t.key === podKey(pod))) dropTimer(writableReadiness(txn), podKey(pod));
  putPod(txn, withReady(pod, ready));
}

export function tick(txn: Txn, seconds: number): void {
  txn.time += Math.max(0, seconds);
  if (txn.ctx) txn.ctx.time = txn.time;
  const due = (r: readonly PendingTimer[]) =>
    r
      .filter((t) => t.at <= txn.time)
      .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1))
      .map((t) => t.key);
  for (const key of due(txn.removals)) {
    const [, ns, name] = key.split('/');
    const i = findPod(txn, ns ?? '', name ?? '');
    if (i < 0) {
      dropTimer(writableRemovals(txn), key);
      continue;
    }
    const pod = dropPod(txn, i);
    reconcileOwnerOf(txn, pod);
  }
  const ready = new Set(due(txn.readiness));
  if (!ready.size) return;
  // One pass for any number of pods (a fresh 50,000-pod cluster turns Ready in one tick).
  const timers = writableReadiness(txn);
  for (let i = timers.length - 1; i >= 0; i--) if (ready.has(timers[i]!.key)) timers.splice(i, 1);
  replacePods(txn, (p) => (ready.has(keyOf(p)) ? withReady(p, true) : p));
}
