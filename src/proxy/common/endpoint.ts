// kube-proxy's endpoint model (pkg/proxy/endpoint.go, endpointslicecache.go):
// EndpointSlices of a Service are merged per service port into a list of
// endpoints, each with its conditions, locality and topology hints.

import type { Cluster } from '../../model/cluster';
import type { EndpointSlice, IPFamily, Protocol } from '../../model/types';
import { canonicalIP, ipFamilyOf, joinHostPort } from './ip';
import { compareStrings, servicePortKey, servicePortNameString } from './service-port';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

export interface EndpointInfo {
  ip: string;
  port: number;
  /** "ip:port", or "[ip]:port" for IPv6 */
  endpoint: string;
  /** conditions.ready nil or true */
  ready: boolean;
  /** conditions.serving nil or true */
  serving: boolean;
  /** conditions.terminating true */
  terminating: boolean;
  /** nodeName equals the proxier's node */
  isLocal: boolean;
  nodeName?: string;
  zone?: string;
  /** hints.forZones names, null when the endpoint has no zone hints */
  zoneHints: string[] | null;
  /** hints.forNodes names, null when none */
  nodeHints: string[] | null;
  podName?: string;
  podNamespace?: string;
}

function normalizeProtocol(p: string | undefined): Protocol {
  const up = (p ?? 'TCP').toUpperCase();
  return up === 'UDP' ? 'UDP' : up === 'SCTP' ? 'SCTP' : 'TCP';
}

/**
 * Adds one slice's endpoints to `into` (key -> endpoint string -> info).
 * Mirrors EndpointSliceCache.addEndpoints: addresses[0] only, wrong family
 * skipped, duplicates across slices kept once (a local copy wins).
 */
export function addSliceEndpoints(
  into: Map<string, Map<string, EndpointInfo>>,
  slice: EndpointSlice,
  nodeName: string,
  family: IPFamily,
): void {
  // Dual-stack kube-proxy hands each slice to the proxier of its addressType
  // (metaproxier); FQDN slices are ignored; so are slices of headless Services
  // (informer selector `!service.kubernetes.io/headless`).
  if (slice.addressType !== family) return;
  const labels = slice.metadata.labels ?? {};
  if (HEADLESS_LABEL in labels) return;
  const svcName = labels[SERVICE_NAME_LABEL];
  if (!svcName) return;
  const ns = slice.metadata.namespace ?? 'default';
  for (const port of slice.ports ?? []) {
    // A nil or zero port ("all ports") is not supported by kube-proxy.
    if (port.port === undefined || port.port === 0) continue;
    const spn = servicePortNameString(ns, svcName, port.name ?? '');
    const key = servicePortKey(spn, normalizeProtocol(port.protocol));
    let set = into.get(key);
    if (!set) into.set(key, (set = new Map()));
    for (const ep of slice.endpoints ?? []) {
      const raw = ep.addresses?.[0];
      if (raw === undefined) continue;
      const ip = canonicalIP(raw);
      if (!ip || ipFamilyOf(ip) !== family) continue;
      const isLocal = ep.nodeName !== undefined && ep.nodeName === nodeName;
      const endpoint = joinHostPort(ip, port.port);
      if (set.has(endpoint) && !isLocal) continue;
      const zoneHints = ep.hints?.forZones?.length ? ep.hints.forZones.map((z) => z.name) : null;
      const nodeHints = ep.hints?.forNodes?.length ? ep.hints.forNodes.map((z) => z.name) : null;
      const info: EndpointInfo = {
        ip,
        port: port.port,
        endpoint,
        ready: ep.conditions?.ready ?? true,
        serving: ep.conditions?.serving ?? true,
        terminating: ep.conditions?.terminating ?? false,
        isLocal,
        zoneHints,
        nodeHints,
      };
      if (ep.nodeName !== undefined) info.nodeName = ep.nodeName;
      if (ep.zone !== undefined) info.zone = ep.zone;
      if (ep.targetRef?.kind === 'Pod') {
        info.podName = ep.targetRef.name;
        info.podNamespace = ep.targetRef.namespace ?? ns;
      }
      set.set(endpoint, info);
    }
  }
}

/** Sorts a service port's endpoints by their "ip:port" string (byEndpoint). */
export function sortEndpoints(list: EndpointInfo[]): EndpointInfo[] {
  return list.sort((a, b) => compareStrings(a.endpoint, b.endpoint));
}

/**
 * Endpoints of every service port, keyed `spn + "/" + protocol`
 * (e.g. "ns1/svc1:p80/TCP"), each list sorted by endpoint string.
 */
export function buildEndpointsMap(cluster: Cluster, nodeName: string, family: IPFamily): Map<string, EndpointInfo[]> {
  const sets = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of cluster.endpointSlices) addSliceEndpoints(sets, slice, nodeName, family);
  const out = new Map<string, EndpointInfo[]>();
  for (const [key, set] of sets) out.set(key, sortEndpoints([...set.values()]));
  return out;
}
