// The legacy `Endpoints` object (core/v1, deprecated in v1.33 in favour of
// EndpointSlices but still written by kube-controller-manager's Endpoints
// controller: pkg/controller/endpoint/endpoints_controller.go syncService,
// pkg/api/v1/endpoints/util.go RepackSubsets).
//
// Rules modelled:
// - same Services as the slice controller (selector set, not ExternalName);
// - one address per pod, of the Service's primary family (ipFamilies[0];
//   without families the family of clusterIP, or of the pod IP for headless);
// - terminating pods are left out unless publishNotReadyAddresses;
// - ready pods (or all, with publishNotReadyAddresses) go to `addresses`,
//   the rest to `notReadyAddresses`; a pod lacking a named targetPort is
//   left out of that port only;
// - subsets group addresses that offer exactly the same ports;
// - at most 1000 addresses, then `endpoints.kubernetes.io/over-capacity:
//   truncated` (ready addresses kept first, proportionally per subset).
// Deviation: upstream orders ports and subsets by a hash of their Go
// representation; svcviz sorts ports by name/port/protocol and subsets by
// their first address. Addresses are sorted by IP text as upstream.
// Not modelled: the `endpoints.kubernetes.io/last-change-trigger-time` annotation.

import type { ObjectMeta, Pod, Service } from '../types';
import { LABEL_HEADLESS } from './constants';
import { findPort, isPodReady, podIPs } from './pod-endpoint';
import { isManagedService } from './reconciler';
import { selectorMatches } from './pod-index';
import { isServiceIPSet } from './slice-meta';
import { canonicalIP } from './ip';

export const ENDPOINTS_MAX_CAPACITY = 1000;
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name: string; uid?: string };
}

export interface EndpointsPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointsPort[];
}

export interface Endpoints {
  apiVersion: 'v1';
  kind: 'Endpoints';
  metadata: ObjectMeta;
  subsets?: EndpointSubset[];
}

function primaryFamilyIsV6(svc: Service, pod: Pod): boolean {
  const fam = svc.spec.ipFamilies?.[0];
  if (fam) return fam === 'IPv6';
  const cip = svc.spec.clusterIP;
  if (cip && cip !== 'None') return cip.includes(':');
  return (podIPs(pod)[0] ?? '').includes(':');
}

/** podToEndpointAddressForService */
function podAddress(svc: Service, pod: Pod): EndpointAddress | null {
  const v6 = primaryFamilyIsV6(svc, pod);
  const ip = podIPs(pod).find((x) => x.includes(':') === v6);
  if (!ip) return null;
  const addr: EndpointAddress = { ip: canonicalIP(ip) ?? ip, nodeName: pod.spec.nodeName ?? '' };
  const ref: NonNullable<EndpointAddress['targetRef']> = {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
  };
  if (pod.metadata.uid !== undefined) ref.uid = pod.metadata.uid;
  addr.targetRef = ref;
  return addr;
}

const SENTINEL = '\u0000none';

