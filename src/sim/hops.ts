// Turns one traced connection (net/ TraceOutcome: the hops the engine
// computed, each with the rule that decided it) into animation hops between
// scene anchors, with the packet's headers as they are rewritten: DNAT by
// kube-proxy's rules, the userspace proxy port, masquerade (SNAT) when the
// packet leaves the node that translated it. No routing is decided here.

import type { Cluster } from '../model/cluster';
import { hopText } from './hop-text';
import type { ProxyMode } from '../model/types';
import type { ResolvedRequest, TraceHop, TraceOutcome } from '../net/types';
import type { AnchorKey, PacketHeader, PacketHop } from '../protocol/messages';
import { loadBalancerKey, nodeKey, outsideKey, podKey, proxyKey } from '../protocol/anchors';

/** Simulated seconds: travel between places vs a rule look-up in place. */
export const TRAVEL_SECONDS = 0.45;
export const RULE_SECONDS = 0.15;
/** a rule that only jumps or accepts: a glance */
export const PASS_SECONDS = 0.05;

/** Rules that change or decide something get time on screen; plain jumps pass quickly. */
const DECISIVE = /DNAT|SNAT|masquerade|REDIRECT|redirect|proxy port|drop|reject|probability|affinity|schedul|real server|numgen/i;

export interface HopContext {
  cluster: Cluster;
  mode: ProxyMode;
  /** where the connection starts (pod, node or the external client) */
  sourceAnchor: AnchorKey;
  /** the target Service, for its LB / ExternalName anchors */
  service: { namespace: string; name: string };
}

function splitHostPort(ep: string): { ip: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(ep);
  return m ? { ip: m[1] ?? '', port: Number(m[2]) } : { ip: ep, port: 0 };
}

function corednsAnchor(cluster: Cluster, node: string): AnchorKey | null {
  const dns = cluster.pods.filter(
    (p) => p.metadata.namespace === 'kube-system' && (p.metadata.labels?.['k8s-app'] === 'kube-dns' || /coredns/.test(p.metadata.name ?? '')),
  );
  const pick = dns.find((p) => p.spec.nodeName === node) ?? dns[0];
  return pick ? podKey('kube-system', pick.metadata.name ?? '') : null;
}

function dnsServiceIP(cluster: Cluster): string {
  const svc = cluster.services.find((s) => s.metadata.namespace === 'kube-system' && s.metadata.name === 'kube-dns');
  return svc?.spec.clusterIP ?? '10.96.0.10';
}

const isProxyHop = (h: TraceHop): boolean => h.component.startsWith('kube-proxy');

