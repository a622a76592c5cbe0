// What the CoreDNS `kubernetes` plugin knows about one query name
// (plugin/kubernetes/kubernetes.go Records/findServices/findPods,
// reverse.go serviceRecordForIP), before it is turned into records of the
// asked type. Each entry is a "msg.Service": a host (IP address or, for
// ExternalName, a DNS name), a port and the owner name SRV records point at.
//
// Data source: Services and EndpointSlices (CoreDNS watches slices and
// keeps only endpoints whose `ready` condition is nil or true).

import type { Cluster } from '../cluster';
import type { EndpointSlice, Service } from '../types';
import { LABEL_SERVICE_NAME } from '../endpointslice/constants';
import { dashedIP, type RecordRequest } from './names';

export interface BackendEntry {
  /** IP address, or a DNS name (ExternalName) */
  host: string;
  /** port of the service / endpoint; -1 when the slice declares no ports */
  port: number;
  /** owner name, fully qualified: `svc.ns.svc.zone.` or `host.svc.ns.svc.zone.` */
  target: string;
}

export type BackendResult = { entries: BackendEntry[] } | { nameError: true };

export interface DnsIndex {
  cluster: Cluster;
  zone: string;
  services: Map<string, Service>;
  slices: Map<string, EndpointSlice[]>;
  namespaces: Set<string>;
}

const key = (ns: string, name: string) => `${ns}/${name}`.toLowerCase();

export function createDnsIndex(cluster: Cluster): DnsIndex {
  const zone = (cluster.config.clusterDomain || 'cluster.local').replace(/\.$/, '').toLowerCase();
  const services = new Map<string, Service>();
  const namespaces = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
  for (const ns of cluster.namespaces) if (ns.metadata.name) namespaces.add(ns.metadata.name.toLowerCase());
  for (const s of cluster.services) {
    const ns = s.metadata.namespace ?? 'default';
    namespaces.add(ns.toLowerCase());
    services.set(key(ns, s.metadata.name ?? ''), s);
  }
  for (const p of cluster.pods) namespaces.add((p.metadata.namespace ?? 'default').toLowerCase());
  const slices = new Map<string, EndpointSlice[]>();
  for (const s of cluster.endpointSlices) {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    if (!svc || (s.addressType !== 'IPv4' && s.addressType !== 'IPv6')) continue;
    const k = key(s.metadata.namespace ?? 'default', svc);
    const list = slices.get(k);
    if (list) list.push(s);
    else slices.set(k, [s]);
  }
  return { cluster, zone, services, slices, namespaces };
}

export function serviceName(svc: Service, zone: string): string {
  return `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.${zone}.`.toLowerCase();
}

/** endpointHostname: the endpoint's hostname, else its dashed IP. */
function endpointHostname(hostname: string | undefined, ip: string): string {
  return hostname ? hostname : dashedIP(ip);
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** matchPortAndProtocol: an empty asked port/protocol matches anything. */
const portMatches = (askPort: string, port: string, askProto: string, proto: string) =>
  (askPort === '' || eq(askPort, port)) && (askProto === '' || eq(askProto, proto));

/** Ready endpoints of a Service's slices, each address once per slice port (sentinel -1 when none). */
export function readyEndpoints(index: DnsIndex, svc: Service): { ip: string; hostname?: string; ports: { name: string; protocol: string; port: number }[] }[] {
  const out: { ip: string; hostname?: string; ports: { name: string; protocol: string; port: number }[] }[] = [];
  for (const s of index.slices.get(key(svc.metadata.namespace ?? 'default', svc.metadata.name ?? '')) ?? []) {
    const ports = (s.ports ?? []).length
      ? (s.ports ?? []).map((p) => ({ name: p.name ?? '', protocol: p.protocol ?? '', port: p.port ?? -1 }))
      : [{ name: '', protocol: '', port: -1 }];
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) {
        const e: { ip: string; hostname?: string; ports: typeof ports } = { ip, ports };
        if (ep.hostname) e.hostname = ep.hostname;
        out.push(e);
      }
    }
  }
  return out;
}

