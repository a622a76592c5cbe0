// A packet through the `kube-proxy` nftables table, base chain by base chain
// in hook/priority order:
//   prerouting: filter-prerouting-pre-dnat (-110: LB source ranges)
//               nat-prerouting (-100: service dispatch, DNAT)
//               then filter-input (0) if the (post-DNAT) destination is local,
//               else filter-forward (0): no-endpoint and cluster-ips checks
//   output:     filter-output-pre-dnat, nat-output, filter-output
//   finally     nat-postrouting (100: masquerade when marked)
// `jump` returns to the caller at the end of the target chain, `goto` does
// not; verdict maps (`vmap @…`) apply the element's verdict or fall through.
// `numgen random mod N` branches with probability 1/N each (evaluate) or
// draws one branch (sample). Affinity sets live in ProxyState.affinity.

import type { Hook, Packet, ProxyOutcome, ProxyStep, SampleContext } from '../types';
import { cidrContains, parseCIDR } from '../common/ip';
import { layoutNftList, listRuleText } from './format';
import type { NftChain, NftData, NftElement, NftMatch, NftRule, NftRuleset, NftSet } from './types';

export const COMPONENT = 'kube-proxy (nftables)';

interface Branch {
  prob: number;
  steps: ProxyStep[];
  daddr: string;
  dport: number;
  marked: boolean;
  dnat?: { ip: string; port: number };
  masqueraded: boolean;
}

type Status = 'continue' | 'end' | 'drop' | 'reject' | 'accept';
interface Result {
  br: Branch;
  status: Status;
}

interface Policy {
  /** indices to take at a `numgen random mod n` with their probabilities */
  numgen(n: number): { index: number; prob: number }[];
  /** is saddr in a dynamic (affinity) set right now? */
  inDynamicSet(set: string, ip: string): boolean;
  update(set: string, ip: string): void;
}

function inCidr(ip: string, cidr: string): boolean {
  if (!cidr.includes('/')) return ip === cidr;
  const c = parseCIDR(cidr);
  return !!c && cidrContains(c, ip);
}

interface NftIndex {
  chains: Map<string, NftChain>;
  sets: Map<string, NftSet>;
  /** set name -> joined key -> element */
  elements: Map<string, Map<string, NftElement>>;
}

const indexes = new WeakMap<NftData, NftIndex>();

/** Name and key lookups for large tables (tens of thousands of chains and elements). */
function indexOf(d: NftData): NftIndex {
  let ix = indexes.get(d);
  if (!ix) {
    ix = {
      chains: new Map(d.chains.map((c) => [c.name, c])),
      sets: new Map(d.sets.map((s) => [s.name, s])),
      elements: new Map(d.sets.map((s) => [s.name, new Map(s.elements.map((e) => [e.key.join(' . '), e]))])),
    };
    indexes.set(d, ix);
  }
  return ix;
}

class Walker {
  private readonly layout;
  private readonly ix: NftIndex;
  constructor(
    private readonly d: NftData,
    private readonly packet: Packet,
    private readonly policy: Policy,
  ) {
    this.layout = layoutNftList(d);
    this.ix = indexOf(d);
  }

  private isLocal(ip: string): boolean {
    return this.d.localIPs.includes(ip) || ip.startsWith('127.');
  }

  private step(r: NftRule, action: string): ProxyStep {
    return { component: COMPONENT, rule: { table: 'kube-proxy', chain: r.chain, rule: listRuleText(r), line: this.layout.ruleLine.get(r) }, action };
  }

  private matches(m: NftMatch, br: Branch): boolean {
    const saddr = this.packet.srcIP;
    switch (m.m) {
      case 'ct-new':
        return true;
      case 'addr': {
        const ip = m.dir === 'saddr' ? saddr : br.daddr;
        return m.values.some((v) => inCidr(ip, v)) !== m.not;
      }
      case 'addr-set': {
        const ip = m.dir === 'saddr' ? saddr : br.daddr;
        const set = this.ix.sets.get(m.set);
        if (set?.flags?.includes('dynamic')) return this.policy.inDynamicSet(m.set, ip);
        return !!this.ix.elements.get(m.set)?.has(ip);
      }
      case 'fib-local':
        return this.isLocal(m.dir === 'saddr' ? saddr : br.daddr);
      case 'mark-clear':
        return !br.marked;
      case 'l4proto':
        return this.packet.protocol.toLowerCase() === m.proto;
    }
  }

