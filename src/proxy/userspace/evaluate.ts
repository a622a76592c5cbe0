// A connection through the userspace proxy:
//   nat PREROUTING -> KUBE-PORTALS-CONTAINER / KUBE-NODEPORT-CONTAINER:
//     REDIRECT --to-ports <proxyPort> (from pods and from outside the node)
//   nat OUTPUT -> KUBE-PORTALS-HOST / KUBE-NODEPORT-HOST:
//     DNAT --to-destination <nodeIP>:<proxyPort> (from host processes)
//   kube-proxy (the process) accepts on the proxy port, asks LoadBalancerRR
//   for the next endpoint (ClientIP affinity first) and dials it itself: the
//   pod sees a new connection from the node's IP (masqueraded: true).
// With no endpoints, NextEndpoint fails ("missing endpoints"): a TCP client's
// accepted connection is closed at once (REJECT), a UDP datagram is dropped.
//
// evaluate has no round-robin state: every endpoint gets 1/n, marked
// `deterministic` (a cycle, not a random draw). sample keeps the index per
// endpoint set in ctx.state.counters, so a changed set starts again at 0.

import type { Hook, Packet, ProxyOutcome, ProxyStep, SampleContext } from '../types';
import { cidrContains, isLoopback, parseCIDR } from '../common/ip';
import { walkChain, type IptPacketContext, type IptRule } from '../ipvs/iptables-lite';
import { layoutUserspace, socketLine } from './format';
import type { UserspaceEndpoint, UserspaceProxySocket, UserspaceRuleset } from './types';

export const COMPONENT = 'kube-proxy (userspace)';

export interface UserspaceOutcome extends ProxyOutcome {
  deterministic?: boolean;
}

function inCidr(ip: string, cidr: string): boolean {
  const c = parseCIDR(cidr.includes('/') ? cidr : `${cidr}/32`);
  return !!c && cidrContains(c, ip);
}

type Choose = (s: UserspaceProxySocket) => { ep: UserspaceEndpoint; probability: number; note: string }[];

function walk(ruleset: UserspaceRuleset, packet: Packet, hook: Hook, choose: Choose, deterministic: boolean): UserspaceOutcome[] {
  const d = ruleset.data;
  const layout = layoutUserspace(d);
  const ctx: IptPacketContext = {
    srcIP: packet.srcIP,
    dstIP: packet.dstIP,
    dstPort: packet.dstPort,
    protocol: packet.protocol.toLowerCase() as IptPacketContext['protocol'],
    marked: false,
    isLocal: (ip) => d.localIPs.includes(ip) || isLoopback(ip),
    fromBridge: hook === 'prerouting' && d.podCIDR !== '' && inCidr(packet.srcIP, d.podCIDR),
    inCidr,
    inSet: () => false,
  };
  const res = walkChain(d.iptables, 'nat', hook === 'prerouting' ? 'PREROUTING' : 'OUTPUT', ctx);
  const steps: ProxyStep[] = res.matched.map((r: IptRule) => ({
    component: COMPONENT,
    rule: { table: r.table, chain: r.chain, rule: r.text, line: layout.ruleLine.get(r) },
    action: r.target === 'REDIRECT' ? `redirect to kube-proxy's proxy port ${r.toPorts}` : r.target === 'DNAT' ? `DNAT to kube-proxy at ${r.toDestination}` : `jump to ${r.target}`,
  }));
  const proxyPort = res.rule?.toPorts ?? (res.rule?.toDestination ? Number(res.rule.toDestination.slice(res.rule.toDestination.lastIndexOf(':') + 1)) : undefined);
  const socket = proxyPort === undefined ? undefined : d.sockets.find((s) => s.proxyPort === proxyPort && s.protocol === packet.protocol);
  if (!socket || proxyPort === undefined) {
    return [{ probability: 1, verdict: 'ACCEPT', masqueraded: false, steps: [...steps, { component: COMPONENT, rule: { table: 'userspace', chain: '', rule: '' }, action: 'no portal for this destination: not service traffic' }] }];
  }
  const sockText = socketLine(socket, d.listenIP);
  const sockRule = { table: 'userspace', chain: socket.spn, rule: sockText, line: layout.socketLine.get(socket) };
  const choices = choose(socket);
  if (choices.length === 0) {
    const tcp = packet.protocol !== 'UDP';
    return [{
      probability: 1,
      verdict: tcp ? 'REJECT' : 'DROP',
      masqueraded: false,
      proxyPort,
      steps: [...steps, { component: COMPONENT, rule: sockRule, action: `missing endpoints: kube-proxy ${tcp ? 'closes the accepted connection' : 'drops the datagram'}` }],
    }];
  }
  return choices.map(({ ep, probability, note }) => {
    const o: UserspaceOutcome = {
      probability,
      verdict: 'DNAT',
      dnatIP: ep.ip,
      dnatPort: ep.port,
      masqueraded: true,
      proxyPort,
      steps: [
        ...steps,
        { component: COMPONENT, rule: sockRule, action: `kube-proxy accepts on port ${proxyPort}, ${note}, and opens a new connection from ${d.hostIP} to ${ep.endpoint}` },
      ],
    };
    if (deterministic && choices.length > 1) o.deterministic = true;
    return o;
  });
}

export function evaluateUserspace(ruleset: UserspaceRuleset, packet: Packet, hook: Hook): UserspaceOutcome[] {
  return walk(ruleset, packet, hook, (s) => s.endpoints.map((ep) => ({ ep, probability: 1 / s.endpoints.length, note: 'round robin over the endpoint list' })), true);
}

/** LoadBalancerRR.NextEndpoint with ClientIP affinity (records expire after the affinity timeout). */
export function sampleUserspace(ruleset: UserspaceRuleset, packet: Packet, hook: Hook, ctx: SampleContext): UserspaceOutcome {
  return walk(ruleset, packet, hook, (s) => {
    if (s.endpoints.length === 0) return [];
    const affKey = `userspace:${ruleset.nodeName}:${s.spn}:${s.protocol}:${packet.srcIP}`;
    if (s.sessionAffinityClientIP) {
      const rec = ctx.state.affinity[affKey];
      const ep = rec && rec.lastUsed + s.stickyMaxAgeSeconds > ctx.now ? s.endpoints.find((e) => e.endpoint === rec.endpoint) : undefined;
      if (ep) {
        ctx.state.affinity[affKey] = { endpoint: ep.endpoint, lastUsed: ctx.now };
        return [{ ep, probability: 1, note: `session affinity keeps client ${packet.srcIP} on ${ep.endpoint}` }];
      }
    }
    const key = `userspace:${ruleset.nodeName}:${s.spn}:${s.protocol}:${s.endpointsKey}`;
    const index = (ctx.state.counters[key] ?? 0) % s.endpoints.length;
    const ep = s.endpoints[index]!;
    ctx.state.counters[key] = (index + 1) % s.endpoints.length;
    if (s.sessionAffinityClientIP) ctx.state.affinity[affKey] = { endpoint: ep.endpoint, lastUsed: ctx.now };
    return [{ ep, probability: 1, note: `round robin picks #${index}` }];
  }, false)[0]!;
}
