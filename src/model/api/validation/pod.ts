// Pod essentials from ValidatePod / ValidatePodSpec / validateContainers:
// the parts that matter to Services (container ports and their names, which
// named targetPorts resolve against; host networking; readiness probes;
// hostname/subdomain for DNS). Volumes, security and resources are not
// modelled.

import type { Container, ContainerPort, Pod, PodSpec, Probe } from '../../types';
import { duplicate, forbidden, invalid, notSupported, required } from '../field-error';
import type { FieldError } from '../field-error';
import { nameIsDNSSubdomain, validateLabels, validateObjectMeta } from './meta';
import { isDNS1123Subdomain, isValidPortName, isValidPortNum, validateDNS1123Label } from './names';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
// validateDNSPolicy passes a literal list (not sets.List), so this order is what it prints.
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const NEGATIVE = 'must be greater than or equal to 0';

export function validatePod(pod: Pod): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validatePodSpec(pod.spec, 'spec', { resourceIsPod: true }),
  ];
}

/** ValidatePodSpec (subset), in upstream order. */
export function validatePodSpec(spec: PodSpec | undefined, path: string, opts: { resourceIsPod?: boolean } = {}): FieldError[] {
  const s: PodSpec = spec ?? { containers: [] };
  const errs = validateContainers(s.containers ?? [], `${path}.containers`);
  errs.push(...validateInitContainers(s.initContainers ?? [], s.containers ?? [], `${path}.initContainers`));
  if (s.hostNetwork) {
    (s.containers ?? []).forEach((c, i) =>
      (c.ports ?? []).forEach((p, j) => {
        // A Pod's hostPort was defaulted to containerPort; a template may leave it 0 (defaulted when its Pods are made).
        const hp = p.hostPort ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== p.containerPort) {
          errs.push(invalid(`${path}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      }),
    );
  }
  if (s.dnsPolicy === '') errs.push(required(`${path}.dnsPolicy`));
  else if (s.dnsPolicy !== undefined && !DNS_POLICIES.includes(s.dnsPolicy)) {
    errs.push(notSupported(`${path}.dnsPolicy`, s.dnsPolicy, DNS_POLICIES));
  }
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  if (s.nodeName) for (const m of isDNS1123Subdomain(s.nodeName)) errs.push(invalid(`${path}.nodeName`, s.nodeName, m));
  if (s.hostname) errs.push(...validateDNS1123Label(s.hostname, `${path}.hostname`));
  if (s.subdomain) errs.push(...validateDNS1123Label(s.subdomain, `${path}.subdomain`));
  return errs;
}

function validateContainers(containers: Container[], path: string): FieldError[] {
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p));
    if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    if (c.readinessProbe !== undefined) errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`));
    if (c.restartPolicy !== undefined) errs.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  return errs;
}

function validateInitContainers(inits: Container[], containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(containers.map((c) => c.name));
  inits.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p));
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') {
      errs.push(notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
    }
    // Init container names share one namespace with the regular containers.
    if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    else if (c.name) names.add(c.name);
    if (c.readinessProbe !== undefined) {
      // Only sidecars (restartPolicy: Always) may have probes; their ports then count for Services.
      if (c.restartPolicy === 'Always') errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`));
      else errs.push(forbidden(`${p}.readinessProbe`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}

function validateContainerCommon(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else errs.push(...validateDNS1123Label(c.name, `${path}.name`));
  if (!c.image) errs.push(required(`${path}.image`));
  errs.push(...validateContainerPorts(c.ports ?? [], `${path}.ports`));
  return errs;
}

/** validateContainerPorts: names are IANA_SVC_NAMEs, unique per container. */
export function validateContainerPorts(ports: ContainerPort[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(`${p}.name`, port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(`${p}.containerPort`));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(`${p}.containerPort`, port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(`${p}.hostPort`, port.hostPort, m));
    if (!port.protocol) errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

/** validateProbe + validateHandler: exactly one handler; timings non-negative. */
function validateProbe(probe: Probe, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) errs.push(required(path, 'must specify a handler type'));
  for (const h of handlers.slice(1)) errs.push(forbidden(`${path}.${h}`, 'may not specify more than 1 handler type'));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    const v = probe[k];
    if (typeof v === 'number' && v < 0) errs.push(invalid(`${path}.${k}`, v, NEGATIVE));
  }
  return errs;
}
