// Builds one rule from its parts: the structured form and the exact text
// kube-proxy writes (`proxyutil.LineBuffer.Write` joins its words with
// spaces; comments containing spaces are double-quoted).

import type { IptablesRule, RulePart, RuleTarget } from './types';

/** kube-proxy quotes multi-word comments itself (`fmt.Sprintf("\"%s ...\"")`). */
export function quoteComment(c: string): string {
  return c.includes(' ') ? `"${c}"` : c;
}

function partText(p: RulePart): string {
  switch (p.k) {
    case 'comment':
      return `-m comment --comment ${quoteComment(p.value)}`;
    case 'proto':
      return `-m ${p.value} -p ${p.value}`;
    case 'src':
      return `${p.neg ? '! ' : ''}-s ${p.value}`;
    case 'dst':
      return `${p.neg ? '! ' : ''}-d ${p.value}`;
    case 'dport':
      return `--dport ${p.value}`;
    case 'srcLocal':
      return '-m addrtype --src-type LOCAL';
    case 'dstLocal':
      return '-m addrtype --dst-type LOCAL';
    case 'mark':
      return `-m mark ${p.neg ? '! ' : ''}--mark ${p.value}`;
    case 'ctstate':
      return `-m conntrack ${p.neg ? '! ' : ''}--ctstate ${p.states.join(',')}`;
    case 'statistic':
      return `-m statistic --mode random --probability ${p.text}`;
    case 'recentCheck':
      return `-m recent --name ${p.name} --rcheck --seconds ${p.seconds} --reap`;
    case 'recentSet':
      return `-m recent --name ${p.name} --set`;
    case 'nfacct':
      return `-m nfacct --nfacct-name ${p.name}`;
  }
}

function targetText(t: RuleTarget): string {
  switch (t.k) {
    case 'jump':
      return `-j ${t.chain}`;
    case 'DNAT':
      return `-j DNAT --to-destination ${t.endpoint}`;
    case 'MARK':
      return `-j MARK --${t.op}-mark ${t.value}`;
    case 'MASQUERADE':
      return t.randomFully ? '-j MASQUERADE --random-fully' : '-j MASQUERADE';
    case 'none':
      return '';
    default:
      return `-j ${t.k}`;
  }
}

export function makeRule(chain: string, parts: RulePart[], target: RuleTarget, spn?: string): IptablesRule {
  // One join per rule gives a flat string; `+=` would leave a rope of
  // fragments that every later join (format, 160k rules) has to flatten.
  const words = new Array<string>(parts.length + 2);
  words[0] = '-A ' + chain;
  let n = 1;
  for (const p of parts) words[n++] = partText(p);
  const t = targetText(target);
  if (t) words[n++] = t;
  words.length = n;
  const text = words.join(' ');
  const rule: IptablesRule = { chain, text, parts, target };
  if (spn !== undefined) rule.spn = spn;
  return rule;
}

export const jump = (chain: string): RuleTarget => ({ k: 'jump', chain });

/**
 * Go's `fmt.Sprintf("%0.10f", 1.0/float64(n))` (kube-proxy computeProbability).
 * JS toFixed breaks exact ties upwards, Go to even; a tie at the 11th decimal
 * only happens for 1/n with n a power of two >= 2048.
 */
const probabilityTexts: string[] = [];

export function probabilityText(n: number): string {
  if (n < 4096) return (probabilityTexts[n] ??= computeProbabilityText(n));
  return computeProbabilityText(n);
}

function computeProbabilityText(n: number): string {
  if (n >= 2048 && (n & (n - 1)) === 0) {
    const scale = 10_000_000_000;
    const q = Math.floor(scale / n);
    const r = scale - q * n;
    const rounded = 2 * r > n || (2 * r === n && q % 2 === 1) ? q + 1 : q;
    return `0.${String(rounded).padStart(10, '0')}`;
  }
  return (1 / n).toFixed(10);
}
