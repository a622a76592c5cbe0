// A packet through an IPVS-mode node, in netfilter order:
//   nat PREROUTING/OUTPUT -> KUBE-SERVICES (ipset matches, masquerade marks)
//   filter INPUT -> KUBE-IPVS-FILTER, KUBE-PROXY-FIREWALL, KUBE-NODE-PORT
//     (filter INPUT runs at priority 0, before IPVS's LOCAL_IN hook)
//   IPVS: the virtual server for (dst, port, protocol) schedules a real server
//     and DNATs (forwarding method Masq); host traffic is scheduled at
//     LOCAL_OUT, then filter OUTPUT -> KUBE-IPVS-OUT-FILTER sees `-m ipvs`
//   nat POSTROUTING -> KUBE-POSTROUTING (mark or KUBE-LOOP-BACK -> MASQUERADE)
// A virtual server without usable real servers makes IPVS send ICMP port
// unreachable and drop the packet (ip_vs_leave in ip_vs_core.c), which the
// client sees as a refused connection: reported as REJECT ("no real servers").

import type { Hook, Packet, ProxyStep, SampleContext } from '../types';
import { cidrContains, isLoopback, parseCIDR } from '../common/ip';
import { walkChain, type IptPacketContext, type IptRule, type IptTable } from './iptables-lite';
import { hasEntry } from './ipset';
import { layoutIpvs, realServerLine, virtualServerLine } from './format';
import { pickRealServer, realServerShares, type SchedulerInput } from './scheduler';
import type { IpvsData, IpvsOutcome, IpvsRealServer, IpvsRuleset, IpvsVirtualServer } from './types';

export const COMPONENT = 'kube-proxy (ipvs)';

function inCidr(ip: string, cidr: string): boolean {
  if (!cidr.includes('/')) return ip === cidr;
  const c = parseCIDR(cidr);
  return !!c && cidrContains(c, ip);
}

/** ipset membership for `--match-set NAME dirs` given the packet's addresses. */
function inSet(d: IpvsData, name: string, dirs: string, p: { srcIP: string; dstIP: string; dstPort: number; protocol: string }): boolean {
  const set = d.ipsets.find((s) => s.name === name);
  if (!set) return false;
  const has = (text: string): boolean => hasEntry(set, text);
  switch (set.type) {
    case 'hash:ip':
      return has(dirs.startsWith('src') ? p.srcIP : p.dstIP);
    case 'bitmap:port':
      return has(String(p.dstPort));
    case 'hash:ip,port':
      return has(`${dirs.startsWith('src') ? p.srcIP : p.dstIP},${p.protocol}:${p.dstPort}`);
    case 'hash:ip,port,ip':
      return has(`${p.dstIP},${p.protocol}:${p.dstPort},${p.srcIP}`);
    case 'hash:ip,port,net':
      return set.entries.some((e) => e.ip === p.dstIP && e.protocol === p.protocol && e.port === p.dstPort && !!e.net && inCidr(p.srcIP, e.net));
  }
}

function packetContext(d: IpvsData, packet: Packet, hook: Hook): IptPacketContext {
  const local = new Set([...d.nodeLocalIPs, ...d.dummyAddresses]);
  const protocol = packet.protocol.toLowerCase() as IptPacketContext['protocol'];
  const ctx: IptPacketContext = {
    srcIP: packet.srcIP,
    dstIP: packet.dstIP,
    dstPort: packet.dstPort,
    protocol,
    marked: false,
    isLocal: (ip) => local.has(ip) || isLoopback(ip),
    fromBridge: hook === 'prerouting' && d.podCIDR !== '' && inCidr(packet.srcIP, d.podCIDR),
    inCidr,
    inSet: (name, dirs) => inSet(d, name, dirs, ctx),
  };
  return ctx;
}

function describe(r: IptRule): string {
  if (r.target === 'MARK') return r.text.includes('--or-mark') ? 'set the masquerade mark' : 'clear the masquerade mark';
  if (r.target === 'RETURN') return 'return';
  if (r.target === 'ACCEPT') return 'accept';
  if (r.target === 'MASQUERADE') return 'masquerade (SNAT to the node address)';
  if (r.target === 'DROP' || r.target === 'REJECT') return r.target.toLowerCase();
  return `jump to ${r.target}`;
}

