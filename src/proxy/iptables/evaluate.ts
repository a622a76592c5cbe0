// Walks a packet through THE SAME rules the payload prints, as netfilter
// would: nat PREROUTING/OUTPUT -> KUBE-SERVICES (DNAT), routing, filter
// INPUT/FORWARD/OUTPUT -> kube-proxy's filter chains, nat POSTROUTING ->
// KUBE-POSTROUTING (masquerade). `-m statistic` rules split the walk into
// branches with exact probabilities; `-m recent --rcheck` consults the
// affinity entries kept in ProxyState (the kernel's `recent` lists).

import type { Hook, Packet, ProxyOutcome, ProxyState, ProxyStep, SampleContext, Verdict } from '../types';
import { canonicalIP, cidrContains, ipFamilyOf, isLoopback, joinHostPort } from '../common/ip';
import { payloadLines } from './lines';
import { candidateRules, cachedCIDR, indexRuleset, type ChainIndex, type RulesetIndex } from './rule-index';
import type { IptablesData, IptablesRule, IptablesRuleset, RulePart } from './types';

/** Affinity state for `-m recent` lists (one entry per list and client IP). */
export interface RecentContext {
  state: ProxyState;
  /** simulated time in seconds */
  now: number;
}

interface Branch {
  p: number;
  mark: number;
  dnat?: { ip: string; port: number };
  masq: boolean;
  verdict?: 'ACCEPT' | 'DROP' | 'REJECT';
  steps: ProxyStep[];
  /** `-m recent --set` lists hit on the way (recorded by sample) */
  recentSets?: string[];
}

interface Env {
  idx: RulesetIndex;
  /** payload line of this family's first line (the secondary family prints after the primary) */
  lineOffset: number;
  src: string;
  origDst: string;
  dport: number;
  proto: string;
  recent?: RecentContext;
  /** sampling: choose one branch instead of enumerating */
  random?: () => number;
}

export const recentKey = (list: string, srcIP: string): string => `iptables-recent:${list}:${srcIP}`;

const COMPONENT = 'kube-proxy (iptables)';

// Jumps kube-proxy (and kubelet) install in the built-in chains, as
// `EnsureRule(Prepend)` leaves them: last installed first.
interface BuiltinJump {
  from: string;
  chain: string;
  text: string;
  /** per table: the step shown for this hop (not part of the payload: no line) */
  step: Record<string, ProxyStep>;
}
const J = (from: string, to: string, args: string): BuiltinJump => {
  const text = `-A ${from} ${args}-j ${to}`;
  const step = (table: string): ProxyStep => ({ component: COMPONENT, rule: { table, chain: from, rule: text }, action: `jump to ${to}` });
  return { from, chain: to, text, step: { nat: step('nat'), filter: step('filter') } };
};
const NEW = '-m conntrack --ctstate NEW ';
const FILTER_INPUT = [
  J('INPUT', 'KUBE-FIREWALL', ''),
  J('INPUT', 'KUBE-PROXY-FIREWALL', `${NEW}-m comment --comment "kubernetes load balancer firewall" `),
  J('INPUT', 'KUBE-NODEPORTS', '-m comment --comment "kubernetes health check service ports" '),
  J('INPUT', 'KUBE-EXTERNAL-SERVICES', `${NEW}-m comment --comment "kubernetes externally-visible service portals" `),
];
const FILTER_FORWARD = [
  J('FORWARD', 'KUBE-PROXY-FIREWALL', `${NEW}-m comment --comment "kubernetes load balancer firewall" `),
  J('FORWARD', 'KUBE-FORWARD', '-m comment --comment "kubernetes forwarding rules" '),
  J('FORWARD', 'KUBE-SERVICES', `${NEW}-m comment --comment "kubernetes service portals" `),
  J('FORWARD', 'KUBE-EXTERNAL-SERVICES', `${NEW}-m comment --comment "kubernetes externally-visible service portals" `),
];
const FILTER_OUTPUT = [
  J('OUTPUT', 'KUBE-FIREWALL', ''),
  J('OUTPUT', 'KUBE-PROXY-FIREWALL', `${NEW}-m comment --comment "kubernetes load balancer firewall" `),
  J('OUTPUT', 'KUBE-SERVICES', `${NEW}-m comment --comment "kubernetes service portals" `),
];
const NAT_PREROUTING = [J('PREROUTING', 'KUBE-SERVICES', '-m comment --comment "kubernetes service portals" ')];
const NAT_OUTPUT = [J('OUTPUT', 'KUBE-SERVICES', '-m comment --comment "kubernetes service portals" ')];
const NAT_POSTROUTING = [J('POSTROUTING', 'KUBE-POSTROUTING', '-m comment --comment "kubernetes postrouting rules" ')];

