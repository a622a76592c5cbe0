// Two renderings of the same `kube-proxy` table:
// - `formatNftList`: what `nft list table ip kube-proxy` prints (the text the
//   UI shows; `format()` of the backend). nft normalises some expressions:
//   `mark` becomes `meta mark`, `or/and/xor` become `| & ^` on 32-bit hex
//   values, one-element anonymous sets become plain values, base-chain
//   priorities are printed by name (dstnat - 10, filter, srcnat).
// - `formatNftDump`: the `add table / add chain / add rule / add element`
//   transaction kube-proxy sends to nft (the format of upstream
//   proxier_test.go expectations, knftables' Fake.Dump), used for fixtures.

import type { NftBaseChain, NftData, NftElement, NftRule, NftSet } from './types';

function hex32(mark: string): string {
  return `0x${Number.parseInt(mark, 16).toString(16).padStart(8, '0')}`;
}

/** A rule body as `nft list` prints it. */
export function listRuleText(r: NftRule): string {
  let text = r.text
    .replace(/^mark and (0x[0-9a-f]+) == 0 /, (_m, v: string) => `meta mark & ${hex32(v)} == 0x00000000 `)
    .replace(/^mark set mark or (0x[0-9a-f]+)$/, (_m, v: string) => `meta mark set meta mark | ${hex32(v)}`)
    .replace(/^mark set mark xor (0x[0-9a-f]+)$/, (_m, v: string) => `meta mark set meta mark ^ ${hex32(v)}`)
    .replace(/\{ ([^{},]+) \}(?= (drop|accept|reject|goto|jump))/g, '$1')
    .replace(/ , /g, ', ');
  if (r.comment) text += ` comment "${r.comment}"`;
  return text;
}

/**
 * nft prints a base-chain priority by its standard name where that name is
 * defined for the hook (dstnat: prerouting; srcnat: postrouting; filter: all),
 * with an offset ("dstnat - 10"), and as a number otherwise (nat output -100).
 */
function priorityName(b: NftBaseChain): string {
  const named = (name: string, base: number): string =>
    b.priority === base ? name : b.priority < base ? `${name} - ${base - b.priority}` : `${name} + ${b.priority - base}`;
  if (b.hook === 'postrouting' && Math.abs(b.priority - 100) <= 10) return named('srcnat', 100);
  if (b.hook === 'prerouting' && Math.abs(b.priority + 100) <= 10) return named('dstnat', -100);
  if (Math.abs(b.priority) <= 10) return named('filter', 0);
  return String(b.priority);
}

