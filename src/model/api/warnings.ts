// Warnings the API server returns with a successful create (kubectl prints
// them as `Warning: …`): pkg/api/service/warnings.go GetWarningsForService,
// plus svcviz's explanations for fields that no longer do anything.

import type { Service } from '../types';
import { formatIP, maskIP, parseCIDRSloppy, parseIPSloppy } from './validation/ip';

export interface ApiWarning {
  /** field path used to locate the warning in the source */
  field: string;
  message: string;
}

export const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
export const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';

/** utilvalidation.GetWarningsForIP: non-standard forms (leading zeros, IPv4-mapped IPv6, non-canonical IPv6). */
export function ipWarnings(field: string, value: string): string[] {
  const ip = parseIPSloppy(value);
  if (!ip) return [];
  const canonical = formatIP(ip);
  const leadingZeros = ip.family === 'IPv4' && value.split('.').some((o) => o.length > 1 && o.startsWith('0'));
  const mapped = ip.family === 'IPv6' && canonical.includes('.');
  if (leadingZeros || mapped) {
    return [`${field}: non-standard IP address "${value}" will be considered invalid in a future Kubernetes release: use "${canonical}"`];
  }
  if (ip.family === 'IPv6' && canonical !== value) {
    return [`${field}: IPv6 address "${value}" should be in RFC 5952 canonical format ("${canonical}")`];
  }
  return [];
}

/** utilvalidation.GetWarningsForCIDR: host bits set, non-standard forms, non-canonical IPv6. */
export function cidrWarnings(field: string, value: string): string[] {
  const c = parseCIDRSloppy(value);
  if (!c) return [];
  const out: string[] = [];
  const net = maskIP(c.ip, c.prefix);
  const netText = `${formatIP(net)}/${c.prefix}`;
  if (!net.bytes.every((b, i) => b === c.ip.bytes[i])) {
    const bits = c.ip.family === 'IPv4' ? 32 : 128;
    out.push(`${field}: CIDR value "${value}" is ambiguous in this context (should be "${netText}" or "${formatIP(c.ip)}/${bits}"?)`);
  }
  const addrText = value.slice(0, value.indexOf('/'));
  const leadingZeros = c.ip.family === 'IPv4' && addrText.split('.').some((o) => o.length > 1 && o.startsWith('0'));
  if (leadingZeros || (c.ip.family === 'IPv6' && formatIP(c.ip).includes('.'))) {
    out.push(`${field}: non-standard CIDR value "${value}" will be considered invalid in a future Kubernetes release: use "${netText}"`);
  }
  const canonical = `${formatIP(c.ip)}/${c.prefix}`;
  if (out.length === 0 && c.ip.family === 'IPv6' && canonical !== value) {
    out.push(`${field}: IPv6 CIDR value "${value}" should be in RFC 5952 canonical format ("${canonical}")`);
  }
  return out;
}

function isHeadless(svc: Service): boolean {
  return svc.spec.type === 'ClusterIP' && svc.spec.clusterIP === 'None';
}

export function serviceWarnings(svc: Service): ApiWarning[] {
  const spec = svc.spec;
  const out: ApiWarning[] = [];
  const add = (field: string, message: string): void => void out.push({ field, message });
  const ann = svc.metadata?.annotations ?? {};

  if (ANNOTATION_TOPOLOGY_AWARE_HINTS in ann) {
    add(
      `metadata.annotations[${ANNOTATION_TOPOLOGY_AWARE_HINTS}]`,
      `annotation ${ANNOTATION_TOPOLOGY_AWARE_HINTS} is deprecated, please use ${ANNOTATION_TOPOLOGY_MODE} instead`,
    );
  }
  if (spec.clusterIP && spec.clusterIP !== 'None') {
    (spec.clusterIPs ?? []).forEach((ip, i) => ipWarnings(`spec.clusterIPs[${i}]`, ip).forEach((m) => add(`spec.clusterIPs[${i}]`, m)));
  }
  if (isHeadless(svc)) {
    if (spec.loadBalancerIP) add('spec.loadBalancerIP', 'spec.loadBalancerIP is ignored for headless services');
    if ((spec.externalIPs ?? []).length > 0) add('spec.externalIPs', 'spec.externalIPs is ignored for headless services');
    if (spec.sessionAffinity !== 'None') add('spec.sessionAffinity', 'spec.SessionAffinity is ignored for headless services');
  }
  (spec.externalIPs ?? []).forEach((ip, i) => ipWarnings(`spec.externalIPs[${i}]`, ip).forEach((m) => add(`spec.externalIPs[${i}]`, m)));
  if (spec.loadBalancerIP) {
    ipWarnings('spec.loadBalancerIP', spec.loadBalancerIP).forEach((m) => add('spec.loadBalancerIP', m));
    // svcviz's wording, after the field's API documentation (the API server itself only documents the deprecation).
    add(
      'spec.loadBalancerIP',
      'spec.loadBalancerIP is deprecated since v1.24: its meaning varies between load balancer implementations and it cannot express dual-stack; use your implementation\'s annotation instead',
    );
  }
  (spec.loadBalancerSourceRanges ?? []).forEach((c, i) =>
    cidrWarnings(`spec.loadBalancerSourceRanges[${i}]`, c).forEach((m) => add(`spec.loadBalancerSourceRanges[${i}]`, m)),
  );
  if (spec.type === 'ExternalName' && (spec.externalIPs ?? []).length > 0) {
    add('spec.externalIPs', 'spec.externalIPs is ignored when spec.type is "ExternalName"');
  }
  if (spec.type !== 'ExternalName' && spec.externalName) {
    add('spec.externalName', 'spec.externalName is ignored when spec.type is not "ExternalName"');
  }
  if (spec.topologyKeys !== undefined) {
    add(
      'spec.topologyKeys',
      'unknown field "spec.topologyKeys": topologyKeys was removed in Kubernetes v1.22 and is ignored; ' +
        'use topology-aware routing (spec.trafficDistribution: PreferClose, or the service.kubernetes.io/topology-mode: Auto annotation) ' +
        'and spec.internalTrafficPolicy: Local instead',
    );
  }
  return out;
}
