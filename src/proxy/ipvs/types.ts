// The IPVS-mode ruleset of one node as plain data: the kube-ipvs0 dummy
// interface addresses, the IPVS virtual servers with their real servers, the
// ipsets, and the iptables rules that IPVS mode still installs
// (pkg/proxy/ipvs/proxier.go). `format` renders it, `evaluate`/`sample` walk
// packets through the very same records.

import type { IPFamily, Protocol } from '../../model/types';
import type { ProxyOutcome, Ruleset } from '../types';
import type { IptablesData } from './iptables-lite';

export type IpvsScheduler = 'rr' | 'wrr' | 'lc' | 'wlc' | 'lblc' | 'lblcr' | 'dh' | 'sh' | 'sed' | 'nq' | 'mh';

export const IPVS_SCHEDULERS: readonly IpvsScheduler[] = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh'];

export interface IpvsRealServer {
  ip: string;
  port: number;
  /** "ip:port" ("[ip]:port" for IPv6) */
  address: string;
  /** 1; 0 while the endpoint is terminating (graceful termination keeps it until connections drain) */
  weight: number;
  /** IPVS forwarding method; kube-proxy always uses masquerading (NAT) */
  forward: 'Masq';
  isLocal: boolean;
  nodeName?: string;
  podName?: string;
  podNamespace?: string;
}

/** Which Service address a virtual server stands for. */
export type VirtualServerKind = 'clusterIP' | 'externalIP' | 'loadBalancer' | 'nodePort';

export interface IpvsVirtualServer {
  protocol: Protocol;
  ip: string;
  port: number;
  /** "ip:port" as ipvsadm prints it */
  address: string;
  scheduler: IpvsScheduler;
  /** ClientIP session affinity: `persistent <timeout>` */
  persistentTimeout: number;
  /** the `mh` scheduler gets IP_VS_SVC_F_SCHED_MH_PORT (FlagSourceHash) from kube-proxy */
  schedulerFlags: string[];
  kind: VirtualServerKind;
  spn: string;
  /** the real servers were chosen from the Local-policy endpoint list */
  policyLocal: boolean;
  /** Local policy but no local endpoints: kube-proxy falls back to the cluster endpoints (kubernetes#97081) */
  localFallback: boolean;
  realServers: IpvsRealServer[];
}

export type IpsetType = 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port';

export interface IpsetEntry {
  /** the member exactly as `ipset list` prints it, e.g. "10.96.0.1,tcp:443" */
  text: string;
  ip?: string;
  protocol?: string;
  port?: number;
  ip2?: string;
  net?: string;
}

export interface Ipset {
  name: string;
  type: IpsetType;
  comment: string;
  entries: IpsetEntry[];
}

export interface IpvsData {
  family: IPFamily;
  nodeName: string;
  nodeIP: string;
  /** this node's pod CIDR (packets from it arrive through the bridge) */
  podCIDR: string;
  /** addresses that accept node ports (IPVS virtual servers are created on each) */
  nodePortIPs: string[];
  /** every local address of the node except kube-ipvs0 (addrtype LOCAL) */
  nodeLocalIPs: string[];
  /** the pod network used by the local-traffic detector ('' = none) */
  clusterCIDR: string;
  masqueradeAll: boolean;
  /** e.g. "0x4000" */
  masqueradeMark: string;
  scheduler: IpvsScheduler;
  /** addresses bound to the kube-ipvs0 dummy interface */
  dummyAddresses: string[];
  virtualServers: IpvsVirtualServer[];
  ipsets: Ipset[];
  iptables: IptablesData;
  /** health check node ports served by kube-proxy itself */
  healthCheckNodePorts: number[];
}

export interface IpvsRuleset extends Ruleset {
  mode: 'ipvs';
  data: IpvsData;
}

/** An IPVS outcome; `deterministic` marks round-robin style shares that are a long-run split, not a random draw. */
export interface IpvsOutcome extends ProxyOutcome {
  deterministic?: boolean;
}
