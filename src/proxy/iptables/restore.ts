// The iptables-restore input kube-proxy actually sends on a sync, given what
// the kernel holds from the previous sync (pkg/proxy/iptables syncProxyRules):
// - full sync: every chain, plus each stale service chain (KUBE-SVC/SVL/EXT/
//   FW/SEP- no longer used) declared (which flushes it) and deleted with -X;
// - partial sync (MinimizeIPTablesRestore, the default since v1.27): the
//   top-level chains always, the per-service chains only for services whose
//   rules changed, and -X for the chains those services no longer use.
// Layout follows the upstream tests' canonical order, -X lines last.

import { compareChainNames } from './program';
import type { IptablesChain, IptablesRuleset } from './types';

const SERVICE_CHAIN = /^KUBE-(SVC|SVL|EXT|FW|SEP)-/;

export interface RestoreOptions {
  /** write only the changed services' chains (needs `previous`) */
  partial?: boolean;
}

/** `ns/name` of the service a per-service chain belongs to (from its rules). */
function chainService(c: IptablesChain): string | undefined {
  const spn = c.rules[0]?.spn;
  if (spn === undefined) return undefined;
  const colon = spn.indexOf(':');
  return colon < 0 ? spn : spn.slice(0, colon);
}

export function formatRestorePayload(next: IptablesRuleset, previous?: IptablesRuleset, options: RestoreOptions = {}): string {
  const prevNat = new Map<string, IptablesChain>();
  for (const c of previous?.data.tables[1]?.chains ?? []) prevNat.set(c.name, c);
  const nextNatNames = new Set(next.data.tables[1]!.chains.map((c) => c.name));

  // Services whose per-service chains differ from what the kernel holds.
  const changedServices = new Set<string>();
  if (options.partial && previous) {
    for (const c of next.data.tables[1]!.chains) {
      if (!SERVICE_CHAIN.test(c.name)) continue;
      const old = prevNat.get(c.name);
      if (!old || old.rules !== c.rules) changedServices.add(chainService(c) ?? '');
    }
    for (const [name, c] of prevNat) if (SERVICE_CHAIN.test(name) && !nextNatNames.has(name)) changedServices.add(chainService(c) ?? '');
  }

  const stale = [...prevNat.values()].filter((c) => SERVICE_CHAIN.test(c.name) && !nextNatNames.has(c.name));
  const lines: string[] = [];
  for (const t of next.data.tables) {
    let chains = t.chains;
    const deleted: IptablesChain[] = [];
    if (t.name === 'nat') {
      if (options.partial && previous) {
        chains = chains.filter((c) => !SERVICE_CHAIN.test(c.name) || changedServices.has(chainService(c) ?? ''));
      }
      for (const c of stale) if (!options.partial || changedServices.has(chainService(c) ?? '')) deleted.push(c);
    }
    const declared = [...chains, ...deleted.map((c) => ({ name: c.name, rules: [] }))].sort((a, b) => compareChainNames(a.name, b.name));
    lines.push(`*${t.name}`);
    for (const c of declared) lines.push(`:${c.name} - [0:0]`);
    for (const c of declared) for (const r of c.rules) lines.push(r.text);
    for (const c of deleted.sort((a, b) => compareChainNames(a.name, b.name))) lines.push(`-X ${c.name}`);
    lines.push('COMMIT');
  }
  return lines.join('\n') + '\n';
}
