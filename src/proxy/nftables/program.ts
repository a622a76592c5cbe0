// syncProxyRules of the nftables proxier (pkg/proxy/nftables/proxier.go,
// v1.33+ layout: filter-*-pre-dnat base chains, no port match in the
// clusterIP masquerade rule) as a pure function. Dispatch happens through the
// verdict maps service-ips / service-nodeports; services without usable
// endpoints go to no-endpoint-services / no-endpoint-nodeports (drop or
// goto reject-chain), checked in the filter hooks.

import type { Cluster } from '../../model/cluster';
import { categorizeEndpoints } from '../common/categorize';
import { buildEndpointsMap } from '../common/endpoint';
import { cidrContains, isLoopback, parseCIDR } from '../common/ip';
import { resolveNodeInfo, type NodeInfo } from '../common/node-info';
import { buildServicePorts, servicePortKey } from '../common/service-port';
import { clusterFamily, localDetectorCIDR, masqueradeMarkOf, type ModeProgramOptions } from '../ipvs/program';
import * as N from './names';
import { TableBuilder } from './table-builder';
import type { NftBaseChain, NftData, NftMatch, NftRuleset } from './types';

/** nftablesBaseChains: filter before DNAT (-110), filter (0), DNAT (-100), SNAT (100). */
const BASE_CHAINS: readonly [string, NftBaseChain][] = [
  ['filter-prerouting-pre-dnat', { type: 'filter', hook: 'prerouting', priority: -110 }],
  ['filter-output-pre-dnat', { type: 'filter', hook: 'output', priority: -110 }],
  ['filter-input', { type: 'filter', hook: 'input', priority: 0 }],
  ['filter-forward', { type: 'filter', hook: 'forward', priority: 0 }],
  ['filter-output', { type: 'filter', hook: 'output', priority: 0 }],
  ['nat-prerouting', { type: 'nat', hook: 'prerouting', priority: -100 }],
  ['nat-output', { type: 'nat', hook: 'output', priority: -100 }],
  ['nat-postrouting', { type: 'nat', hook: 'postrouting', priority: 100 }],
];

/** nftablesJumpChains: [destination, source, "ct state new"?]. */
const JUMP_CHAINS: readonly [string, string, boolean][] = [
  ['nodeport-endpoints-check', 'filter-input', true],
  ['service-endpoints-check', 'filter-input', true],
  ['service-endpoints-check', 'filter-forward', true],
  ['service-endpoints-check', 'filter-output', true],
  ['firewall-check', 'filter-prerouting-pre-dnat', true],
  ['firewall-check', 'filter-output-pre-dnat', true],
  ['services', 'nat-output', false],
  ['services', 'nat-prerouting', false],
  ['masquerading', 'nat-postrouting', false],
  ['cluster-ips-check', 'filter-forward', true],
  ['cluster-ips-check', 'filter-output', true],
];

/**
 * `--nodeport-addresses` for nftables mode: default `primary`; a 0.0.0.0/0
 * (::/0) entry matches every local address; loopback is never accepted
 * (localhost node ports are not supported in nftables mode).
 */
export function nftNodePortAddresses(cidrs: readonly string[] | undefined, node: NodeInfo): { matchAll: boolean; ips: string[] } {
  const list = cidrs && cidrs.length > 0 ? cidrs : ['primary'];
  const ips: string[] = [];
  for (const c of list) {
    if (c === 'primary') {
      if (node.primaryIP && !ips.includes(node.primaryIP)) ips.push(node.primaryIP);
      continue;
    }
    const cidr = parseCIDR(c);
    if (!cidr || cidr.family !== (node.primaryIP.includes(':') ? 'IPv6' : 'IPv4')) continue;
    if (cidr.prefix === 0) return { matchAll: true, ips: [] };
    for (const ip of node.ips) if (cidrContains(cidr, ip) && !isLoopback(ip) && !ips.includes(ip)) ips.push(ip);
  }
  return { matchAll: false, ips };
}