function isLocal(env: Env, ip: string): boolean {
  return isLoopback(ip) || env.idx.localIPs.has(ip);
}

/** Rule addresses are written canonical, packet addresses are canonicalised once. */
function addrMatches(value: string, ip: string): boolean {
  if (value === ip) return true;
  if (value.includes('/')) {
    const c = cachedCIDR(value);
    return c !== null && cidrContains(c, ip);
  }
  return false;
}

const marks = new Map<string, [number, number]>();
function parseMark(v: string): [number, number] {
  let m = marks.get(v);
  if (!m) {
    const [a, b] = v.split('/');
    m = [parseInt(a!, 16), b === undefined ? 0xffffffff : parseInt(b, 16)];
    marks.set(v, m);
  }
  return m;
}

/** Probability (0..1) that `rule` matches the branch; statistic rules give fractions. */
function matchProbability(parts: readonly RulePart[], br: Branch, env: Env, table: string): number {
  const dst = br.dnat && table === 'filter' ? br.dnat.ip : env.origDst;
  const dport = br.dnat && table === 'filter' ? br.dnat.port : env.dport;
  let q = 1;
  for (const p of parts) {
    switch (p.k) {
      case 'comment':
      case 'nfacct':
      case 'recentSet':
        break;
      case 'proto':
        if (p.value !== env.proto) return 0;
        break;
      case 'src':
        if (addrMatches(p.value, env.src) === !!p.neg) return 0;
        break;
      case 'dst':
        if (addrMatches(p.value, dst) === !!p.neg) return 0;
        break;
      case 'dport':
        if (p.value !== dport) return 0;
        break;
      case 'srcLocal':
        if (!isLocal(env, env.src)) return 0;
        break;
      case 'dstLocal':
        if (!isLocal(env, dst)) return 0;
        break;
      case 'mark': {
        const [v, m] = parseMark(p.value);
        if (((br.mark & m) === (v & m)) === !!p.neg) return 0;
        break;
      }
      case 'ctstate': {
        // A service connection's first packet: NEW, plus the virtual DNAT
        // state once the nat table rewrote its destination.
        const states = br.dnat ? ['NEW', 'DNAT'] : ['NEW'];
        if (p.states.some((s) => states.includes(s)) === !!p.neg) return 0;
        break;
      }
      case 'recentCheck': {
        // xt_recent --rcheck --seconds S: last seen strictly less than S seconds ago.
        const e = env.recent?.state.affinity[recentKey(p.name, env.src)];
        if (!e || env.recent!.now - e.lastUsed >= p.seconds) return 0;
        break;
      }
      case 'statistic':
        q *= p.probability;
        break;
    }
  }
  return q;
}

function describe(rule: IptablesRule): string {
  const t = rule.target;
  let a: string;
  switch (t.k) {
    case 'jump':
      a = t.chain === 'KUBE-MARK-MASQ' ? 'mark for masquerade' : `jump to ${t.chain}`;
      break;
    case 'DNAT':
      a = `DNAT to ${t.endpoint}`;
      break;
    case 'MARK':
      a = `${t.op === 'or' ? 'set' : 'clear'} mark ${t.value}`;
      break;
    case 'MASQUERADE':
      a = 'masquerade (SNAT to the outgoing interface address)';
      break;
    case 'none':
      a = 'no target: fall through';
      break;
    default:
      a = t.k;
  }
  if (rule.parts.some((p) => p.k === 'recentCheck')) a += ' (client IP seen recently: session affinity)';
  for (const p of rule.parts) if (p.k === 'statistic') a += ` (probability ${p.text})`;
  return a;
}

/** The (shared, read-only) step record of rule i of a chain. */
function stepFor(ci: ChainIndex, i: number, env: Env): ProxyStep {
  const cache = (ci.steps ??= new Array<unknown>(ci.chain.rules.length)) as (ProxyStep | undefined)[];
  let s = cache[i];
  if (!s) {
    const rule = ci.chain.rules[i]!;
    s = { component: COMPONENT, rule: { table: ci.table, chain: ci.chain.name, rule: rule.text, line: env.lineOffset + ci.firstRuleLine + i }, action: describe(rule) };
    cache[i] = s;
  }
  return s;
}

