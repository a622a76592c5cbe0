// The EndpointSlice reconciler for ONE Service
// (staging/src/k8s.io/endpointslice/reconciler.go: Reconcile,
// reconcileByAddressType, reconcileByPortMapping, finalize).
//
// Given the pods the Service selects and the slices the controller already
// manages for it, decide which slices to create, update and delete so that
// every wanted endpoint appears exactly once:
//   1. walk the existing slices, dropping endpoints no longer wanted and
//      refreshing changed ones (a slice left empty is deleted);
//   2. fill the slices already being updated with new endpoints, fullest
//      first;
//   3. put what remains into the untouched slice that ends up closest to
//      full, else into new slices (at most maxEndpointsPerSlice each);
//   4. with no endpoints at all keep/create one empty "placeholder" slice;
//   5. add or remove hints (topology annotation or trafficDistribution);
//   6. turn creates into updates of slices that would be deleted (names are
//      reused), then name the remaining new slices from generateName.
// Upstream pops endpoints from a Go map (random order); svcviz places them in
// pod order so results are reproducible. Existing slices keep their order;
// new ones come last.

import type { EndpointPort, EndpointSlice, Endpoint, Node, Pod, Service } from '../types';
import type { Rng } from '../rng';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, DEFAULT_MAX_ENDPOINTS_PER_SLICE } from './constants';
import { generateName } from './names';
import { endpointPortsFor, podToEndpoint, shouldPodBeInEndpoints, type SliceAddressType } from './pod-endpoint';
import { selectorMatches } from './pod-index';
import {
  addressTypesForService,
  endpointKey,
  endpointsEqualBeyondKey,
  isOwnedBy,
  isSamePlaceholder,
  newEndpointSlice,
  portMapKey,
  sliceLabels,
} from './slice-meta';
import { cloneSlice, removeHintsFromSlices, type SliceControllerEvent, type SliceInfo } from './slice-info';
import { addTopologyHints, zoneCpuRatios } from './topology-cache';
import { isValidTrafficDistribution, reconcileTrafficDistributionHints } from './trafficdist';

export interface ReconcileServiceOptions {
  /** `--max-endpoints-per-slice` (default 100). */
  maxEndpointsPerSlice?: number;
  /** Names of EndpointSlices already present in the Service's namespace (generateName avoids them). */
  isNameTaken?: (name: string) => boolean;
  /** Zone CPU shares (topology cache); computed from `nodesByName` when omitted. */
  zoneCpuRatios?: Map<string, number> | null;
}

/** What one reconcile of one Service decided. */
export interface ServiceSlicePlan {
  /** All managed slices of the Service afterwards: kept ones in their order, new ones last. */
  slices: EndpointSlice[];
  created: EndpointSlice[];
  updated: EndpointSlice[];
  /** Stored slices that go away. */
  deleted: EndpointSlice[];
  /** Events the controller records on the Service (topology hints). */
  events: SliceControllerEvent[];
  /** Pods left out because their Node does not exist (upstream retries the Service later). */
  skippedPods: string[];
}

/** hintsEnabled: topology-aware-hints (takes precedence) or topology-mode is `Auto`/`auto`. */
export function topologyHintsEnabled(annotations: Record<string, string> | undefined): boolean {
  const val = annotations?.[ANNOTATION_TOPOLOGY_AWARE_HINTS] ?? annotations?.[ANNOTATION_TOPOLOGY_MODE];
  return val === 'Auto' || val === 'auto';
}

/**
 * Whether the controller manages slices for this Service at all: not
 * ExternalName and a non-nil selector. An empty `selector: {}` is stored by
 * the API server as no selector (empty maps do not survive serialisation),
 * so it counts as selectorless.
 */
export function isManagedService(svc: Service): boolean {
  if (svc.spec.type === 'ExternalName') return false;
  return svc.spec.selector != null && Object.keys(svc.spec.selector).length > 0;
}

