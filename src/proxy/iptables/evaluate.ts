// Walks a packet through THE SAME rules the payload prints, as netfilter
// would: nat PREROUTING/OUTPUT -> KUBE-SERVICES (DNAT), routing, filter
// INPUT/FORWARD/OUTPUT -> kube-proxy's filter chains, nat POSTROUTING ->
// KUBE-POSTROUTING (masquerade). `-m statistic` rules split the walk into
// branches with exact probabilities; `-m recent --rcheck` consults the
// affinity entries kept in ProxyState (the kernel's `recent` lists).

import type { Hook, Packet, ProxyOutcome, ProxyState, ProxyStep, SampleContext, Verdict } from '../types';
import { canonicalIP, cidrContains, ipFamilyOf, isLoopback, joinHostPort } from '../common/ip';
import { payloadLines } from './lines';
import type { AddrMatch, Matcher } from './matcher';
import { candidateRules, chainMatchers, indexRuleset, type ChainIndex, type RulesetIndex } from './rule-index';
import type { IptablesData, IptablesRule, IptablesRuleset } from './types';

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

// Packet addresses, canonicalised (a pure function of the text: memoised, bounded).
const canonicalTexts = new Map<string, string>();
function canonical(ip: string): string {
  let c = canonicalTexts.get(ip);
  if (c === undefined) {
    c = canonicalIP(ip) ?? ip;
    if (canonicalTexts.size >= 65_536) canonicalTexts.clear();
    canonicalTexts.set(ip, c);
  }
  return c;
}

function isLocal(env: Env, ip: string): boolean {
  return isLoopback(ip) || env.idx.localIPs.has(ip);
}

/** Rule addresses are written canonical, packet addresses are canonicalised once. */
function addrMatches(a: AddrMatch, ip: string): boolean {
  if (a.ip === ip) return true;
  return a.cidr !== null && cidrContains(a.cidr, ip);
}

