// Service updates: ValidateServiceUpdate's update-only rules, and the
// registry's patchAllocatedValues that runs before them (a re-applied
// manifest that omits clusterIP/nodePort keeps the allocated values).

import type { Service } from '../../types';
import { forbidden, invalid } from '../field-error';
import type { FieldError } from '../field-error';
import { goQuote, goRepr, goStringSlice } from '../go-format';
import type { GoRepr } from '../go-format';
import { isHeadlessService, needsHealthCheck, validateService } from './service';
import type { ServiceValidationOptions } from './service';

function goFamilies(list: readonly string[] | undefined): GoRepr {
  return list == null ? goRepr('[]core.IPFamily(nil)') : goRepr(`[]core.IPFamily{${list.map(goQuote).join(', ')}}`);
}

function needsClusterIP(svc: Service): boolean {
  return svc.spec.type !== 'ExternalName';
}

function needsNodePort(svc: Service): boolean {
  return svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer';
}

/**
 * storage.patchAllocatedValues: when the new object leaves an allocated value
 * empty and both versions still need it, the old value is carried over —
 * clusterIP(s) (and, as the registry's family init does, ipFamilies and
 * ipFamilyPolicy), nodePorts matched by port name unless already used by
 * another port, and healthCheckNodePort. Returns a new object.
 */
export function patchAllocatedValues(next: Service, prev: Service): Service {
  const spec = { ...next.spec };
  if (needsClusterIP(prev) && needsClusterIP(next)) {
    if (!spec.clusterIP && prev.spec.clusterIP) spec.clusterIP = prev.spec.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (prev.spec.clusterIPs ?? []).length > 0) spec.clusterIPs = [...(prev.spec.clusterIPs ?? [])];
    if ((spec.ipFamilies ?? []).length === 0 && prev.spec.ipFamilies) spec.ipFamilies = [...prev.spec.ipFamilies];
    if (spec.ipFamilyPolicy === undefined && prev.spec.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = prev.spec.ipFamilyPolicy;
  }
  if (needsNodePort(prev) && needsNodePort(next) && spec.ports) {
    const usedBy = (s: Service): Set<number> => new Set((s.spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));
    const nextUsed = usedBy(next);
    const used = new Set([...usedBy(prev)].filter((n) => nextUsed.has(n)));
    const byName = new Map<string, number>();
    for (const p of prev.spec.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    spec.ports = spec.ports.map((p) => {
      if (p.nodePort) return p;
      const old = byName.get(p.name ?? '') ?? 0;
      return old && !used.has(old) ? { ...p, nodePort: old } : p;
    });
  }
  if (needsHealthCheck(prev) && needsHealthCheck(next) && !spec.healthCheckNodePort && prev.spec.healthCheckNodePort) {
    spec.healthCheckNodePort = prev.spec.healthCheckNodePort;
  }
  return { ...next, spec };
}

/** ValidateServiceUpdate: update-only rules first, then ValidateService on the new object. */
export function validateServiceUpdate(next: Service, prev: Service, opts: ServiceValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['name', 'namespace'] as const) {
    if ((next.metadata?.[k] ?? '') !== (prev.metadata?.[k] ?? '')) {
      errs.push(invalid(`metadata.${k}`, next.metadata?.[k] ?? '', 'field is immutable'));
    }
  }
  errs.push(...validateUpgradeDowngradeClusterIPs(prev, next));
  errs.push(...validateUpgradeDowngradeIPFamilies(prev, next));
  if (prev.spec.type === 'LoadBalancer' && next.spec.type === 'LoadBalancer') {
    if ((prev.spec.loadBalancerClass ?? null) !== (next.spec.loadBalancerClass ?? null)) {
      errs.push(invalid('spec.loadBalancerClass', next.spec.loadBalancerClass ?? null, 'may not change once set'));
    }
  }
  // validateServiceExternalTrafficFieldsUpdate: the health-check port may not move while both
  // versions need one (an omitted value was already patched in by patchAllocatedValues).
  if (needsHealthCheck(prev) && needsHealthCheck(next)) {
    if ((prev.spec.healthCheckNodePort ?? 0) !== (next.spec.healthCheckNodePort ?? 0)) {
      errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
    }
  }
  return [...errs, ...validateService(next, opts)];
}

/** validateUpgradeDowngradeClusterIPs: a secondary IP may be added or released, the primary never changes. */
function validateUpgradeDowngradeClusterIPs(prev: Service, next: Service): FieldError[] {
  if (next.spec.type === 'ExternalName' || prev.spec.type === 'ExternalName') return [];
  if (isHeadlessService(prev) && isHeadlessService(next)) return [];
  const errs: FieldError[] = [];
  const oldIPs = prev.spec.clusterIPs ?? [];
  const newIPs = next.spec.clusterIPs ?? [];
  const list = goStringSlice(next.spec.clusterIPs);
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i]) errs.push(invalid(`spec.clusterIPs[${i}]`, list, 'may not change once set'));
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0) errs.push(invalid('spec.clusterIPs[0]', list, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
      errs.push(invalid('spec.clusterIPs[0]', list, 'may not change once set'));
    }
    if (newIPs.length === 1 && next.spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid('spec.clusterIPs[0]', list, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid('spec.clusterIPs[0]', list, 'may not change once set'));
  }
  return errs;
}

/** validateUpgradeDowngradeIPFamilies (its odd value/path choices reproduced). */
function validateUpgradeDowngradeIPFamilies(prev: Service, next: Service): FieldError[] {
  if (next.spec.type === 'ExternalName' || prev.spec.type === 'ExternalName') return [];
  if (isHeadlessService(prev) !== isHeadlessService(next) || isHeadlessService(next)) return [];
  const errs: FieldError[] = [];
  const oldF = prev.spec.ipFamilies ?? [];
  const newF = next.spec.ipFamilies ?? [];
  const ips = goStringSlice(next.spec.clusterIPs);
  if (oldF.length === newF.length) {
    oldF.forEach((f, i) => {
      if (f !== newF[i]) errs.push(invalid('spec.ipFamilies[0]', goFamilies(next.spec.ipFamilies), 'may not change once set'));
    });
  } else if (oldF.length > newF.length) {
    if ((next.spec.clusterIPs ?? []).length === 0) {
      errs.push(invalid('spec.ipFamilies[0]', goFamilies(next.spec.ipFamilies), 'primary ipFamily can not be unset'));
    }
    if (newF.length > 0 && newF[0] !== oldF[0]) errs.push(invalid('spec.ipFamilies[0]', ips, 'may not change once set'));
    if (newF.length === 1 && next.spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid('spec.clusterIPs[0]', ips, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (oldF.length > 0 && newF.length > 0 && newF[0] !== oldF[0]) {
    errs.push(invalid('spec.ipFamilies[0]', ips, 'may not change once set'));
  }
  return errs;
}