/** Reconcile one Service and return only its resulting slices. */
export function reconcileServiceSlices(
  service: Service,
  podsOfNamespace: readonly Pod[],
  nodesByName: ReadonlyMap<string, Node>,
  existingForService: readonly EndpointSlice[],
  rng: Rng,
  options: ReconcileServiceOptions = {},
): EndpointSlice[] {
  return planServiceSlices(service, podsOfNamespace, nodesByName, existingForService, rng, options).slices;
}

/**
 * Reconcile one Service. `podsOfNamespace` may be all pods of the namespace
 * (they are filtered by the selector here); `existingForService` are the
 * slices labelled with this Service's name and managed by the controller.
 * A Service the controller does not manage (ExternalName, no selector)
 * keeps whatever slices exist: upstream returns without touching them.
 */
export function planServiceSlices(
  service: Service,
  podsOfNamespace: readonly Pod[],
  nodesByName: ReadonlyMap<string, Node>,
  existingForService: readonly EndpointSlice[],
  rng: Rng,
  options: ReconcileServiceOptions = {},
): ServiceSlicePlan {
  const plan: ServiceSlicePlan = { slices: [], created: [], updated: [], deleted: [], events: [], skippedPods: [] };
  if (!isManagedService(service)) {
    plan.slices = existingForService.slice();
    return plan;
  }
  const selector = service.spec.selector!;
  const ns = service.metadata.namespace ?? 'default';
  const pods = podsOfNamespace.filter(
    (p) => (p.metadata.namespace ?? 'default') === ns && selectorMatches(selector, p.metadata.labels),
  );
  const max = options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  const types = addressTypesForService(service);
  let ratios = options.zoneCpuRatios;
  const getRatios = (): Map<string, number> | null => {
    if (ratios === undefined) ratios = zoneCpuRatios(nodesByName.values());
    return ratios;
  };

  const replacement = new Map<EndpointSlice, EndpointSlice | null>();
  const created: EndpointSlice[] = [];
  const existing = existingForService.map(normaliseSlice);
  for (const addressType of types) {
    const existingOfType = existing.filter((s) => s.addressType === addressType);
    const r = reconcileByAddressType(service, pods, nodesByName, existingOfType, addressType, max, getRatios, plan);
    const byName = new Map(existingOfType.map((s) => [s.metadata.name ?? '', s]));
    for (const u of r.toUpdate) {
      const orig = byName.get(u.metadata.name ?? '');
      if (orig) replacement.set(orig, u);
      plan.updated.push(u);
    }
    for (const d of r.toDelete) {
      replacement.set(d, null);
      plan.deleted.push(d);
    }
    // No new slices for a Service pending deletion (the garbage collector
    // would race with the controller).
    if (service.metadata.deletionTimestamp == null) created.push(...r.toCreate);
  }
  // Slices of an address type the Service no longer has are deleted.
  for (const s of existing) {
    if (!(types as string[]).includes(s.addressType)) {
      replacement.set(s, null);
      plan.deleted.push(s);
    }
  }
  const taken = new Set(existing.map((s) => s.metadata.name ?? ''));
  for (const s of created) {
    const name = generateName(s.metadata.generateName ?? '', rng, (n) => taken.has(n) || (options.isNameTaken?.(n) ?? false));
    taken.add(name);
    s.metadata = { name, ...s.metadata };
    plan.created.push(s);
  }
  for (const s of existing) {
    const r = replacement.has(s) ? replacement.get(s) : s;
    if (r) plan.slices.push(r);
  }
  plan.slices.push(...created);
  return plan;
}

/** Hand-written slices may say `endpoints: null` or omit addresses; read them as empty. */
function normaliseSlice(s: EndpointSlice): EndpointSlice {
  if (Array.isArray(s.endpoints) && s.endpoints.every((ep) => Array.isArray(ep.addresses))) return s;
  return { ...s, endpoints: (s.endpoints ?? []).map((ep) => ({ ...ep, addresses: ep.addresses ?? [] })) };
}

interface AddressTypeResult {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
}

interface DesiredGroup {
  ports: EndpointPort[];
  endpoints: Map<string, Endpoint>;
}

