// The workload controllers, reduced to what decides which pods exist:
// - Deployment: one ReplicaSet `<deployment>-<pod-template-hash>` per pod
//   template (labels, selector and template gain `pod-template-hash`), owned
//   by the Deployment; a new template means a new ReplicaSet and the old one
//   is scaled to 0 (svcviz rolls over at once, no surge/unavailable pacing);
// - ReplicaSet: keeps `spec.replicas` non-terminating pods named
//   `<rs>-<5 chars>`; scale-down removes pending, then unready, then the
//   newest pods first (upstream ActivePods ranking, simplified);
// - StatefulSet: pods `<sts>-0 … <sts>-(n-1)` with hostname = pod name and
//   subdomain = spec.serviceName; a missing ordinal is only recreated once
//   the old pod is completely gone; scale-down removes the highest ordinals.

import type { Deployment, OwnerReference, Pod, ReplicaSet, StatefulSet } from '../types';
import { podTemplateHash, randomUID, timestampAt } from './names';
import { generateName, placePod, terminatePod, type ControllerContext } from './controller-context';
import type { PendingTimer } from './model';
import { podFromTemplate, isPodReady, graceSeconds } from './pods';

export const LABEL_POD_TEMPLATE_HASH = 'pod-template-hash';

export function ownerRef(obj: Deployment | ReplicaSet | StatefulSet): OwnerReference {
  return {
    apiVersion: 'apps/v1',
    kind: obj.kind,
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isOwnedBy(pod: { metadata: Pod['metadata'] }, uid: string | undefined): boolean {
  const refs = pod.metadata.ownerReferences;
  if (!uid || !refs) return false;
  for (let i = 0; i < refs.length; i++) if (refs[i]!.uid === uid && refs[i]!.controller) return true;
  return false;
}

/** The ReplicaSet the Deployment controller keeps for the current template. */
export function replicaSetForDeployment(d: Deployment, uid: string): ReplicaSet {
  const hash = podTemplateHash(d.spec.template);
  const name = `${d.metadata.name}-${hash}`;
  const tplLabels = { ...d.spec.template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      uid,
      labels: tplLabels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
        'deployment.kubernetes.io/max-replicas': String(Math.ceil((d.spec.replicas ?? 1) * 1.25)),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [ownerRef(d)],
    },
    spec: {
      replicas: d.spec.replicas ?? 1,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...d.spec.selector.matchLabels, [LABEL_POD_TEMPLATE_HASH]: hash },
      },
      template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels: tplLabels } },
    },
  };
}

export interface ReconcileResult {
  /** new pods, already placed */
  created: Pod[];
  /** pods that now carry a deletionTimestamp (replace the old objects) */
  terminated: Pod[];
  /** pod key -> simulated time at which they are removed */
  removeAt: PendingTimer[];
}

function terminate(ctx: ControllerContext, pods: Pod[], out: ReconcileResult): void {
  for (const p of pods) {
    const grace = graceSeconds(p);
    const t = terminatePod(ctx, p, timestampAt(ctx.time + grace));
    out.terminated.push(t);
    out.removeAt.push({ key: `Pod/${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`, at: ctx.time + grace });
  }
}

/** Scale-down victims: unscheduled < scheduled, unready < ready, newer < older. */
function rankForDeletion(a: Pod, b: Pod): number {
  const sa = a.spec.nodeName ? 1 : 0;
  const sb = b.spec.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? 1 : -1;
}

export function reconcileReplicaSet(ctx: ControllerContext, rs: ReplicaSet, owned: readonly Pod[]): ReconcileResult {
  const out: ReconcileResult = { created: [], terminated: [], removeAt: [] };
  const active = owned.filter((p) => !p.metadata.deletionTimestamp);
  const want = rs.spec.replicas ?? 1;
  const ns = rs.metadata.namespace ?? 'default';
  const labels = { ...rs.spec.template.metadata?.labels };
  // One ownerReference object for all new pods of this ReplicaSet (model data is never edited in place).
  const owner = ownerRef(rs);
  const prefix = `${rs.metadata.name}-`;
  for (let i = active.length; i < want; i++) {
    const name = generateName(ctx, ns, prefix);
    const pod = podFromTemplate(
      rs.spec.template,
      { namespace: ns, name, generateName: prefix, uid: randomUID(ctx.rng), labels, owner },
      ctx.time,
    );
    out.created.push(placePod(ctx, pod));
  }
  if (active.length > want) terminate(ctx, [...active].sort(rankForDeletion).slice(0, active.length - want), out);
  return out;
}

export function statefulSetPodName(sts: StatefulSet, ordinal: number): string {
  return `${sts.metadata.name}-${ordinal}`;
}

export function reconcileStatefulSet(ctx: ControllerContext, sts: StatefulSet, owned: readonly Pod[]): ReconcileResult {
  const out: ReconcileResult = { created: [], terminated: [], removeAt: [] };
  const want = sts.spec.replicas ?? 1;
  const ns = sts.metadata.namespace ?? 'default';
  const byName = new Map(owned.map((p) => [p.metadata.name ?? '', p]));
  const revision = `${sts.metadata.name}-${podTemplateHash(sts.spec.template)}`;
  for (let i = 0; i < want; i++) {
    const name = statefulSetPodName(sts, i);
    if (byName.has(name)) continue;
    const pod = podFromTemplate(
      sts.spec.template,
      {
        namespace: ns,
        name,
        uid: randomUID(ctx.rng),
        labels: {
          ...sts.spec.template.metadata?.labels,
          'apps.kubernetes.io/pod-index': String(i),
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': name,
        },
        owner: ownerRef(sts),
      },
      ctx.time,
    );
    pod.spec = { ...pod.spec, hostname: name, ...(sts.spec.serviceName ? { subdomain: sts.spec.serviceName } : {}) };
    out.created.push(placePod(ctx, pod));
  }
  const extra = owned.filter((p) => {
    if (p.metadata.deletionTimestamp) return false;
    const ord = Number((p.metadata.name ?? '').slice((sts.metadata.name ?? '').length + 1));
    return !(Number.isInteger(ord) && ord >= 0 && ord < want);
  });
  terminate(ctx, extra, out);
  return out;
}
