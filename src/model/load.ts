// The model's front door: manifest text in, the simulated cluster out.
//
//   parseManifestText (YAML/JSON, positions) -> decodeObject (typed kinds,
//   unknown fields warned) -> buildClusterModel (admission, allocation,
//   controllers; see build/build-cluster.ts)
//
// `completeCluster(objects, { asStored: true })` is the CLI's `--as-stored`:
// objects are taken exactly as a cluster stored them (e.g. `kubectl get -o
// yaml` output) — nothing is defaulted, allocated, scheduled or added.

import type { Cluster } from './cluster';
import { objectKey } from './cluster';
import type { Diagnostic } from './diagnostic';
import type { ObjectSource } from './source';
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
} from './types';
import { parseManifestText } from './yaml/parse';
import { admitObject, decodeObject, defaultProxyConfig, NAMESPACED_KINDS } from './api';
import { buildClusterModel, type BuildEntry } from './build/build-cluster';
import { createRng } from './rng';
import { DEFAULT_LB_POOL } from './build/load-balancer';
import { reserveStored, withNamespace } from './build/stored';
import {
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_CLUSTER_DOMAIN,
  DEFAULT_SERVICE_CIDR,
  type ClusterModel,
} from './build/model';

export type { ClusterModel, ClusterAllocators, PendingTimer } from './build/model';
export { DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR, DEFAULT_CLUSTER_DOMAIN } from './build/model';
export { DEFAULT_LB_POOL } from './build/load-balancer';

export const DEFAULT_SEED = 1;

export interface LoadInput {
  file: string;
  text: string;
}

export interface CreateOptions {
  seed?: number;
  /** take objects exactly as given (see completeCluster) */
  asStored?: boolean;
}

/** Parses and decodes every input; returns the typed objects with their sources. */
export function decodeInputs(inputs: readonly LoadInput[]): { entries: BuildEntry[]; diagnostics: Diagnostic[] } {
  const entries: BuildEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const parsed = parseManifestText(input.text, input.file);
    diagnostics.push(...parsed.diagnostics);
    for (const p of parsed.objects) {
      const d = decodeObject(p);
      diagnostics.push(...d.diagnostics);
      if (d.object) entries.push({ object: d.object, source: p.source });
    }
  }
  return { entries, diagnostics };
}

/** Builds the simulated cluster from manifest texts (deterministic for a seed). */
export function createClusterModel(inputs: readonly LoadInput[], options: CreateOptions = {}): ClusterModel {
  const seed = options.seed ?? DEFAULT_SEED;
  const decoded = decodeInputs(inputs);
  if (options.asStored) {
    const sources: Record<string, ObjectSource> = {};
    for (const e of decoded.entries) if (e.source) sources[keyOf(e.object)] = e.source;
    return storedModel(completeCluster(decoded.entries.map((e) => e.object), { asStored: true }), decoded.diagnostics, sources, seed);
  }
  const model = buildClusterModel(decoded.entries, {
    seed,
    admit: (obj, source) => admitObject(obj, source),
  });
  return { ...model, diagnostics: [...decoded.diagnostics, ...model.diagnostics] };
}

function keyOf(o: KubeObject): string {
  const ns = NAMESPACED_KINDS.has(o.kind) ? (o.metadata?.namespace ?? 'default') : undefined;
  return objectKey(o.kind, ns, o.metadata?.name);
}

/**
 * A Cluster from objects. With `asStored` the objects are used exactly as
 * given (only the kube-proxy configuration gets its defaults so the proxy
 * can run); otherwise they go through the full build (admission,
 * allocation, controllers) with `seed`.
 */
export function completeCluster(objects: readonly KubeObject[], options: { asStored: boolean; seed?: number }): Cluster {
  if (!options.asStored) {
    return buildClusterModel(
      objects.map((object) => ({ object })),
      { seed: options.seed ?? DEFAULT_SEED, admit: (obj, source) => admitObject(obj, source) },
    ).cluster;
  }
  const of = <T extends KubeObject>(kind: T['kind']) => objects.filter((o) => o.kind === kind).map(withNamespace) as T[];
  const cidrs = of<ServiceCIDR>('ServiceCIDR').flatMap((c) => c.spec?.cidrs ?? []);
  const kpc = of<KubeProxyConfiguration>('KubeProxyConfiguration').at(-1);
  const clusterCIDR = kpc?.clusterCIDR || DEFAULT_CLUSTER_CIDR;
  return {
    config: {
      serviceCIDRs: cidrs.length ? cidrs : [DEFAULT_SERVICE_CIDR],
      clusterCIDR,
      nodePortRange: { base: 30000, size: 2768 },
      loadBalancerPool: DEFAULT_LB_POOL,
      clusterDomain: DEFAULT_CLUSTER_DOMAIN,
    },
    proxyConfig: defaultProxyConfig({ ...kpc, clusterCIDR }),
    namespaces: of<Namespace>('Namespace'),
    nodes: of<Node>('Node'),
    services: of<Service>('Service'),
    deployments: of<Deployment>('Deployment'),
    replicaSets: of<ReplicaSet>('ReplicaSet'),
    statefulSets: of<StatefulSet>('StatefulSet'),
    pods: of<Pod>('Pod'),
    endpointSlices: of<EndpointSlice>('EndpointSlice'),
  };
}

/** Wraps an as-stored Cluster into a model (allocators know what the objects hold). */
function storedModel(cluster: Cluster, diagnostics: Diagnostic[], sources: Record<string, ObjectSource>, seed: number): ClusterModel {
  return {
    cluster,
    diagnostics,
    sources,
    seed,
    rngState: createRng(seed).state(),
    time: 0,
    allocators: reserveStored(cluster),
    readiness: [],
    removals: [],
    asStored: true,
  };
}