function reconcileByAddressType(
  service: Service,
  pods: readonly Pod[],
  nodesByName: ReadonlyMap<string, Node>,
  existing: readonly EndpointSlice[],
  addressType: SliceAddressType,
  max: number,
  getRatios: () => Map<string, number> | null,
  plan: ServiceSlicePlan,
): AddressTypeResult {
  const toCreate: EndpointSlice[] = [];
  const toUpdate: EndpointSlice[] = [];
  const toDelete: EndpointSlice[] = [];

  // Existing state, grouped by port list; slices of another owner go.
  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    if (!isOwnedBy(s, service)) {
      toDelete.push(s);
      continue;
    }
    const key = portMapKey(s.ports);
    const list = existingByPorts.get(key);
    if (list) list.push(s);
    else existingByPorts.set(key, [s]);
  }

  // Desired state: one endpoint per pod, grouped by the pod's port list.
  const desired = new Map<string, DesiredGroup>();
  // A pod's port list depends only on its containers: pods of one template
  // share that array, so it is resolved once per template.
  const portsByContainers = new Map<unknown, { ports: EndpointPort[]; key: string }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod)) continue;
    const containers = pod.spec.initContainers === undefined ? pod.spec.containers : undefined;
    let pk = containers ? portsByContainers.get(containers) : undefined;
    if (!pk) {
      const p = endpointPortsFor(service, pod);
      pk = { ports: p, key: portMapKey(p) };
      if (containers) portsByContainers.set(containers, pk);
    }
    const { ports, key } = pk;
    let group = desired.get(key);
    if (!group) desired.set(key, (group = { ports, endpoints: new Map() }));
    const node = nodesByName.get(pod.spec.nodeName ?? '');
    if (!node && !service.spec.publishNotReadyAddresses) {
      // Node not found: the pod is left out and the Service retried later.
      const name = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
      if (!plan.skippedPods.includes(name)) plan.skippedPods.push(name);
      continue;
    }
    const ep = podToEndpoint(pod, node, service, addressType);
    if (ep.addresses.length > 0) group.endpoints.set(endpointKey(ep), ep);
  }

  for (const [key, group] of desired) {
    const r = reconcileByPortMapping(service, existingByPorts.get(key) ?? [], group, addressType, max);
    toCreate.push(...r.toCreate);
    toUpdate.push(...r.toUpdate);
    toDelete.push(...r.toDelete);
  }
  for (const [key, slices] of existingByPorts) {
    if (!desired.has(key)) toDelete.push(...slices);
  }

  // No endpoints at all: keep (or create) one empty placeholder slice.
  if (existing.length === toDelete.length && toCreate.length < 1) {
    const placeholder = newEndpointSlice(service, [], addressType);
    if (toDelete.length === 1 && isSamePlaceholder(toDelete[0]!, placeholder)) toDelete.length = 0;
    else toCreate.push(placeholder);
  }

  // Hints.
  const changed = new Set([...toUpdate, ...toDelete].map((s) => s.metadata.name));
  const si: SliceInfo = {
    serviceKey: `${service.metadata.namespace ?? 'default'}/${service.metadata.name ?? ''}`,
    addressType,
    toCreate,
    toUpdate,
    unchanged: existing.filter((s) => !changed.has(s.metadata.name)),
  };
  const annotationHints = topologyHintsEnabled(service.metadata.annotations);
  const canUseTrafficDistribution = isValidTrafficDistribution(service.spec.trafficDistribution) && !annotationHints;
  if (annotationHints) {
    const hadHints = existing.some((s) => s.endpoints.some((ep) => ep.hints?.forZones?.length));
    plan.events.push(...addTopologyHints(si, getRatios(), hadHints));
  } else if (!canUseTrafficDistribution) {
    removeHintsFromSlices(si);
  }
  if (canUseTrafficDistribution) {
    const changedNow = new Set([...si.toUpdate, ...toDelete].map((s) => s.metadata.name));
    si.unchanged = existing.filter((s) => !changedNow.has(s.metadata.name));
    reconcileTrafficDistributionHints(service.spec.trafficDistribution, si);
  }

  // finalize: reuse the names of slices about to be deleted for new ones.
  const creates = si.toCreate.slice();
  const updates = si.toUpdate.slice();
  const deletes = toDelete.slice();
  for (let i = 0; i < deletes.length && creates.length > 0; ) {
    const del = deletes[i]!;
    const slice = creates[creates.length - 1]!;
    if (del.addressType === slice.addressType && isOwnedBy(del, service)) {
      slice.metadata = { name: del.metadata.name, ...slice.metadata };
      creates.pop();
      updates.push(slice);
      deletes.splice(i, 1);
    } else {
      i++;
    }
  }
  return { toCreate: creates, toUpdate: dedupeByName(updates), toDelete: deletes };
}

