// kube-proxy's configuration validation (pkg/proxy/apis/config/validation),
// for the fields svcviz uses. Paths are upstream's Go-struct paths
// (`KubeProxyConfiguration.Mode.ProxyMode`, `...Scheduler.Scheduler` — the
// doubled segments are upstream's); PROXY_CONFIG_FIELD_AT maps them to YAML
// fields for locating them in the source.
//
// svcviz difference: `userspace` was removed in v1.26 (valid values since:
// iptables, ipvs, nftables) but svcviz still animates it, so it is accepted
// here and reported as a warning by proxyConfigWarnings instead.

import type { KubeProxyConfiguration } from '../../types';
import { invalid } from '../field-error';
import type { FieldError } from '../field-error';
import { goStringSlice } from '../go-format';
import { parseCIDRSloppy } from './ip';

const ROOT = 'KubeProxyConfiguration';
export const PROXY_MODES = ['iptables', 'ipvs', 'nftables'];
export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq', ''];

export const PROXY_CONFIG_FIELD_AT: Readonly<Record<string, string>> = {
  [`${ROOT}.Mode.ProxyMode`]: 'mode',
  [`${ROOT}.KubeProxyIPTablesConfiguration.MasqueradeBit`]: 'iptables.masqueradeBit',
  [`${ROOT}.KubeProxyIPVSConfiguration.Scheduler.Scheduler`]: 'ipvs.scheduler',
  [`${ROOT}.ClusterCIDR`]: 'clusterCIDR',
  [`${ROOT}.NodePortAddresses`]: 'nodePortAddresses',
};

export function validateProxyConfig(cfg: KubeProxyConfiguration): FieldError[] {
  const errs: FieldError[] = [];
  const bit = cfg.iptables?.masqueradeBit;
  if (bit !== undefined && (bit < 0 || bit > 31)) {
    errs.push(invalid(`${ROOT}.KubeProxyIPTablesConfiguration.MasqueradeBit`, bit, 'must be within the range [0, 31]'));
  }
  if (cfg.mode === 'ipvs') {
    const sched = cfg.ipvs?.scheduler ?? '';
    if (!IPVS_SCHEDULERS.includes(sched)) {
      // Go prints the []IPVSSchedulerMethod with %v, the trailing "" as a trailing space.
      errs.push(
        invalid(
          `${ROOT}.KubeProxyIPVSConfiguration.Scheduler.Scheduler`,
          sched,
          `must be in [${IPVS_SCHEDULERS.join(' ')}], blank means the default algorithm method (currently rr)`,
        ),
      );
    }
  }
  const mode = cfg.mode ?? '';
  if (mode !== '' && mode !== 'userspace' && !PROXY_MODES.includes(mode)) {
    errs.push(
      invalid(`${ROOT}.Mode.ProxyMode`, mode, `must be ${PROXY_MODES.join(',')} or blank (blank means the best-available proxy [currently iptables])`),
    );
  }
  if (cfg.clusterCIDR) {
    const cidrs = cfg.clusterCIDR.split(',');
    if (cidrs.length > 2) {
      errs.push(invalid(`${ROOT}.ClusterCIDR`, cfg.clusterCIDR, 'only one CIDR allowed or a valid DualStack CIDR (e.g. 10.100.0.0/16,fde4:8dba:82e1::/48)'));
    } else if (cidrs.length === 2) {
      const fams = cidrs.map((c) => parseCIDRSloppy(c)?.ip.family);
      if (!(fams.includes('IPv4') && fams.includes('IPv6'))) {
        errs.push(invalid(`${ROOT}.ClusterCIDR`, cfg.clusterCIDR, 'must be a valid DualStack CIDR (e.g. 10.100.0.0/16,fde4:8dba:82e1::/48)'));
      }
    } else if (!parseCIDRSloppy(cfg.clusterCIDR)) {
      errs.push(invalid(`${ROOT}.ClusterCIDR`, cfg.clusterCIDR, 'must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)'));
    }
  }
  // `primary` is the only special value (nftables/iptables since v1.29); everything else must be a CIDR.
  const npa = cfg.nodePortAddresses ?? [];
  if (npa.some((a) => a !== 'primary' && !parseCIDRSloppy(a))) {
    errs.push(invalid(`${ROOT}.NodePortAddresses`, goStringSlice(npa), 'must be a valid IP block'));
  }
  return errs;
}

/** Warnings svcviz adds for configurations that real kube-proxy v1.33 would not run. */
export function proxyConfigWarnings(cfg: KubeProxyConfiguration): { field: string; message: string }[] {
  if (cfg.mode === 'userspace') {
    return [
      {
        field: 'mode',
        message:
          'proxy mode "userspace" was removed in Kubernetes v1.26 (valid modes: iptables, ipvs, nftables); svcviz simulates the legacy userspace proxier for teaching',
      },
    ];
  }
  return [];
}
