// The ipsets of IPVS mode (pkg/proxy/ipvs/ipset.go, proxier.go ipsetInfo):
// names, types and comments verbatim, created in this order on every node,
// and `ipset list` rendering of them.

import type { IPFamily } from '../../model/types';
import type { Ipset, IpsetEntry, IpsetType } from './types';

export const KUBE_LOOP_BACK = 'KUBE-LOOP-BACK';
export const KUBE_CLUSTER_IP = 'KUBE-CLUSTER-IP';
export const KUBE_EXTERNAL_IP = 'KUBE-EXTERNAL-IP';
export const KUBE_EXTERNAL_IP_LOCAL = 'KUBE-EXTERNAL-IP-LOCAL';
export const KUBE_LOAD_BALANCER = 'KUBE-LOAD-BALANCER';
export const KUBE_LOAD_BALANCER_FW = 'KUBE-LOAD-BALANCER-FW';
export const KUBE_LOAD_BALANCER_LOCAL = 'KUBE-LOAD-BALANCER-LOCAL';
export const KUBE_LOAD_BALANCER_SOURCE_IP = 'KUBE-LOAD-BALANCER-SOURCE-IP';
export const KUBE_LOAD_BALANCER_SOURCE_CIDR = 'KUBE-LOAD-BALANCER-SOURCE-CIDR';
export const KUBE_NODE_PORT_TCP = 'KUBE-NODE-PORT-TCP';
export const KUBE_NODE_PORT_LOCAL_TCP = 'KUBE-NODE-PORT-LOCAL-TCP';
export const KUBE_NODE_PORT_UDP = 'KUBE-NODE-PORT-UDP';
export const KUBE_NODE_PORT_LOCAL_UDP = 'KUBE-NODE-PORT-LOCAL-UDP';
export const KUBE_NODE_PORT_SCTP = 'KUBE-NODE-PORT-SCTP-HASH';
export const KUBE_NODE_PORT_LOCAL_SCTP = 'KUBE-NODE-PORT-LOCAL-SCTP-HASH';
export const KUBE_HEALTH_CHECK_NODE_PORT = 'KUBE-HEALTH-CHECK-NODE-PORT';
export const KUBE_IPVS_IPS = 'KUBE-IPVS-IPS';

