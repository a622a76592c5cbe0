// The legacy userspace proxy (pkg/proxy/userspace, removed in Kubernetes
// v1.26) of one node as plain data: a listening "proxy port" per service
// port inside the kube-proxy process, the iptables portal rules that steer
// service traffic into it, and each port's LoadBalancerRR endpoint list.

import type { Protocol } from '../../model/types';
import type { Ruleset } from '../types';
import type { IptablesData } from '../ipvs/iptables-lite';

export const HISTORICAL = { removedIn: 'v1.26' } as const;

export interface UserspaceEndpoint {
  ip: string;
  port: number;
  /** "ip:port" */
  endpoint: string;
  nodeName?: string;
  podName?: string;
  podNamespace?: string;
}

/** One proxied service port: its socket and its round-robin balancer. */
export interface UserspaceProxySocket {
  spn: string;
  protocol: Protocol;
  /** the port kube-proxy listens on (on 0.0.0.0) for this service port */
  proxyPort: number;
  /** LoadBalancerRR's endpoint list, shuffled when the set of endpoints changed */
  endpoints: UserspaceEndpoint[];
  /** identifies the endpoint set; a new set resets the round-robin index */
  endpointsKey: string;
  sessionAffinityClientIP: boolean;
  /** ClientIP affinity TTL in seconds */
  stickyMaxAgeSeconds: number;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerIPs: string[];
}

export interface UserspaceData {
  nodeName: string;
  /** the node IP host-originated portal traffic is DNATed to */
  hostIP: string;
  /** the proxier's bind address; 0.0.0.0 makes container portals REDIRECT */
  listenIP: string;
  podCIDR: string;
  localIPs: string[];
  sockets: UserspaceProxySocket[];
  iptables: IptablesData;
  historical: typeof HISTORICAL;
}

export interface UserspaceRuleset extends Ruleset {
  mode: 'userspace';
  data: UserspaceData;
  historical: typeof HISTORICAL;
}
