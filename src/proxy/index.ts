// The kube-proxy modes svcviz models, by name. Each mode renders the same
// service/endpoint model (common/) into its own ruleset.

import type { ProxyBackend, ProxyMode, Ruleset } from './types';
import { iptablesBackend } from './iptables';
import { ipvsBackend } from './ipvs';
import { nftablesBackend } from './nftables';
import { userspaceBackend } from './userspace';

const backends: Partial<Record<ProxyMode, ProxyBackend<Ruleset>>> = {
  iptables: iptablesBackend as unknown as ProxyBackend<Ruleset>,
  ipvs: ipvsBackend as unknown as ProxyBackend<Ruleset>,
  nftables: nftablesBackend as unknown as ProxyBackend<Ruleset>,
  userspace: userspaceBackend as unknown as ProxyBackend<Ruleset>,
};

/** Modes with a backend available. */
export function availableModes(): ProxyMode[] {
  return Object.keys(backends) as ProxyMode[];
}

/** The backend of a mode; kube-proxy's default mode '' means iptables on Linux. */
export function getBackend(mode: ProxyMode | ''): ProxyBackend<Ruleset> {
  const b = backends[mode === '' ? 'iptables' : mode];
  if (!b) throw new Error(`proxy mode "${mode}" is not available`);
  return b;
}
