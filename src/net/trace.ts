// traceAll: every way a connection from a source to a destination can end,
// each with its exact probability (the product of the DNS answer choice, the
// load balancer's node choice and the proxy backend's own probabilities).

import type { Cluster } from '../model/cluster';
import type { Protocol } from '../model/types';
import type { Hook, Packet, ProxyBackend, ProxyOutcome, Ruleset } from '../proxy/types';
import { indexCluster, type ClusterIndex } from './cluster-index';
import { resolveDestination, type TraceDestination } from './destination';
import { planEntries } from './entry';
import { followPacket, type Decide, type PacketAt } from './path';
import { effectiveMode } from './ruleset-cache';
import { familyOf } from './ip';
import { resolveSource, sourceForFamily, type TraceSource } from './source';
import type { ResolvedRequest, TraceHop, TraceOutcome, TraceRequest, TraceResult } from './types';

export const DEFAULT_SOURCE_PORT = 43210;

export interface TraceModel {
  cluster: Cluster;
}

/** Everything a trace needs that does not depend on which outcome is chosen. */
export interface PreparedTrace {
  idx: ClusterIndex;
  source: TraceSource;
  destination: TraceDestination;
  request: ResolvedRequest;
  /** CoreDNS hop, when `to` was a name */
  dnsHops: TraceHop[];
  /** outcome decided before any packet is sent (ExternalName, NXDOMAIN) */
  final?: TraceOutcome;
  /** entry points for the default source port, computed on first use */
  plan?: { entries: PacketAt[]; dropped: TraceOutcome[] };
}

const prepared = new WeakMap<Cluster, Map<string, PreparedTrace>>();

/**
 * prepareTrace, memoised per cluster snapshot and request: the simulation
 * sends many packets of the same request one at a time, and names, sources
 * and entry nodes only change when the cluster does.
 */
export function prepareTraceCached(cluster: Cluster, req: TraceRequest): PreparedTrace {
  let perCluster = prepared.get(cluster);
  if (!perCluster) {
    perCluster = new Map();
    prepared.set(cluster, perCluster);
  }
  const key = `${req.from}\u0000${req.to}\u0000${req.protocol ?? ''}\u0000${req.mode ?? ''}\u0000${req.node ?? ''}\u0000${req.srcPort ?? ''}\u0000${req.family ?? ''}`;
  let p = perCluster.get(key);
  if (!p) {
    p = prepareTrace(cluster, req);
    if (perCluster.size > 1000) perCluster.clear();
    perCluster.set(key, p);
  }
  return p;
}

export function prepareTrace(cluster: Cluster, req: TraceRequest): PreparedTrace {
  const idx = indexCluster(cluster);
  const protocol: Protocol = req.protocol ?? 'TCP';
  const mode = effectiveMode(cluster, req.mode);
  const resolved = resolveSource(idx, req.from);
  // The client resolves names for its own family (AAAA for IPv6) unless told;
  // a dual-stack source then talks from its address of the destination's family.
  const askFamily = req.family ?? (familyOf(resolved.ip) === 'IPv6' ? 'IPv6' : undefined);
  const destination = resolveDestination(cluster, idx, req.to, protocol, resolved.namespace, askFamily);
  const first = destination.ips[0]?.ip;
  const source = sourceForFamily(resolved, (first && familyOf(first)) || askFamily);
  const srcNode = source.node?.name ?? '';
  const dnsNode = srcNode || req.node || idx.nodes[0]?.name || '';
  const dnsHops: TraceHop[] = destination.dns
    ? [{ node: dnsNode, component: 'CoreDNS', rule: destination.dns.text, action: dnsAction(destination) }]
    : [];
  const request: ResolvedRequest = {
    protocol,
    mode,
    srcIP: source.ip,
    srcPort: req.srcPort ?? DEFAULT_SOURCE_PORT,
    srcDescription: source.description,
    srcNode,
    dstHost: destination.host,
    destinations: destination.ips,
    dstPort: destination.port,
    dstDescription: destination.description,
  };
  const prepared: PreparedTrace = { idx, source, destination, request, dnsHops };
  if (destination.externalName !== undefined || destination.nxdomain) {
    prepared.final = {
      verdict: destination.nxdomain ? 'DROP' : 'ACCEPT',
      endpoint: '',
      pod: '',
      probability: 1,
      masqueraded: false,
      sourceIPAtPod: '',
      hops: dnsHops,
      entryNode: '',
      conntrack: [],
      note: destination.nxdomain
        ? `${destination.dns?.fqdn ?? destination.host}: NXDOMAIN, no connection is made`
        : `ExternalName: the cluster DNS answers with a CNAME to ${destination.externalName}; kube-proxy does not proxy ExternalName Services, the client connects to whatever that name resolves to outside the cluster`,
    };
  }
  return prepared;
}

function dnsAction(d: TraceDestination): string {
  if (d.nxdomain) return `NXDOMAIN for ${d.dns?.fqdn ?? d.host}`;
  if (d.externalName !== undefined) return `CNAME ${d.externalName} (ExternalName: not proxied)`;
  return `resolve ${d.dns?.fqdn ?? d.host} to ${d.ips.map((x) => x.ip).join(', ')}`;
}

/** All entry points of the packet, one per (destination IP, entry node). */
export function entriesOf(p: PreparedTrace, req: TraceRequest, srcPort = p.request.srcPort): { entries: PacketAt[]; dropped: TraceOutcome[] } {
  const entries: PacketAt[] = [];
  const dropped: TraceOutcome[] = [];
  for (const d of p.destination.ips) {
    const plan = planEntries(p.idx, p.source, { ...d, port: p.destination.port, protocol: p.request.protocol, srcPort }, p.dnsHops, req.node);
    entries.push(...plan.entries);
    for (const x of plan.dropped) {
      dropped.push({ verdict: 'DROP', endpoint: '', pod: '', probability: x.probability, masqueraded: false, sourceIPAtPod: '', hops: x.hops, entryNode: '', conntrack: [], note: x.note });
    }
  }
  return { entries, dropped };
}

export function traceAll(model: TraceModel, req: TraceRequest): TraceResult {
  const p = prepareTraceCached(model.cluster, req);
  if (p.final) return { request: p.request, outcomes: [{ ...p.final }] };
  const decide: Decide = (backend: ProxyBackend, ruleset: Ruleset, packet: Packet, hook: Hook): ProxyOutcome[] => backend.evaluate(ruleset, packet, hook);
  const pc = { cluster: model.cluster, idx: p.idx, mode: p.request.mode, iptablesHost: req.iptablesHost, decide };
  const { entries, dropped } = entriesOf(p, req);
  const outcomes = [...dropped];
  for (const e of entries) outcomes.push(...followPacket(pc, e));
  return { request: p.request, outcomes };
}