/** ipsetInfo in proxier.go order: [name, type, comment]. */
export const IPSET_INFO: readonly (readonly [string, IpsetType, string])[] = [
  [KUBE_LOOP_BACK, 'hash:ip,port,ip', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'],
  [KUBE_CLUSTER_IP, 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose'],
  [KUBE_EXTERNAL_IP, 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose'],
  [KUBE_EXTERNAL_IP_LOCAL, 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local'],
  [KUBE_LOAD_BALANCER, 'hash:ip,port', 'Kubernetes service lb portal'],
  [KUBE_LOAD_BALANCER_FW, 'hash:ip,port', 'Kubernetes service load balancer ip + port for load balancer with sourceRange'],
  [KUBE_LOAD_BALANCER_LOCAL, 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local'],
  [KUBE_LOAD_BALANCER_SOURCE_IP, 'hash:ip,port,ip', 'Kubernetes service load balancer ip + port + source IP for packet filter purpose'],
  [KUBE_LOAD_BALANCER_SOURCE_CIDR, 'hash:ip,port,net', 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose'],
  [KUBE_NODE_PORT_TCP, 'bitmap:port', 'Kubernetes nodeport TCP port for masquerade purpose'],
  [KUBE_NODE_PORT_LOCAL_TCP, 'bitmap:port', 'Kubernetes nodeport TCP port with externalTrafficPolicy=local'],
  [KUBE_NODE_PORT_UDP, 'bitmap:port', 'Kubernetes nodeport UDP port for masquerade purpose'],
  [KUBE_NODE_PORT_LOCAL_UDP, 'bitmap:port', 'Kubernetes nodeport UDP port with externalTrafficPolicy=local'],
  [KUBE_NODE_PORT_SCTP, 'hash:ip,port', "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"],
  [KUBE_NODE_PORT_LOCAL_SCTP, 'hash:ip,port', "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"],
  [KUBE_HEALTH_CHECK_NODE_PORT, 'bitmap:port', 'Kubernetes health check node port'],
  [KUBE_IPVS_IPS, 'hash:ip', 'Addresses on the ipvs interface'],
];

/**
 * The kernel name of a set: IPv6 proxiers use the `KUBE-6-` prefix, cut to
 * ipset's 31-character limit (NewIPSet), e.g. KUBE-6-LOAD-BALANCER-SOURCE-CID.
 */
export function ipsetName(name: string, family: IPFamily): string {
  return family === 'IPv6' ? name.replace(/^KUBE-/, 'KUBE-6-').slice(0, 31) : name;
}

export function emptyIpsets(family: IPFamily): Ipset[] {
  return IPSET_INFO.map(([name, type, comment]) => ({ name: ipsetName(name, family), type, comment, entries: [] }));
}

/** Entry texts as utilipset.Entry.String() writes them (and `ipset list` prints them). */
export const ipPortEntry = (ip: string, protocol: string, port: number): IpsetEntry => ({
  text: `${ip},${protocol}:${port}`,
  ip,
  protocol,
  port,
});
export const ipPortIpEntry = (ip: string, protocol: string, port: number, ip2: string): IpsetEntry => ({
  text: `${ip},${protocol}:${port},${ip2}`,
  ip,
  protocol,
  port,
  ip2,
});
export const ipPortNetEntry = (ip: string, protocol: string, port: number, net: string): IpsetEntry => ({
  text: `${ip},${protocol}:${port},${net}`,
  ip,
  protocol,
  port,
  net,
});
export const portEntry = (port: number): IpsetEntry => ({ text: String(port), port });
export const ipEntry = (ip: string): IpsetEntry => ({ text: ip, ip });

const members = new WeakMap<Ipset, Set<string>>();

/** Adds an entry once (ipset sets hold each member once). */
export function addEntry(set: Ipset, e: IpsetEntry): void {
  let seen = members.get(set);
  if (!seen) {
    seen = new Set(set.entries.map((x) => x.text));
    members.set(set, seen);
  }
  if (seen.has(e.text)) return;
  seen.add(e.text);
  set.entries.push(e);
}

/** Whether a set holds a member, for packet matching (cached per set). */
export function hasEntry(set: Ipset, text: string): boolean {
  let seen = members.get(set);
  if (!seen) {
    seen = new Set(set.entries.map((x) => x.text));
    members.set(set, seen);
  }
  return seen.has(text);
}

const REVISION: Record<IpsetType, number> = {
  'hash:ip': 4,
  'hash:ip,port': 5,
  'hash:ip,port,ip': 5,
  'hash:ip,port,net': 7,
  'bitmap:port': 3,
};

/**
 * `ipset list` for the sets (utilipset creates hash sets with
 * `family inet hashsize 1024 maxelem 65536` and bitmap:port sets with
 * `range 0-65535`). The kernel-dependent "Size in memory" line is left out;
 * references count the iptables rules that match on the set.
 */
export function formatIpsetList(sets: readonly Ipset[], family: IPFamily, references: (name: string) => number): { lines: string[]; lineOf: Map<string, number> } {
  const lines: string[] = [];
  const lineOf = new Map<string, number>();
  sets.forEach((s, i) => {
    if (i > 0) lines.push('');
    lineOf.set(s.name, lines.length);
    lines.push(`Name: ${s.name}`);
    lines.push(`Type: ${s.type}`);
    lines.push(`Revision: ${REVISION[s.type]}`);
    lines.push(
      s.type === 'bitmap:port'
        ? 'Header: range 0-65535'
        : `Header: family ${family === 'IPv6' ? 'inet6' : 'inet'} hashsize 1024 maxelem 65536`,
    );
    lines.push(`References: ${references(s.name)}`);
    lines.push(`Number of entries: ${s.entries.length}`);
    lines.push('Members:');
    // bitmap:port lists ports in ascending order; hash sets have no stable order, so sort by text.
    const sorted = [...s.entries].sort((a, b) =>
      s.type === 'bitmap:port' ? (a.port ?? 0) - (b.port ?? 0) : a.text < b.text ? -1 : a.text > b.text ? 1 : 0,
    );
    for (const e of sorted) {
      lineOf.set(`${s.name} ${e.text}`, lines.length);
      lines.push(e.text);
    }
  });
  return { lines, lineOf };
}
