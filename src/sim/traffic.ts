// Which sources and targets traffic can use, and the defaults picked after a
// manifest loads: a client pod talks to the first user Service by its DNS
// name; NodePort and LoadBalancer Services are reached from the external
// client, which is how they are meant to be used.

import type { Cluster } from '../model/cluster';
import type { Pod, Service } from '../model/types';
import type { TrafficSourceRef, TrafficTargetRef } from '../protocol/messages';

const isSystem = (ns: string | undefined): boolean => ns === 'kube-system';

function selects(svc: Service, pod: Pod): boolean {
  const sel = svc.spec.selector;
  if (!sel || Object.keys(sel).length === 0) return false;
  if ((svc.metadata.namespace ?? 'default') !== (pod.metadata.namespace ?? 'default')) return false;
  return Object.entries(sel).every(([k, v]) => pod.metadata.labels?.[k] === v);
}

/** Services a user would send traffic to (not the API server's own `kubernetes`, not system ones). */
export function listTargets(cluster: Cluster): TrafficTargetRef[] {
  return cluster.services
    .filter((s) => !isSystem(s.metadata.namespace) && !((s.metadata.namespace ?? 'default') === 'default' && s.metadata.name === 'kubernetes'))
    .map((s) => ({ namespace: s.metadata.namespace ?? 'default', name: s.metadata.name ?? '' }));
}

export function listSources(cluster: Cluster): TrafficSourceRef[] {
  const out: TrafficSourceRef[] = [];
  for (const p of cluster.pods) {
    if (isSystem(p.metadata.namespace) || !p.status?.podIP || p.metadata.deletionTimestamp) continue;
    out.push({ kind: 'pod', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '' });
  }
  for (const n of cluster.nodes) out.push({ kind: 'node', name: n.metadata.name ?? '' });
  out.push({ kind: 'external' });
  return out;
}

export function sameSource(a: TrafficSourceRef | null, b: TrafficSourceRef | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function findService(cluster: Cluster, t: TrafficTargetRef): Service | undefined {
  return cluster.services.find((s) => (s.metadata.namespace ?? 'default') === t.namespace && s.metadata.name === t.name);
}

/** Keep the current choice when it still exists; otherwise pick a sensible default. */
export function chooseTraffic(
  cluster: Cluster,
  current: { source: TrafficSourceRef | null; target: TrafficTargetRef | null },
): { source: TrafficSourceRef | null; target: TrafficTargetRef | null } {
  const targets = listTargets(cluster);
  const sources = listSources(cluster);
  let target = current.target && findService(cluster, current.target) ? current.target : (targets[0] ?? null);
  if (!target) return { source: null, target: null };
  const svc = findService(cluster, target);
  if (!svc) target = null;
  const keep = current.source && sources.some((s) => sameSource(s, current.source)) && target;
  if (keep) return { source: current.source, target };
  const type = svc?.spec.type ?? 'ClusterIP';
  if (type === 'NodePort' || type === 'LoadBalancer') return { source: { kind: 'external' }, target };
  const pods = cluster.pods.filter((p) => !isSystem(p.metadata.namespace) && p.status?.podIP && !p.metadata.deletionTimestamp);
  const client =
    pods.find((p) => /client/i.test(p.metadata.name ?? '') && !(svc && selects(svc, p))) ??
    pods.find((p) => !(svc && selects(svc, p)));
  if (client) return { source: { kind: 'pod', namespace: client.metadata.namespace ?? 'default', name: client.metadata.name ?? '' }, target };
  const node = cluster.nodes[0]?.metadata.name;
  return { source: node ? { kind: 'node', name: node } : { kind: 'external' }, target };
}
