// The iptables rules IPVS mode still installs (proxier.go writeIptablesRules
// and acceptIPVSTraffic): match on ipsets instead of one rule per service, to
// mark for masquerade, to drop traffic outside LoadBalancerSourceRanges, and
// to refuse VIP ports that have no virtual server. Texts are the rules as
// kube-proxy writes them into iptables-restore, in writing order.

import type { IPFamily } from '../../model/types';
import type { IptMatch, IptRule, IptTable, IptablesData } from './iptables-lite';
import * as S from './ipset';
import type { Ipset } from './types';

/** Chains declared at the start of every sync (iptablesChains). */
const NAT_CHAINS = ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'];
const FILTER_CHAINS = ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER'];

/**
 * Set -> iptables rule table (ipsetWithIptablesChain). Note the Local node
 * port sets come before the masquerade ones, so eTP=Local ports RETURN first.
 */
const IPSET_CHAIN_RULES: readonly { set: string; table: IptTable; from: string; to: string; dirs: string; proto?: 'tcp' | 'udp' | 'sctp' }[] = [
  { set: S.KUBE_LOOP_BACK, table: 'nat', from: 'KUBE-POSTROUTING', to: 'MASQUERADE', dirs: 'dst,dst,src' },
  { set: S.KUBE_LOAD_BALANCER, table: 'nat', from: 'KUBE-SERVICES', to: 'KUBE-LOAD-BALANCER', dirs: 'dst,dst' },
  { set: S.KUBE_LOAD_BALANCER_LOCAL, table: 'nat', from: 'KUBE-LOAD-BALANCER', to: 'RETURN', dirs: 'dst,dst' },
  { set: S.KUBE_NODE_PORT_LOCAL_TCP, table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', dirs: 'dst', proto: 'tcp' },
  { set: S.KUBE_NODE_PORT_TCP, table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', dirs: 'dst', proto: 'tcp' },
  { set: S.KUBE_NODE_PORT_LOCAL_UDP, table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', dirs: 'dst', proto: 'udp' },
  { set: S.KUBE_NODE_PORT_UDP, table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', dirs: 'dst', proto: 'udp' },
  { set: S.KUBE_NODE_PORT_LOCAL_SCTP, table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', dirs: 'dst,dst', proto: 'sctp' },
  { set: S.KUBE_NODE_PORT_SCTP, table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', dirs: 'dst,dst', proto: 'sctp' },
  { set: S.KUBE_LOAD_BALANCER_FW, table: 'filter', from: 'KUBE-PROXY-FIREWALL', to: 'KUBE-SOURCE-RANGES-FIREWALL', dirs: 'dst,dst' },
  { set: S.KUBE_LOAD_BALANCER_SOURCE_CIDR, table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', dirs: 'dst,dst,src' },
  { set: S.KUBE_LOAD_BALANCER_SOURCE_IP, table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', dirs: 'dst,dst,src' },
];

export interface IpvsIptablesInput {
  family: IPFamily;
  ipsets: readonly Ipset[];
  masqueradeAll: boolean;
  /** local-traffic detector CIDR ('' = no detector) */
  clusterCIDR: string;
  masqueradeMark: string;
  /** LB ip/proto/port whose source ranges do not admit the node: blocked from the node itself */
  lbNoNodeAccess: readonly { ip: string; protocol: string; port: number }[];
}

export function buildIpvsIptables(input: IpvsIptablesInput): IptablesData {
  const rules: IptRule[] = [];
  const setOf = (base: string): Ipset => input.ipsets.find((s) => s.name === S.ipsetName(base, input.family))!;
  const name = (base: string): string => S.ipsetName(base, input.family);
  const nonEmpty = (base: string): boolean => setOf(base).entries.length > 0;
  const comment = (base: string): string => `-m comment --comment "${setOf(base).comment}"`;
  const add = (table: IptTable, chain: string, args: string, matches: IptMatch[], target: string, extra = ''): void => {
    rules.push({ table, chain, matches, target, text: `-A ${chain}${args ? ` ${args}` : ''} -j ${target}${extra}` });
  };
  const setMatch = (base: string, dirs: string): IptMatch => ({ m: 'set', set: name(base), dirs });
  const mark = input.masqueradeMark;

  // Dismiss connections to localhost early in the service chain.
  const lo = input.family === 'IPv6' ? '::1/128' : '127.0.0.0/8';
  add('nat', 'KUBE-SERVICES', `-s ${lo}`, [{ m: 'src', cidr: lo }], 'RETURN');

  for (const r of IPSET_CHAIN_RULES) {
    if (!nonEmpty(r.set)) continue;
    const matches: IptMatch[] = [...(r.proto ? [{ m: 'proto' as const, proto: r.proto }] : []), setMatch(r.set, r.dirs)];
    const args = `${r.proto ? `-p ${r.proto} ` : ''}${comment(r.set)} -m set --match-set ${name(r.set)} ${r.dirs}`;
    add(r.table, r.from, args, matches, r.to);
  }

  if (nonEmpty(S.KUBE_CLUSTER_IP)) {
    const base = `${comment(S.KUBE_CLUSTER_IP)} -m set --match-set ${name(S.KUBE_CLUSTER_IP)}`;
    if (input.masqueradeAll) {
      add('nat', 'KUBE-SERVICES', `${base} dst,dst`, [setMatch(S.KUBE_CLUSTER_IP, 'dst,dst')], 'KUBE-MARK-MASQ');
    } else if (input.clusterCIDR) {
      // Masquerade off-cluster traffic to a service VIP (it may bounce off-node).
      add('nat', 'KUBE-SERVICES', `${base} dst,dst ! -s ${input.clusterCIDR}`,
        [setMatch(S.KUBE_CLUSTER_IP, 'dst,dst'), { m: 'src', cidr: input.clusterCIDR, not: true }], 'KUBE-MARK-MASQ');
    } else {
      // No detector: masquerade node-originated traffic that picked a VIP as source.
      add('nat', 'KUBE-SERVICES', `${base} src,dst`, [setMatch(S.KUBE_CLUSTER_IP, 'src,dst')], 'KUBE-MARK-MASQ');
    }
  }

  // External IPs: accept traffic from off-machine and traffic to external IPs that are local addresses.
  const externalIPRules = (base: string): void => {
    const args = `${comment(base)} -m set --match-set ${name(base)} dst,dst`;
    const m = setMatch(base, 'dst,dst');
    add('nat', 'KUBE-SERVICES', `${args} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL`,
      [m, { m: 'physdev-is-in', not: true }, { m: 'addrtype', dir: 'src', not: true }], 'ACCEPT');
    add('nat', 'KUBE-SERVICES', `${args} -m addrtype --dst-type LOCAL`, [m, { m: 'addrtype', dir: 'dst' }], 'ACCEPT');
  };
  if (nonEmpty(S.KUBE_EXTERNAL_IP)) {
    add('nat', 'KUBE-SERVICES', `${comment(S.KUBE_EXTERNAL_IP)} -m set --match-set ${name(S.KUBE_EXTERNAL_IP)} dst,dst`,
      [setMatch(S.KUBE_EXTERNAL_IP, 'dst,dst')], 'KUBE-MARK-MASQ');
    externalIPRules(S.KUBE_EXTERNAL_IP);
  }
  if (nonEmpty(S.KUBE_EXTERNAL_IP_LOCAL)) externalIPRules(S.KUBE_EXTERNAL_IP_LOCAL);

  add('nat', 'KUBE-SERVICES', '-m addrtype --dst-type LOCAL', [{ m: 'addrtype', dir: 'dst' }], 'KUBE-NODE-PORT');
  add('nat', 'KUBE-LOAD-BALANCER', '', [], 'KUBE-MARK-MASQ');
  add('filter', 'KUBE-SOURCE-RANGES-FIREWALL', '', [], 'DROP');

  // Node -> LB IP when the source ranges do not admit the node (kubernetes#119656).
  for (const e of input.lbNoNodeAccess) {
    add('filter', 'KUBE-IPVS-OUT-FILTER', `-s ${e.ip} -m ipvs --vaddr ${e.ip} --vproto ${e.protocol} --vport ${e.port}`,
      [{ m: 'src', cidr: e.ip }, { m: 'ipvs', vaddr: e.ip, vproto: e.protocol, vport: e.port }], 'DROP');
  }

  // acceptIPVSTraffic: must be at the end of KUBE-SERVICES.
  for (const base of [S.KUBE_CLUSTER_IP, S.KUBE_LOAD_BALANCER]) {
    if (nonEmpty(base)) add('nat', 'KUBE-SERVICES', `-m set --match-set ${name(base)} dst,dst`, [setMatch(base, 'dst,dst')], 'ACCEPT');
  }

  add('filter', 'KUBE-FORWARD', `-m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark}`, [{ m: 'mark' }], 'ACCEPT');
  add('filter', 'KUBE-FORWARD', '-m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED', [{ m: 'ctstate-established' }], 'ACCEPT');
  add('filter', 'KUBE-NODE-PORT', `${comment(S.KUBE_HEALTH_CHECK_NODE_PORT)} -m set --match-set ${name(S.KUBE_HEALTH_CHECK_NODE_PORT)} dst`,
    [{ m: 'proto', proto: 'tcp' }, setMatch(S.KUBE_HEALTH_CHECK_NODE_PORT, 'dst')], 'ACCEPT');

  // KUBE-IPVS-FILTER: VIPs answer only on service ports (kubernetes#72236).
  for (const [base, dirs] of [
    [S.KUBE_LOAD_BALANCER, 'dst,dst'],
    [S.KUBE_CLUSTER_IP, 'dst,dst'],
    [S.KUBE_EXTERNAL_IP, 'dst,dst'],
    [S.KUBE_EXTERNAL_IP_LOCAL, 'dst,dst'],
    [S.KUBE_HEALTH_CHECK_NODE_PORT, 'dst'],
  ] as const) {
    const matches: IptMatch[] = [setMatch(base, dirs)];
    if (base === S.KUBE_HEALTH_CHECK_NODE_PORT) matches.unshift({ m: 'proto', proto: 'tcp' });
    add('filter', 'KUBE-IPVS-FILTER', `-m set --match-set ${name(base)} ${dirs}`, matches, 'RETURN');
  }
  add('filter', 'KUBE-IPVS-FILTER', `-m conntrack --ctstate NEW -m set --match-set ${name(S.KUBE_IPVS_IPS)} dst`,
    [{ m: 'ctstate-new' }, setMatch(S.KUBE_IPVS_IPS, 'dst')], 'REJECT');

  add('nat', 'KUBE-POSTROUTING', `-m mark ! --mark ${mark}/${mark}`, [{ m: 'mark', not: true }], 'RETURN');
  add('nat', 'KUBE-POSTROUTING', '', [], 'MARK', ` --xor-mark ${mark}`);
  add('nat', 'KUBE-POSTROUTING', '-m comment --comment "kubernetes service traffic requiring SNAT"', [], 'MASQUERADE', ' --random-fully');
  add('nat', 'KUBE-MARK-MASQ', '', [], 'MARK', ` --or-mark ${mark}`);

  return { chains: { nat: [...NAT_CHAINS], filter: [...FILTER_CHAINS] }, rules, tableOrder: ['nat', 'filter'] };
}
