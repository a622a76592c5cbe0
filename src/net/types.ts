// What a traced packet looks like from the outside: the request a user makes
// ("from this pod to that name") and every way the cluster can answer it.
// Plain, structured-clone-safe data: the CLI prints it, the worker posts it.

import type { IPFamily, Protocol, ProxyMode } from '../model/types';
import type { Verdict } from '../proxy/types';
import type { ConntrackEntry } from './conntrack';

export interface TraceRequest {
  /** `pod/[NS/]NAME` | `node/NAME` | an IP (pod IP, node IP or an external client) */
  from: string;
  /** DNS name (optionally `:PORT` or `:PORTNAME`) | `IP:PORT` | `NODE:NODEPORT` */
  to: string;
  /** default TCP */
  protocol?: Protocol;
  /** default: cluster.proxyConfig.mode, else iptables */
  mode?: ProxyMode;
  /**
   * iptables mode: the host the rules are printed for ('reference', the
   * default: kube-proxy's test host; 'real-node': %#08x mark, --random-fully).
   * Only the rule text in the hops changes, never a packet's fate.
   */
  iptablesHost?: 'reference' | 'real-node';
  /** node an external client's packet arrives at (default: the first node) */
  node?: string;
  /** client's source port (default 43210) */
  srcPort?: number;
  /**
   * address family the client connects with: names resolve to AAAA records
   * for IPv6, and a dual-stack source uses its address of that family.
   * Default: IPv6 when the source's address is IPv6 (an IPv6-only cluster,
   * an IPv6 client), else IPv4; an IP destination brings its own family.
   */
  family?: IPFamily;
}

/** One place the packet was looked at, and what happened there. */
export interface TraceHop {
  node: string;
  /** 'CoreDNS', 'kube-proxy (iptables)', 'pod network (CNI)', 'cloud load balancer', … */
  component: string;
  /** the rule / chain / route exactly as the component reports it */
  rule: string;
  action: string;
}

export interface TraceOutcome {
  verdict: Verdict;
  /** `ip:port` the connection reaches ('' when it reaches nothing) */
  endpoint: string;
  /** `ns/name` of the pod at the endpoint ('' when it is not a pod) */
  pod: string;
  probability: number;
  /** source NAT happened (masquerade mark, or a userspace proxy connection) */
  masqueraded: boolean;
  /** the source address the endpoint sees ('' when nothing is reached) */
  sourceIPAtPod: string;
  hops: TraceHop[];
  /** node whose rules first handled the packet */
  entryNode: string;
  /** connection tracking entries the connection creates (first packet) */
  conntrack: ConntrackEntry[];
  /** plain-language remark (ExternalName, headless, leaves the cluster, …) */
  note?: string;
}

/** The packet as resolved from the request, before any rule sees it. */
export interface ResolvedRequest {
  protocol: Protocol;
  mode: ProxyMode;
  srcIP: string;
  srcPort: number;
  /** what the source is: `pod ns/name`, `node name`, `external client` */
  srcDescription: string;
  /** node the source runs on ('' for external clients) */
  srcNode: string;
  dstHost: string;
  /** destination IPs with their probability (several for a headless name) */
  destinations: { ip: string; probability: number }[];
  dstPort: number;
  /** what the destination resolved to, e.g. `Service default/my-service (ClusterIP)` */
  dstDescription: string;
}

export interface TraceResult {
  request: ResolvedRequest;
  outcomes: TraceOutcome[];
}

export class TraceError extends Error {
  override name = 'TraceError';
}
