// syncProxyRules of the IPVS proxier (pkg/proxy/ipvs/proxier.go) as a pure
// function: one virtual server per (VIP, port, protocol) for the clusterIP,
// every external IP, every LB ingress IP and, for node ports, every node-port
// address; real servers from the same endpoint categorisation as iptables
// mode; ipset entries and the iptables rules that match on them.

import type { Cluster } from '../../model/cluster';
import type { IPFamily, Protocol } from '../../model/types';
import type { ProgramOptions } from '../types';
import { categorizeEndpoints } from '../common/categorize';
import { buildEndpointsMap, type EndpointInfo } from '../common/endpoint';
import { cidrContains, ipFamilyOf, isLoopback, joinHostPort, parseCIDR, parseIPv4, parseIPv6 } from '../common/ip';
import { resolveNodeInfo, type NodeInfo } from '../common/node-info';
import { buildServicePorts, servicePortKey, type ServicePortInfo } from '../common/service-port';
import * as S from './ipset';
import { buildIpvsIptables } from './iptables-rules';
import {
  IPVS_SCHEDULERS,
  type Ipset,
  type IpvsData,
  type IpvsRealServer,
  type IpvsRuleset,
  type IpvsScheduler,
  type IpvsVirtualServer,
  type VirtualServerKind,
} from './types';

/** Program options of the modes here: dual-stack nodes run one proxier per family. */
export interface ModeProgramOptions extends ProgramOptions {
  /** proxier IP family; default: the cluster's primary service family (first service CIDR) */
  family?: IPFamily;
}

/** The proxier family: the option, else the primary IP family of the cluster (the first service CIDR). */
export function clusterFamily(cluster: Cluster, options?: ModeProgramOptions): IPFamily {
  return options?.family ?? ipFamilyOf(cluster.config.serviceCIDRs[0]?.split('/')[0] ?? '') ?? 'IPv4';
}

/** `1 << masqueradeBit` (default 14) as kube-proxy prints it in rules. */
export function masqueradeMarkOf(bit: number | undefined): string {
  return `0x${(1 << (bit ?? 14)).toString(16)}`;
}

/**
 * The local-traffic detector CIDR of a family: the node's podCIDR for
 * `detectLocalMode: NodeCIDR`, else the `clusterCIDR` entry of that family
 * (`--cluster-cidr` may list one CIDR per family, comma separated); '' when
 * there is none (no detector: kube-proxy then skips the pod-source rules).
 */
export function localDetectorCIDR(cluster: Cluster, node: NodeInfo, family: IPFamily = 'IPv4'): string {
  const mode = cluster.proxyConfig.detectLocalMode ?? 'ClusterCIDR';
  if (mode === 'NodeCIDR') return node.podCIDR;
  if (mode !== 'ClusterCIDR' && mode !== '') return '';
  const list = cluster.proxyConfig.clusterCIDR ?? cluster.config.clusterCIDR ?? '';
  for (const c of list.split(',')) {
    const cidr = parseCIDR(c.trim());
    if (cidr && cidr.family === family) return cidr.text;
  }
  return '';
}

/**
 * Node addresses that accept node ports. Empty `nodePortAddresses` matches
 * every local address except kube-ipvs0 (loopback included, as the IPVS proxier
 * lists them); otherwise `primary` and CIDRs select node IPs, loopback excluded.
 */
export function ipvsNodePortIPs(cidrs: readonly string[] | undefined, node: NodeInfo, localIPs: readonly string[]): string[] {
  if (!cidrs || cidrs.length === 0) return [...localIPs];
  const out: string[] = [];
  for (const c of cidrs) {
    if (c === 'primary') {
      if (node.primaryIP && !out.includes(node.primaryIP)) out.push(node.primaryIP);
      continue;
    }
    const cidr = parseCIDR(c);
    if (!cidr) continue;
    for (const ip of localIPs) if (cidrContains(cidr, ip) && !isLoopback(ip) && !out.includes(ip)) out.push(ip);
  }
  return out;
}

/** ipvsadm orders addresses numerically. */
export function compareIPs(a: string, b: string): number {
  const a4 = parseIPv4(a);
  const b4 = parseIPv4(b);
  if (a4 !== null && b4 !== null) return a4 - b4;
  const a6 = parseIPv6(a) ?? [];
  const b6 = parseIPv6(b) ?? [];
  for (let i = 0; i < 8; i++) if ((a6[i] ?? 0) !== (b6[i] ?? 0)) return (a6[i] ?? 0) - (b6[i] ?? 0);
  return 0;
}

const PROTO_NUM: Record<Protocol, number> = { TCP: 6, UDP: 17, SCTP: 132 };

function toRealServer(e: EndpointInfo, weight: number): IpvsRealServer {
  const rs: IpvsRealServer = { ip: e.ip, port: e.port, address: e.endpoint, weight, forward: 'Masq', isLocal: e.isLocal };
  if (e.nodeName) rs.nodeName = e.nodeName;
  if (e.podName) rs.podName = e.podName;
  if (e.podNamespace) rs.podNamespace = e.podNamespace;
  return rs;
}

