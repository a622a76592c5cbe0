// ValidateService (pkg/apis/core/validation, ≈v1.33): every check, in the
// upstream order, with the upstream field paths and messages — including the
// historical oddities `spec.LoadBalancerSourceRanges` (capital L) and
// `allocateLoadBalancerNodePorts: Required value` (no `spec.` prefix).
//
// Runs on the object AFTER defaulting (defaultService) and, in the real API
// server, after the registry allocated clusterIPs/nodePorts. svcviz's
// cluster builder allocates afterwards, so by default an empty clusterIP,
// zero nodePorts and a zero healthCheckNodePort are accepted; pass
// `{ allocated: true }` to validate a fully allocated object.

import type { Service, ServicePort } from '../../types';
import { duplicate, forbidden, invalid, notSupported, required } from '../field-error';
import type { FieldError } from '../field-error';
import { goQuote, goRepr, goStringSlice } from '../go-format';
import { ipFamilyOf, isDualStack, isIPv6String } from './ip';
import { nameIsDNS1035Label, validateLabels, validateObjectMeta } from './meta';
import {
  isValidPortNum,
  validateCIDR,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateIP,
  validateNonSpecialIP,
  validatePortNumOrName,
  validateQualifiedName,
} from './names';

export interface ServiceValidationOptions {
  /** clusterIP / nodePorts / healthCheckNodePort have been allocated */
  allocated?: boolean;
}

export const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
export const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
export const ANNOTATION_LB_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const TRAFFIC_DISTRIBUTIONS = ['PreferClose'];

/** clusterIPs == ["None"] (validation's isHeadlessService) */
export function isHeadlessService(svc: Service): boolean {
  const ips = svc.spec.clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

/** api/service.ExternallyAccessible: LB, NodePort, or ClusterIP with externalIPs. */
export function isExternallyAccessible(svc: Service): boolean {
  const t = svc.spec.type;
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (svc.spec.externalIPs ?? []).length > 0);
}

