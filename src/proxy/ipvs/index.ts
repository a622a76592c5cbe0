// kube-proxy `--proxy-mode=ipvs` as a ProxyBackend: program the node's IPVS
// virtual servers, ipsets and iptables rules; render them; walk packets.

import type { ProxyBackend } from '../types';
import { evaluateIpvs, sampleIpvs } from './evaluate';
import { formatIpvs } from './format';
import { programIpvs } from './program';
import type { IpvsRuleset } from './types';

export type { IpvsRuleset, IpvsData, IpvsVirtualServer, IpvsRealServer, IpvsOutcome, Ipset, IpvsScheduler } from './types';
export { IPVS_SCHEDULERS } from './types';
export { layoutIpvs } from './format';

export const ipvsBackend: ProxyBackend<IpvsRuleset> = {
  mode: 'ipvs',
  program: programIpvs,
  format: (ruleset) => formatIpvs(ruleset.data),
  evaluate: evaluateIpvs,
  sample: sampleIpvs,
};