function fork(br: Branch, p: number): Branch {
  const b: Branch = { p, mark: br.mark, masq: br.masq, steps: br.steps.slice() };
  if (br.dnat) b.dnat = br.dnat;
  if (br.verdict) b.verdict = br.verdict;
  if (br.recentSets) b.recentSets = br.recentSets.slice();
  return b;
}

/**
 * Runs `br` through chain `name`. Branches that fall off the end (or RETURN)
 * go to `cont`, those that hit a terminating target to `done`.
 */
function runChain(table: string, name: string, br: Branch, env: Env, cont: Branch[], done: Branch[]): void {
  const ci = env.idx.tables[table]?.get(name);
  if (!ci) {
    cont.push(br);
    return;
  }
  const dst = br.dnat && table === 'filter' ? br.dnat.ip : env.origDst;
  const dport = br.dnat && table === 'filter' ? br.dnat.port : env.dport;
  runFrom(ci, candidateRules(ci, dst, dport, env.proto), 0, br, env, cont, done);
}

function runFrom(ci: ChainIndex, cand: number[] | null, start: number, br: Branch, env: Env, cont: Branch[], done: Branch[]): void {
  const rules = ci.chain.rules;
  const table = ci.table;
  const n = cand ? cand.length : rules.length;
  for (let c = start; c < n; c++) {
    const i = cand ? cand[c]! : c;
    const rule = rules[i]!;
    const q = matchProbability(rule.parts, br, env, table);
    if (q === 0) continue;
    let miss: Branch | null = null;
    if (q < 1) {
      if (env.random) {
        if (env.random() >= q) {
          br.p *= 1 - q;
          continue;
        }
        br.p *= q;
      } else {
        miss = fork(br, br.p * (1 - q));
        br.p *= q;
      }
    }
    br.steps.push(stepFor(ci, i, env));
    const t = rule.target;
    let survivors: Branch[] | null = null;
    let stopped = false;
    switch (t.k) {
      case 'jump':
        survivors = [];
        runChain(table, t.chain, br, env, survivors, done);
        break;
      case 'DNAT':
        br.dnat = { ip: t.ip, port: t.port };
        for (const p of rule.parts) if (p.k === 'recentSet') (br.recentSets ??= []).push(p.name);
        done.push(br);
        stopped = true;
        break;
      case 'MARK': {
        const v = parseInt(t.value, 16);
        br.mark = t.op === 'or' ? br.mark | v : br.mark ^ v;
        break;
      }
      case 'MASQUERADE':
        br.masq = true;
        done.push(br);
        stopped = true;
        break;
      case 'ACCEPT':
      case 'DROP':
      case 'REJECT':
        br.verdict = t.k;
        done.push(br);
        stopped = true;
        break;
      case 'RETURN':
        cont.push(br);
        stopped = true;
        break;
      case 'none':
        break;
    }
    // The branch that did not match a statistic rule carries on below it.
    if (miss) runFrom(ci, cand, c + 1, miss, env, cont, done);
    if (survivors) {
      // A sub-chain that fell through (or returned): continue after the jump.
      for (const s of survivors) runFrom(ci, cand, c + 1, s, env, cont, done);
      return;
    }
    if (stopped) return;
  }
  cont.push(br);
}

interface ChainResult {
  cont: Branch[];
  done: Branch[];
}

/** Runs the built-in chain's kube-proxy jumps; returns branches still flowing and those stopped. */
function runHook(table: string, jumps: readonly BuiltinJump[], input: Branch[], env: Env): ChainResult {
  let active = input;
  const done: Branch[] = [];
  for (const j of jumps) {
    if (!active.length) break;
    if (!env.idx.tables[table]?.has(j.chain)) continue;
    const next: Branch[] = [];
    for (const br of active) {
      const at = br.steps.length;
      const c: Branch[] = [];
      const d: Branch[] = [];
      runChain(table, j.chain, br, env, c, d);
      // Show the built-in hop only where something inside the chain matched.
      const hop = j.step[table]!;
      for (const b of c) {
        if (b.steps.length > at) b.steps.splice(at, 0, hop);
        next.push(b);
      }
      for (const b of d) {
        if (b.steps.length > at) b.steps.splice(at, 0, hop);
        // filter: ACCEPT ends this built-in chain (whose policy is ACCEPT anyway),
        // DROP/REJECT end the packet; nat: DNAT/MASQUERADE end the table's walk.
        done.push(b);
      }
    }
    active = next;
  }
  return { cont: active, done };
}

