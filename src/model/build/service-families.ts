// The registry's initIPFamilyFields (pkg/registry/core/service/storage/alloc.go):
// before any IP is allocated it settles spec.ipFamilyPolicy and
// spec.ipFamilies from the request and the cluster's configured families
// (one per Service CIDR family, primary first).

import type { IPFamily, Service } from '../types';
import { familyOf } from './ip';
import { invalidError, type AllocError } from './alloc-error';

export interface FamilyResult {
  service: Service;
  errors: AllocError[];
  /** true when the clusterIP fields are malformed: allocation is skipped and validation reports them */
  malformed: boolean;
}

/**
 * Loose pre-validation (ValidateServiceClusterIPsRelatedFields): anything
 * that is not "", "None" or an IP, or clusterIP/clusterIPs disagreeing, is
 * left for validation to report with its own messages.
 */
function isMalformed(svc: Service): boolean {
  const ips = svc.spec.clusterIPs ?? [];
  const ip = svc.spec.clusterIP ?? '';
  if (ips.length > 2) return true;
  if (ip !== '' && ips[0] !== ip) return true;
  if (ip === '' && ips.length > 0) return true;
  if (ips[0] === 'None' && ips.length > 1) return true;
  for (const [i, x] of ips.entries()) if (!(x === 'None' && i === 0) && familyOf(x) === null) return true;
  const fams = svc.spec.ipFamilies ?? [];
  if (fams.some((f) => f !== 'IPv4' && f !== 'IPv6') || new Set(fams).size !== fams.length) return true;
  for (const [i, x] of ips.entries()) {
    const f = familyOf(x);
    if (f && fams[i] && fams[i] !== f) return true;
  }
  const fs = ips.map(familyOf).filter((f) => f);
  return new Set(fs).size !== fs.length;
}

const other = (f: IPFamily): IPFamily => (f === 'IPv4' ? 'IPv6' : 'IPv4');

export function initIPFamilyFields(input: Service, clusterFamilies: readonly IPFamily[], prev?: Service): FamilyResult {
  if (input.spec.type === 'ExternalName') return { service: input, errors: [], malformed: false };
  const spec = { ...input.spec };
  const svc: Service = { ...input, spec };
  const selectorless = !spec.selector || Object.keys(spec.selector).length === 0;
  const headless = spec.clusterIP === 'None';

  if (!spec.ipFamilyPolicy) {
    if (prev?.spec.ipFamilyPolicy) spec.ipFamilyPolicy = prev.spec.ipFamilyPolicy;
    else spec.ipFamilyPolicy = headless && selectorless ? 'RequireDualStack' : 'SingleStack';
  }
  if (isMalformed(svc)) return { service: svc, errors: [], malformed: true };

  const errors: AllocError[] = [];
  const policy = spec.ipFamilyPolicy;
  if (policy === 'SingleStack') {
    if ((spec.clusterIPs?.length ?? 0) === 2)
      errors.push(invalidError('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if ((spec.ipFamilies?.length ?? 0) === 2)
      errors.push(invalidError('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  const families: IPFamily[] = [...((spec.ipFamilies ?? []) as IPFamily[])];
  for (const [i, ip] of (spec.clusterIPs ?? []).entries()) {
    if (ip === 'None') break;
    const fam = familyOf(ip) as IPFamily;
    if (i >= families.length) {
      if (!clusterFamilies.includes(fam))
        errors.push(invalidError(`spec.clusterIPs[${i}]`, spec.clusterIPs, `${fam} is not configured on this cluster`));
      else families.push(fam);
    }
  }
  if (errors.length) return { service: svc, errors, malformed: false };

  if (headless && selectorless) {
    if (families.length === 0) families.push(clusterFamilies[0] ?? 'IPv4');
    if (families.length < 2 && policy !== 'SingleStack') families.push(other(families[0] as IPFamily));
    spec.ipFamilies = families;
    return { service: svc, errors, malformed: false };
  }

  if (policy === 'RequireDualStack' && clusterFamilies.length < 2)
    errors.push(invalidError('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
  for (const [i, f] of families.entries())
    if (!clusterFamilies.includes(f)) errors.push(invalidError(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
  if (errors.length) return { service: svc, errors, malformed: false };

  if (families.length === 0) families.push(clusterFamilies[0] ?? 'IPv4');
  if (policy !== 'SingleStack' && families.length === 1 && clusterFamilies.length === 2) families.push(other(families[0] as IPFamily));
  spec.ipFamilies = families;
  return { service: svc, errors, malformed: false };
}
