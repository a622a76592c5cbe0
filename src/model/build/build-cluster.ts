// Building the whole simulated cluster from decoded objects, in the order a
// real cluster would come to this state:
//  1. configuration: ServiceCIDRs (else 10.96.0.0/12), KubeProxyConfiguration
//     (clusterCIDR, else 10.244.0.0/16);
//  2. Nodes (given, completed; or the default 3-node cluster) and their pod IPAM;
//  3. Namespaces: the system ones, the given ones, and every namespace an
//     object lives in (svcviz creates them implicitly);
//  4. Services through the apiserver (default/kubernetes and kube-system/kube-dns
//     first, so they hold .1 and .10), then the load-balancer controller;
//  5. workloads: pods given directly keep their node/IP; Deployments get
//     ReplicaSets; ReplicaSets and StatefulSets get pods (scheduled, IPs);
//  6. the EndpointSlice controller (plus the apiserver's `kubernetes` slice).
// Duplicated kind/namespace/name: the later definition wins, with a warning.
// Invalid objects are reported and left out; everything else keeps working.

import type { Cluster, ObjectKey } from '../cluster';
import { objectKey } from '../cluster';
import type { Diagnostic } from '../diagnostic';
import type { ObjectSource } from '../source';
import type {
  Deployment,
  EndpointSlice,
  KubeObject,
  KubeProxyConfiguration,
  Namespace,
  Node,
  Pod,
  ReplicaSet,
  Service,
  ServiceCIDR,
  StatefulSet,
} from '../types';
import { createRng } from '../rng';
import { NAMESPACED_KINDS, defaultProxyConfig } from '../api/defaults';
import { reconcileEndpointSlices } from '../endpointslice';
import { objectDiagnostic, GENERATED_SOURCE } from './diagnostics';
import { completeNodes, defaultNodeObjects, internalIP, nodePodCIDR } from './nodes';
import { createPodIPRange, type PodIPRangeState } from './pod-ipam';
import { createIPRange } from './ip-range';
import { createPortRange } from './port-range';
import { familyOf, formatCIDR, parseCIDR } from './ip';
import { DEFAULT_LB_POOL } from './load-balancer';
import { admitService } from './service-admission';
import { buildSchedulerIndex } from './scheduler';
import type { ControllerContext } from './controller-context';
import { podKey } from './controller-context';
import { randomUID, timestampAt } from './names';
import {
  coreDNSDeployment,
  kubeDNSService,
  kubernetesEndpointSlice,
  kubernetesService,
  namespaceObject,
  SYSTEM_NAMESPACES,
} from './system-objects';
import { runWorkloads } from './run-workloads';
import { lookupFor } from './pod-lookup';
import {
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_CLUSTER_CIDR_V6,
  DEFAULT_CLUSTER_DOMAIN,
  DEFAULT_SERVICE_CIDR,
  type ClusterAllocators,
  type ClusterModel,
} from './model';

export interface BuildEntry {
  object: KubeObject;
  source?: ObjectSource;
}

/** Defaulting + validation of one non-Service object (the "api" admission). */
export type AdmitFn = (
  obj: KubeObject,
  source: ObjectSource,
) => { object: KubeObject; diagnostics: Diagnostic[]; valid: boolean };

export interface BuildOptions {
  seed: number;
  admit: AdmitFn;
}

function keyOf(o: Pick<KubeObject, 'kind' | 'metadata'>): ObjectKey {
  const ns = NAMESPACED_KINDS.has(o.kind) ? (o.metadata?.namespace ?? 'default') : undefined;
  return objectKey(o.kind, ns, o.metadata?.name);
}

/** Later definitions of the same object win; the earlier one is reported. */
function dedupe(entries: readonly BuildEntry[], diagnostics: Diagnostic[]): BuildEntry[] {
  const last = new Map<ObjectKey, number>();
  const keys = entries.map((e) => keyOf(e.object));
  keys.forEach((k, i) => last.set(k, i));
  const out: BuildEntry[] = [];
  entries.forEach((e, i) => {
    const winner = last.get(keys[i]!)!;
    if (winner === i) out.push(e);
    else {
      const w = entries[winner]!.source;
      const where = w ? ` at ${w.file}:${w.line}:${w.column}` : '';
      diagnostics.push(
        objectDiagnostic(e.object, e.source, 'warning', `defined again${where}: the later definition replaces this one`),
      );
    }
  });
  return out;
}

