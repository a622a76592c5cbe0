// Runs the workload controllers once over freshly loaded objects: pods given
// directly are placed first (they may pin nodes and IPs), then each
// Deployment's ReplicaSet, the given ReplicaSets and the StatefulSets create
// their pods. Scheduling problems are reported once per owner
// ("2 pods Pending: 0/3 nodes are available: …").

import type { Deployment, KubeObject, Pod, ReplicaSet, StatefulSet } from '../types';
import type { ControllerContext } from './controller-context';
import { placePod } from './controller-context';
import { randomUID } from './names';
import { reconcileReplicaSet, reconcileStatefulSet, replicaSetForDeployment, isOwnedBy } from './workloads';

export interface WorkloadInput {
  deployments: readonly Deployment[];
  replicaSets: readonly ReplicaSet[];
  statefulSets: readonly StatefulSet[];
  pods: readonly Pod[];
}

export interface WorkloadOutput {
  replicaSets: ReplicaSet[];
  pods: Pod[];
  warnings: { object: Pick<KubeObject, 'kind' | 'metadata'>; message: string }[];
}

/** Groups the warnings raised since `from` under `owner`. */
export function collectWarnings(
  ctx: ControllerContext,
  from: number,
  owner: Pick<KubeObject, 'kind' | 'metadata'>,
  out: WorkloadOutput['warnings'],
): void {
  const counts = new Map<string, number>();
  for (const w of ctx.warnings.splice(from)) counts.set(w.message, (counts.get(w.message) ?? 0) + 1);
  for (const [message, n] of counts) {
    const what = owner.kind === 'Pod' ? 'pod' : `${n} pod${n === 1 ? '' : 's'}`;
    out.push({ object: owner, message: `${what} ${message}` });
  }
}

export function runWorkloads(ctx: ControllerContext, input: WorkloadInput, names: Set<string>): WorkloadOutput {
  const out: WorkloadOutput = { replicaSets: [], pods: [], warnings: [] };
  const add = (p: Pod) => {
    names.add(`${p.metadata.namespace}/${p.metadata.name}`);
    out.pods.push(p);
  };
  for (const p of input.pods) names.add(`${p.metadata.namespace}/${p.metadata.name}`);
  for (const p of input.pods) {
    const mark = ctx.warnings.length;
    out.pods.push(placePod(ctx, p));
    collectWarnings(ctx, mark, p, out.warnings);
  }
  const given = out.pods.slice();
  const runRS = (rs: ReplicaSet, reportAs: Pick<KubeObject, 'kind' | 'metadata'>) => {
    const mark = ctx.warnings.length;
    const res = reconcileReplicaSet(ctx, rs, given.filter((p) => isOwnedBy(p, rs.metadata.uid)));
    res.created.forEach(add);
    collectWarnings(ctx, mark, reportAs, out.warnings);
  };
  for (const d of input.deployments) {
    const rs = replicaSetForDeployment(d, randomUID(ctx.rng));
    rs.metadata.creationTimestamp = d.metadata.creationTimestamp;
    out.replicaSets.push(rs);
    runRS(rs, d);
  }
  for (const rs of input.replicaSets) {
    out.replicaSets.push(rs);
    runRS(rs, rs);
  }
  for (const sts of input.statefulSets) {
    const mark = ctx.warnings.length;
    const res = reconcileStatefulSet(ctx, sts, given.filter((p) => isOwnedBy(p, sts.metadata.uid)));
    res.created.forEach(add);
    collectWarnings(ctx, mark, sts, out.warnings);
  }
  return out;
}
