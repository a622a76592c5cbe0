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
  /** node name -> that node's pod IPAM (CNI host-local) on its first podCIDR */
  podIPs: Record<string, PodIPRangeState>;
  /** node name -> IPAM on its second podCIDR (dual-stack pod network only) */
  podIPsSecondary: Record<string, PodIPRangeState>;
}

/** Something that happens to an object at a simulated time. */
export interface PendingTimer {
  key: ObjectKey;
  /** simulated seconds */
  at: number;
}

/** Removes the timer of `key` (in place); true when there was one. */
export function dropTimer(list: PendingTimer[], key: ObjectKey): boolean {
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.key === key) {
      list.splice(i, 1);
      return true;
    }
  }
  return false;
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
  /**
   * Pods whose readinessProbe has not succeeded yet, with the time it will.
   * (Arrays, not records: copying one per change stays cheap with 50,000 pods.)
   */
  readiness: PendingTimer[];
  /** Terminating pods, with the time their grace period ends and they are removed. */
  removals: PendingTimer[];
  /** objects were taken exactly as given (no allocation, no controllers) */
  asStored: boolean;
}

export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
/** second pod network family when the Service network is dual-stack (kind's default) */
export const DEFAULT_CLUSTER_CIDR_V6 = 'fd00:10:244::/56';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
