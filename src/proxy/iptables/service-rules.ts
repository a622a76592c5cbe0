// The rules of one service port (kube-proxy iptables syncProxyRules, the
// body of the per-service-port loop). "Decide, then emit": the named facts
// kube-proxy computes (hasInternalEndpoints, usesExternalTrafficChain, ...)
// first, then flat blocks of rules in kube-proxy's order.

import { categorizeEndpoints } from '../common/categorize';
import type { EndpointInfo } from '../common/endpoint';
import { endpointChainName, servicePortChainNames } from '../common/hash';
import { cidrContains, parseCIDR } from '../common/ip';
import type { ServicePortInfo } from '../common/service-port';
import type { IptablesConfig } from './config';
import { jump, makeRule, probabilityText } from './rule';
import type { IptablesRule, RulePart, RuleTarget } from './types';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';

export const LOCALHOST_NODEPORTS_COUNTER = 'localhost_nps_accepted_pkts';
export const CT_STATE_INVALID_COUNTER = 'ct_state_invalid_dropped_pkts';

/** Everything one service port contributes to the payload. */
export interface ServicePortBlock {
  spn: string;
  protocol: string;
  /** `ns/name`: the upstream tests order KUBE-SERVICES/KUBE-NODEPORTS by it */
  serviceName: string;
  filterServices: IptablesRule[];
  filterExternalServices: IptablesRule[];
  filterNodePorts: IptablesRule[];
  filterProxyFirewall: IptablesRule[];
  natServices: IptablesRule[];
  natNodePorts: IptablesRule[];
  /** per-service nat chains (EXT/FW/SVC/SVL/SEP) with their rules */
  natChains: { name: string; rules: IptablesRule[] }[];
}

/** Facts decided before any rule is written (names as in proxier.go). */
export interface ServicePortFacts {
  clusterEndpoints: EndpointInfo[] | null;
  localEndpoints: EndpointInfo[] | null;
  allReachableEndpoints: EndpointInfo[];
  hasEndpoints: boolean;
  usesClusterPolicyChain: boolean;
  usesLocalPolicyChain: boolean;
  internalPolicyChain: string;
  hasInternalEndpoints: boolean;
  externalPolicyChain: string;
  hasExternalEndpoints: boolean;
  usesExternalTrafficChain: boolean;
  usesFWChain: boolean;
}

export function decideServicePort(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], cfg: IptablesConfig): ServicePortFacts {
  const cat = categorizeEndpoints(endpoints, sp, cfg.node, { preferSameNode: cfg.preferSameNode });
  // KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW- share one portProtoHash suffix.
  const names = servicePortChainNames(sp.spn, sp.protocol.toLowerCase());
  const clusterChain = names.svc;
  const localChain = names.svl;
  const nLocal = cat.localEndpoints?.length ?? 0;
  const hasEndpoints = cat.hasAnyEndpoints;
  return {
    clusterEndpoints: cat.clusterEndpoints,
    localEndpoints: cat.localEndpoints,
    allReachableEndpoints: cat.allReachableEndpoints,
    hasEndpoints,
    usesClusterPolicyChain: (cat.clusterEndpoints?.length ?? 0) > 0 && sp.usesClusterEndpoints,
    usesLocalPolicyChain: nLocal > 0 && sp.usesLocalEndpoints,
    internalPolicyChain: sp.internalPolicyLocal ? localChain : clusterChain,
    hasInternalEndpoints: hasEndpoints && !(sp.internalPolicyLocal && nLocal === 0),
    externalPolicyChain: sp.externalPolicyLocal ? localChain : clusterChain,
    hasExternalEndpoints: hasEndpoints && !(sp.externalPolicyLocal && nLocal === 0),
    // Based on hasEndpoints, not hasExternalEndpoints: the short-circuit rules
    // for pod/host traffic are needed even without usable local endpoints.
    usesExternalTrafficChain: hasEndpoints && sp.externallyAccessible,
    usesFWChain: hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0,
  };
}

