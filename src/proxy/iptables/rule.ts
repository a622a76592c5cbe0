// Builds one rule from its parts: the structured form and the exact text
// kube-proxy writes (`proxyutil.LineBuffer.Write` joins its words with
// spaces; comments containing spaces are double-quoted).

import type { IptablesRule, RulePart, RuleTarget } from './types';

/** kube-proxy quotes multi-word comments itself (`fmt.Sprintf("\"%s ...\"")`). */
export function quoteComment(c: string): string {
  return c.includes(' ') ? `"${c}"` : c;
}

// Each part and target is written as words into one scratch list that a
// single join(' ') turns into the rule's (flat) text: constant words are
// literals, so building a rule allocates little besides its text.
const words: string[] = [];

function pushPart(p: RulePart): void {
  switch (p.k) {
    case 'comment':
      words.push('-m comment --comment', quoteComment(p.value));
      return;
    case 'proto':
      words.push('-m', p.value, '-p', p.value);
      return;
    case 'src':
      if (p.neg) words.push('!');
      words.push('-s', p.value);
      return;
    case 'dst':
      if (p.neg) words.push('!');
      words.push('-d', p.value);
      return;
    case 'dport':
      words.push('--dport', String(p.value));
      return;
    case 'srcLocal':
      words.push('-m addrtype --src-type LOCAL');
      return;
    case 'dstLocal':
      words.push('-m addrtype --dst-type LOCAL');
      return;
    case 'mark':
      words.push('-m mark');
      if (p.neg) words.push('!');
      words.push('--mark', p.value);
      return;
    case 'ctstate':
      words.push('-m conntrack');
      if (p.neg) words.push('!');
      words.push('--ctstate', p.states.join(','));
      return;
    case 'statistic':
      words.push('-m statistic --mode random --probability', p.text);
      return;
    case 'recentCheck':
      words.push('-m recent --name', p.name, '--rcheck --seconds', String(p.seconds), '--reap');
      return;
    case 'recentSet':
      words.push('-m recent --name', p.name, '--set');
      return;
    case 'nfacct':
      words.push('-m nfacct --nfacct-name', p.name);
      return;
  }
}

function pushTarget(t: RuleTarget): void {
  switch (t.k) {
    case 'jump':
      words.push('-j', t.chain);
      return;
    case 'DNAT':
      words.push('-j DNAT --to-destination', t.endpoint);
      return;
    case 'MARK':
      words.push('-j MARK', t.op === 'or' ? '--or-mark' : '--xor-mark', t.value);
      return;
    case 'MASQUERADE':
      words.push(t.randomFully ? '-j MASQUERADE --random-fully' : '-j MASQUERADE');
      return;
    case 'none':
      return;
    default:
      words.push('-j', t.k);
  }
}

export function makeRule(chain: string, parts: RulePart[], target: RuleTarget, spn?: string): IptablesRule {
  words.length = 0;
  words.push('-A', chain);
  for (const p of parts) pushPart(p);
  pushTarget(target);
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
