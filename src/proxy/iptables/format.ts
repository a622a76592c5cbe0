// The iptables-restore payload kube-proxy feeds to `iptables-restore
// --noflush`: per table, `*table`, chain declarations `:CHAIN - [0:0]`
// (which also flush them), the `-A` rules, and `COMMIT`.

import type { IptablesData, IptablesRule, IptablesRuleset } from './types';

// A big chain's rules text (KUBE-SERVICES, KUBE-NODEPORTS, ...), cached by
// the (immutable, shared across incremental re-programs) rules array. Small
// chains (the tens of thousands of KUBE-SEP-/KUBE-SVC- chains) are copied
// rule by rule into the one final join: caching them would cost a second
// copy of the whole payload and a WeakMap entry each, for no saving.
const chainText = new WeakMap<readonly IptablesRule[], string>();
const CACHE_MIN_RULES = 64;

function rulesText(rules: readonly IptablesRule[]): string {
  let t = chainText.get(rules);
  if (t === undefined) {
    // join() yields a flat string (+= would keep a rope to re-walk on every format)
    const lines = new Array<string>(rules.length + 1);
    for (let i = 0; i < rules.length; i++) lines[i] = rules[i]!.text;
    lines[rules.length] = '';
    t = lines.join('\n');
    chainText.set(rules, t);
  }
  return t;
}

function pushPayload(parts: string[], data: IptablesData): void {
  for (const t of data.tables) {
    parts.push(`*${t.name}\n`);
    for (const c of t.chains) parts.push(':', c.name, ' - [0:0]\n');
    for (const c of t.chains) {
      const rules = c.rules;
      if (rules.length >= CACHE_MIN_RULES) parts.push(rulesText(rules));
      else for (let i = 0; i < rules.length; i++) parts.push(rules[i]!.text, '\n');
    }
    parts.push('COMMIT\n');
  }
}

/** Header line between the two payloads of a dual-stack node (a comment to iptables-restore). */
export const SECONDARY_HEADER = (family: string): string => `# ${family === 'IPv6' ? 'ip6tables' : 'iptables'}-restore (${family} proxier)`;

export function formatIptables(ruleset: IptablesRuleset): string {
  const parts: string[] = [];
  pushPayload(parts, ruleset.data);
  if (ruleset.secondary) {
    parts.push(`${SECONDARY_HEADER(ruleset.secondary.family)}\n`);
    pushPayload(parts, ruleset.secondary);
  }
  return parts.join('');
}
