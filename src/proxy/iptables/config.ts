// Node-level knobs of one iptables proxier, resolved from the cluster's
// KubeProxyConfiguration, the node object and per-call overrides
// (cmd/kube-proxy server setup + iptables.NewProxier).

import type { Cluster } from '../../model/cluster';
import type { IPFamily } from '../../model/types';
import type { ProgramOptions } from '../types';
import { cidrContains, ipFamilyOf, isLoopback, parseCIDR, type Cidr } from '../common/ip';
import { resolveNodeInfo, type NodeInfo } from '../common/node-info';

export interface IptablesProgramOptions extends ProgramOptions {
  /** proxier IP family (dual-stack nodes run one proxier per family); default: the cluster's primary service family */
  family?: IPFamily;
  /** overrides proxyConfig.iptables.masqueradeAll */
  masqueradeAll?: boolean;
  /** overrides proxyConfig.iptables.masqueradeBit (default 14) */
  masqueradeBit?: number;
  /**
   * Literal mark text, bypassing the `%#08x` formatting. The upstream unit
   * tests' fake proxier sets "0x4000"; real kube-proxy prints "0x00004000".
   */
  masqueradeMark?: string;
  /** overrides proxyConfig.iptables.localhostNodePorts (default true) */
  localhostNodePorts?: boolean;
  /** overrides proxyConfig.nodePortAddresses (CIDRs or "primary") */
  nodePortAddresses?: string[];
  /** local-traffic detector CIDR (`--cluster-cidr`); '' means no detector */
  clusterCIDR?: string;
  /** iptables supports `--random-fully` (default true as on any iptables >= 1.6.2; upstream fake: false) */
  randomFully?: boolean;
  /** the nfacct counters could be created (default true; upstream fake: true) */
  nfacct?: boolean;
  /** host sysctl nf_conntrack_tcp_be_liberal=1: no INVALID drop rule */
  conntrackTCPLiberal?: boolean;
  /** feature gate PreferSameTrafficDistribution */
  preferSameNode?: boolean;
  /**
   * Which host the payload is printed for. 'reference' (default): the node
   * of kube-proxy's own proxier_test.go, whose expected payloads are the
   * reference texts (mark `0x4000`, iptables without --random-fully, nfacct
   * counters present); it is also what k8s-semantics.md specifies.
   * 'real-node': a current Debian/Ubuntu node: Go's `%#08x` mark
   * (`0x00004000`) and `MASQUERADE --random-fully`.
   */
  hostProfile?: 'reference' | 'real-node';
}

/**
 * Host facts of upstream proxier_test.go's NewFakeProxier, for reproducing
 * its expected payloads byte for byte: literal mark "0x4000" (a real node
 * prints %#08x = "0x00004000"), no --random-fully, nfacct counters present.
 * These are also the defaults (hostProfile 'reference').
 */
export const UPSTREAM_FAKE_PROXIER: Readonly<Omit<IptablesProgramOptions, 'nodeName'>> = {
  masqueradeMark: '0x4000',
  randomFully: false,
  nfacct: true,
  conntrackTCPLiberal: false,
};

export interface IptablesConfig {
  nodeName: string;
  family: IPFamily;
  node: NodeInfo;
  masqueradeAll: boolean;
  masqueradeMark: string;
  /** after NewProxier's adjustment (IPv4 only, and loopback must be a node-port address) */
  localhostNodePorts: boolean;
  nodePortAddresses: { matchAll: boolean; cidrs: Cidr[] };
  /** the local-traffic detector's CIDR, '' when not implemented */
  localCIDR: string;
  randomFully: boolean;
  nfacct: boolean;
  conntrackTCPLiberal: boolean;
  preferSameNode: boolean;
  /** addresses of the node's interfaces in this family (loopback first) */
  interfaceIPs: string[];
}

