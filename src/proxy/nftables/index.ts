// kube-proxy `--proxy-mode=nftables` (GA in v1.33) as a ProxyBackend: the
// node's `kube-proxy` table as data, `nft list table` text, and packet walks.

import type { ProxyBackend } from '../types';
import { evaluateNftables, sampleNftables } from './evaluate';
import { formatNftList } from './format';
import { programNftables } from './program';
import type { NftRuleset } from './types';

export type { NftRuleset, NftData, NftChain, NftRule, NftSet, NftElement } from './types';
export { formatNftDump, layoutNftList } from './format';
export { hashAndTruncate } from './names';

export const nftablesBackend: ProxyBackend<NftRuleset> = {
  mode: 'nftables',
  program: programNftables,
  format: (ruleset) => formatNftList(ruleset.data),
  evaluate: evaluateNftables,
  sample: sampleNftables,
};
