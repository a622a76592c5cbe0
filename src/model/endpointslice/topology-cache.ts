// Topology Aware Routing (`service.kubernetes.io/topology-mode: Auto`):
// proportional zone hints (staging/src/k8s.io/endpointslice/topologycache/
// {topologycache.go,utils.go,sliceinfo.go}).
//
// Each zone should receive a share of the Service's ready endpoints equal to
// its share of the cluster's allocatable CPU. Endpoints first get a hint for
// their own zone; zones holding more than their share then "give" endpoints
// (re-hinted to the receiving zone) to zones holding fewer. The controller
// gives up (removes all hints, with a Warning event) when node information is
// missing, nodes are ready in only one zone, there are fewer ready endpoints
// than zones, any ready endpoint lacks a zone, or the minimum per-zone
// allocations cannot stay within the 20% overload threshold.
//
// Deviations (documented): upstream iterates Go maps (random order) when
// choosing giving/receiving zones; svcviz iterates zones in sorted order so
// the result is reproducible. Nodes without any status conditions are taken
// as Ready (simulated nodes often omit status); a node whose Ready condition
// is not True is skipped as upstream does. Whether hints were populated
// before is inferred from the stored slices (upstream keeps it in memory).

import type { EndpointSlice, Node } from '../types';
import { LABEL_TOPOLOGY_ZONE } from './constants';
import { cloneSlice, endpointReady, removeHintsFromSlices, type SliceControllerEvent, type SliceInfo } from './slice-info';

/** overloadThreshold: the maximum overload any individual endpoint should be exposed to. */
export const OVERLOAD_THRESHOLD = 0.2;

export const TOPOLOGY_MESSAGES = {
  NoZoneSpecified: 'One or more endpoints do not have a zone specified',
  NoAllocatedHintsForZones: 'No hints allocated for zones',
  TopologyAwareHintsEnabled: 'Topology Aware Hints has been enabled',
  TopologyAwareHintsDisabled: 'Topology Aware Hints has been disabled',
  InsufficientNodeInfo: 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes',
  NodesReadyInOneZoneOnly: 'Nodes only ready in one zone',
  InsufficientNumberOfEndpoints: 'Insufficient number of endpoints',
  MinAllocationExceedsOverloadThreshold:
    'Unable to allocate minimum required endpoints to each zone without exceeding overload threshold',
} as const;

interface Allocation {
  minimum: number;
  maximum: number;
  desired: number;
}

/**
 * Parses a CPU resource.Quantity into millicores: `4`, `3500m`, `2.5`,
 * `1k`, `1Ki`. Returns 0 for anything unparseable (treated like "not
 * specified", as upstream's IsZero check would).
 */