/** Go `fmt.Sprintf("%#08x", v)`: Go zero-pads the digits to the width, then adds 0x. */
export function formatMark(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

function familyOfCIDR(c: string): IPFamily | null {
  return parseCIDR(c.trim())?.family ?? null;
}

/** proxyutil.NewNodePortAddresses: CIDRs of the family; none or a zero CIDR means all. */
export function parseNodePortAddresses(
  specs: readonly string[],
  family: IPFamily,
  primaryIP: string,
): { matchAll: boolean; cidrs: Cidr[] } {
  const cidrs: Cidr[] = [];
  for (const raw of specs) {
    const s = raw.trim();
    if (s === 'primary') {
      if (primaryIP && ipFamilyOf(primaryIP) === family) {
        cidrs.push(parseCIDR(`${primaryIP}/${family === 'IPv4' ? 32 : 128}`)!);
      }
      continue;
    }
    const c = parseCIDR(s);
    if (c && c.family === family) cidrs.push(c);
  }
  if (cidrs.length === 0 || cidrs.some((c) => c.prefix === 0)) {
    return { matchAll: true, cidrs: [parseCIDR(family === 'IPv4' ? '0.0.0.0/0' : '::/0')!] };
  }
  return { matchAll: false, cidrs };
}

function containsIPv4Loopback(npa: { cidrs: Cidr[] }): boolean {
  return npa.cidrs.some((c) => c.family === 'IPv4' && cidrContains(c, '127.0.0.1'));
}

function primaryServiceFamily(cluster: Cluster): IPFamily {
  const first = cluster.config.serviceCIDRs[0];
  return first && familyOfCIDR(first) === 'IPv6' ? 'IPv6' : 'IPv4';
}

/** The detector CIDR: `--detect-local-mode` ClusterCIDR (default) or NodeCIDR. */
function resolveLocalCIDR(cluster: Cluster, options: IptablesProgramOptions, family: IPFamily, node: NodeInfo): string {
  const pc = cluster.proxyConfig;
  const mode = pc.detectLocalMode ?? '';
  if (options.clusterCIDR === undefined && mode === 'NodeCIDR') return node.podCIDR;
  const raw = options.clusterCIDR ?? (typeof pc.clusterCIDR === 'string' ? pc.clusterCIDR : cluster.config.clusterCIDR);
  // `--cluster-cidr` may list one CIDR per family, comma separated.
  for (const part of raw.split(',')) {
    const c = parseCIDR(part.trim());
    if (c && c.family === family) return c.text;
  }
  return '';
}

export function resolveIptablesConfig(cluster: Cluster, options: IptablesProgramOptions): IptablesConfig {
  const pc = cluster.proxyConfig;
  const family = options.family ?? primaryServiceFamily(cluster);
  const nodeName = options.nodeName;
  const node = resolveNodeInfo(cluster, nodeName, family);
  const npa = parseNodePortAddresses(options.nodePortAddresses ?? pc.nodePortAddresses ?? [], family, node.primaryIP);
  let localhostNodePorts = options.localhostNodePorts ?? pc.iptables?.localhostNodePorts ?? true;
  // NewProxier: localhost node ports need an IPv4 loopback node-port address;
  // the IPv6 proxier never supports them.
  if (family !== 'IPv4' || !containsIPv4Loopback(npa)) localhostNodePorts = false;
  const bit = options.masqueradeBit ?? pc.iptables?.masqueradeBit ?? 14;
  const realNode = options.hostProfile === 'real-node';
  const loopback = family === 'IPv4' ? '127.0.0.1' : '::1';
  return {
    nodeName,
    family,
    node,
    masqueradeAll: options.masqueradeAll ?? pc.iptables?.masqueradeAll ?? false,
    masqueradeMark: options.masqueradeMark ?? (realNode ? formatMark(2 ** bit) : `0x${(2 ** bit).toString(16)}`),
    localhostNodePorts,
    nodePortAddresses: npa,
    localCIDR: resolveLocalCIDR(cluster, options, family, node),
    randomFully: options.randomFully ?? realNode,
    nfacct: options.nfacct ?? true,
    conntrackTCPLiberal: options.conntrackTCPLiberal ?? false,
    preferSameNode: options.preferSameNode ?? false,
    interfaceIPs: [loopback, ...node.ips.filter((ip) => !isLoopback(ip))],
  };
}
