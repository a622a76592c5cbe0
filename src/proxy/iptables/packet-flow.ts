// Test helper in the shape of upstream runPacketFlowTests: the result of a
// packet as "ip:port, ip:port" (every possible DNAT destination), or
// "ACCEPT"/"DROP"/"REJECT", or "" when no kube-proxy rule acted, plus
// whether it would be masqueraded.

import type { Protocol } from '../../model/types';
import type { Hook, ProxyOutcome } from '../types';
import { joinHostPort } from '../common/ip';
import { evaluateIptables } from './evaluate';
import type { IptablesRuleset } from './types';

export interface PacketFlowCase {
  name: string;
  sourceIP: string;
  destIP: string;
  destPort: number;
  protocol?: Protocol;
  output: string;
  masq?: boolean;
}

export function summarize(outcomes: readonly ProxyOutcome[]): { output: string; masq: boolean } {
  const dnat = outcomes.filter((o) => o.verdict === 'DNAT').map((o) => joinHostPort(o.dnatIP!, o.dnatPort!));
  const dropped = outcomes.find((o) => o.verdict === 'DROP' || o.verdict === 'REJECT');
  const accepted = outcomes.find((o) => o.verdict === 'ACCEPT' && o.steps.some((s) => s.rule.rule.endsWith('-j ACCEPT') && s.rule.chain === 'KUBE-NODEPORTS'));
  const output = dnat.length ? [...new Set(dnat)].join(', ') : dropped ? dropped.verdict : accepted ? 'ACCEPT' : '';
  return { output, masq: outcomes.some((o) => o.masqueraded) };
}

/** Host-originated packets (source is one of the node's addresses) enter at OUTPUT. */
export function runFlow(ruleset: IptablesRuleset, tc: PacketFlowCase, localIPs: readonly string[]) {
  const hook: Hook = localIPs.includes(tc.sourceIP) ? 'output' : 'prerouting';
  const outcomes = evaluateIptables(ruleset, { protocol: tc.protocol ?? 'TCP', srcIP: tc.sourceIP, srcPort: 40000, dstIP: tc.destIP, dstPort: tc.destPort }, hook);
  return summarize(outcomes);
}
