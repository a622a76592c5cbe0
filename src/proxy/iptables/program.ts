// Programs one node's iptables ruleset (kube-proxy iptables syncProxyRules)
// and lays it out in the canonical order the upstream tests compare against
// (sortIPTablesRules): tables filter then nat; chains KUBE-NODEPORTS,
// KUBE-SERVICES, then the other KUBE-* chains alphabetically; each chain's
// rules contiguous; in KUBE-NODEPORTS/KUBE-SERVICES rules ordered by the
// service ("ns/name") they belong to, keeping kube-proxy's order within a
// service, and the nat "must be the last rule" jump(s) last.
//
// Re-programming after a change reuses the rule blocks of service ports whose
// inputs (the Service object, its EndpointSlices, node-level knobs) are the
// same objects as last time; a content fingerprint catches equal copies.

import type { Cluster } from '../../model/cluster';
import type { EndpointSlice, Service } from '../../model/types';
import { addSliceEndpoints, SERVICE_NAME_LABEL, sortEndpoints, type EndpointInfo } from '../common/endpoint';
import { buildServicePortsOf, compareStrings, servicePortKey, type ServicePortInfo } from '../common/service-port';
import { cidrContains, isLoopback } from '../common/ip';
import { resolveIptablesConfig, type IptablesConfig, type IptablesProgramOptions } from './config';
import { jump, makeRule } from './rule';
import {
  buildServicePortBlock,
  CT_STATE_INVALID_COUNTER,
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  type ServicePortBlock,
} from './service-rules';
import type { IptablesChain, IptablesData, IptablesRule, IptablesRuleset, IptablesTable } from './types';

export type { IptablesProgramOptions } from './config';

/** kube-proxy largeClusterEndpointsThreshold */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

/** Per-Service cache entry: its inputs (by identity) and what was derived from them. */
interface ServiceEntry {
  svc: Service;
  slices: EndpointSlice[];
  /** content fingerprint of the inputs, for equal-but-not-identical objects */
  fingerprint: string;
  ports: { sp: ServicePortInfo; endpoints: EndpointInfo[] }[];
  endpointCount: number;
  blocks?: { knobs: string; list: ServicePortBlock[] };
}

interface ProgramCache {
  knobs: string;
  services: Map<string, ServiceEntry>;
}

const caches = new WeakMap<IptablesRuleset, ProgramCache>();

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fingerprintOf(svc: Service, slices: readonly EndpointSlice[]): string {
  return JSON.stringify([svc.metadata.labels, svc.spec, svc.status, slices.map((s) => [s.addressType, s.metadata.labels, s.endpoints, s.ports])]);
}

function deriveService(svc: Service, slices: EndpointSlice[], cfg: IptablesConfig, fingerprint: string): ServiceEntry {
  const sps = buildServicePortsOf(svc, cfg.family);
  const sets = new Map<string, Map<string, EndpointInfo>>();
  if (sps.length) for (const s of slices) addSliceEndpoints(sets, s, cfg.nodeName, cfg.family);
  let endpointCount = 0;
  const ports = sps.map((sp) => {
    const set = sets.get(servicePortKey(sp.spn, sp.protocol));
    const endpoints = set ? sortEndpoints([...set.values()]) : [];
    endpointCount += endpoints.length;
    return { sp, endpoints };
  });
  return { svc, slices, fingerprint, ports, endpointCount };
}

/** Node-level inputs every block depends on. */
function knobsKey(cfg: IptablesConfig, largeClusterMode: boolean): string {
  return JSON.stringify([
    cfg.nodeName,
    cfg.family,
    cfg.node.labels,
    cfg.node.primaryIP,
    cfg.masqueradeAll,
    cfg.localhostNodePorts,
    cfg.localCIDR,
    cfg.nfacct,
    cfg.preferSameNode,
    largeClusterMode,
  ]);
}

