// kube-proxy iptables mode as a ProxyBackend: program -> format -> evaluate/sample,
// all over the same IptablesRuleset data.

import type { ProxyBackend } from '../types';
import { evaluateIptables, sampleIptables } from './evaluate';
import { formatIptables } from './format';
import { programIptablesNode } from './program';
import type { IptablesRuleset } from './types';

export const iptablesBackend: ProxyBackend<IptablesRuleset> = {
  mode: 'iptables',
  // `previous` (optional) lets a caller reuse the unchanged blocks of an earlier ruleset.
  program: (cluster, options, previous?: IptablesRuleset) => programIptablesNode(cluster, options, previous),
  format: formatIptables,
  evaluate: (ruleset, packet, hook) => evaluateIptables(ruleset, packet, hook),
  sample: sampleIptables,
};

export { programIptables, programIptablesNode, LARGE_CLUSTER_ENDPOINTS_THRESHOLD, compareChainNames } from './program';
export { UPSTREAM_FAKE_PROXIER, formatMark, type IptablesProgramOptions } from './config';
export { formatIptables, SECONDARY_HEADER } from './format';
export { formatRestorePayload, type RestoreOptions } from './restore';
export { payloadLines, ruleLine, type PayloadLines } from './lines';
export { evaluateIptables, sampleIptables, recentKey, type RecentContext } from './evaluate';
export type * from './types';