/**
 * syncEndpoint: the real servers of one virtual server. With a Local policy
 * the local endpoints are used, or — when there are none — the cluster
 * endpoints (kubernetes#97081: lets local pods still reach the service).
 * Endpoints that are terminating and no longer chosen stay with weight 0
 * (GracefulTerminationManager drains them instead of deleting them).
 */
function realServersFor(
  all: readonly EndpointInfo[],
  cat: ReturnType<typeof categorizeEndpoints>,
  onlyNodeLocal: boolean,
): { realServers: IpvsRealServer[]; localFallback: boolean } {
  let chosen: readonly EndpointInfo[];
  let localFallback = false;
  if (onlyNodeLocal) {
    if ((cat.localEndpoints?.length ?? 0) > 0) chosen = cat.localEndpoints!;
    else {
      chosen = cat.clusterEndpoints ?? [];
      localFallback = true;
    }
  } else chosen = cat.clusterEndpoints ?? [];
  const used = new Set(chosen.map((e) => e.endpoint));
  const draining = all.filter((e) => e.terminating && !used.has(e.endpoint) && (!onlyNodeLocal || localFallback || e.isLocal));
  const realServers = [...chosen.map((e) => toRealServer(e, 1)), ...draining.map((e) => toRealServer(e, 0))];
  realServers.sort((a, b) => compareIPs(a.ip, b.ip) || a.port - b.port);
  return { realServers, localFallback: localFallback && chosen.length > 0 };
}