  private lookup(map: string, key: string[]): { value: string; line?: number; text: string } | undefined {
    const k = key.join(' . ');
    const e = this.ix.elements.get(map)?.get(k);
    if (!e?.value) return undefined;
    return { value: e.value, line: this.layout.elementLine.get(`${map}\u0000${k}`), text: k };
  }

  /** Applies a verdict string ("goto X", "jump X", "drop") from a map element. */
  private verdict(v: string, br: Branch): Result[] {
    const [kind, target] = v.split(' ');
    if (kind === 'goto' || kind === 'jump') {
      const res = this.run(target!, br);
      if (kind === 'goto') return res.map((r) => (r.status === 'continue' ? { ...r, status: 'end' as Status } : r));
      return res;
    }
    if (kind === 'drop' || kind === 'reject') return [{ br, status: kind }];
    return [{ br, status: 'continue' }];
  }

  /** Runs `chain`; 'continue' means the chain ran out (return to the caller), 'end' a goto chain ended. */
  run(chain: string, br0: Branch, depth = 0): Result[] {
    const c = this.ix.chains.get(chain);
    if (!c || depth > 32) return [{ br: br0, status: 'continue' }];
    let live: Branch[] = [br0];
    const done: Result[] = [];
    for (const r of c.rules) {
      const next: Branch[] = [];
      for (const br of live) {
        if (!r.matches.every((m) => this.matches(m, br))) {
          next.push(br);
          continue;
        }
        for (const res of this.apply(r, br, depth)) {
          if (res.status === 'continue') next.push(res.br);
          else if (res.status === 'end') done.push({ br: res.br, status: 'continue' });
          else done.push(res);
        }
      }
      live = next;
      if (live.length === 0) break;
    }
    return [...done, ...live.map((br) => ({ br, status: 'continue' as Status }))];
  }

  private apply(r: NftRule, br0: Branch, depth: number): Result[] {
    const a = r.action;
    const br = { ...br0, steps: [...br0.steps] };
    switch (a.a) {
      case 'jump':
      case 'goto': {
        br.steps.push(this.step(r, `${a.a} ${a.chain}`));
        const res = this.run(a.chain, br, depth + 1);
        return a.a === 'goto' ? res.map((x) => (x.status === 'continue' ? { ...x, status: 'end' as Status } : x)) : res;
      }
      case 'vmap': {
        const proto = this.packet.protocol.toLowerCase();
        const key = a.key === 'addr.proto.port' ? [br.daddr, proto, String(br.dport)] : [proto, String(br.dport)];
        const hit = this.lookup(a.map, key);
        if (!hit) return [{ br: br0, status: 'continue' }];
        br.steps.push(this.step(r, `@${a.map} has ${hit.text}: ${hit.value}`));
        br.steps.push({ component: COMPONENT, rule: { table: 'kube-proxy', chain: a.map, rule: `${hit.text} : ${hit.value}`, line: hit.line }, action: hit.value });
        return this.verdict(hit.value, br).map((x) => (x.status === 'end' ? { ...x, status: 'end' as Status } : x));
      }
      case 'numgen': {
        const out: Result[] = [];
        for (const { index, prob } of this.policy.numgen(a.chains.length)) {
          const b = { ...br, prob: br.prob * prob, steps: [...br.steps, this.step(r, `numgen picked ${index} of ${a.chains.length}: goto ${a.chains[index]}`)] };
          out.push(...this.run(a.chains[index]!, b, depth + 1).map((x) => (x.status === 'continue' ? { ...x, status: 'end' as Status } : x)));
        }
        return out;
      }
      case 'update':
        this.policy.update(a.set, this.packet.srcIP);
        br.steps.push(this.step(r, `remember ${this.packet.srcIP} in @${a.set}`));
        return [{ br, status: 'continue' }];
      case 'dnat':
        br.steps.push(this.step(r, `DNAT to ${a.to}`));
        br.dnat = { ip: a.ip, port: a.port };
        br.daddr = a.ip;
        br.dport = a.port;
        return [{ br, status: 'accept' }];
      case 'mark-or':
        br.marked = true;
        br.steps.push(this.step(r, 'set the masquerade mark'));
        return [{ br, status: 'continue' }];
      case 'mark-xor':
        br.marked = false;
        br.steps.push(this.step(r, 'clear the masquerade mark'));
        return [{ br, status: 'continue' }];
      case 'masquerade':
        br.masqueraded = true;
        br.steps.push(this.step(r, 'masquerade (SNAT to the node address)'));
        return [{ br, status: 'accept' }];
      case 'return':
        br.steps.push(this.step(r, 'return'));
        return [{ br, status: 'end' }];
      case 'drop':
      case 'reject':
        br.steps.push(this.step(r, a.a));
        return [{ br, status: a.a }];
    }
  }