export function programNftables(cluster: Cluster, options: ModeProgramOptions): NftRuleset {
  const family = clusterFamily(cluster, options);
  const ipX = family === 'IPv6' ? 'ip6' : 'ip';
  const addrType = family === 'IPv6' ? 'ipv6_addr' : 'ipv4_addr';
  const node = resolveNodeInfo(cluster, options.nodeName, family);
  const cfg = cluster.proxyConfig;
  const mark = masqueradeMarkOf(cfg.nftables?.masqueradeBit ?? cfg.iptables?.masqueradeBit);
  const masqueradeAll = cfg.nftables?.masqueradeAll ?? cfg.iptables?.masqueradeAll ?? false;
  const detector = localDetectorCIDR(cluster, node, family);
  const npa = nftNodePortAddresses(cfg.nodePortAddresses, node);
  const noLocalhost: NftMatch = { m: 'addr', dir: 'daddr', not: true, values: [family === 'IPv6' ? '::1' : '127.0.0.0/8'], braces: false };
  const serviceCIDRs = cluster.config.serviceCIDRs.map((c) => parseCIDR(c)).filter((c) => c?.family === family).map((c) => c!.text);
  const t = new TableBuilder(ipX);

  // ---- setupNFTables
  for (const [name, base] of BASE_CHAINS) t.chain(name, { base });
  for (const [dst, src, ctNew] of JUMP_CHAINS) {
    t.chain(dst);
    t.rule(src, ctNew ? [{ m: 'ct-new' }] : [], { a: 'jump', chain: dst });
  }
  for (const c of ['services', 'cluster-ips-check', 'masquerading', 'mark-for-masquerade']) t.chain(c);
  t.rule('mark-for-masquerade', [], { a: 'mark-or', mark });
  t.rule('masquerading', [{ m: 'mark-clear', mark }], { a: 'return' });
  t.rule('masquerading', [], { a: 'mark-xor', mark });
  t.rule('masquerading', [], { a: 'masquerade' });

  t.set({ kind: 'set', name: 'cluster-ips', type: addrType, comment: 'Active ClusterIPs' });
  t.rule('cluster-ips-check', [{ m: 'addr-set', dir: 'daddr', set: 'cluster-ips' }], { a: 'reject' }, 'Reject traffic to invalid ports of ClusterIPs');
  if (serviceCIDRs.length > 0) {
    t.rule('cluster-ips-check', [{ m: 'addr', dir: 'daddr', not: false, values: serviceCIDRs, braces: true, joiner: ',' }], { a: 'drop' }, 'Drop traffic to unallocated ClusterIPs');
  }
  if (!npa.matchAll) {
    t.set({ kind: 'set', name: 'nodeport-ips', type: addrType, comment: 'IPs that accept NodePort traffic' });
    for (const ip of npa.ips) t.element('nodeport-ips', [ip]);
  }
  t.set({ kind: 'map', name: 'no-endpoint-services', type: `${addrType} . inet_proto . inet_service : verdict`, comment: 'vmap to drop or reject packets to services with no endpoints' });
  t.set({ kind: 'map', name: 'no-endpoint-nodeports', type: 'inet_proto . inet_service : verdict', comment: 'vmap to drop or reject packets to service nodeports with no endpoints' });
  t.chain('reject-chain', { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });
  t.rule('reject-chain', [], { a: 'reject' });
  t.rule('service-endpoints-check', [], { a: 'vmap', key: 'addr.proto.port', map: 'no-endpoint-services' });
  t.rule('nodeport-endpoints-check', npa.matchAll ? [noLocalhost] : [{ m: 'addr-set', dir: 'daddr', set: 'nodeport-ips' }], { a: 'vmap', key: 'proto.port', map: 'no-endpoint-nodeports' });
  t.set({ kind: 'map', name: 'firewall-ips', type: `${addrType} . inet_proto . inet_service : verdict`, comment: 'destinations that are subject to LoadBalancerSourceRanges' });
  t.rule('firewall-check', [], { a: 'vmap', key: 'addr.proto.port', map: 'firewall-ips' });
  t.set({ kind: 'map', name: 'service-ips', type: `${addrType} . inet_proto . inet_service : verdict`, comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic' });
  t.set({ kind: 'map', name: 'service-nodeports', type: 'inet_proto . inet_service : verdict', comment: 'NodePort traffic' });
  t.rule('services', [], { a: 'vmap', key: 'addr.proto.port', map: 'service-ips' });
  t.rule('services', npa.matchAll ? [{ m: 'fib-local', dir: 'daddr' }, noLocalhost] : [{ m: 'addr-set', dir: 'daddr', set: 'nodeport-ips' }], { a: 'vmap', key: 'proto.port', map: 'service-nodeports' });

  // ---- per service port
  const endpointsMap = buildEndpointsMap(cluster, options.nodeName, family);
  for (const sp of buildServicePorts(cluster, family)) {
    const proto = sp.protocol.toLowerCase();
    const base = N.servicePortChainNameBase(sp.namespace, sp.name, proto, sp.portName);
    const clusterPolicyChain = N.SERVICE_PREFIX + base;
    const localPolicyChain = N.LOCAL_PREFIX + base;
    const externalChain = N.EXTERNAL_PREFIX + base;
    const fwChain = N.FIREWALL_PREFIX + base;
    const epBase = (endpoint: string): string => N.servicePortEndpointChainNameBase(sp.namespace, sp.name, proto, sp.portName, endpoint);
    const all = endpointsMap.get(servicePortKey(sp.spn, sp.protocol)) ?? [];
    const cat = categorizeEndpoints(all, sp, node);
    const hasEndpoints = cat.hasAnyEndpoints;
    const affinity = sp.sessionAffinityClientIP;

    for (const ep of cat.allReachableEndpoints) t.chain(N.ENDPOINT_PREFIX + epBase(ep.endpoint));
    const usesClusterPolicyChain = (cat.clusterEndpoints?.length ?? 0) > 0 && sp.usesClusterEndpoints;
    if (usesClusterPolicyChain) t.chain(clusterPolicyChain);
    const usesLocalPolicyChain = (cat.localEndpoints?.length ?? 0) > 0 && sp.usesLocalEndpoints;
    if (usesLocalPolicyChain) t.chain(localPolicyChain);

    let internalChain = clusterPolicyChain;
    let hasInternalEndpoints = hasEndpoints;
    if (sp.internalPolicyLocal) {
      internalChain = localPolicyChain;
      if ((cat.localEndpoints?.length ?? 0) === 0) hasInternalEndpoints = false;
    }
    let externalPolicyChain = clusterPolicyChain;
    let hasExternalEndpoints = hasEndpoints;
    if (sp.externalPolicyLocal) {
      externalPolicyChain = localPolicyChain;
      if ((cat.localEndpoints?.length ?? 0) === 0) hasExternalEndpoints = false;
    }
    const usesExternalChain = hasEndpoints && sp.externallyAccessible;
    if (usesExternalChain) t.chain(externalChain);

    // No endpoints anywhere: reject; Local policy without local endpoints: drop.
    const internalVerdict = !hasEndpoints ? 'goto reject-chain' : !hasInternalEndpoints ? 'drop' : '';
    const externalVerdict = !hasEndpoints ? 'goto reject-chain' : !hasExternalEndpoints ? 'drop' : '';

    t.element('cluster-ips', [sp.clusterIP]);
    if (hasInternalEndpoints) t.element('service-ips', [sp.clusterIP, proto, String(sp.port)], `goto ${internalChain}`);
    else t.element('no-endpoint-services', [sp.clusterIP, proto, String(sp.port)], internalVerdict, sp.spn);

    for (const ext of sp.externalIPs) {
      if (hasEndpoints) t.element('service-ips', [ext, proto, String(sp.port)], `goto ${externalChain}`);
      if (!hasExternalEndpoints) t.element('no-endpoint-services', [ext, proto, String(sp.port)], externalVerdict, sp.spn);
    }

    const usesFWChain = sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
    if (usesFWChain) t.chain(fwChain);
    for (const lb of sp.loadBalancerVIPs) {
      if (hasEndpoints) t.element('service-ips', [lb, proto, String(sp.port)], `goto ${externalChain}`);
      if (usesFWChain) t.element('firewall-ips', [lb, proto, String(sp.port)], `goto ${fwChain}`);
    }
    if (!hasExternalEndpoints) {
      for (const lb of sp.loadBalancerVIPs) t.element('no-endpoint-services', [lb, proto, String(sp.port)], externalVerdict, sp.spn);
    }

    if (sp.nodePort !== 0) {
      // Node ports are not subject to loadBalancerSourceRanges.
      if (hasEndpoints) t.element('service-nodeports', [proto, String(sp.nodePort)], `goto ${externalChain}`);
      if (!hasExternalEndpoints) t.element('no-endpoint-nodeports', [proto, String(sp.nodePort)], externalVerdict, sp.spn);
    }

    // Internal traffic: masquerade what does not come from a pod (or everything with masqueradeAll).
    if (hasInternalEndpoints) {
      const daddr: NftMatch = { m: 'addr', dir: 'daddr', not: false, values: [sp.clusterIP], braces: false };
      if (masqueradeAll) t.rule(internalChain, [daddr], { a: 'jump', chain: 'mark-for-masquerade' });
      else if (detector) t.rule(internalChain, [daddr, { m: 'addr', dir: 'saddr', not: true, values: [detector], braces: false }], { a: 'jump', chain: 'mark-for-masquerade' });
    }

    if (usesExternalChain) {
      if (!sp.externalPolicyLocal) {
        t.rule(externalChain, [], { a: 'jump', chain: 'mark-for-masquerade' });
      } else {
        if (detector) {
          t.rule(externalChain, [{ m: 'addr', dir: 'saddr', not: false, values: [detector], braces: false }], { a: 'goto', chain: clusterPolicyChain }, 'short-circuit pod traffic');
        }
        t.rule(externalChain, [{ m: 'fib-local', dir: 'saddr' }], { a: 'jump', chain: 'mark-for-masquerade' }, 'masquerade local traffic');
        t.rule(externalChain, [{ m: 'fib-local', dir: 'saddr' }], { a: 'goto', chain: clusterPolicyChain }, 'short-circuit local traffic');
      }
      if (hasExternalEndpoints) t.rule(externalChain, [], { a: 'goto', chain: externalPolicyChain });
    }

    if (usesFWChain) {
      const sources = [...sp.loadBalancerSourceRanges];
      const allowFromNode = sp.loadBalancerSourceRanges.some((c) => {
        const cidr = parseCIDR(c);
        return !!cidr && !!node.primaryIP && cidrContains(cidr, node.primaryIP);
      });
      if (allowFromNode) sources.push(...sp.loadBalancerVIPs);
      t.rule(fwChain, [{ m: 'addr', dir: 'saddr', not: true, values: sources, braces: true }], { a: 'drop' });
    }

    if (affinity) {
      for (const ep of cat.allReachableEndpoints) {
        t.set({ kind: 'set', name: N.AFFINITY_PREFIX + epBase(ep.endpoint), type: addrType, flags: ['dynamic', 'timeout'], timeoutSeconds: sp.stickyMaxAgeSeconds });
      }
    }

    const writeServiceToEndpointRules = (chain: string, eps: NonNullable<typeof cat.clusterEndpoints>): void => {
      if (affinity) {
        for (const ep of eps) {
          t.rule(chain, [{ m: 'addr-set', dir: 'saddr', set: N.AFFINITY_PREFIX + epBase(ep.endpoint) }], { a: 'goto', chain: N.ENDPOINT_PREFIX + epBase(ep.endpoint) });
        }
      }
      t.rule(chain, [], { a: 'numgen', chains: eps.map((ep) => N.ENDPOINT_PREFIX + epBase(ep.endpoint)) });
    };
    if (usesClusterPolicyChain) writeServiceToEndpointRules(clusterPolicyChain, cat.clusterEndpoints!);
    if (usesLocalPolicyChain) writeServiceToEndpointRules(localPolicyChain, cat.localEndpoints!);

    for (const ep of cat.allReachableEndpoints) {
      const chain = N.ENDPOINT_PREFIX + epBase(ep.endpoint);
      // Hairpin: a pod reaching itself through the service is masqueraded.
      t.rule(chain, [{ m: 'addr', dir: 'saddr', not: false, values: [ep.ip], braces: false }], { a: 'jump', chain: 'mark-for-masquerade' });
      if (affinity) t.rule(chain, [], { a: 'update', set: N.AFFINITY_PREFIX + epBase(ep.endpoint) });
      t.rule(chain, [{ m: 'l4proto', proto }], { a: 'dnat', ip: ep.ip, port: ep.port, to: ep.endpoint });
    }
  }

  const data: NftData = {
    family,
    table: ipX,
    nodeName: options.nodeName,
    nodeIP: node.primaryIP,
    localIPs: [...node.ips, family === 'IPv6' ? '::1' : '127.0.0.1'],
    masqueradeMark: mark,
    sets: t.sets,
    chains: t.chains,
  };
  return { mode: 'nftables', nodeName: options.nodeName, data };
}
