// A small iptables model shared by the IPVS and userspace proxy modes, which
// both still program iptables next to their main data path. Rules are kept as
// data (matches + target) next to the exact text kube-proxy writes into
// iptables-restore, so the text a user reads and the walk a packet takes come
// from the same records.

export type IptMatch =
  | { m: 'src'; cidr: string; not?: boolean }
  | { m: 'dst'; cidr: string; not?: boolean }
  | { m: 'proto'; proto: 'tcp' | 'udp' | 'sctp' }
  | { m: 'dport'; port: number }
  /** `-m set --match-set NAME dirs`; membership is answered by the walker's context */
  | { m: 'set'; set: string; dirs: string }
  /** `-m addrtype --src-type LOCAL` / `--dst-type LOCAL` */
  | { m: 'addrtype'; dir: 'src' | 'dst'; not?: boolean }
  /** `-m mark --mark 0x4000/0x4000` */
  | { m: 'mark'; not?: boolean }
  /** `-m physdev --physdev-is-in`: the packet came in through a bridge port (a local pod) */
  | { m: 'physdev-is-in'; not?: boolean }
  /** `-m conntrack --ctstate NEW` (every packet kube-proxy's rules decide on is a new connection) */
  | { m: 'ctstate-new' }
  /** `-m conntrack --ctstate RELATED,ESTABLISHED`: never true for the first packet modelled here */
  | { m: 'ctstate-established' }
  /** `-m ipvs --vaddr A --vproto P --vport N`: the packet was scheduled by that virtual server */
  | { m: 'ipvs'; vaddr: string; vproto: string; vport: number };

export type IptTable = 'nat' | 'filter';

export interface IptRule {
  table: IptTable;
  chain: string;
  matches: IptMatch[];
  /** a chain name, or ACCEPT / DROP / REJECT / RETURN / MASQUERADE / MARK / DNAT / REDIRECT */
  target: string;
  /** DNAT --to-destination ip:port */
  toDestination?: string;
  /** REDIRECT --to-ports port */
  toPorts?: number;
  /** the rule exactly as written to iptables-restore, starting with `-A CHAIN` */
  text: string;
}

export interface IptablesData {
  /** chains declared (`:NAME - [0:0]`) per table, in declaration order */
  chains: Record<IptTable, string[]>;
  rules: IptRule[];
  /** table sections in the order kube-proxy writes them */
  tableOrder: IptTable[];
}

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** iptables-restore payload: `*table`, chain declarations, `-A` rules, `COMMIT`. */
export function formatIptables(data: IptablesData): { text: string; lineOf: Map<IptRule, number> } {
  const lines: string[] = [];
  const lineOf = new Map<IptRule, number>();
  for (const table of data.tableOrder) {
    lines.push(`*${table}`);
    for (const c of data.chains[table]) lines.push(BUILTIN.has(c) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`);
    for (const r of data.rules) {
      if (r.table !== table) continue;
      lineOf.set(r, lines.length);
      lines.push(r.text);
    }
    lines.push('COMMIT');
  }
  return { text: lines.join('\n'), lineOf };
}

/** Facts about the packet the matches need. */
export interface IptPacketContext {
  srcIP: string;
  dstIP: string;
  dstPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  marked: boolean;
  /** is `ip` a local address of this node (addrtype LOCAL)? */
  isLocal(ip: string): boolean;
  /** did the packet arrive through a bridge port from a local pod? */
  fromBridge: boolean;
  inCidr(ip: string, cidr: string): boolean;
  inSet(set: string, dirs: string): boolean;
  /** the virtual server that scheduled the packet (IPVS), if any */
  ipvs?: { vaddr: string; vproto: string; vport: number };
}

export function ruleMatches(r: IptRule, p: IptPacketContext): boolean {
  return r.matches.every((m) => matchOne(m, p));
}

function matchOne(m: IptMatch, p: IptPacketContext): boolean {
  switch (m.m) {
    case 'src':
      return p.inCidr(p.srcIP, m.cidr) !== !!m.not;
    case 'dst':
      return p.inCidr(p.dstIP, m.cidr) !== !!m.not;
    case 'proto':
      return p.protocol === m.proto;
    case 'dport':
      return p.dstPort === m.port;
    case 'set':
      return p.inSet(m.set, m.dirs);
    case 'addrtype':
      return p.isLocal(m.dir === 'src' ? p.srcIP : p.dstIP) !== !!m.not;
    case 'mark':
      return p.marked !== !!m.not;
    case 'physdev-is-in':
      return p.fromBridge !== !!m.not;
    case 'ctstate-new':
      return true;
    case 'ctstate-established':
      return false;
    case 'ipvs':
      return !!p.ipvs && p.ipvs.vaddr === m.vaddr && p.ipvs.vproto === m.vproto && p.ipvs.vport === m.vport;
  }
}

export interface IptWalkResult {
  /** terminal target reached, or 'RETURN'/'CONTINUE' when the chain fell through */
  verdict: 'ACCEPT' | 'DROP' | 'REJECT' | 'MASQUERADE' | 'DNAT' | 'REDIRECT' | 'FALLTHROUGH';
  rule?: IptRule;
  /** every rule that matched, in order (jumps, marks and the terminal one) */
  matched: IptRule[];
}

const byChain = new WeakMap<IptablesData, Map<string, IptRule[]>>();

/** Rules of one chain in order (indexed once per ruleset: walks run per packet). */
export function chainRules(data: IptablesData, table: IptTable, chain: string): IptRule[] {
  let ix = byChain.get(data);
  if (!ix) {
    ix = new Map();
    for (const r of data.rules) {
      const k = `${r.table}/${r.chain}`;
      const list = ix.get(k);
      if (list) list.push(r);
      else ix.set(k, [r]);
    }
    byChain.set(data, ix);
  }
  return ix.get(`${table}/${chain}`) ?? [];
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT', 'MASQUERADE', 'DNAT', 'REDIRECT']);

/**
 * Walks `chain` of `table` as netfilter does: rules in order, jumps into user
 * chains, RETURN back to the caller, MARK continues, terminal targets stop.
 * `p.marked` is updated by MARK rules (`--or-mark` sets, `--xor-mark` clears).
 */
export function walkChain(data: IptablesData, table: IptTable, chain: string, p: IptPacketContext, depth = 0): IptWalkResult {
  const matched: IptRule[] = [];
  if (depth > 16) return { verdict: 'FALLTHROUGH', matched };
  for (const r of chainRules(data, table, chain)) {
    if (!ruleMatches(r, p)) continue;
    matched.push(r);
    if (r.target === 'RETURN') return { verdict: 'FALLTHROUGH', matched };
    if (r.target === 'MARK') {
      p.marked = r.text.includes('--or-mark');
      continue;
    }
    if (TERMINAL.has(r.target)) return { verdict: r.target as IptWalkResult['verdict'], rule: r, matched };
    if (data.chains[table].includes(r.target)) {
      const sub = walkChain(data, table, r.target, p, depth + 1);
      matched.push(...sub.matched);
      if (sub.verdict !== 'FALLTHROUGH') return { ...sub, matched };
    }
  }
  return { verdict: 'FALLTHROUGH', matched };
}
