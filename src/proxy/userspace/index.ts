// kube-proxy `--proxy-mode=userspace` (historical: removed in v1.26) as a
// ProxyBackend, so the visualizer can show how Services used to be proxied.

import type { ProxyBackend } from '../types';
import { evaluateUserspace, sampleUserspace } from './evaluate';
import { formatUserspace } from './format';
import { programUserspace } from './program';
import type { UserspaceRuleset } from './types';

export type { UserspaceRuleset, UserspaceData, UserspaceProxySocket, UserspaceEndpoint } from './types';
export { HISTORICAL } from './types';
export { layoutUserspace } from './format';

export const userspaceBackend: ProxyBackend<UserspaceRuleset> = {
  mode: 'userspace',
  program: programUserspace,
  format: (ruleset) => formatUserspace(ruleset.data),
  evaluate: evaluateUserspace,
  sample: sampleUserspace,
};