/** findServices */
function findServices(index: DnsIndex, r: RecordRequest): BackendResult {
  if (!index.namespaces.has(r.namespace)) return { nameError: true };
  if (r.service === '') return { entries: [] }; // NODATA for `ns.svc.zone`
  const svc = index.services.get(key(r.namespace, r.service));
  if (!svc) return { nameError: true };
  const owner = serviceName(svc, index.zone);
  if (svc.spec.type === 'ExternalName') {
    // External services cannot have endpoints.
    if (r.endpoint !== '') return { nameError: true };
    const host = (svc.spec.externalName ?? '').replace(/\.$/, '');
    // Only a name becomes a CNAME; an IP (or empty) externalName answers nothing.
    if (!host || isIPText(host)) return { nameError: true };
    return { entries: [{ host, port: 0, target: owner }] };
  }
  const headless = !svc.spec.clusterIP || svc.spec.clusterIP === 'None';
  const entries: BackendEntry[] = [];
  let found = false;
  if (headless || r.endpoint !== '') {
    for (const ep of readyEndpoints(index, svc)) {
      const host = endpointHostname(ep.hostname, ep.ip);
      if (r.endpoint !== '' && !eq(r.endpoint, host)) continue;
      for (const p of ep.ports) {
        if (!portMatches(r.port, p.name, r.protocol, p.protocol)) continue;
        found = true;
        entries.push({ host: ep.ip, port: p.port, target: `${host}.${owner}`.toLowerCase() });
      }
    }
    return found ? { entries } : { nameError: true };
  }
  const ips = (svc.spec.clusterIPs?.length ? svc.spec.clusterIPs : [svc.spec.clusterIP!]).filter((ip) => ip && ip !== 'None');
  for (const p of svc.spec.ports ?? []) {
    if (!portMatches(r.port, p.name ?? '', r.protocol, p.protocol ?? 'TCP')) continue;
    found = true;
    for (const ip of ips) entries.push({ host: ip, port: p.port, target: owner });
  }
  return found ? { entries } : { nameError: true };
}

/**
 * findPods with `pods insecure` (the kubeadm default): `a-b-c-d.ns.pod.zone`
 * answers `a.b.c.d` for any namespace that exists, whether or not such a pod
 * exists. Dashes become colons for IPv6 (`fd00--5` -> `fd00::5`).
 */
function findPods(index: DnsIndex, r: RecordRequest): BackendResult {
  if (!index.namespaces.has(r.namespace)) return { nameError: true };
  if (r.service === '') return { entries: [] };
  const name = r.service;
  const ip = (name.match(/-/g) ?? []).length === 3 && !name.includes('--') ? name.replace(/-/g, '.') : name.replace(/-/g, ':');
  if (!isIPText(ip)) return { nameError: true };
  return { entries: [{ host: ip, port: 0, target: `${name}.${r.namespace}.pod.${index.zone}.` }] };
}

function isIPText(ip: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split('.').every((o) => Number(o) <= 255);
  return /^[0-9a-f:]+$/i.test(ip) && ip.includes(':') && (ip.match(/::/g) ?? []).length <= 1;
}

/** Records: the backend entries for a forward name inside the zone (`base` = name without zone). */
export function records(index: DnsIndex, r: RecordRequest | null): BackendResult {
  if (r === null) return { nameError: true };
  if (r.podOrSvc === '') return { entries: [] };
  return r.podOrSvc === 'pod' ? findPods(index, r) : findServices(index, r);
}

/**
 * serviceRecordForIP: a Service whose clusterIPs contain the address wins;
 * otherwise every ready endpoint with that address, named
 * `<hostname-or-dashed-ip>.<svc>.<ns>.svc.<zone>.`.
 */
export function reverseRecords(index: DnsIndex, ip: string): string[] {
  for (const svc of index.services.values()) {
    if ((svc.spec.clusterIPs ?? [svc.spec.clusterIP]).includes(ip)) return [serviceName(svc, index.zone)];
  }
  const out: string[] = [];
  for (const s of index.cluster.endpointSlices) {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    if (!svc || (s.addressType !== 'IPv4' && s.addressType !== 'IPv6')) continue;
    const owner = `${svc}.${s.metadata.namespace ?? 'default'}.svc.${index.zone}.`.toLowerCase();
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false || !(ep.addresses ?? []).includes(ip)) continue;
      const name = `${endpointHostname(ep.hostname, ip)}.${owner}`;
      if (!out.includes(name)) out.push(name);
    }
  }
  return out;
}