/** The Endpoints object the controller writes for `service`, or null when it writes none. */
export function buildLegacyEndpoints(service: Service, pods: readonly Pod[]): Endpoints | null {
  if (!isManagedService(service)) return null;
  const ns = service.metadata.namespace ?? 'default';
  const pnra = service.spec.publishNotReadyAddresses === true;
  // port key -> (address key -> {addr, ready})
  const portDefs = new Map<string, EndpointsPort | null>();
  const byPort = new Map<string, Map<string, { addr: EndpointAddress; ready: boolean }>>();
  const add = (portKey: string, port: EndpointsPort | null, addr: EndpointAddress, ready: boolean) => {
    if (!byPort.has(portKey)) {
      byPort.set(portKey, new Map());
      portDefs.set(portKey, port);
    }
    byPort.get(portKey)!.set(`${addr.ip}/${addr.targetRef?.uid ?? ''}`, { addr, ready });
  };
  for (const pod of pods) {
    if ((pod.metadata.namespace ?? 'default') !== ns || !selectorMatches(service.spec.selector!, pod.metadata.labels)) continue;
    // ShouldPodBeInEndpoints(pod, includeTerminating = publishNotReadyAddresses)
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || podIPs(pod).length === 0) continue;
    if (!pnra && pod.metadata.deletionTimestamp != null) continue;
    const addr = podAddress(service, pod);
    if (!addr) continue;
    if (pod.spec.hostname && pod.spec.subdomain === service.metadata.name) addr.hostname = pod.spec.hostname;
    const ready = pnra || isPodReady(pod);
    const ports = service.spec.ports ?? [];
    if (ports.length === 0) {
      if (service.spec.clusterIP === 'None') add(SENTINEL, null, addr, ready);
      continue;
    }
    for (const sp of ports) {
      const num = findPort(pod, sp);
      if (num === null) continue;
      const p: EndpointsPort = { name: sp.name ?? '', port: num, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol !== undefined) p.appProtocol = sp.appProtocol;
      add(JSON.stringify([p.name, p.port, p.protocol, p.appProtocol ?? null]), p, addr, ready);
    }
  }

  // RepackSubsets: group ports by the exact set of addresses offering them.
  const groups = new Map<string, { members: Map<string, { addr: EndpointAddress; ready: boolean }>; ports: EndpointsPort[] }>();
  for (const [portKey, members] of byPort) {
    const key = [...members.entries()].map(([k, v]) => `${k}:${v.ready}`).sort().join('|');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { members, ports: [] }));
    const def = portDefs.get(portKey);
    if (def) g.ports.push(def);
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress) =>
    a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
  let subsets: EndpointSubset[] = [...groups.values()].map((g) => {
    const all = [...g.members.values()];
    const s: EndpointSubset = {};
    const ready = all.filter((m) => m.ready).map((m) => m.addr).sort(byIP);
    const notReady = all.filter((m) => !m.ready).map((m) => m.addr).sort(byIP);
    if (ready.length) s.addresses = ready;
    if (notReady.length) s.notReadyAddresses = notReady;
    if (g.ports.length) {
      s.ports = g.ports.sort((a, b) => `${a.name}/${a.port}/${a.protocol}`.localeCompare(`${b.name}/${b.port}/${b.protocol}`));
    }
    return s;
  });
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
  subsets.sort((a, b) => first(a).localeCompare(first(b)));

  const metadata: ObjectMeta = { name: service.metadata.name, namespace: ns };
  const labels: Record<string, string> = { ...(service.metadata.labels ?? {}) };
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = '';
  else delete labels[LABEL_HEADLESS];
  if (Object.keys(labels).length) metadata.labels = labels;
  const truncated = truncateEndpoints(subsets);
  if (truncated) {
    subsets = truncated;
    metadata.annotations = { [ANNOTATION_OVER_CAPACITY]: 'truncated' };
  }
  const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata };
  if (subsets.length) ep.subsets = subsets;
  return ep;
}

/**
 * truncateEndpoints: over 1000 addresses, keep ready ones first; each subset
 * keeps its proportional share (rounded up), capped by what is left.
 * Returns null when nothing had to be cut.
 */
export function truncateEndpoints(subsets: EndpointSubset[]): EndpointSubset[] | null {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= ENDPOINTS_MAX_CAPACITY) return null;
  const truncateReady = totalReady > ENDPOINTS_MAX_CAPACITY;
  const max = truncateReady ? ENDPOINTS_MAX_CAPACITY : ENDPOINTS_MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((s) => {
    const n = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((n / numTotal) * max), canBeAdded);
    const out: EndpointSubset = { ...s };
    if (truncateReady) {
      out.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete out.notReadyAddresses;
      canBeAdded -= out.addresses.length;
    } else {
      out.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= out.notReadyAddresses.length;
    }
    return out;
  });
}
