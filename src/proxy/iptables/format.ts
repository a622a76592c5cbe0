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

/** The chain's rules, one per line, without a final newline. */
function rulesText(rules: readonly IptablesRule[]): string {
  let t = chainText.get(rules);
  if (t === undefined) {
    const lines = new Array<string>(rules.length);
    for (let i = 0; i < rules.length; i++) lines[i] = rules[i]!.text;
    t = lines.join('\n');
    chainText.set(rules, t);
  }
  return t;
}

/** Appends the payload's lines (no newlines: the caller joins with them). */
function pushPayload(lines: string[], data: IptablesData): void {
  for (const t of data.tables) {
    lines.push('*' + t.name);
    for (const c of t.chains) lines.push(':' + c.name + ' - [0:0]');
    for (const c of t.chains) {
      const rules = c.rules;
      if (rules.length >= CACHE_MIN_RULES) lines.push(rulesText(rules));
      else for (let i = 0; i < rules.length; i++) lines.push(rules[i]!.text);
    }
    lines.push('COMMIT');
  }
}

/** Header line between the two payloads of a dual-stack node (a comment to iptables-restore). */
export const SECONDARY_HEADER = (family: string): string => `# ${family === 'IPv6' ? 'ip6tables' : 'iptables'}-restore (${family} proxier)`;

export function formatIptables(ruleset: IptablesRuleset): string {
  const lines: string[] = [];
  pushPayload(lines, ruleset.data);
  if (ruleset.secondary) {
    lines.push(SECONDARY_HEADER(ruleset.secondary.family));
    pushPayload(lines, ruleset.secondary);
  }
  // One join: a flat string, each part copied once.
  lines.push('');
  return lines.join('\n');
}