const vsIndexes = new WeakMap<IpvsData, Map<string, IpvsVirtualServer>>();

function virtualServerIndex(d: IpvsData): Map<string, IpvsVirtualServer> {
  let ix = vsIndexes.get(d);
  if (!ix) {
    ix = new Map(d.virtualServers.map((v) => [`${v.protocol}/${v.ip}/${v.port}`, v]));
    vsIndexes.set(d, ix);
  }
  return ix;
}

export type Chooser = (vs: IpvsVirtualServer, input: SchedulerInput) => { rs: IpvsRealServer; probability: number; note?: string }[] & { deterministic?: boolean };

/** Walks a packet; `choose` decides which real servers (evaluate: all with shares; sample: one). */
export function walkIpvs(ruleset: IpvsRuleset, packet: Packet, hook: Hook, choose: Chooser): IpvsOutcome[] {
  const d = ruleset.data;
  const layout = layoutIpvs(d);
  const steps: ProxyStep[] = [];
  const steps0: ProxyStep[] = [];
  // A host process connecting to an address on kube-ipvs0 follows the local
  // route, whose preferred source is that address: the kernel sends from the
  // VIP itself (why KUBE-IPVS-OUT-FILTER matches `-s <lbIP>`).
  if (hook === 'output' && d.dummyAddresses.includes(packet.dstIP) && d.nodeLocalIPs.includes(packet.srcIP)) {
    packet = { ...packet, srcIP: packet.dstIP };
    steps0.push(note('route', `local route to ${packet.dstIP} on kube-ipvs0: the host connection is sourced from ${packet.dstIP}`));
  }
  const ctx = packetContext(d, packet, hook);
  steps.push(...steps0);
  const iptStep = (r: IptRule): ProxyStep => ({
    component: COMPONENT,
    rule: { table: r.table, chain: r.chain, rule: r.text, line: layout.ruleLine.get(r) },
    action: describe(r),
  });
  const walk = (table: IptTable, chain: string, c: IptPacketContext = ctx) => {
    const res = walkChain(d.iptables, table, chain, c);
    steps.push(...res.matched.map(iptStep));
    return res;
  };
  const done = (verdict: IpvsOutcome['verdict'], extra: Partial<IpvsOutcome> = {}): IpvsOutcome[] => [
    { probability: 1, verdict, masqueraded: false, steps: [...steps], ...extra },
  ];

  walk('nat', 'KUBE-SERVICES');
  const vs = virtualServerIndex(d).get(`${packet.protocol}/${packet.dstIP}/${packet.dstPort}`);
  const dstLocal = ctx.isLocal(packet.dstIP);

  if (hook === 'prerouting' && dstLocal) {
    // filter INPUT: kube-proxy prepends its jumps, so the last one added runs first.
    for (const chain of ['KUBE-IPVS-FILTER', 'KUBE-PROXY-FIREWALL', 'KUBE-NODE-PORT']) {
      const res = walk('filter', chain);
      if (res.verdict === 'REJECT' || res.verdict === 'DROP') return done(res.verdict);
      if (res.verdict === 'ACCEPT' && chain === 'KUBE-NODE-PORT') {
        return done('ACCEPT', { steps: [...steps, note('nat', 'the health check server of kube-proxy answers on this healthCheckNodePort')] });
      }
    }
  } else if (hook === 'prerouting' && vs) {
    const res = walk('filter', 'KUBE-PROXY-FIREWALL');
    if (res.verdict === 'DROP') return done('DROP');
  }

  if (!vs) return done('ACCEPT', { steps: [...steps, note('ipvs', 'no IPVS virtual server for this destination: not service traffic')] });

  const vsText = virtualServerLine(vs);
  steps.push({
    component: COMPONENT,
    rule: { table: 'ipvs', chain: vsText, rule: vsText, line: layout.vsLine.get(vs) },
    action: `IPVS virtual server ${vs.address} (${vs.kind}, scheduler ${vs.scheduler}${vs.persistentTimeout ? `, persistent ${vs.persistentTimeout}s` : ''})`,
  });

  if (hook === 'output') {
    const out = { ...ctx, ipvs: { vaddr: vs.ip, vproto: packet.protocol.toLowerCase(), vport: vs.port } };
    const res = walk('filter', 'KUBE-IPVS-OUT-FILTER', out);
    if (res.verdict === 'DROP') return done('DROP');
  }

  const choices = choose(vs, { vs, srcIP: packet.srcIP, srcPort: packet.srcPort, dstIP: packet.dstIP });
  if (choices.length === 0) {
    return done('REJECT', {
      steps: [...steps, note('ipvs', `no real servers: IPVS has no destination available for ${vs.address} and answers ICMP port unreachable`)],
    });
  }

  const before = [...steps];
  return choices.map((choice) => {
    steps.length = 0;
    steps.push(...before);
    steps.push({
      component: COMPONENT,
      rule: { table: 'ipvs', chain: vsText, rule: realServerLine(choice.rs), line: layout.rsLine.get(choice.rs) },
      action: `DNAT (Masq) to real server ${choice.rs.address}${choice.note ? ` — ${choice.note}` : ''}${vs.localFallback ? ' (no local endpoints: Local policy falls back to cluster endpoints, source not SNATed)' : ''}`,
    });
    const post: IptPacketContext = { ...ctx, dstIP: choice.rs.ip, dstPort: choice.rs.port, inSet: (n, dirs) => inSet(d, n, dirs, post) };
    const res = walk('nat', 'KUBE-POSTROUTING', post);
    const outcome: IpvsOutcome = {
      probability: choice.probability,
      verdict: 'DNAT',
      dnatIP: choice.rs.ip,
      dnatPort: choice.rs.port,
      masqueraded: res.verdict === 'MASQUERADE',
      steps: [...steps],
    };
    if (choices.deterministic) outcome.deterministic = true;
    return outcome;
  });
}

