// The ClusterModel: the simulated cluster plus the state the API server and
// controllers keep between changes (allocator bitmaps, the RNG, simulated
// time, pending readiness/termination). Plain data only — no Maps, no class
// instances — so the worker can hold it and post it (structured clone).

import type { Cluster, ObjectKey } from '../cluster';
import type { Diagnostic } from '../diagnostic';
import type { ObjectSource } from '../source';
import type { IPRangeState } from './ip-range';
import type { PodIPRangeState } from './pod-ipam';
import type { ServiceAllocState } from './service-alloc';

export interface ClusterAllocators {
  /** ClusterIP ranges and the NodePort range (apiserver registry) */
  services: ServiceAllocState;
  /** the simulated load-balancer controller's pool */
  loadBalancer: IPRangeState;
  /** node name -> that node's pod IPAM (CNI host-local) */
  podIPs: Record<string, PodIPRangeState>;
}

export interface ClusterModel {
  cluster: Cluster;
  diagnostics: Diagnostic[];
  /** where each user-given object came from */
  sources: Record<ObjectKey, ObjectSource>;
  seed: number;
  /** RNG state after the last change (createRng(rngState) resumes the stream) */
  rngState: number;
  /** simulated seconds since the model was built */
  time: number;
  allocators: ClusterAllocators;
  /** pod key -> simulated time at which its readinessProbe first succeeds */
  readiness: Record<ObjectKey, number>;
  /** pod key -> simulated time at which the terminating pod is gone (grace period over) */
  removals: Record<ObjectKey, number>;
  /** objects were taken exactly as given (no allocation, no controllers) */
  asStored: boolean;
}

export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