export function buildClusterModel(inputEntries: readonly BuildEntry[], opts: BuildOptions): ClusterModel {
  const diagnostics: Diagnostic[] = [];
  const rng = createRng(opts.seed);
  const time = 0;
  const entries = dedupe(inputEntries, diagnostics);
  const sources: Record<ObjectKey, ObjectSource> = {};
  for (const e of entries) if (e.source) sources[keyOf(e.object)] = e.source;

  // Non-Service objects go through the api admission (defaults + validation).
  const admitted: { object: KubeObject; source?: ObjectSource }[] = [];
  const services: { object: Service; source?: ObjectSource }[] = [];
  for (const e of entries) {
    if (e.object.kind === 'Service') {
      services.push({ object: e.object, source: e.source });
      continue;
    }
    const r = opts.admit(e.object, e.source ?? GENERATED_SOURCE);
    diagnostics.push(...r.diagnostics);
    if (r.valid) admitted.push({ object: r.object, source: e.source });
  }
  const of = <K extends KubeObject['kind']>(kind: K) =>
    admitted.filter((e) => e.object.kind === kind) as { object: Extract<KubeObject, { kind: K }>; source?: ObjectSource }[];

  // 1. configuration
  const serviceCIDRs: string[] = [];
  for (const { object, source } of of('ServiceCIDR') as { object: ServiceCIDR; source?: ObjectSource }[]) {
    for (const [i, c] of (object.spec?.cidrs ?? []).entries()) {
      const p = parseCIDR(c);
      if (!p) diagnostics.push(objectDiagnostic(object, source, 'error', `spec.cidrs[${i}]: Invalid value: "${c}": must be a valid CIDR`, `spec.cidrs[${i}]`));
      else if (!serviceCIDRs.includes(formatCIDR(p))) serviceCIDRs.push(formatCIDR(p));
    }
  }
  if (!serviceCIDRs.length) serviceCIDRs.push(DEFAULT_SERVICE_CIDR);
  const kpc = of('KubeProxyConfiguration').at(-1)?.object as KubeProxyConfiguration | undefined;
  // Without a clusterCIDR the pod network follows the Service network's
  // families, in its order (kind's ranges): IPv4, IPv6-only, or dual-stack.
  const serviceFamilies = [...new Set(serviceCIDRs.map((c) => parseCIDR(c)?.family))];
  const defaultPodNetwork = serviceFamilies.map((f) => (f === 'IPv6' ? DEFAULT_CLUSTER_CIDR_V6 : DEFAULT_CLUSTER_CIDR)).join(',');
  const clusterCIDR = kpc?.clusterCIDR || defaultPodNetwork || DEFAULT_CLUSTER_CIDR;
  const proxyConfig = defaultProxyConfig({ ...kpc, clusterCIDR });

  // 2. nodes
  const givenNodes = (of('Node') as { object: Node }[]).map((e) => e.object);
  const nodes = completeNodes(givenNodes.length ? givenNodes : defaultNodeObjects(), clusterCIDR);
  const podIPs: Record<string, PodIPRangeState> = {};
  const podIPsSecondary: Record<string, PodIPRangeState> = {};
  for (const n of nodes) {
    const cidr = nodePodCIDR(n);
    const r = cidr ? createPodIPRange(cidr) : null;
    if (r) podIPs[n.metadata.name ?? ''] = r;
    const second = n.spec.podCIDRs?.[1];
    const r2 = second ? createPodIPRange(second) : null;
    if (r2 && r2.family !== r?.family) podIPsSecondary[n.metadata.name ?? ''] = r2;
  }

  // 4. services
  const allocators: ClusterAllocators = {
    services: {
      serviceIPs: serviceCIDRs.map((c) => createIPRange(c)!),
      nodePorts: createPortRange(),
    },
    loadBalancer: createIPRange(DEFAULT_LB_POOL, false)!,
    podIPs,
    podIPsSecondary,
  };
  const primary = serviceCIDRs[0]!;
  const has = (k: string) => services.some((s) => keyOf(s.object) === k);
  const systemServices: { object: Service; source?: ObjectSource }[] = [];
  if (!has('Service/default/kubernetes')) systemServices.push({ object: kubernetesService(primary) });
  if (!has('Service/kube-system/kube-dns')) systemServices.push({ object: kubeDNSService(primary) });
  const isSystem = (s: { object: Service }) => ['Service/default/kubernetes', 'Service/kube-system/kube-dns'].includes(keyOf(s.object));
  const ordered = [...systemServices, ...services.filter(isSystem), ...services.filter((s) => !isSystem(s))];
  const storedServices: Service[] = [];
  for (const { object, source } of ordered) {
    const r = admitService(object, source, allocators, rng, time);
    diagnostics.push(...r.diagnostics);
    if (r.service) storedServices.push(r.service);
  }

  // 3. namespaces
  const nsNames = new Set(SYSTEM_NAMESPACES);
  const namespaces: Namespace[] = SYSTEM_NAMESPACES.map(namespaceObject);
  for (const { object } of of('Namespace') as { object: Namespace }[]) {
    const i = namespaces.findIndex((n) => n.metadata.name === object.metadata.name);
    if (i >= 0) namespaces[i] = object;
    else namespaces.push(object);
    nsNames.add(object.metadata.name ?? '');
  }
  const implicitNS = (ns: string | undefined) => {
    if (ns && !nsNames.has(ns)) {
      nsNames.add(ns);
      namespaces.push(namespaceObject(ns));
    }
  };

  // 5. workloads
  const withUID = <T extends KubeObject>(o: T): T =>
    ({ ...o, metadata: { ...o.metadata, uid: o.metadata?.uid ?? randomUID(rng), creationTimestamp: o.metadata?.creationTimestamp ?? timestampAt(time) } }) as T;
  const deployments = (of('Deployment') as { object: Deployment }[]).map((e) => withUID(e.object));
  if (!deployments.some((d) => d.metadata.namespace === 'kube-system' && d.metadata.name === 'coredns'))
    deployments.unshift(withUID(coreDNSDeployment()));
  const replicaSets = (of('ReplicaSet') as { object: ReplicaSet }[]).map((e) => withUID(e.object));
  const statefulSets = (of('StatefulSet') as { object: StatefulSet }[]).map((e) => withUID(e.object));
  const givenPods = (of('Pod') as { object: Pod }[]).map((e) => withUID(e.object));

  const names = new Set<string>();
  const ctx: ControllerContext = {
    rng,
    time,
    nodes,
    ipam: podIPs,
    ipamSecondary: podIPsSecondary,
    ipamWritable: new Set(Object.keys(podIPs)),
    ipamSecondaryWritable: new Set(Object.keys(podIPsSecondary)),
    sched: buildSchedulerIndex(nodes, [], podIPs),
    readiness: [],
    isNameTaken: (ns, name) => names.has(`${ns}/${name}`),
    warnings: [],
  };
  const wl = runWorkloads(ctx, { deployments, replicaSets, statefulSets, pods: givenPods }, names);

  for (const o of [...storedServices, ...deployments, ...wl.replicaSets, ...statefulSets, ...wl.pods]) implicitNS(o.metadata.namespace);
  for (const e of admitted) implicitNS(e.object.metadata?.namespace);

  // 6. EndpointSlices
  const userSlices = (of('EndpointSlice') as { object: EndpointSlice }[]).map((e) => e.object);
  const kubeSvc = storedServices.find((s) => s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes');
  const hasKubeSlice = userSlices.some((s) => s.metadata.namespace === 'default' && s.metadata.labels?.['kubernetes.io/service-name'] === 'kubernetes');
  if (kubeSvc && !kubeSvc.spec.selector && !hasKubeSlice && nodes[0]) {
    const ip = internalIP(nodes[0]);
    if (ip) userSlices.unshift(kubernetesEndpointSlice([ip], familyOf(ip) ?? 'IPv4'));
  }
  const endpointSlices = reconcileEndpointSlices({ services: storedServices, pods: wl.pods, nodes, existing: userSlices, rng });

  for (const w of wl.warnings) diagnostics.push(objectDiagnostic(w.object, sources[keyOf(w.object)], 'warning', w.message));

  const cluster: Cluster = {
    config: {
      serviceCIDRs,
      clusterCIDR,
      nodePortRange: { base: 30000, size: 2768 },
      loadBalancerPool: DEFAULT_LB_POOL,
      clusterDomain: DEFAULT_CLUSTER_DOMAIN,
    },
    proxyConfig,
    namespaces,
    nodes,
    services: storedServices,
    deployments,
    replicaSets: wl.replicaSets,
    statefulSets,
    pods: wl.pods,
    endpointSlices,
  };
  lookupFor(cluster.pods); // index once now, so the first change is fast too
  return {
    cluster,
    diagnostics,
    sources,
    seed: opts.seed,
    rngState: rng.state(),
    time,
    allocators,
    readiness: ctx.readiness,
    removals: [],
    asStored: false,
  };
}

export { podKey };