export function programIpvs(cluster: Cluster, options: ModeProgramOptions): IpvsRuleset {
  const family = clusterFamily(cluster, options);
  const node = resolveNodeInfo(cluster, options.nodeName, family);
  const cfg = cluster.proxyConfig;
  const requested = options.ipvsScheduler ?? cfg.ipvs?.scheduler ?? '';
  const scheduler: IpvsScheduler = (IPVS_SCHEDULERS as readonly string[]).includes(requested) ? (requested as IpvsScheduler) : 'rr';
  const loopback = family === 'IPv6' ? '::1' : '127.0.0.1';
  const nodeLocalIPs = [...node.ips, loopback];
  const nodePortIPs = ipvsNodePortIPs(cfg.nodePortAddresses, node, nodeLocalIPs);
  const clusterCIDR = localDetectorCIDR(cluster, node, family);

  const ipsets: Ipset[] = S.emptyIpsets(family);
  const set = (base: string): Ipset => ipsets.find((s) => s.name === S.ipsetName(base, family))!;
  const virtualServers: (IpvsVirtualServer | undefined)[] = [];
  const vsIndex = new Map<string, number>();
  const dummy: string[] = [];
  const dummySet = new Set<string>();
  const lbNoNodeAccess: { ip: string; protocol: string; port: number }[] = [];
  const healthCheckNodePorts: number[] = [];
  const endpointsMap = buildEndpointsMap(cluster, options.nodeName, family);

  const addVS = (sp: ServicePortInfo, ip: string, port: number, kind: VirtualServerKind, onlyLocal: boolean, all: EndpointInfo[], cat: ReturnType<typeof categorizeEndpoints>): void => {
    const { realServers, localFallback } = realServersFor(all, cat, onlyLocal);
    // Two Services claiming the same VIP:port share one kernel virtual server; the later sync wins.
    const key = `${sp.protocol}/${ip}/${port}`;
    const dup = vsIndex.get(key);
    if (dup !== undefined) virtualServers[dup] = undefined;
    vsIndex.set(key, virtualServers.length);
    virtualServers.push({
      protocol: sp.protocol,
      ip,
      port,
      address: joinHostPort(ip, port),
      scheduler,
      persistentTimeout: sp.sessionAffinityClientIP ? sp.stickyMaxAgeSeconds : 0,
      schedulerFlags: scheduler === 'mh' ? ['mh-port'] : [],
      kind,
      spn: sp.spn,
      policyLocal: onlyLocal,
      localFallback,
      realServers,
    });
  };
  const bind = (ip: string): void => {
    // External/LB addresses already configured on the node are not bound to kube-ipvs0.
    if (!nodeLocalIPs.includes(ip) && !dummySet.has(ip)) {
      dummySet.add(ip);
      dummy.push(ip);
    }
  };

  for (const sp of buildServicePorts(cluster, family)) {
    const proto = sp.protocol.toLowerCase();
    const all = endpointsMap.get(servicePortKey(sp.spn, sp.protocol)) ?? [];
    const cat = categorizeEndpoints(all, sp, node);

    // Hairpin: local endpoints reaching themselves through the service get masqueraded.
    for (const e of all) if (e.isLocal) S.addEntry(set(S.KUBE_LOOP_BACK), S.ipPortIpEntry(e.ip, proto, e.port, e.ip));

    S.addEntry(set(S.KUBE_CLUSTER_IP), S.ipPortEntry(sp.clusterIP, proto, sp.port));
    bind(sp.clusterIP);
    addVS(sp, sp.clusterIP, sp.port, 'clusterIP', sp.internalPolicyLocal, all, cat);

    for (const ext of sp.externalIPs) {
      S.addEntry(set(sp.externalPolicyLocal ? S.KUBE_EXTERNAL_IP_LOCAL : S.KUBE_EXTERNAL_IP), S.ipPortEntry(ext, proto, sp.port));
      bind(ext);
      addVS(sp, ext, sp.port, 'externalIP', sp.externalPolicyLocal, all, cat);
    }

    for (const lb of sp.loadBalancerVIPs) {
      const entry = S.ipPortEntry(lb, proto, sp.port);
      S.addEntry(set(S.KUBE_LOAD_BALANCER), entry);
      if (sp.externalPolicyLocal) S.addEntry(set(S.KUBE_LOAD_BALANCER_LOCAL), entry);
      if (sp.loadBalancerSourceRanges.length > 0) {
        S.addEntry(set(S.KUBE_LOAD_BALANCER_FW), entry);
        let allowFromNode = false;
        for (const cidr of sp.loadBalancerSourceRanges) {
          S.addEntry(set(S.KUBE_LOAD_BALANCER_SOURCE_CIDR), S.ipPortNetEntry(lb, proto, sp.port, cidr));
          const c = parseCIDR(cidr);
          if (c && node.primaryIP && cidrContains(c, node.primaryIP)) allowFromNode = true;
        }
        if (allowFromNode) S.addEntry(set(S.KUBE_LOAD_BALANCER_SOURCE_IP), S.ipPortIpEntry(lb, proto, sp.port, lb));
        else lbNoNodeAccess.push({ ip: lb, protocol: proto, port: sp.port });
      }
      bind(lb);
      addVS(sp, lb, sp.port, 'loadBalancer', sp.externalPolicyLocal, all, cat);
    }

    if (sp.nodePort !== 0 && nodePortIPs.length > 0) {
      const local = sp.externalPolicyLocal;
      if (sp.protocol === 'SCTP') {
        for (const ip of nodePortIPs) {
          S.addEntry(set(S.KUBE_NODE_PORT_SCTP), S.ipPortEntry(ip, proto, sp.nodePort));
          if (local) S.addEntry(set(S.KUBE_NODE_PORT_LOCAL_SCTP), S.ipPortEntry(ip, proto, sp.nodePort));
        }
      } else {
        const tcp = sp.protocol === 'TCP';
        S.addEntry(set(tcp ? S.KUBE_NODE_PORT_TCP : S.KUBE_NODE_PORT_UDP), S.portEntry(sp.nodePort));
        if (local) S.addEntry(set(tcp ? S.KUBE_NODE_PORT_LOCAL_TCP : S.KUBE_NODE_PORT_LOCAL_UDP), S.portEntry(sp.nodePort));
      }
      for (const ip of nodePortIPs) addVS(sp, ip, sp.nodePort, 'nodePort', local, all, cat);
    }

    if (sp.healthCheckNodePort !== 0) {
      S.addEntry(set(S.KUBE_HEALTH_CHECK_NODE_PORT), S.portEntry(sp.healthCheckNodePort));
      if (!healthCheckNodePorts.includes(sp.healthCheckNodePort)) healthCheckNodePorts.push(sp.healthCheckNodePort);
    }
  }

  for (const ip of dummy) S.addEntry(set(S.KUBE_IPVS_IPS), S.ipEntry(ip));

  // ipvsadm lists virtual servers by protocol number, then address, then port.
  const listed = virtualServers.filter((v): v is IpvsVirtualServer => v !== undefined);
  listed.sort((a, b) => PROTO_NUM[a.protocol] - PROTO_NUM[b.protocol] || compareIPs(a.ip, b.ip) || a.port - b.port);

  const masqueradeAll = cfg.iptables?.masqueradeAll ?? false;
  const masqueradeMark = masqueradeMarkOf(cfg.iptables?.masqueradeBit);
  const data: IpvsData = {
    family,
    nodeName: options.nodeName,
    nodeIP: node.primaryIP,
    podCIDR: node.podCIDR,
    nodePortIPs,
    nodeLocalIPs,
    clusterCIDR,
    masqueradeAll,
    masqueradeMark,
    scheduler,
    dummyAddresses: dummy,
    virtualServers: listed,
    ipsets,
    iptables: buildIpvsIptables({ family, ipsets, masqueradeAll, clusterCIDR, masqueradeMark, lbNoNodeAccess }),
    healthCheckNodePorts,
  };
  return { mode: 'ipvs', nodeName: options.nodeName, data };
}