  walk(hook: Hook): ProxyOutcome[] {
    const start: Branch = { prob: 1, steps: [], daddr: this.packet.dstIP, dport: this.packet.dstPort, marked: false, masqueraded: false };
    const pre = hook === 'prerouting' ? ['filter-prerouting-pre-dnat', 'nat-prerouting'] : ['filter-output-pre-dnat', 'nat-output'];
    let live: Branch[] = [start];
    const outcomes: ProxyOutcome[] = [];
    const stage = (chain: string | ((b: Branch) => string)): void => {
      const next: Branch[] = [];
      for (const br of live) {
        for (const res of this.run(typeof chain === 'string' ? chain : chain(br), br)) {
          if (res.status === 'drop' || res.status === 'reject') {
            outcomes.push({ probability: res.br.prob, verdict: res.status === 'drop' ? 'DROP' : 'REJECT', masqueraded: false, steps: res.br.steps });
          } else next.push(res.br);
        }
      }
      live = next;
    };
    for (const c of pre) stage(c);
    if (hook === 'prerouting') stage((b) => (this.isLocal(b.daddr) ? 'filter-input' : 'filter-forward'));
    else stage('filter-output');
    stage('nat-postrouting');
    for (const br of live) {
      outcomes.push(
        br.dnat
          ? { probability: br.prob, verdict: 'DNAT', dnatIP: br.dnat.ip, dnatPort: br.dnat.port, masqueraded: br.masqueraded, steps: br.steps }
          : { probability: br.prob, verdict: 'ACCEPT', masqueraded: br.masqueraded, steps: br.steps },
      );
    }
    return outcomes;
  }
}

/** Every outcome with its probability; affinity sets are empty (no state). */
export function evaluateNftables(ruleset: NftRuleset, packet: Packet, hook: Hook): ProxyOutcome[] {
  const policy: Policy = {
    numgen: (n) => Array.from({ length: n }, (_, index) => ({ index, prob: 1 / n })),
    inDynamicSet: () => false,
    update: () => undefined,
  };
  return new Walker(ruleset.data, packet, policy).walk(hook);
}

/** One outcome: numgen draws with ctx.random; affinity sets remember clients for their timeout. */
export function sampleNftables(ruleset: NftRuleset, packet: Packet, hook: Hook, ctx: SampleContext): ProxyOutcome {
  const timeoutOf = (set: string): number => indexOf(ruleset.data).sets.get(set)?.timeoutSeconds ?? 0;
  const key = (set: string, ip: string): string => `nft:${set}:${ip}`;
  const policy: Policy = {
    numgen: (n) => [{ index: Math.min(n - 1, Math.floor(ctx.random() * n)), prob: 1 }],
    inDynamicSet: (set, ip) => {
      const rec = ctx.state.affinity[key(set, ip)];
      return !!rec && ctx.now - rec.lastUsed < timeoutOf(set);
    },
    update: (set, ip) => {
      ctx.state.affinity[key(set, ip)] = { endpoint: set, lastUsed: ctx.now };
    },
  };
  return new Walker(ruleset.data, packet, policy).walk(hook)[0]!;
}
