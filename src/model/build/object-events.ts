// `kubectl scale`, `kubectl apply` and `kubectl delete`, applied to the
// simulated cluster. Writes go through the same admission as loading
// (Services: defaulting -> allocation -> validation; other kinds: the api
// admission), then the controllers react:
// - Deployment: a changed pod template gets a new ReplicaSet (scaled up at
//   once) and the old ReplicaSets are scaled to 0 (their pods terminate);
// - ReplicaSet / StatefulSet: replicas reconciled (a StatefulSet template
//   change does not roll existing pods in svcviz);
// - Node: a new node gets the next podCIDR and InternalIP;
// - delete cascades like the garbage collector (Deployment -> ReplicaSets ->
//   Pods, Service -> its EndpointSlices, Node -> its pods, which their
//   controllers replace elsewhere, Namespace -> everything in it).

import type {
  Deployment,
  EndpointSlice,
  KubeKind,
  KubeObject,
  KubeProxyConfiguration,
  Node,
  Pod,
  ReplicaSet,
  Service,
  ServiceCIDR,
  StatefulSet,
} from '../types';
import type { ObjectSource } from '../source';
import { admitObject, defaultProxyConfig } from '../api';
import { objectDiagnostic, GENERATED_SOURCE } from './diagnostics';
import { admitService } from './service-admission';
import { releaseServiceAllocations } from './service-alloc';
import { releaseLoadBalancer } from './load-balancer';
import { completeNodes } from './nodes';
import { createPodIPRange } from './pod-ipam';
import { createIPRange } from './ip-range';
import { formatCIDR, parseCIDR } from './ip';
import { podTemplateHash, randomUID, timestampAt } from './names';
import { placePod } from './controller-context';
import { namespaceObject, SYSTEM_NAMESPACES } from './system-objects';
import { replicaSetForDeployment, isOwnedBy } from './workloads';
import { deletePod, notFound, reconcileOwnerOf, reconcileRS, reconcileSTS } from './pod-events';
import {
  controllers,
  dropPod,
  invalidateControllers,
  keyOf,
  putObject,
  putPod,
  record,
  removeObject,
  writableServiceAlloc,
  type Txn,
} from './txn';