export function buildServicePortBlock(
  sp: ServicePortInfo,
  endpoints: readonly EndpointInfo[],
  cfg: IptablesConfig,
  largeClusterMode: boolean,
): ServicePortBlock {
  const f = decideServicePort(sp, endpoints, cfg);
  const S = sp.spn;
  const P = sp.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
  const proto: RulePart = { k: 'proto', value: P };
  const names = servicePortChainNames(S, P);
  const clusterPolicyChain = names.svc;
  const localPolicyChain = names.svl;
  const externalTrafficChain = names.ext;
  const fwChain = names.fw;
  // One KUBE-SEP- name per endpoint (a SHA-256 each), shared by the
  // SVC/SVL jumps and the SEP chain itself.
  const sepNames = new Map<EndpointInfo, string>();
  for (const ep of f.allReachableEndpoints) sepNames.set(ep, endpointChainName(S, P, ep.endpoint));
  const sepOf = (ep: EndpointInfo): string => sepNames.get(ep) ?? endpointChainName(S, P, ep.endpoint);
  const loadBalancerTrafficChain = f.usesFWChain ? fwChain : externalTrafficChain;
  const MASQ = jump(KUBE_MARK_MASQ);

  const block: ServicePortBlock = {
    spn: S,
    protocol: P,
    serviceName: `${sp.namespace}/${sp.name}`,
    filterServices: [],
    filterExternalServices: [],
    filterNodePorts: [],
    filterProxyFirewall: [],
    natServices: [],
    natNodePorts: [],
    natChains: [],
  };
  const chains = new Map<string, IptablesRule[]>();
  const chainRules = (name: string): IptablesRule[] => {
    let r = chains.get(name);
    if (!r) chains.set(name, (r = []));
    return r;
  };
  const rule = (chain: string, parts: RulePart[], target: RuleTarget): IptablesRule => makeRule(chain, parts, target, S);

  // Filter targets when some traffic has nowhere to go: REJECT when the
  // service has no endpoints at all, DROP when only a Local policy lacks them.
  let internalFilter: { target: RuleTarget; comment: string } | null = null;
  let externalFilter: { target: RuleTarget; comment: string } | null = null;
  if (!f.hasEndpoints) {
    internalFilter = externalFilter = { target: { k: 'REJECT' }, comment: `${S} has no endpoints` };
  } else {
    if (!f.hasInternalEndpoints) internalFilter = { target: { k: 'DROP' }, comment: `${S} has no local endpoints` };
    if (!f.hasExternalEndpoints) externalFilter = { target: { k: 'DROP' }, comment: `${S} has no local endpoints` };
  }
  const dstPort = (ip: string): RulePart[] => [proto, { k: 'dst', value: ip }, { k: 'dport', value: sp.port }];

  // a. Cluster IP.
  if (f.hasInternalEndpoints) {
    block.natServices.push(rule('KUBE-SERVICES', [{ k: 'comment', value: `${S} cluster IP` }, ...dstPort(sp.clusterIP)], jump(f.internalPolicyChain)));
  } else if (internalFilter) {
    block.filterServices.push(rule('KUBE-SERVICES', [{ k: 'comment', value: internalFilter.comment }, ...dstPort(sp.clusterIP)], internalFilter.target));
  }

  // b. External IPs.
  for (const ip of sp.externalIPs) {
    if (f.hasEndpoints) {
      block.natServices.push(rule('KUBE-SERVICES', [{ k: 'comment', value: `${S} external IP` }, ...dstPort(ip)], jump(externalTrafficChain)));
    }
    if (!f.hasExternalEndpoints && externalFilter) {
      block.filterExternalServices.push(rule(KUBE_EXTERNAL_SERVICES, [{ k: 'comment', value: externalFilter.comment }, ...dstPort(ip)], externalFilter.target));
    }
  }

  // c. Load-balancer VIPs (captured on every node; source ranges enforced via KUBE-FW + KUBE-PROXY-FIREWALL).
  for (const ip of sp.loadBalancerVIPs) {
    if (f.hasEndpoints) {
      block.natServices.push(rule('KUBE-SERVICES', [{ k: 'comment', value: `${S} loadbalancer IP` }, ...dstPort(ip)], jump(loadBalancerTrafficChain)));
    }
    if (f.usesFWChain) {
      block.filterProxyFirewall.push(
        rule(KUBE_PROXY_FIREWALL, [{ k: 'comment', value: `${S} traffic not accepted by ${fwChain}` }, ...dstPort(ip)], { k: 'DROP' }),
      );
    }
  }
  if (!f.hasExternalEndpoints && externalFilter) {
    for (const ip of sp.loadBalancerVIPs) {
      block.filterExternalServices.push(rule(KUBE_EXTERNAL_SERVICES, [{ k: 'comment', value: externalFilter.comment }, ...dstPort(ip)], externalFilter.target));
    }
  }

  // d. Node port (not subject to loadBalancerSourceRanges).
  if (sp.nodePort !== 0) {
    if (f.hasEndpoints) {
      if (cfg.localhostNodePorts && cfg.family === 'IPv4' && cfg.nfacct) {
        block.natNodePorts.push(
          rule(
            KUBE_NODEPORTS,
            [{ k: 'comment', value: S }, proto, { k: 'dst', value: '127.0.0.0/8' }, { k: 'dport', value: sp.nodePort }, { k: 'nfacct', name: LOCALHOST_NODEPORTS_COUNTER }],
            jump(externalTrafficChain),
          ),
        );
      }
      block.natNodePorts.push(rule(KUBE_NODEPORTS, [{ k: 'comment', value: S }, proto, { k: 'dport', value: sp.nodePort }], jump(externalTrafficChain)));
    }
    if (!f.hasExternalEndpoints && externalFilter) {
      block.filterExternalServices.push(
        rule(KUBE_EXTERNAL_SERVICES, [{ k: 'comment', value: externalFilter.comment }, { k: 'dstLocal' }, proto, { k: 'dport', value: sp.nodePort }], externalFilter.target),
      );
    }
  }

  // e. Health-check node port: accepted whether or not there are local endpoints.
  if (sp.healthCheckNodePort !== 0) {
    block.filterNodePorts.push(
      rule(KUBE_NODEPORTS, [{ k: 'comment', value: `${S} health check node port` }, { k: 'proto', value: 'tcp' }, { k: 'dport', value: sp.healthCheckNodePort }], { k: 'ACCEPT' }),
    );
  }

  // Internal traffic: masquerade off-cluster sources reaching the cluster IP
  // (static routes to the service range through any node).
  if (f.hasInternalEndpoints) {
    const parts: RulePart[] = [{ k: 'comment', value: `${S} cluster IP` }, ...dstPort(sp.clusterIP)];
    if (cfg.masqueradeAll) {
      chainRules(f.internalPolicyChain).push(rule(f.internalPolicyChain, parts, MASQ));
    } else if (cfg.localCIDR) {
      chainRules(f.internalPolicyChain).push(rule(f.internalPolicyChain, [...parts, { k: 'src', value: cfg.localCIDR, neg: true }], MASQ));
    }
  }

  // f. External destinations chain.
  const declared: string[] = [];
  if (f.usesExternalTrafficChain) {
    declared.push(externalTrafficChain);
    const ext = chainRules(externalTrafficChain);
    if (!sp.externalPolicyLocal) {
      // Endpoints may be on other nodes: masquerade so replies come back here.
      ext.push(rule(externalTrafficChain, [{ k: 'comment', value: `masquerade traffic for ${S} external destinations` }], MASQ));
    } else {
      if (cfg.localCIDR) {
        // Pod -> external destination: treated as if it went out to the LB and
        // came back, so neither traffic policy applies (cluster chain).
        ext.push(rule(externalTrafficChain, [{ k: 'comment', value: `pod traffic for ${S} external destinations` }, { k: 'src', value: cfg.localCIDR }], jump(clusterPolicyChain)));
      }
      // The node itself: its source IP would be the VIP, so masquerade, and route via the cluster chain.
      ext.push(rule(externalTrafficChain, [{ k: 'comment', value: `masquerade LOCAL traffic for ${S} external destinations` }, { k: 'srcLocal' }], MASQ));
      ext.push(rule(externalTrafficChain, [{ k: 'comment', value: `route LOCAL traffic for ${S} external destinations` }, { k: 'srcLocal' }], jump(clusterPolicyChain)));
    }
    if (f.hasExternalEndpoints) ext.push(rule(externalTrafficChain, [], jump(f.externalPolicyChain)));
  }

  // g. Load-balancer source-range firewall chain.
  if (f.usesFWChain) {
    declared.push(fwChain);
    const fw = chainRules(fwChain);
    const comment: RulePart = { k: 'comment', value: `${S} loadbalancer IP` };
    let allowFromNode = false;
    for (const cidr of sp.loadBalancerSourceRanges) {
      fw.push(rule(fwChain, [comment, { k: 'src', value: cidr }], jump(externalTrafficChain)));
      const c = parseCIDR(cidr);
      if (c && cfg.node.primaryIP && cidrContains(c, cfg.node.primaryIP)) allowFromNode = true;
    }
    // A node reaching a VIP-style LB IP loops back with the VIP as source.
    if (allowFromNode) {
      for (const ip of sp.loadBalancerVIPs) fw.push(rule(fwChain, [comment, { k: 'src', value: ip }], jump(externalTrafficChain)));
    }
    fw.push(rule(fwChain, [{ k: 'comment', value: `other traffic to ${S} will be dropped by KUBE-PROXY-FIREWALL` }], { k: 'none' }));
  }

  // h. Endpoint selection chains.
  if (f.usesClusterPolicyChain) {
    declared.push(clusterPolicyChain);
    writeServiceToEndpointRules(chainRules(clusterPolicyChain), sp, clusterPolicyChain, f.clusterEndpoints ?? [], largeClusterMode, sepOf);
  }
  if (f.usesLocalPolicyChain) {
    declared.push(localPolicyChain);
    writeServiceToEndpointRules(chainRules(localPolicyChain), sp, localPolicyChain, f.localEndpoints ?? [], largeClusterMode, sepOf);
  }

  // i. Per-endpoint chains: hairpin masquerade, affinity record, DNAT.
  // (Part objects are read-only once built: one comment part serves every rule.)
  const sepComment: RulePart = { k: 'comment', value: S };
  const sepNamesSet = new Set(sepNames.values());
  const protoOnly: RulePart[] = [proto];
  for (const ep of f.allReachableEndpoints) {
    const sep = sepNames.get(ep)!;
    declared.push(sep);
    const src: RulePart = { k: 'src', value: ep.ip };
    const masqParts: RulePart[] = largeClusterMode ? [src] : [sepComment, src];
    // Array literals, not push(): a pushed-to array keeps room for 17
    // elements, which over 50k endpoints is megabytes of empty slots.
    let dnatParts: RulePart[];
    if (sp.sessionAffinityClientIP) {
      const set: RulePart = { k: 'recentSet', name: sep };
      dnatParts = largeClusterMode ? [set, proto] : [sepComment, set, proto];
    } else {
      dnatParts = largeClusterMode ? protoOnly : [sepComment, proto];
    }
    chains.set(sep, [rule(sep, masqParts, MASQ), rule(sep, dnatParts, { k: 'DNAT', ip: ep.ip, port: ep.port, endpoint: ep.endpoint })]);
  }

  // Chains with rules but not declared cannot happen (kube-proxy would fail
  // the restore); chains are listed in declaration order. (Arrays built by
  // push are copied to their exact length: they are kept for a long time.)
  for (const name of declared) {
    const rules = chains.get(name) ?? [];
    block.natChains.push({ name, rules: sepNamesSet.has(name) ? rules : compact(rules) });
  }
  block.filterServices = compact(block.filterServices);
  block.filterExternalServices = compact(block.filterExternalServices);
  block.filterNodePorts = compact(block.filterNodePorts);
  block.filterProxyFirewall = compact(block.filterProxyFirewall);
  block.natServices = compact(block.natServices);
  block.natNodePorts = compact(block.natNodePorts);
  return block;
}