export function cpuMillis(q: string | undefined): number {
  if (!q) return 0;
  const m = /^([+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const mult: Record<string, number> = {
    m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
  };
  // Quantities round up to the nearest milli (MilliValue()).
  return Math.ceil(n * (m[2] ? mult[m[2]]! : 1) * 1000 - 1e-9);
}

function isNodeReady(node: Node): boolean {
  const conds = node.status?.conditions;
  if (!conds || conds.length === 0) return true; // deviation, see header
  const ready = conds.find((c) => c.type === 'Ready');
  return ready?.status === 'True';
}

function hasExcludedLabels(labels: Record<string, string> | undefined): boolean {
  return labels !== undefined && ('node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels);
}

/**
 * TopologyCache.SetNodes: each zone's share of allocatable CPU over ready,
 * non-control-plane nodes. null when any such node lacks a zone or CPU, or
 * fewer than two zones remain.
 */
export function zoneCpuRatios(nodes: Iterable<Node>): Map<string, number> | null {
  const cpuByZone = new Map<string, number>();
  let total = 0;
  for (const node of nodes) {
    if (hasExcludedLabels(node.metadata.labels)) continue;
    if (!isNodeReady(node)) continue;
    const cpu = cpuMillis(node.status?.allocatable?.cpu);
    const zone = node.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
    if (!zone || cpu === 0) return null;
    total += cpu;
    cpuByZone.set(zone, (cpuByZone.get(zone) ?? 0) + cpu);
  }
  if (total === 0 || cpuByZone.size < 2) return null;
  const ratios = new Map<string, number>();
  for (const zone of [...cpuByZone.keys()].sort()) ratios.set(zone, cpuByZone.get(zone)! / total);
  return ratios;
}

type AllocResult = { allocations: Map<string, Allocation> } | { message: string };

/** getAllocations: minimum/maximum/desired endpoints per zone for `numEndpoints` ready endpoints. */
export function getAllocations(ratios: Map<string, number> | null, numEndpoints: number): AllocResult {
  if (ratios === null) return { message: TOPOLOGY_MESSAGES.InsufficientNodeInfo };
  if (ratios.size < 2) return { message: TOPOLOGY_MESSAGES.NodesReadyInOneZoneOnly };
  if (ratios.size > numEndpoints) {
    return { message: `${TOPOLOGY_MESSAGES.InsufficientNumberOfEndpoints} (${numEndpoints} endpoints, ${ratios.size} zones)` };
  }
  let remaining = numEndpoints;
  let minTotal = 0;
  const allocations = new Map<string, Allocation>();
  for (const [zone, ratio] of ratios) {
    const desired = ratio * numEndpoints;
    const minimum = Math.ceil(desired * (1 / (1 + OVERLOAD_THRESHOLD)));
    allocations.set(zone, { minimum, maximum: 0, desired: Math.max(desired, minimum) });
    minTotal += minimum;
    remaining -= minimum;
    if (remaining < 0) {
      return {
        message: `${TOPOLOGY_MESSAGES.MinAllocationExceedsOverloadThreshold} (${numEndpoints} endpoints, ${ratios.size} zones)`,
      };
    }
  }
  for (const a of allocations.values()) a.maximum = a.minimum + numEndpoints - minTotal;
  return { allocations };
}

/** getHintsByZone: hints an unchanged slice already holds, or null if they are no longer valid. */
function getHintsByZone(s: EndpointSlice, allocated: Map<string, number>, allocations: Map<string, Allocation>): Map<string, number> | null {
  const byZone = new Map<string, number>();
  for (const ep of s.endpoints) {
    if (!endpointReady(ep)) continue;
    const zones = ep.hints?.forZones ?? [];
    if (zones.length === 0) return null;
    for (const z of zones) {
      if (!allocations.has(z.name)) return null;
      byZone.set(z.name, (byZone.get(z.name) ?? 0) + 1);
    }
  }
  for (const [zone, n] of byZone) {
    const a = allocations.get(zone);
    if (!a || n + (allocated.get(zone) ?? 0) > a.maximum) return null;
  }
  return byZone;
}

function getMost(zones: Map<string, number>): [string, number] {
  let zone = '';
  let num = 0;
  for (const z of [...zones.keys()].sort()) {
    const n = zones.get(z)!;
    if (n > num) {
      zone = z;
      num = n;
    }
  }
  return [zone, num];
}

function getGivingAndReceivingZones(allocations: Map<string, Allocation>, allocated: Map<string, number>): [Map<string, number>, Map<string, number>] {
  const givingDesired = new Map<string, number>();
  const receivingDesired = new Map<string, number>();
  for (const [zone, a] of allocations) {
    const have = allocated.get(zone) ?? 0;
    if (have > a.desired) givingDesired.set(zone, have - a.desired);
    else if (have < a.desired) receivingDesired.set(zone, a.desired - have);
  }
  const giving = new Map<string, number>();
  const receiving = new Map<string, number>();
  for (;;) {
    const [gz, give] = getMost(givingDesired);
    const [rz, recv] = getMost(receivingDesired);
    if (gz === '' || rz === '' || (give < 1 && recv < 1) || give < 0.5 || recv < 0.5) break;
    giving.set(gz, (giving.get(gz) ?? 0) + 1);
    givingDesired.set(gz, give - 1);
    receiving.set(rz, (receiving.get(rz) ?? 0) + 1);
    receivingDesired.set(rz, recv - 1);
  }
  return [giving, receiving];
}

function redistributeHints(slices: EndpointSlice[], giving: Map<string, number>, receiving: Map<string, number>): Map<string, number> {
  const diff = new Map<string, number>();
  for (const s of slices) {
    for (const ep of s.endpoints) {
      if (!endpointReady(ep)) continue;
      if (giving.size === 0 || receiving.size === 0) return diff;
      if (!ep.zone) continue;
      const gz = ep.zone;
      const give = giving.get(gz);
      if (give === undefined || give <= 0) continue;
      for (const rz of [...receiving.keys()].sort()) {
        const recv = receiving.get(rz)!;
        if (recv <= 0) continue;
        ep.hints = { forZones: [{ name: rz }] };
        if (give === 1) giving.delete(gz);
        else giving.set(gz, give - 1);
        if (recv === 1) receiving.delete(rz);
        else receiving.set(rz, recv - 1);
        diff.set(rz, (diff.get(rz) ?? 0) + 1);
        diff.set(gz, (diff.get(gz) ?? 0) - 1);
        break;
      }
    }
  }
  return diff;
}

const withAddressType = (s: string, addressType: string): string => `${s}, addressType: ${addressType}`;

/**
 * TopologyCache.AddHints. Edits `si` in place (slices move from `unchanged`
 * to `toUpdate` when their hints change) and returns the events the
 * controller would record on the Service.
 */
export function addTopologyHints(si: SliceInfo, ratios: Map<string, number> | null, hadHintsBefore: boolean): SliceControllerEvent[] {
  const total = [...si.toCreate, ...si.toUpdate, ...si.unchanged].reduce(
    (n, s) => n + s.endpoints.filter(endpointReady).length,
    0,
  );
  const disabled = (message: string): SliceControllerEvent[] => {
    removeHintsFromSlices(si);
    return [{ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message: withAddressType(message, si.addressType) }];
  };
  const alloc = getAllocations(ratios, total);
  if ('message' in alloc) return disabled(alloc.message);
  const { allocations } = alloc;

  // getAllocatedHintsByZone: keep unchanged slices whose hints are still valid.
  const allocated = new Map<string, number>();
  const still: EndpointSlice[] = [];
  for (const s of si.unchanged) {
    const byZone = getHintsByZone(s, allocated, allocations);
    if (byZone === null) {
      si.toUpdate.push(cloneSlice(s));
    } else {
      still.push(s);
      for (const [z, n] of byZone) allocated.set(z, (allocated.get(z) ?? 0) + n);
    }
  }
  si.unchanged = still;

  const allocatable = [...si.toCreate, ...si.toUpdate];
  // Step 1: same-zone hints as a starting point.
  for (const s of allocatable) {
    for (const ep of s.endpoints) {
      if (!endpointReady(ep)) continue;
      if (!ep.zone) return disabled(TOPOLOGY_MESSAGES.NoZoneSpecified);
      allocated.set(ep.zone, (allocated.get(ep.zone) ?? 0) + 1);
      ep.hints = { forZones: [{ name: ep.zone }] };
    }
  }
  // Steps 2-3: move surplus endpoints to zones below their share.
  const [giving, receiving] = getGivingAndReceivingZones(allocations, allocated);
  const diff = redistributeHints(allocatable, giving, receiving);
  for (const [z, d] of diff) allocated.set(z, (allocated.get(z) ?? 0) + d);
  if (allocated.size === 0) return disabled(TOPOLOGY_MESSAGES.NoAllocatedHintsForZones);
  if (hadHintsBefore) return [];
  return [
    {
      type: 'Normal',
      reason: 'TopologyAwareHintsEnabled',
      message: withAddressType(TOPOLOGY_MESSAGES.TopologyAwareHintsEnabled, si.addressType),
    },
  ];
}