/** The family proxier that sees this packet, and where its payload starts in the formatted text. */
function dataFor(ruleset: IptablesRuleset, packet: Packet): { data: IptablesData; lineOffset: number } {
  const fam = ipFamilyOf(packet.dstIP);
  if (ruleset.secondary && fam === ruleset.secondary.family && fam !== ruleset.data.family) {
    return { data: ruleset.secondary, lineOffset: payloadLines(ruleset.data).lineCount + 1 };
  }
  return { data: ruleset.data, lineOffset: 0 };
}

function walk(ruleset: IptablesRuleset, packet: Packet, hook: Hook, recent?: RecentContext, random?: () => number): Branch[] {
  const src = canonicalIP(packet.srcIP) ?? packet.srcIP;
  const { data, lineOffset } = dataFor(ruleset, packet);
  const env: Env = {
    idx: indexRuleset(data),
    lineOffset,
    src,
    origDst: canonicalIP(packet.dstIP) ?? packet.dstIP,
    dport: packet.dstPort,
    proto: packet.protocol.toLowerCase(),
    ...(recent ? { recent } : {}),
    ...(random ? { random } : {}),
  };
  const start: Branch = { p: 1, mark: 0, masq: false, steps: [] };

  // nat: the first packet of the connection decides the DNAT.
  const nat = runHook('nat', hook === 'prerouting' ? NAT_PREROUTING : NAT_OUTPUT, [start], env);
  const afterNat = [...nat.done, ...nat.cont];

  const finished: Branch[] = [];
  for (const br of afterNat) {
    const dst = br.dnat?.ip ?? env.origDst;
    const local = isLocal(env, dst);
    let flowing: Branch[] = [br];
    const stop = (r: ChainResult): void => {
      for (const b of r.done) if (b.verdict !== 'ACCEPT') finished.push(b);
      flowing = [...r.cont, ...r.done.filter((b) => b.verdict === 'ACCEPT').map((b) => ({ ...b, verdict: undefined }) as Branch)];
    };
    if (hook === 'prerouting') {
      stop(runHook('filter', local ? FILTER_INPUT : FILTER_FORWARD, flowing, env));
      // Locally delivered packets never reach POSTROUTING.
      if (!local) stop(runHook('nat', NAT_POSTROUTING, flowing, env));
    } else {
      stop(runHook('filter', FILTER_OUTPUT, flowing, env));
      stop(runHook('nat', NAT_POSTROUTING, flowing, env));
      if (local) stop(runHook('filter', FILTER_INPUT, flowing, env));
    }
    for (const b of flowing) finished.push(b);
  }
  return finished;
}

function toOutcome(b: Branch): ProxyOutcome {
  const verdict: Verdict = b.verdict === 'DROP' || b.verdict === 'REJECT' ? b.verdict : b.dnat ? 'DNAT' : 'ACCEPT';
  const o: ProxyOutcome = { probability: b.p, verdict, masqueraded: b.masq && verdict !== 'DROP' && verdict !== 'REJECT', steps: b.steps };
  if (b.dnat && verdict === 'DNAT') {
    o.dnatIP = b.dnat.ip;
    o.dnatPort = b.dnat.port;
  }
  return o;
}

/**
 * Every outcome with its exact probability. Without `recent`, no client has
 * affinity yet (all `--rcheck` rules miss); with it, a fresh entry pins the
 * client to its endpoint with probability 1.
 */
export function evaluateIptables(ruleset: IptablesRuleset, packet: Packet, hook: Hook, recent?: RecentContext): ProxyOutcome[] {
  return walk(ruleset, packet, hook, recent).map(toOutcome);
}

/** One outcome as the kernel would pick it; records `recent` affinity in ctx.state. */
export function sampleIptables(ruleset: IptablesRuleset, packet: Packet, hook: Hook, ctx: SampleContext): ProxyOutcome {
  const recent = { state: ctx.state, now: ctx.now };
  const [b] = walk(ruleset, packet, hook, recent, ctx.random);
  const src = canonicalIP(packet.srcIP) ?? packet.srcIP;
  for (const list of b!.recentSets ?? []) {
    ctx.state.affinity[recentKey(list, src)] = { endpoint: joinHostPort(b!.dnat!.ip, b!.dnat!.port), lastUsed: ctx.now };
  }
  return toOutcome(b!);
}
