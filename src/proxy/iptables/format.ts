// The iptables-restore payload kube-proxy feeds to `iptables-restore
// --noflush`: per table, `*table`, chain declarations `:CHAIN - [0:0]`
// (which also flush them), the `-A` rules, and `COMMIT`.

import type { IptablesRuleset } from './types';

export function formatIptables(ruleset: IptablesRuleset): string {
  const lines: string[] = [];
  for (const t of ruleset.data.tables) {
    lines.push(`*${t.name}`);
    for (const c of t.chains) lines.push(`:${c.name} - [0:0]`);
    for (const c of t.chains) for (const r of c.rules) lines.push(r.text);
    lines.push('COMMIT');
  }
  return lines.join('\n') + '\n';
}