export function programIptables(cluster: Cluster, options: IptablesProgramOptions, previous?: IptablesRuleset): IptablesRuleset {
  const cfg = resolveIptablesConfig(cluster, options);
  const prevCache = previous ? caches.get(previous) : undefined;

  // EndpointSlices grouped by the Service they name.
  const slicesBySvc = new Map<string, EndpointSlice[]>();
  for (const s of cluster.endpointSlices) {
    const svcName = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svcName) continue;
    const key = `${s.metadata.namespace ?? 'default'}/${svcName}`;
    const list = slicesBySvc.get(key);
    if (list) list.push(s);
    else slicesBySvc.set(key, [s]);
  }

  const services = new Map<string, ServiceEntry>();
  let totalEndpoints = 0;
  for (const svc of cluster.services) {
    const key = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`;
    const slices = slicesBySvc.get(key) ?? [];
    const old = prevCache?.services.get(key);
    let entry: ServiceEntry;
    if (old && old.svc === svc && sameArray(old.slices, slices)) {
      entry = old;
    } else {
      const fp = fingerprintOf(svc, slices);
      entry = old && old.fingerprint === fp ? { ...old, svc, slices } : deriveService(svc, slices, cfg, fp);
    }
    services.set(key, entry);
    totalEndpoints += entry.endpointCount;
  }
  const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
  const knobs = knobsKey(cfg, largeClusterMode);

  const blocks: ServicePortBlock[] = [];
  for (const entry of services.values()) {
    if (!entry.blocks || entry.blocks.knobs !== knobs) {
      entry.blocks = { knobs, list: entry.ports.map((p) => buildServicePortBlock(p.sp, p.endpoints, cfg, largeClusterMode)) };
    }
    for (const b of entry.blocks.list) blocks.push(b);
  }
  // kube-proxy iterates a map; the canonical order is by service name, then
  // (stable) by ServicePortName and protocol.
  blocks.sort((a, b) => compareStrings(a.serviceName, b.serviceName) || compareStrings(a.spn, b.spn) || compareStrings(a.protocol, b.protocol));

  const data = assemble(cfg, blocks, largeClusterMode);
  const ruleset: IptablesRuleset = { mode: 'iptables', nodeName: cfg.nodeName, data };
  caches.set(ruleset, { knobs, services });
  return ruleset;
}

function collect(blocks: readonly ServicePortBlock[], pick: (b: ServicePortBlock) => IptablesRule[]): IptablesRule[] {
  const out: IptablesRule[] = [];
  for (const b of blocks) for (const r of pick(b)) out.push(r);
  return out;
}

/** Canonical chain order: KUBE-NODEPORTS, KUBE-SERVICES, other KUBE-* alphabetically, then the rest. */
export function compareChainNames(a: string, b: string): number {
  const rank = (n: string) => (n === KUBE_NODEPORTS ? 0 : n === KUBE_SERVICES ? 1 : n.startsWith('KUBE-') ? 2 : 3);
  return rank(a) - rank(b) || compareStrings(a, b);
}

function assemble(cfg: IptablesConfig, blocks: ServicePortBlock[], largeClusterMode: boolean): IptablesData {
  const mark = cfg.masqueradeMark;
  const markMask = `${mark}/${mark}`;

  // ---- filter
  const filterForward: IptablesRule[] = [];
  if (!cfg.conntrackTCPLiberal) {
    // INVALID packets would otherwise cause spurious resets (kubernetes#74839).
    filterForward.push(
      makeRule(KUBE_FORWARD, [{ k: 'ctstate', states: ['INVALID'] }, ...(cfg.nfacct ? [{ k: 'nfacct' as const, name: CT_STATE_INVALID_COUNTER }] : [])], { k: 'DROP' }),
    );
  }
  filterForward.push(makeRule(KUBE_FORWARD, [{ k: 'comment', value: 'kubernetes forwarding rules' }, { k: 'mark', value: markMask }], { k: 'ACCEPT' }));
  filterForward.push(
    makeRule(KUBE_FORWARD, [{ k: 'comment', value: 'kubernetes forwarding conntrack rule' }, { k: 'ctstate', states: ['RELATED', 'ESTABLISHED'] }], { k: 'ACCEPT' }),
  );
  const filterChains: { name: string; rules: IptablesRule[] }[] = [
    { name: KUBE_NODEPORTS, rules: collect(blocks, (b) => b.filterNodePorts) },
    { name: KUBE_SERVICES, rules: collect(blocks, (b) => b.filterServices) },
    { name: KUBE_EXTERNAL_SERVICES, rules: collect(blocks, (b) => b.filterExternalServices) },
  ];
  if (cfg.family === 'IPv4' && cfg.localhostNodePorts) {
    // route_localnet opens a hole (kubernetes#90259) that this anti-martian rule closes.
    filterChains.push({
      name: KUBE_FIREWALL,
      rules: [
        makeRule(
          KUBE_FIREWALL,
          [
            { k: 'comment', value: 'block incoming localnet connections' },
            { k: 'dst', value: '127.0.0.0/8' },
            { k: 'src', value: '127.0.0.0/8', neg: true },
            { k: 'ctstate', states: ['RELATED', 'ESTABLISHED', 'DNAT'], neg: true },
          ],
          { k: 'DROP' },
        ),
      ],
    });
  }
  filterChains.push({ name: KUBE_FORWARD, rules: filterForward });
  filterChains.push({ name: KUBE_PROXY_FIREWALL, rules: collect(blocks, (b) => b.filterProxyFirewall) });

  // ---- nat
  const natServices = collect(blocks, (b) => b.natServices);
  for (const r of nodePortsJumps(cfg)) natServices.push(r);
  const natChains: { name: string; rules: IptablesRule[] }[] = [
    { name: KUBE_NODEPORTS, rules: collect(blocks, (b) => b.natNodePorts) },
    { name: KUBE_SERVICES, rules: natServices },
    { name: KUBE_MARK_MASQ, rules: [makeRule(KUBE_MARK_MASQ, [], { k: 'MARK', op: 'or', value: mark })] },
    {
      name: KUBE_POSTROUTING,
      rules: [
        makeRule(KUBE_POSTROUTING, [{ k: 'mark', value: markMask, neg: true }], { k: 'RETURN' }),
        // Clear the mark so a packet re-traversing the stack is not masqueraded twice.
        makeRule(KUBE_POSTROUTING, [], { k: 'MARK', op: 'xor', value: mark }),
        makeRule(KUBE_POSTROUTING, [{ k: 'comment', value: 'kubernetes service traffic requiring SNAT' }], { k: 'MASQUERADE', randomFully: cfg.randomFully }),
      ],
    },
  ];
  for (const b of blocks) for (const c of b.natChains) natChains.push(c);
  natChains.sort((a, b) => compareChainNames(a.name, b.name));

  const tables: IptablesTable[] = [];
  let line = 0;
  for (const [name, chains] of [
    ['filter', filterChains],
    ['nat', natChains],
  ] as const) {
    const headerLine = line++;
    const out: IptablesChain[] = chains.map((c) => ({ name: c.name, rules: c.rules, declLine: line++, firstRuleLine: 0 }));
    for (const c of out) {
      c.firstRuleLine = line;
      line += c.rules.length;
    }
    tables.push({ name, chains: out, headerLine, commitLine: line++ });
  }

  const localIPs = cfg.interfaceIPs.filter((ip) => !isLoopback(ip));
  return { family: cfg.family, tables, localIPs, masqueradeMark: mark, largeClusterMode, lineCount: line };
}

/** The last rule(s) of nat KUBE-SERVICES: hand traffic to local addresses to KUBE-NODEPORTS. */
function nodePortsJumps(cfg: IptablesConfig): IptablesRule[] {
  const comment = { k: 'comment' as const, value: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain' };
  if (cfg.nodePortAddresses.matchAll) {
    // Localhost node ports never work on IPv6, and on IPv4 only with route_localnet.
    const parts = [comment, { k: 'dstLocal' as const }];
    if (cfg.family === 'IPv6') return [makeRule(KUBE_SERVICES, [...parts, { k: 'dst', value: '::1/128', neg: true }], jump(KUBE_NODEPORTS))];
    if (!cfg.localhostNodePorts) return [makeRule(KUBE_SERVICES, [...parts, { k: 'dst', value: '127.0.0.0/8', neg: true }], jump(KUBE_NODEPORTS))];
    return [makeRule(KUBE_SERVICES, parts, jump(KUBE_NODEPORTS))];
  }
  const out: IptablesRule[] = [];
  for (const ip of cfg.interfaceIPs) {
    if (!cfg.nodePortAddresses.cidrs.some((c) => cidrContains(c, ip))) continue;
    if (isLoopback(ip) && (cfg.family === 'IPv6' || !cfg.localhostNodePorts)) continue;
    out.push(makeRule(KUBE_SERVICES, [comment, { k: 'dst', value: ip }], jump(KUBE_NODEPORTS)));
  }
  return out;
}
