// kube-proxy's per-service-port model (pkg/proxy/serviceport.go,
// servicechangetracker.go): which Service ports a proxier of one IP family
// programs, and the facts every mode derives its rules from.

import type { Cluster } from '../../model/cluster';
import type { IPFamily, Protocol, Service } from '../../model/types';
import { canonicalIP, ipFamilyOf, parseCIDR } from './ip';

export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** the Service port's name ('' when unnamed) */
  portName: string;
  /** ServicePortName.String(): "ns/name" or "ns/name:portName" (protocol not included) */
  spn: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  /** numeric targetPort when the Service gives one, else 0 (named ports resolve per endpoint) */
  targetPort: number;
  nodePort: number;
  /** spec.externalIPs of this family, canonical */
  externalIPs: string[];
  /** status.loadBalancer.ingress[].ip of this family, skipping ipMode Proxy, in status order */
  loadBalancerVIPs: string[];
  /** spec.loadBalancerSourceRanges of this family, trimmed, canonical CIDRs */
  loadBalancerSourceRanges: string[];
  sessionAffinityClientIP: boolean;
  /** ClientIP affinity timeout (0 when no affinity) */
  stickyMaxAgeSeconds: number;
  /** eTP Local and the Service is externally accessible (type LB/NodePort, or externalIPs) */
  externalPolicyLocal: boolean;
  /** iTP Local */
  internalPolicyLocal: boolean;
  /** per port: nodePort != 0, or any LB VIP, or any external IP */
  externallyAccessible: boolean;
  /** iTP Cluster, or externally accessible (eTP Local still short-circuits via the cluster chain) */
  usesClusterEndpoints: boolean;
  /** iTP Local, or eTP Local and externally accessible */
  usesLocalEndpoints: boolean;
  /** spec.healthCheckNodePort when type LB + eTP Local, else 0 */
  healthCheckNodePort: number;
  service: Service;
}

/** ServicePortName.String() */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

/** The key used for endpoint maps: spn + "/" + protocol. */
export function servicePortKey(spn: string, protocol: Protocol): string {
  return `${spn}/${protocol}`;
}

/** Services carrying this label belong to another proxy; kube-proxy's informers filter them out. */
export const SERVICE_PROXY_NAME_LABEL = 'service.kubernetes.io/service-proxy-name';

/**
 * proxyutil.ShouldSkipService (no cluster IP: headless or unallocated, or
 * ExternalName) plus the informer label selector `!service.kubernetes.io/service-proxy-name`.
 */
export function shouldSkipService(svc: Service): boolean {
  if (svc.metadata.labels && SERVICE_PROXY_NAME_LABEL in svc.metadata.labels) return true;
  const ip = svc.spec.clusterIP ?? svc.spec.clusterIPs?.[0] ?? '';
  if (ip === '' || ip === 'None') return true;
  return svc.spec.type === 'ExternalName';
}

/** proxyutil.GetClusterIPByFamily: the clusterIPs entry of the family ('' if none). */
export function clusterIPForFamily(svc: Service, family: IPFamily): string {
  const fams = svc.spec.ipFamilies ?? [];
  if (fams.length === 0) {
    const ip = svc.spec.clusterIP ?? '';
    if (ip === '' || ip === 'None') return '';
    return ipFamilyOf(ip) === family ? ip : '';
  }
  const ips = svc.spec.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec.clusterIP ? [svc.spec.clusterIP] : [];
  const idx = fams.indexOf(family);
  return idx >= 0 && idx < ips.length ? ips[idx]! : '';
}

/** apiservice.ExternallyAccessible: LB, NodePort, or ClusterIP with externalIPs. */
export function serviceExternallyAccessible(svc: Service): boolean {
  const t = svc.spec.type ?? 'ClusterIP';
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (svc.spec.externalIPs?.length ?? 0) > 0);
}

/** apiservice.NeedsHealthCheck: LB with externalTrafficPolicy Local. */
export function needsHealthCheck(svc: Service): boolean {
  return svc.spec.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

function normalizeProtocol(p: string | undefined): Protocol {
  const up = (p ?? 'TCP').toUpperCase();
  return up === 'UDP' ? 'UDP' : up === 'SCTP' ? 'SCTP' : 'TCP';
}

/** Service ports of one Service for one family (empty when kube-proxy skips the Service). */
export function buildServicePortsOf(svc: Service, family: IPFamily): ServicePortInfo[] {
  if (shouldSkipService(svc)) return [];
  const rawClusterIP = clusterIPForFamily(svc, family);
  const clusterIP = rawClusterIP ? canonicalIP(rawClusterIP) : null;
  if (!clusterIP) return [];

  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const externalPolicyLocal = svc.spec.externalTrafficPolicy === 'Local' && serviceExternallyAccessible(svc);
  const internalPolicyLocal = svc.spec.internalTrafficPolicy === 'Local';
  const affinity = svc.spec.sessionAffinity === 'ClientIP';
  const sticky = affinity ? (svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0;

  const externalIPs: string[] = [];
  for (const e of svc.spec.externalIPs ?? []) {
    const ip = canonicalIP(e.trim());
    if (ip && ipFamilyOf(ip) === family) externalIPs.push(ip);
  }
  // Validation tolerates whitespace padding in source ranges; kube-proxy trims it.
  const sourceRanges: string[] = [];
  for (const r of svc.spec.loadBalancerSourceRanges ?? []) {
    const c = parseCIDR(r.trim());
    if (c && c.family === family) sourceRanges.push(c.text);
  }
  // Only VIP-style load balancers are captured; ipMode Proxy LBs deliver to node ports.
  const lbVIPs: string[] = [];
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (!ing.ip || ing.ipMode === 'Proxy') continue;
    const ip = canonicalIP(ing.ip);
    if (ip && ipFamilyOf(ip) === family) lbVIPs.push(ip);
  }
  const hcnp = needsHealthCheck(svc) ? (svc.spec.healthCheckNodePort ?? 0) : 0;

  return (svc.spec.ports ?? []).map((p) => {
    const portName = p.name ?? '';
    const nodePort = p.nodePort ?? 0;
    const externallyAccessible = nodePort !== 0 || lbVIPs.length > 0 || externalIPs.length > 0;
    return {
      namespace,
      name,
      portName,
      spn: servicePortNameString(namespace, name, portName),
      protocol: normalizeProtocol(p.protocol),
      clusterIP,
      port: p.port,
      targetPort: typeof p.targetPort === 'number' ? p.targetPort : p.targetPort === undefined ? p.port : 0,
      nodePort,
      externalIPs,
      loadBalancerVIPs: lbVIPs,
      loadBalancerSourceRanges: sourceRanges,
      sessionAffinityClientIP: affinity,
      stickyMaxAgeSeconds: sticky,
      externalPolicyLocal,
      internalPolicyLocal,
      externallyAccessible,
      usesClusterEndpoints: !internalPolicyLocal || externallyAccessible,
      usesLocalEndpoints: internalPolicyLocal || (externalPolicyLocal && externallyAccessible),
      healthCheckNodePort: hcnp,
      service: svc,
    };
  });
}

/** Compares ServicePortName strings the way Go's sort.Strings does (byte order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every service port a proxier of `family` programs, sorted by ServicePortName then protocol. */
export function buildServicePorts(cluster: Cluster, family: IPFamily): ServicePortInfo[] {
  const out: ServicePortInfo[] = [];
  for (const svc of cluster.services) out.push(...buildServicePortsOf(svc, family));
  out.sort((a, b) => compareStrings(a.spn, b.spn) || compareStrings(a.protocol, b.protocol));
  return out;
}