/** A step that explains a decision without a rule line of its own. */
function note(table: string, action: string): ProxyStep {
  return { component: COMPONENT, rule: { table, chain: '', rule: '' }, action };
}

/** Every possible real server with its share of new connections. */
export function evaluateIpvs(ruleset: IpvsRuleset, packet: Packet, hook: Hook): IpvsOutcome[] {
  return walkIpvs(ruleset, packet, hook, (_vs, input) => {
    const { shares, deterministic } = realServerShares(input);
    const out: ReturnType<Chooser> = shares.map((s) => ({ rs: s.rs, probability: s.probability }));
    out.deterministic = deterministic && shares.length > 1;
    return out;
  });
}

/**
 * One connection: ClientIP persistence first (the template for this client and
 * virtual server, while younger than the timeout and its real server still has
 * weight), else the scheduler. Counts the connection for lc/wlc/sed/nq.
 */
export function sampleIpvs(ruleset: IpvsRuleset, packet: Packet, hook: Hook, ctx: SampleContext): IpvsOutcome {
  const outcomes = walkIpvs(ruleset, packet, hook, (vs, input) => {
    const key = `ipvs-persist:${vs.protocol}:${vs.address}:${packet.srcIP}`;
    let rs: IpvsRealServer | undefined;
    let noteText: string | undefined;
    if (vs.persistentTimeout > 0) {
      const rec = ctx.state.affinity[key];
      if (rec && ctx.now - rec.lastUsed < vs.persistentTimeout) {
        rs = vs.realServers.find((r) => r.address === rec.endpoint && r.weight > 0);
        if (rs) noteText = `persistence template for client ${packet.srcIP}`;
      }
    }
    rs ??= pickRealServer(input, ctx.state);
    if (!rs) return [];
    if (vs.persistentTimeout > 0) ctx.state.affinity[key] = { endpoint: rs.address, lastUsed: ctx.now };
    ctx.state.connections[rs.address] = (ctx.state.connections[rs.address] ?? 0) + 1;
    return [{ rs, probability: 1, ...(noteText ? { note: noteText } : {}) }];
  });
  return outcomes[0]!;
}
