// The EndpointSlice controller for a whole cluster
// (pkg/controller/endpointslice + staging/src/k8s.io/endpointslice).
//
// reconcileEndpointSlices recomputes every controller-managed slice:
// - Services with a selector (and not ExternalName) get their slices
//   reconciled (names of existing slices are reused, see reconciler.ts);
// - Services without a selector, or ExternalName, keep whatever slices exist:
//   the controller never touches them (user-supplied slices labelled
//   `kubernetes.io/service-name` are how selectorless Services get endpoints);
// - slices managed by another controller (or by nobody) are kept as given;
// - controller-managed slices whose Service is gone are removed (the garbage
//   collector deletes them through their ownerReference).
// Output order: unmanaged slices first (input order), then each Service's
// managed slices in Service order (existing ones in their order, new last).

import type { EndpointSlice, Node, Pod, Service } from '../types';
import type { Rng } from '../rng';
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './constants';
import { createPodIndex, selectPods } from './pod-index';
import { isManagedService, planServiceSlices, topologyHintsEnabled, type ServiceSlicePlan } from './reconciler';
import { zoneCpuRatios } from './topology-cache';

export * from './constants';
export { createPodIndex, selectPods, selectorMatches, type PodIndex } from './pod-index';
export { servicesAffectedByPod, podEndpointsChanged } from './affected-services';
export { explainPodMembership, type PodMembership } from './explain';
export {
  isManagedService,
  planServiceSlices,
  reconcileServiceSlices,
  topologyHintsEnabled,
  type ReconcileServiceOptions,
  type ServiceSlicePlan,
} from './reconciler';
export { endpointsForService, slicesForService, type ServiceEndpoint } from './service-endpoints';
export { findPort, isPodReady, podToEndpoint, shouldPodBeInEndpoints } from './pod-endpoint';
export { zoneCpuRatios, cpuMillis } from './topology-cache';
export type { SliceControllerEvent } from './slice-info';
export { canonicalIP } from './ip';
export {
  buildLegacyEndpoints,
  truncateEndpoints,
  ENDPOINTS_MAX_CAPACITY,
  ANNOTATION_OVER_CAPACITY,
  type Endpoints,
  type EndpointSubset,
  type EndpointAddress,
  type EndpointsPort,
} from './legacy-endpoints';

export interface ReconcileInput {
  services: readonly Service[];
  pods: readonly Pod[];
  nodes: readonly Node[];
  existing: readonly EndpointSlice[];
  rng: Rng;
  maxEndpointsPerSlice?: number;
}

/** A slice is the controller's when its managed-by label says so. */
export function isControllerManaged(slice: EndpointSlice): boolean {
  return slice.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;
}

/** `namespace/name` of the Service a slice is labelled for ('' when unlabelled). */
export function sliceServiceKey(slice: EndpointSlice): string {
  const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
  return svc ? `${slice.metadata.namespace ?? 'default'}/${svc}` : '';
}

export function reconcileEndpointSlices(input: ReconcileInput): EndpointSlice[] {
  return reconcileEndpointSlicesDetailed(input).slices;
}

export interface ClusterSliceResult {
  slices: EndpointSlice[];
  /** per Service `namespace/name`, for Services the controller reconciled */
  plans: Map<string, ServiceSlicePlan>;
}

export function reconcileEndpointSlicesDetailed(input: ReconcileInput): ClusterSliceResult {
  const index = createPodIndex(input.pods);
  const nodesByName = new Map(input.nodes.map((n) => [n.metadata.name ?? '', n]));
  const serviceKeys = new Set(input.services.map((s) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name ?? ''}`));
  const namesByNamespace = new Map<string, Set<string>>();
  const managedByService = new Map<string, EndpointSlice[]>();
  const out: EndpointSlice[] = [];
  for (const s of input.existing) {
    const ns = s.metadata.namespace ?? 'default';
    let names = namesByNamespace.get(ns);
    if (!names) namesByNamespace.set(ns, (names = new Set()));
    names.add(s.metadata.name ?? '');
    if (!isControllerManaged(s)) {
      out.push(s);
      continue;
    }
    const key = sliceServiceKey(s);
    if (!serviceKeys.has(key)) continue; // owner gone: garbage-collected
    const list = managedByService.get(key);
    if (list) list.push(s);
    else managedByService.set(key, [s]);
  }

  let ratios: Map<string, number> | null | undefined;
  const plans = new Map<string, ServiceSlicePlan>();
  for (const svc of input.services) {
    const ns = svc.metadata.namespace ?? 'default';
    const key = `${ns}/${svc.metadata.name ?? ''}`;
    const existing = managedByService.get(key) ?? [];
    if (!isManagedService(svc)) {
      out.push(...existing);
      continue;
    }
    if (topologyHintsEnabled(svc.metadata.annotations) && ratios === undefined) ratios = zoneCpuRatios(input.nodes);
    let names = namesByNamespace.get(ns);
    if (!names) namesByNamespace.set(ns, (names = new Set()));
    const taken = names;
    const pods = selectPods(index, ns, svc.spec.selector!);
    const plan = planServiceSlices(svc, pods, nodesByName, existing, input.rng, {
      maxEndpointsPerSlice: input.maxEndpointsPerSlice,
      isNameTaken: (n) => taken.has(n),
      zoneCpuRatios: ratios,
    });
    for (const c of plan.created) taken.add(c.metadata.name ?? '');
    plans.set(key, plan);
    out.push(...plan.slices);
  }
  return { slices: out, plans };
}