export function buildPacketHops(outcome: TraceOutcome, request: ResolvedRequest, ctx: HopContext): PacketHop[] {
  const out: PacketHop[] = [];
  const { cluster } = ctx;
  const ct0 = outcome.conntrack[0];
  const ct1 = outcome.conntrack[1];
  let at = ctx.sourceAnchor;
  let header: PacketHeader = {
    protocol: request.protocol,
    srcIP: request.srcIP,
    srcPort: request.srcPort,
    dstIP: ct0?.original.dst ?? request.destinations[0]?.ip ?? request.dstHost,
    dstPort: ct0?.original.dstPort ?? request.dstPort,
  };
  // The rule that rewrites the destination: DNAT (iptables, nftables, IPVS)
  // or the userspace REDIRECT to the proxy port; else the last proxy rule.
  const dnatAt = outcome.hops.findIndex((h) => isProxyHop(h) && /^(DNAT|dnat)|REDIRECT|redirect|proxy port/.test(h.action));
  const lastProxy = dnatAt >= 0 ? dnatAt : outcome.hops.map(isProxyHop).lastIndexOf(true);
  // Masquerade rewrites the source as the packet leaves the node (POSTROUTING).
  const masqAt = outcome.hops.findIndex((h) => isProxyHop(h) && /masquerade \(SNAT|SNAT to/i.test(h.action));
  const endpoint = outcome.endpoint ? splitHostPort(outcome.endpoint) : null;
  const userspace = ctx.mode === 'userspace' && ct0?.dnat !== undefined && ct1 !== undefined;

  const push = (to: AnchorKey, h: Partial<PacketHop> & { explain: string; phase: string }): void => {
    out.push({ from: at, to, header: { ...header }, duration: to === at ? RULE_SECONDS : TRAVEL_SECONDS, ...h });
    at = to;
  };

  outcome.hops.forEach((h, i) => {
    if (h.component === 'CoreDNS') {
      const dns = corednsAnchor(cluster, h.node) ?? nodeKey(h.node);
      const q: PacketHeader = { protocol: 'UDP', srcIP: request.srcIP, srcPort: 53000 + (request.srcPort % 1000), dstIP: dnsServiceIP(cluster), dstPort: 53 };
      const home = at;
      out.push({ from: at, to: dns, header: q, duration: TRAVEL_SECONDS, node: h.node, phase: 'dns', ...hopText('dnsQuery', { rule: h.rule }) });
      out.push({ from: dns, to: home, header: { ...q, srcIP: q.dstIP, srcPort: 53, dstIP: q.srcIP, dstPort: q.srcPort }, duration: TRAVEL_SECONDS, node: h.node, phase: 'dns', ...hopText('dnsAnswer', { action: h.action }) });
      return;
    }
    if (h.component === 'cloud load balancer') {
      const lb = loadBalancerKey(ctx.service.namespace, ctx.service.name);
      if (at !== lb) push(lb, { phase: 'lb', ...hopText('toLoadBalancer', { ip: header.dstIP, port: header.dstPort }) });
      if (ct0) header = { ...header, srcIP: ct0.original.src, dstIP: ct0.original.dst, dstPort: ct0.original.dstPort };
      push(h.node ? nodeKey(h.node) : at, { node: h.node, phase: h.action.startsWith('drop') ? 'drop' : 'lb', ...hopText('loadBalancer', { action: h.action, rule: h.rule }) });
      return;
    }
    if (isProxyHop(h)) {
      if (i === lastProxy) {
        if (userspace && ct0?.dnat) {
          const p = splitHostPort(ct0.dnat);
          header = { ...header, dstIP: p.ip, dstPort: p.port };
        } else if (endpoint && outcome.verdict === 'DNAT') {
          header = { ...header, dstIP: endpoint.ip, dstPort: endpoint.port };
        }
      }
      if (i === masqAt && outcome.sourceIPAtPod && !userspace) header = { ...header, srcIP: outcome.sourceIPAtPod };
      const to = userspace && i === lastProxy ? proxyKey(h.node) : nodeKey(h.node);
      const quick = to === at && !DECISIVE.test(h.action);
      push(to, {
        ...(quick ? { duration: PASS_SECONDS } : {}),
        node: h.node,
        rule: { table: ctx.mode, chain: h.component, text: h.rule },
        phase: 'proxy',
        ...hopText('proxyRule', { component: h.component, node: h.node, action: h.action }),
      });
      if (userspace && i === lastProxy && ct1 && endpoint) {
        // kube-proxy itself opens a second connection to the chosen endpoint.
        header = { protocol: header.protocol, srcIP: ct1.original.src, srcPort: ct1.original.srcPort, dstIP: endpoint.ip, dstPort: endpoint.port };
        push(nodeKey(h.node), { node: h.node, phase: 'proxy', ...hopText('userspaceConnect', { node: h.node, port: splitHostPort(ct0?.dnat ?? '').port, endpoint: outcome.endpoint ?? '' }) });
      }
      return;
    }
    const nodeName = /node (\S+)/.exec(h.action)?.[1];
    if (h.component === 'pod network (CNI)' || (h.component === 'node network' && nodeName && /route to node/.test(h.action))) {
      // Masquerade happens as the packet leaves the node that translated it.
      if (h.component === 'pod network (CNI)' && outcome.sourceIPAtPod) header = { ...header, srcIP: outcome.sourceIPAtPod };
      push(nodeName ? nodeKey(nodeName) : at, { node: h.node, phase: 'wire', ...hopText('route', { component: h.component, node: h.node, action: h.action, rule: h.rule }) });
      return;
    }
    if (h.component === 'node network') {
      const ext = targetExternalName(ctx);
      push(ext ? outsideKey(ext) : 'external', { node: h.node, phase: 'outside', ...hopText('leaveNode', { component: h.component, node: h.node, action: h.action }) });
      return;
    }
    if (h.component === 'pod' || h.component === 'node') {
      if (outcome.sourceIPAtPod) header = { ...header, srcIP: outcome.sourceIPAtPod };
      if (endpoint) header = { ...header, dstIP: endpoint.ip, dstPort: endpoint.port };
      const to = outcome.pod ? `Pod/${outcome.pod}` : nodeKey(h.node);
      push(to, { node: h.node, phase: 'deliver', ...hopText(outcome.masqueraded ? 'deliverMasqueraded' : 'deliverSourceKept', { action: h.action }) });
      return;
    }
    push(h.node ? nodeKey(h.node) : at, { node: h.node, phase: 'wire', ...hopText('other', { component: h.component, action: h.action }) });
  });

  const ext = targetExternalName(ctx);
  if (ext && outcome.note && !outcome.pod) {
    // ExternalName: the client itself connects to the CNAME target outside.
    header = { ...header, dstIP: ext, dstPort: request.dstPort };
    push(outsideKey(ext), { phase: 'outside', ...hopText('note', { note: outcome.note }) });
  } else if (outcome.verdict === 'DROP' || outcome.verdict === 'REJECT') {
    const last = out[out.length - 1];
    const reason = outcome.note ? hopText('note', { note: outcome.note }) : hopText('droppedByRules', { verdict: outcome.verdict, node: last?.node ?? 'the node' });
    if (last) {
      last.phase = 'drop';
      last.explain = `${last.explain} — ${reason.explain}`;
      last.explainReason = { key: reason.explainKey, vars: reason.explainVars };
    } else push(at, { phase: 'drop', ...reason });
  }
  if (out.length === 0) push(at, { phase: 'deliver', ...(outcome.note ? hopText('note', { note: outcome.note }) : hopText('deliveredLocally')) });
  return out;
}

function targetExternalName(ctx: HopContext): string | null {
  const svc = ctx.cluster.services.find((s) => (s.metadata.namespace ?? 'default') === ctx.service.namespace && s.metadata.name === ctx.service.name);
  return svc?.spec.type === 'ExternalName' ? (svc.spec.externalName ?? null) : null;
}

/** Why a connection did not arrive, from the engine's outcome. */
export function failureOf(outcome: TraceOutcome): string | undefined {
  if (outcome.pod) return undefined;
  if (outcome.verdict === 'DROP' || outcome.verdict === 'REJECT') return outcome.note ?? outcome.verdict;
  return undefined;
}