/** api/service.NeedsHealthCheck: LB with externalTrafficPolicy Local. */
export function needsHealthCheck(svc: Service): boolean {
  return svc.spec.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

/** `%#v` of core.ServicePort, as printed by the duplicate (protocol, port) check. */
export function goServicePortKey(protocol: string, port: number): string {
  return (
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
    `TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`
  );
}

export function validateService(svc: Service, opts: ServiceValidationOptions = {}): FieldError[] {
  const spec = svc.spec ?? {};
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameFn: nameIsDNS1035Label });
  const ann = svc.metadata?.annotations ?? {};

  // Topology-aware routing: the deprecated annotation must agree with its successor.
  if (ANNOTATION_TOPOLOGY_MODE in ann && ANNOTATION_TOPOLOGY_AWARE_HINTS in ann) {
    const mode = ann[ANNOTATION_TOPOLOGY_MODE] ?? '';
    if (mode !== ann[ANNOTATION_TOPOLOGY_AWARE_HINTS]) {
      errs.push(
        invalid(
          `metadata.annotations[${ANNOTATION_TOPOLOGY_MODE}]`,
          mode,
          `must match annotations[${ANNOTATION_TOPOLOGY_AWARE_HINTS}] when both are specified`,
        ),
      );
    }
  }

  const ports = spec.ports ?? [];
  const headless = isHeadlessService(svc);
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports'));

  switch (spec.type) {
    case 'LoadBalancer':
      if (headless) errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
      break;
    case 'NodePort':
      if (headless) errs.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
      break;
    case 'ExternalName': {
      if ((spec.clusterIPs ?? []).length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((spec.ipFamilies ?? []).length > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      // The CNAME may carry one trailing dot marking it fully qualified.
      const cname = (spec.externalName ?? '').replace(/\.$/, '');
      if (cname.length > 0) errs.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
      else errs.push(required('spec.externalName'));
      break;
    }
  }

  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));

  if (spec.selector != null) errs.push(...validateLabels(spec.selector, 'spec.selector'));

  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!AFFINITIES.includes(spec.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  if (spec.sessionAffinity === 'ClientIP') {
    errs.push(...validateClientIPAffinityConfig(svc));
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }

  errs.push(...validateClusterIPsRelatedFields(svc));

  (spec.externalIPs ?? []).forEach((ip, i) => {
    const p = `spec.externalIPs[${i}]`;
    const ipErrs = validateIP(p, ip);
    errs.push(...(ipErrs.length ? ipErrs : validateNonSpecialIP(ip, p)));
  });

  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));

  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }

  // One nodePort per protocol: the later duplicate is reported.
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol ?? ''}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });

  // (protocol, port) pairs must be unique; the value printed is the Go struct key.
  const pairs = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol ?? ''}/${p.port}`;
    if (pairs.has(key)) errs.push(duplicate(`spec.ports[${i}]`, goRepr(goServicePortKey(p.protocol ?? '', p.port ?? 0))));
    pairs.add(key);
  });

  errs.push(...validateSourceRanges(svc));

  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) {
    // Upstream builds this path without the `spec` parent.
    errs.push({ ...required('allocateLoadBalancerNodePorts'), at: 'spec' });
  }

  errs.push(...validateLoadBalancerClassField(svc));
  errs.push(...validateExternalTrafficPolicy(svc, opts));

  if (spec.internalTrafficPolicy === undefined) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP') {
      errs.push(required('spec.internalTrafficPolicy'));
    }
  } else if (!TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    errs.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }

  if (spec.trafficDistribution !== undefined && !TRAFFIC_DISTRIBUTIONS.includes(spec.trafficDistribution)) {
    errs.push(notSupported('spec.trafficDistribution', spec.trafficDistribution, TRAFFIC_DISTRIBUTIONS));
  }
  return errs;
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = sp.name ?? '';
  if (requireName && name.length === 0) {
    errs.push(required(`${path}.name`));
  } else if (name.length !== 0) {
    errs.push(...validateDNS1123Label(name, `${path}.name`));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    else names.add(name);
  }
  const port = sp.port ?? 0; // a missing port decodes as Go's zero value
  for (const msg of isValidPortNum(port)) errs.push(invalid(`${path}.port`, port, msg));
  if (!sp.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(sp.protocol)) errs.push(notSupported(`${path}.protocol`, sp.protocol, PROTOCOLS));
  // Defaulting turns a zero/empty targetPort into `port`; one that survived is checked as given.
  errs.push(...validatePortNumOrName(sp.targetPort ?? 0, `${path}.targetPort`));
  if (sp.appProtocol !== undefined) errs.push(...validateQualifiedName(sp.appProtocol, `${path}.appProtocol`));
  // Headless services tolerate any targetPort (v1 API compatibility): nothing more to check.
  return errs;
}

function validateClientIPAffinityConfig(svc: Service): FieldError[] {
  const cfg = svc.spec.sessionAffinityConfig;
  const why = 'when session affinity type is ClientIP';
  if (cfg === undefined) return [required('spec.sessionAffinityConfig', why)];
  if (cfg.clientIP === undefined) return [required('spec.sessionAffinityConfig.clientIP', why)];
  const t = cfg.clientIP.timeoutSeconds;
  if (t === undefined) return [required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', why)];
  if (t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS) {
    return [
      invalid(
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
        t,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      ),
    ];
  }
  return [];
}

/** ValidateServiceClusterIPsRelatedFields: clusterIP(s) <-> ipFamilies <-> ipFamilyPolicy. */
export function validateClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  const list = goStringSlice(spec.clusterIPs);

  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required('spec.clusterIPs'));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid('spec.clusterIPs', list, 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) {
    errs.push(invalid('spec.clusterIPs', list, 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (!IP_FAMILIES.includes(f)) errs.push(notSupported(`spec.ipFamilies[${i}]`, f, IP_FAMILIES));
    if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });

  if (spec.ipFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }

  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid('spec.clusterIPs', list, "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(`spec.clusterIPs[${i}]`, ip);
    if (e.length) hasInvalidIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', list, 'may only hold up to 2 values'));
  // A bad IP or a misplaced None would skew the remaining messages: stop here.
  if (hasInvalidIPs) return errs;

  if (ips.length > 1 && !isDualStack(ips.map(ipFamilyOf))) {
    errs.push(invalid('spec.clusterIPs', list, 'may specify no more than one IP for each IP family'));
  }

  const families = spec.ipFamilies ?? [];
  if (!isHeadlessService(svc) && ips.length > 0 && families.length > 0) {
    for (let i = 0; i < ips.length && i < families.length; i++) {
      const ip = ips[i] ?? '';
      if (families[i] === 'IPv4' && isIPv6String(ip)) {
        errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (families[i] === 'IPv6' && !isIPv6String(ip)) {
        errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    }
  }
  return errs;
}

function validateSourceRanges(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const ranges = svc.spec.loadBalancerSourceRanges ?? [];
  const ann = svc.metadata?.annotations ?? {};
  if (ranges.length > 0) {
    // Sic: upstream names this path with a capital L.
    const p = 'spec.LoadBalancerSourceRanges';
    if (svc.spec.type !== 'LoadBalancer') errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    // Historical accident from the annotation days: entries may be space-padded.
    ranges.forEach((v, i) => errs.push(...validateCIDR(`${p}[${i}]`, v.trim())));
  } else if (ANNOTATION_LB_SOURCE_RANGES in ann) {
    const p = `metadata.annotations[${ANNOTATION_LB_SOURCE_RANGES}]`;
    if (svc.spec.type !== 'LoadBalancer') errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    const val = (ann[ANNOTATION_LB_SOURCE_RANGES] ?? '').trim();
    if (val !== '') for (const v of val.split(',')) errs.push(...validateCIDR(p, v.trim()));
  }
  return errs;
}

function validateLoadBalancerClassField(svc: Service): FieldError[] {
  const cls = svc.spec.loadBalancerClass;
  if (svc.spec.type === 'LoadBalancer') return cls === undefined ? [] : validateQualifiedName(cls, 'spec.loadBalancerClass');
  return cls === undefined ? [] : [forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'")];
}

function validateExternalTrafficPolicy(svc: Service, opts: ServiceValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const etp = svc.spec.externalTrafficPolicy;
  if (!isExternallyAccessible(svc)) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) {
    errs.push(required('spec.externalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(etp)) {
    errs.push(notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));
  }

  const hc = svc.spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(svc)) {
    if (hc !== 0) {
      errs.push(
        invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
      );
    }
  } else if (hc === 0) {
    // The registry allocates it between defaulting and validation.
    if (opts.allocated) errs.push(required('spec.healthCheckNodePort'));
  } else {
    for (const msg of isValidPortNum(hc)) errs.push(invalid('spec.healthCheckNodePort', hc, msg));
  }
  return errs;
}