const svcId = (s: { metadata: { namespace?: string; name?: string } }) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name ?? ''}`;
const same = (ns: string | undefined, name: string) => (o: KubeObject) =>
  o.metadata?.name === name && (o.metadata?.namespace ?? '') === (ns ?? '');

function ensureNamespace(txn: Txn, ns: string | undefined): void {
  if (!ns || txn.namespaces.some((n) => n.metadata.name === ns)) return;
  putObject(txn, txn.namespaces, namespaceObject(ns));
}

function setSource(txn: Txn, obj: KubeObject, source: ObjectSource | undefined): void {
  const k = keyOf(obj);
  if (source) txn.sources = { ...txn.sources, [k]: source };
}

function withIdentity<T extends KubeObject>(txn: Txn, obj: T, prev: KubeObject | undefined): T {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      uid: prev?.metadata?.uid ?? obj.metadata?.uid ?? randomUID(txn.rng),
      creationTimestamp: prev?.metadata?.creationTimestamp ?? obj.metadata?.creationTimestamp ?? timestampAt(txn.time),
    },
  } as T;
}

// ------------------------------------------------------------------ scale

function currentReplicaSet(txn: Txn, d: Deployment): ReplicaSet | undefined {
  const name = `${d.metadata.name}-${podTemplateHash(d.spec.template)}`;
  return txn.replicaSets.find((r) => r.metadata.name === name && r.metadata.namespace === d.metadata.namespace);
}

function scaleRS(txn: Txn, rs: ReplicaSet, replicas: number): void {
  const next: ReplicaSet = { ...rs, spec: { ...rs.spec, replicas } };
  if (rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] !== undefined)
    next.metadata = { ...rs.metadata, annotations: { ...rs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(replicas) } };
  putObject(txn, txn.replicaSets, next);
  reconcileRS(txn, next);
}

/** Brings a Deployment's ReplicaSets in line with its template and replicas. */
function syncDeployment(txn: Txn, d: Deployment): void {
  const replicas = d.spec.replicas ?? 1;
  let current = currentReplicaSet(txn, d);
  if (!current) {
    current = replicaSetForDeployment(d, randomUID(txn.rng));
    current.metadata.creationTimestamp = timestampAt(txn.time);
    putObject(txn, txn.replicaSets, current);
    reconcileRS(txn, current);
  } else if ((current.spec.replicas ?? 1) !== replicas) scaleRS(txn, current, replicas);
  const currentName = current.metadata.name;
  for (const old of txn.replicaSets.filter((r) => r.metadata.name !== currentName && isOwnedBy(r, d.metadata.uid)))
    if ((old.spec.replicas ?? 1) !== 0) scaleRS(txn, old, 0);
}

export function scale(txn: Txn, namespace: string, name: string, replicas: number, kind?: KubeKind): void {
  if (!Number.isInteger(replicas) || replicas < 0) {
    txn.diagnostics.push(
      objectDiagnostic({ kind: kind ?? 'Deployment', metadata: { namespace, name } }, undefined, 'error', `spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`, 'spec.replicas'),
    );
    return;
  }
  const pick = <T extends KubeObject>(list: T[]) => list.find(same(namespace, name) as (o: T) => boolean);
  const d = !kind || kind === 'Deployment' ? pick(txn.deployments) : undefined;
  if (d) {
    const next = { ...d, spec: { ...d.spec, replicas } };
    putObject(txn, txn.deployments, next);
    return syncDeployment(txn, next);
  }
  const sts = !kind || kind === 'StatefulSet' ? pick(txn.statefulSets) : undefined;
  if (sts) {
    const next = { ...sts, spec: { ...sts.spec, replicas } };
    putObject(txn, txn.statefulSets, next);
    return reconcileSTS(txn, next);
  }
  const rs = !kind || kind === 'ReplicaSet' ? pick(txn.replicaSets) : undefined;
  if (rs) return scaleRS(txn, rs, replicas);
  notFound(txn, kind ?? 'Deployment', namespace, name);
}

// ------------------------------------------------------------------ apply

export function applyObject(txn: Txn, input: KubeObject, source?: ObjectSource): void {
  if (input.kind === 'Service') return applyService(txn, input, source);
  const previous = findObject(txn, input);
  const r = admitObject(input, source ?? GENERATED_SOURCE, previous ? { previous } : {});
  txn.diagnostics.push(...r.diagnostics);
  if (!r.valid) return;
  const obj = r.object;
  setSource(txn, obj, source);
  ensureNamespace(txn, obj.metadata?.namespace);
  switch (obj.kind) {
    case 'Deployment': {
      const d = withIdentity(txn, obj, previous);
      putObject(txn, txn.deployments, d);
      return syncDeployment(txn, d);
    }
    case 'ReplicaSet': {
      const rs = withIdentity(txn, obj, previous);
      putObject(txn, txn.replicaSets, rs);
      return reconcileRS(txn, rs);
    }
    case 'StatefulSet': {
      const sts = withIdentity(txn, obj, previous);
      putObject(txn, txn.statefulSets, sts);
      return reconcileSTS(txn, sts);
    }
    case 'Pod':
      return applyPod(txn, withIdentity(txn, obj, previous), previous as Pod | undefined);
    case 'Node':
      return applyNode(txn, obj, previous as Node | undefined);
    case 'Namespace':
      putObject(txn, txn.namespaces, obj);
      return;
    case 'EndpointSlice':
      txn.endpointSlices = txn.endpointSlices.slice();
      putObject(txn, txn.endpointSlices, obj);
      return;
    case 'ServiceCIDR':
      return applyServiceCIDR(txn, obj);
    case 'KubeProxyConfiguration': {
      const cfg = obj as KubeProxyConfiguration;
      txn.proxyConfig = defaultProxyConfig({ ...cfg, clusterCIDR: cfg.clusterCIDR || txn.config.clusterCIDR });
      record(txn, keyOf(obj), previous ? 'updated' : 'added');
      return;
    }
  }
}

function findObject(txn: Txn, o: KubeObject): KubeObject | undefined {
  const ns = o.metadata?.namespace ?? (o.kind === 'Node' || o.kind === 'Namespace' || o.kind === 'ServiceCIDR' || o.kind === 'KubeProxyConfiguration' ? undefined : 'default');
  const lists: Partial<Record<KubeKind, readonly KubeObject[]>> = {
    Service: txn.services,
    Pod: txn.pods,
    Deployment: txn.deployments,
    ReplicaSet: txn.replicaSets,
    StatefulSet: txn.statefulSets,
    Node: txn.nodes,
    Namespace: txn.namespaces,
    EndpointSlice: txn.endpointSlices,
  };
  if (o.kind === 'KubeProxyConfiguration') return txn.proxyConfig;
  return lists[o.kind]?.find(same(ns, o.metadata?.name ?? ''));
}

function applyService(txn: Txn, input: Service, source?: ObjectSource): void {
  const ns = input.metadata?.namespace ?? 'default';
  const svc = { ...input, metadata: { ...input.metadata, namespace: ns } };
  const prev = txn.services.find(same(ns, svc.metadata.name ?? '') as (s: Service) => boolean);
  const r = admitService(svc, source, writableServiceAlloc(txn), txn.rng, txn.time, prev);
  txn.diagnostics.push(...r.diagnostics);
  if (!r.service) return;
  setSource(txn, r.service, source);
  ensureNamespace(txn, ns);
  putObject(txn, txn.services, r.service);
  txn.touchedServices.add(svcId(r.service));
}

function applyPod(txn: Txn, pod: Pod, prev: Pod | undefined): void {
  if (prev) {
    // Pod specs are (mostly) immutable: labels, annotations and given conditions change.
    const next: Pod = { ...prev, metadata: { ...prev.metadata, labels: pod.metadata.labels, annotations: pod.metadata.annotations } };
    if (pod.status?.conditions) next.status = { ...prev.status, conditions: pod.status.conditions };
    putPod(txn, next);
    return;
  }
  const ctx = controllers(txn);
  const mark = ctx.warnings.length;
  putPod(txn, placePod(ctx, pod));
  for (const w of ctx.warnings.splice(mark)) txn.diagnostics.push(objectDiagnostic(pod, txn.sources[keyOf(pod)], 'warning', `pod ${w.message}`));
}

function applyNode(txn: Txn, input: Node, prev: Node | undefined): void {
  const merged: Node = prev
    ? { ...input, spec: { ...prev.spec, ...input.spec }, status: { ...prev.status, ...input.status } }
    : input;
  const others = txn.nodes.filter((n) => n.metadata.name !== input.metadata.name);
  const done = completeNodes([...others, merged], txn.config.clusterCIDR).at(-1)!;
  putObject(txn, txn.nodes, done);
  const name = done.metadata.name ?? '';
  if (!txn.allocators.podIPs[name] && done.spec.podCIDR) {
    const r = createPodIPRange(done.spec.podCIDR);
    if (r) txn.allocators.podIPs[name] = r;
    const second = done.spec.podCIDRs?.[1];
    const r2 = second ? createPodIPRange(second) : null;
    if (r2 && r2.family !== r?.family) txn.allocators.podIPsSecondary[name] = r2;
  }
  invalidateControllers(txn);
  txn.allServices = true;
}

function applyServiceCIDR(txn: Txn, obj: ServiceCIDR): void {
  const al = writableServiceAlloc(txn);
  const cidrs = [...txn.config.serviceCIDRs];
  for (const c of obj.spec?.cidrs ?? []) {
    const p = parseCIDR(c);
    if (!p || cidrs.includes(formatCIDR(p))) continue;
    cidrs.push(formatCIDR(p));
    const r = createIPRange(formatCIDR(p));
    if (r) al.services = { ...al.services, serviceIPs: [...al.services.serviceIPs, r] };
  }
  txn.config = { ...txn.config, serviceCIDRs: cidrs };
  record(txn, keyOf(obj), 'updated');
}

// ------------------------------------------------------------------ delete

function dropPodsWhere(txn: Txn, pred: (p: Pod) => boolean): Pod[] {
  const out: Pod[] = [];
  for (let i = txn.pods.length - 1; i >= 0; i--) if (pred(txn.pods[i]!)) out.push(dropPod(txn, i));
  return out.reverse();
}

function forgetSource(txn: Txn, key: string): void {
  if (txn.sources[key] === undefined) return;
  const { [key]: _gone, ...rest } = txn.sources;
  txn.sources = rest;
}

export function deleteObject(txn: Txn, kind: KubeKind, namespace: string | undefined, name: string): void {
  const ns = kind === 'Node' || kind === 'Namespace' || kind === 'ServiceCIDR' || kind === 'KubeProxyConfiguration' ? undefined : (namespace ?? 'default');
  switch (kind) {
    case 'Service': {
      const svc = removeObject(txn, txn.services, ns, name);
      if (!svc) return notFound(txn, kind, ns, name);
      const al = writableServiceAlloc(txn);
      releaseServiceAllocations(al.services, svc, keyOf(svc));
      releaseLoadBalancer(al.loadBalancer, svc, keyOf(svc));
      txn.deletedServices.add(svcId(svc));
      break;
    }
    case 'Deployment': {
      const d = removeObject(txn, txn.deployments, ns, name);
      if (!d) return notFound(txn, kind, ns, name);
      for (const rs of txn.replicaSets.filter((r) => isOwnedBy(r, d.metadata.uid))) {
        removeObject(txn, txn.replicaSets, rs.metadata.namespace, rs.metadata.name ?? '');
        dropPodsWhere(txn, (p) => isOwnedBy(p, rs.metadata.uid));
      }
      break;
    }
    case 'ReplicaSet':
    case 'StatefulSet': {
      const list = (kind === 'ReplicaSet' ? txn.replicaSets : txn.statefulSets) as (ReplicaSet | StatefulSet)[];
      const w = removeObject(txn, list, ns, name);
      if (!w) return notFound(txn, kind, ns, name);
      dropPodsWhere(txn, (p) => isOwnedBy(p, w.metadata.uid));
      break;
    }
    case 'Pod':
      deletePod(txn, ns ?? 'default', name);
      break;
    case 'Node': {
      const node = removeObject(txn, txn.nodes, undefined, name);
      if (!node) return notFound(txn, kind, undefined, name);
      // Pod garbage collection removes the node's pods; their owners replace them elsewhere.
      const gone = dropPodsWhere(txn, (p) => p.spec.nodeName === name);
      delete txn.allocators.podIPs[name];
      delete txn.allocators.podIPsSecondary[name];
      invalidateControllers(txn);
      for (const p of gone) reconcileOwnerOf(txn, p);
      txn.allServices = true;
      break;
    }
    case 'Namespace': {
      if (SYSTEM_NAMESPACES.includes(name)) {
        txn.diagnostics.push(objectDiagnostic({ kind, metadata: { name } }, undefined, 'error', `namespaces "${name}" is forbidden: this namespace may not be deleted`));
        return;
      }
      const nsObj = removeObject(txn, txn.namespaces, undefined, name);
      if (!nsObj) return notFound(txn, kind, undefined, name);
      for (const s of txn.services.filter((x) => x.metadata.namespace === name)) deleteObject(txn, 'Service', name, s.metadata.name ?? '');
      for (const d of txn.deployments.filter((x) => x.metadata.namespace === name)) deleteObject(txn, 'Deployment', name, d.metadata.name ?? '');
      for (const r of txn.replicaSets.filter((x) => x.metadata.namespace === name)) deleteObject(txn, 'ReplicaSet', name, r.metadata.name ?? '');
      for (const s of txn.statefulSets.filter((x) => x.metadata.namespace === name)) deleteObject(txn, 'StatefulSet', name, s.metadata.name ?? '');
      dropPodsWhere(txn, (p) => p.metadata.namespace === name);
      const slices = txn.endpointSlices.filter((s) => s.metadata.namespace === name);
      for (const s of slices) deleteObject(txn, 'EndpointSlice', name, s.metadata.name ?? '');
      break;
    }
    case 'EndpointSlice': {
      txn.endpointSlices = txn.endpointSlices.slice();
      const s = removeObject(txn, txn.endpointSlices as EndpointSlice[], ns, name);
      if (!s) return notFound(txn, kind, ns, name);
      const svc = s.metadata.labels?.['kubernetes.io/service-name'];
      if (svc) txn.touchedServices.add(`${ns}/${svc}`);
      break;
    }
    default:
      txn.diagnostics.push(
        objectDiagnostic({ kind, metadata: { name } } as Pick<KubeObject, 'kind' | 'metadata'>, undefined, 'warning', `deleting a ${kind} is not simulated; the cluster keeps its configuration`),
      );
      return;
  }
  forgetSource(txn, `${kind}/${ns ?? ''}/${name}`);
}