/** An exact-length copy of an array grown by push (SEP chains are built as literals already). */
function compact<T>(xs: T[]): T[] {
  return xs.length === 0 ? xs : xs.slice();
}

// Rule parts are read-only once built, so equal ones can be one object:
// `-m statistic --mode random --probability 1/n` repeats in every service.
const statisticParts: RulePart[] = [];
function statisticPart(n: number): RulePart {
  if (n >= 4096) return { k: 'statistic', probability: 1 / n, text: probabilityText(n) };
  return (statisticParts[n] ??= { k: 'statistic', probability: 1 / n, text: probabilityText(n) });
}

// In large-cluster mode (no comments) whole part lists repeat: shared too.
const NO_PARTS: RulePart[] = [];
const statisticLists: RulePart[][] = [];
function statisticParts1(n: number): RulePart[] {
  if (n >= 4096) return [statisticPart(n)];
  return (statisticLists[n] ??= [statisticPart(n)]);
}
function writeServiceToEndpointRules(
  out: IptablesRule[],
  sp: ServicePortInfo,
  chain: string,
  endpoints: readonly EndpointInfo[],
  largeClusterMode: boolean,
  sepOf: (ep: EndpointInfo) => string,
): void {
  const S = sp.spn;
  const comment = (ep: EndpointInfo): RulePart[] => (largeClusterMode ? [] : [{ k: 'comment', value: `${S} -> ${ep.endpoint}` }]);
  // ClientIP affinity: a client seen recently by an endpoint goes back to it.
  if (sp.sessionAffinityClientIP) {
    for (const ep of endpoints) {
      const sep = sepOf(ep);
      out.push(makeRule(chain, [...comment(ep), { k: 'recentCheck', name: sep, seconds: sp.stickyMaxAgeSeconds }], jump(sep), S));
    }
  }
  // Uniform choice as a cascade: rule i matches with probability 1/(n-i).
  const n = endpoints.length;
  for (let i = 0; i < n; i++) {
    const ep = endpoints[i]!;
    let parts: RulePart[];
    if (largeClusterMode) parts = i < n - 1 ? statisticParts1(n - i) : NO_PARTS;
    else {
      const c: RulePart = { k: 'comment', value: `${S} -> ${ep.endpoint}` };
      parts = i < n - 1 ? [c, statisticPart(n - i)] : [c];
    }
    out.push(makeRule(chain, parts, jump(sepOf(ep)), S));
  }
}