/** Probability (0..1) that the rule compiled into `m` matches the branch; statistic rules give fractions. */
function matchProbability(m: Matcher, br: Branch, env: Env, table: string): number {
  const translated = br.dnat !== undefined && table === 'filter';
  if (m.proto !== '' && m.proto !== env.proto) return 0;
  if (m.dport !== -1 && m.dport !== (translated ? br.dnat!.port : env.dport)) return 0;
  const dst = translated ? br.dnat!.ip : env.origDst;
  if (m.dst !== null && addrMatches(m.dst, dst) === m.dst.neg) return 0;
  if (m.src !== null && addrMatches(m.src, env.src) === m.src.neg) return 0;
  if (m.srcLocal && !isLocal(env, env.src)) return 0;
  if (m.dstLocal && !isLocal(env, dst)) return 0;
  if (m.mark !== null && ((br.mark & m.mark.mask) === (m.mark.value & m.mark.mask)) === m.mark.neg) return 0;
  // A service connection's first packet: NEW, plus the virtual DNAT state
  // once the nat table rewrote its destination.
  if (m.ct !== null && (m.ct.isNew || (m.ct.isDnat && br.dnat !== undefined)) === m.ct.neg) return 0;
  if (m.recent !== null) {
    // xt_recent --rcheck --seconds S: last seen strictly less than S seconds ago.
    const e = env.recent?.state.affinity[recentKey(m.recent.name, env.src)];
    if (!e || env.recent!.now - e.lastUsed >= m.recent.seconds) return 0;
  }
  return m.probability;
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

/** The chain a jump rule goes to, looked up once per rule (not per packet). */
function jumpTarget(ci: ChainIndex, i: number, chain: string, env: Env): ChainIndex | undefined {
  const m = chainMatchers(ci)[i]!;
  if (m.jumpTo === undefined) m.jumpTo = env.idx.tables[ci.table]?.get(chain) ?? null;
  return (m.jumpTo as ChainIndex | null) ?? undefined;
}

function fork(br: Branch, p: number): Branch {
  const b: Branch = { p, mark: br.mark, masq: br.masq, steps: br.steps.slice() };
  if (br.dnat) b.dnat = br.dnat;
  if (br.verdict) b.verdict = br.verdict;
  if (br.recentSets) b.recentSets = br.recentSets.slice();
  return b;
}

/**
 * Runs `br` through a chain. Branches that fall off the end (or RETURN) go to
 * `cont`, those that hit a terminating target to `done`.
 */
function runIndexedChain(ci: ChainIndex | undefined, br: Branch, env: Env, cont: Branch[], done: Branch[]): void {
  if (!ci) {
    cont.push(br);
    return;
  }
  const translated = br.dnat !== undefined && ci.table === 'filter';
  const dst = translated ? br.dnat!.ip : env.origDst;
  const dport = translated ? br.dnat!.port : env.dport;
  runFrom(ci, candidateRules(ci, dst, dport, env.proto), 0, br, env, cont, done);
}

function runFrom(ci: ChainIndex, cand: number[] | null, start: number, br: Branch, env: Env, cont: Branch[], done: Branch[]): void {
  const rules = ci.chain.rules;
  const matchers = chainMatchers(ci);
  const table = ci.table;
  const n = cand ? cand.length : rules.length;
  for (let c = start; c < n; c++) {
    const i = cand ? cand[c]! : c;
    const rule = rules[i]!;
    const q = matchProbability(matchers[i]!, br, env, table);
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
        runIndexedChain(jumpTarget(ci, i, t.chain, env), br, env, survivors, done);
        break;
      case 'DNAT': {
        br.dnat = { ip: t.ip, port: t.port };
        const sets = matchers[i]!.recentSets;
        if (sets) for (const name of sets) (br.recentSets ??= []).push(name);
        done.push(br);
        stopped = true;
        break;
      }
      case 'MARK': {
        const v = matchers[i]!.markTarget;
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
// Scratch lists for runHook (not re-entrant: a walk never starts another walk).
const scratchCont: Branch[] = [];
const scratchDone: Branch[] = [];

/** Runs the built-in chain's kube-proxy jumps; returns branches still flowing and those stopped. */
function runHook(table: string, jumps: readonly BuiltinJump[], input: Branch[], env: Env): ChainResult {
  let active = input;
  const done: Branch[] = [];
  const chains = env.idx.tables[table];
  for (const j of jumps) {
    if (!active.length) break;
    const ci = chains?.get(j.chain);
    if (!ci) continue;
    const next: Branch[] = [];
    // Show the built-in hop only where something inside the chain matched:
    // written first, taken back from branches that added nothing after it.
    const hop = j.step[table]!;
    for (const br of active) {
      const at = br.steps.length;
      br.steps.push(hop);
      const c = scratchCont;
      const d = scratchDone;
      runIndexedChain(ci, br, env, c, d);
      for (const b of c) {
        if (b.steps.length === at + 1) b.steps.pop();
        next.push(b);
      }
      for (const b of d) {
        if (b.steps.length === at + 1) b.steps.pop();
        // filter: ACCEPT ends this built-in chain (whose policy is ACCEPT anyway),
        // DROP/REJECT end the packet; nat: DNAT/MASQUERADE end the table's walk.
        done.push(b);
      }
      c.length = 0;
      d.length = 0;
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
  const src = canonical(packet.srcIP);
  const { data, lineOffset } = dataFor(ruleset, packet);
  const env: Env = {
    idx: indexRuleset(data),
    lineOffset,
    src,
    origDst: canonical(packet.dstIP),
    dport: packet.dstPort,
    proto: packet.protocol.toLowerCase(),
  };
  if (recent) env.recent = recent;
  if (random) env.random = random;
  const start: Branch = { p: 1, mark: 0, masq: false, steps: [] };

  // nat: the first packet of the connection decides the DNAT.
  const nat = runHook('nat', hook === 'prerouting' ? NAT_PREROUTING : NAT_OUTPUT, [start], env);
  const afterNat = nat.done.concat(nat.cont);

  const finished: Branch[] = [];
  for (const br of afterNat) {
    const dst = br.dnat?.ip ?? env.origDst;
    const local = isLocal(env, dst);
    let flowing: Branch[] = [br];
    const stop = (r: ChainResult): void => {
      for (const b of r.done) if (b.verdict !== 'ACCEPT') finished.push(b);
      flowing = r.cont;
      for (const b of r.done) if (b.verdict === 'ACCEPT') flowing.push({ ...b, verdict: undefined } as Branch);
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
  const src = canonical(packet.srcIP);
  for (const list of b!.recentSets ?? []) {
    ctx.state.affinity[recentKey(list, src)] = { endpoint: joinHostPort(b!.dnat!.ip, b!.dnat!.port), lastUsed: ctx.now };
  }
  return toOutcome(b!);
}