/** nft prints timeouts as d/h/m/s components: 10800s -> "3h". */
export function nftDuration(seconds: number): string {
  const parts: string[] = [];
  let s = seconds;
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`);
  return parts.join('');
}

const elementKey = (e: NftElement): string => e.key.join(' . ');

function elementText(e: NftElement): string {
  return `${elementKey(e)}${e.comment ? ` comment "${e.comment}"` : ''}${e.value ? ` : ${e.value}` : ''}`;
}

export interface NftLayout {
  text: string;
  ruleLine: Map<NftRule, number>;
  /** "<set>\u0000<key>" -> line of the element */
  elementLine: Map<string, number>;
  chainLine: Map<string, number>;
}

const layouts = new WeakMap<NftData, NftLayout>();

/** `nft list table <family> kube-proxy`, with line positions of rules and elements. */
export function layoutNftList(d: NftData): NftLayout {
  const cached = layouts.get(d);
  if (cached) return cached;
  const lines: string[] = [];
  const ruleLine = new Map<NftRule, number>();
  const elementLine = new Map<string, number>();
  const chainLine = new Map<string, number>();
  lines.push(`table ${d.table} kube-proxy {`, '\tcomment "rules for kube-proxy"');
  const blocks: (() => void)[] = [];
  for (const s of d.sets) blocks.push(() => setBlock(s));
  for (const c of d.chains) {
    blocks.push(() => {
      chainLine.set(c.name, lines.length);
      lines.push(`\tchain ${c.name} {`);
      if (c.base) lines.push(`\t\ttype ${c.base.type} hook ${c.base.hook} priority ${priorityName(c.base)}; policy accept;`);
      if (c.comment) lines.push(`\t\tcomment "${c.comment}"`);
      for (const r of c.rules) {
        ruleLine.set(r, lines.length);
        lines.push(`\t\t${listRuleText(r)}`);
      }
      lines.push('\t}');
    });
  }
  blocks.forEach((b, i) => {
    if (i > 0) lines.push('');
    b();
  });
  lines.push('}');

  function setBlock(s: NftSet): void {
    lines.push(`\t${s.kind} ${s.name} {`);
    lines.push(`\t\ttype ${s.type}`);
    if (s.flags?.includes('dynamic')) lines.push('\t\tsize 65535');
    if (s.flags?.length) lines.push(`\t\tflags ${s.flags.join(',')}`);
    if (s.timeoutSeconds !== undefined) lines.push(`\t\ttimeout ${nftDuration(s.timeoutSeconds)}`);
    if (s.comment) lines.push(`\t\tcomment "${s.comment}"`);
    const els = [...s.elements].sort((a, b) => (elementKey(a) < elementKey(b) ? -1 : elementKey(a) > elementKey(b) ? 1 : 0));
    // nft's calculate_delimiter: concatenated keys one per line, IPv4 addresses
    // eight per line, IPv6 addresses two per line.
    const perLine = s.type.includes(' . ') ? 1 : s.type.startsWith('ipv6_addr') ? 2 : 8;
    for (let i = 0; i < els.length; i += perLine) {
      const chunk = els.slice(i, i + perLine);
      for (const e of chunk) elementLine.set(`${s.name}\u0000${elementKey(e)}`, lines.length);
      const head = i === 0 ? '\t\telements = { ' : '\t\t\t     ';
      lines.push(`${head}${chunk.map(elementText).join(', ')}${i + perLine >= els.length ? ' }' : ','}`);
    }
    lines.push('\t}');
  }

  const layout = { text: lines.join('\n'), ruleLine, elementLine, chainLine };
  layouts.set(d, layout);
  return layout;
}

export function formatNftList(d: NftData): string {
  return layoutNftList(d).text;
}

function priorityNumber(b: NftBaseChain): string {
  return `type ${b.type} hook ${b.hook} priority ${b.priority} ;`;
}

/** The transaction kube-proxy runs (`nft -f -` input), grouped like knftables' Fake.Dump. */
export function formatNftDump(d: NftData): string {
  const p = `${d.table} kube-proxy`;
  const lines: string[] = [`add table ${p} { comment "rules for kube-proxy" ; }`];
  for (const c of d.chains) {
    const props = [c.base ? priorityNumber(c.base) : '', c.comment ? `comment "${c.comment}" ;` : ''].filter(Boolean).join(' ');
    lines.push(`add chain ${p} ${c.name}${props ? ` { ${props} }` : ''}`);
  }
  for (const s of d.sets) {
    const props = [
      `type ${s.type} ;`,
      s.flags?.length ? `flags ${s.flags.join(',')} ;` : '',
      s.timeoutSeconds !== undefined ? `timeout ${s.timeoutSeconds}s ;` : '',
      s.comment ? `comment "${s.comment}" ;` : '',
    ].filter(Boolean);
    lines.push(`add ${s.kind} ${p} ${s.name} { ${props.join(' ')} }`);
  }
  for (const c of d.chains) {
    for (const r of c.rules) lines.push(`add rule ${p} ${c.name} ${r.text}${r.comment ? ` comment "${r.comment}"` : ''}`);
  }
  for (const s of d.sets) for (const e of s.elements) lines.push(`add element ${p} ${s.name} { ${elementText(e)} }`);
  return lines.join('\n');
}