/** An update list may name a slice twice (hint passes re-add it); the last copy wins. */
function dedupeByName(slices: EndpointSlice[]): EndpointSlice[] {
  const byName = new Map<string, EndpointSlice>();
  for (const s of slices) {
    const name = s.metadata.name ?? '';
    byName.delete(name);
    byName.set(name, s);
  }
  return [...byName.values()];
}

function reconcileByPortMapping(
  service: Service,
  existing: readonly EndpointSlice[],
  group: DesiredGroup,
  addressType: SliceAddressType,
  max: number,
): AddressTypeResult {
  const desired = group.endpoints;
  const slicesByName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdateNames = new Set<string>();
  const toDeleteNames = new Set<string>();

  // 1. Drop unwanted endpoints and refresh changed ones in place.
  for (const s of existing) {
    const name = s.metadata.name ?? '';
    slicesByName.set(name, s);
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const ep of s.endpoints) {
      const key = endpointKey(ep);
      const got = desired.get(key);
      if (!got) continue;
      kept.push(got);
      if (!endpointsEqualBeyondKey(got, ep)) endpointUpdated = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(s, service);
    if (endpointUpdated || kept.length !== s.endpoints.length) {
      if (kept.length === 0) {
        toDeleteNames.add(name);
      } else {
        const copy = cloneSlice({ ...s, endpoints: [] });
        copy.endpoints = kept;
        copy.metadata.labels = labels;
        slicesByName.set(name, copy);
        toUpdateNames.add(name);
      }
    } else if (labelsChanged) {
      const copy = cloneSlice(s);
      copy.metadata.labels = labels;
      slicesByName.set(name, copy);
      toUpdateNames.add(name);
    } else {
      unchanged.add(name);
    }
  }

  const pending = [...desired.values()];
  let next = 0;
  const remaining = () => pending.length - next;

  // 2. Fill the slices already being updated, fullest first.
  if (remaining() > 0 && toUpdateNames.size > 0) {
    const slices = [...toUpdateNames].map((n) => slicesByName.get(n)!);
    slices.sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) {
      while (remaining() > 0 && s.endpoints.length < max) s.endpoints.push(pending[next++]!);
    }
  }

  // 3. Then an untouched slice that fits the rest best, else new slices.
  const toCreate: EndpointSlice[] = [];
  while (remaining() > 0) {
    let fill: EndpointSlice | undefined;
    if (remaining() < max && unchanged.size > 0) {
      const candidate = sliceToFill([...unchanged].map((n) => slicesByName.get(n)!), remaining(), max);
      if (candidate) {
        fill = cloneSlice(candidate);
        slicesByName.set(candidate.metadata.name ?? '', fill);
      }
    }
    fill ??= newEndpointSlice(service, group.ports, addressType);
    while (remaining() > 0 && fill.endpoints.length < max) fill.endpoints.push(pending[next++]!);
    if (fill.metadata.name) {
      toUpdateNames.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else {
      toCreate.push(fill);
    }
  }
  return {
    toCreate,
    toUpdate: [...toUpdateNames].map((n) => slicesByName.get(n)!),
    toDelete: [...toDeleteNames].map((n) => slicesByName.get(n)!),
  };
}

/** getSliceToFill: the slice that is closest to full once `n` endpoints are added. */
function sliceToFill(slices: EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const s of slices) {
    const diff = max - (n + s.endpoints.length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = s;
      if (diff === 0) return closest;
    }
  }
  return closest;
}
