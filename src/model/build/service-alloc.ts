// The Service registry's allocation step (pkg/registry/core/service/storage
// alloc.go + storage.go), which runs after defaulting and BEFORE validation:
// - ClusterIPs: per family, the requested IP or a random free one (upper
//   band first); none for ExternalName and headless Services;
// - NodePorts: for NodePort services and LoadBalancers with
//   allocateLoadBalancerNodePorts, every port gets its requested nodePort or a
//   random one; ports with the same `port` number (different protocols) share
//   one nodePort;
// - healthCheckNodePort for type LoadBalancer + externalTrafficPolicy Local.
// On update, values the new object omits are carried over from the stored one
// (patchAllocatedValues) and released when no longer needed.
// A failure rolls back everything this call allocated.

import type { IPFamily, Service } from '../types';
import type { Rng } from '../rng';
import { familyOf } from './ip';
import { allocateIP, allocateNextIP, cloneIPRange, indexOfIP, ipOwner, releaseIP, type IPRangeState } from './ip-range';
import { allocateNextPort, allocatePort, clonePortRange, portOwner, releasePort, type PortRangeState } from './port-range';
import { internalError, invalidError, type AllocError } from './alloc-error';
import { initIPFamilyFields } from './service-families';

export interface ServiceAllocState {
  /** one range per Service CIDR, primary family first */
  serviceIPs: IPRangeState[];
  nodePorts: PortRangeState;
}

export function cloneServiceAllocState(s: ServiceAllocState): ServiceAllocState {
  return { serviceIPs: s.serviceIPs.map(cloneIPRange), nodePorts: clonePortRange(s.nodePorts) };
}

export function clusterFamilies(s: ServiceAllocState): IPFamily[] {
  const out: IPFamily[] = [];
  for (const r of s.serviceIPs) if (!out.includes(r.family)) out.push(r.family);
  return out;
}

export interface AllocResult {
  service: Service;
  errors: AllocError[];
}

const needsClusterIP = (s: Service) => s.spec.type !== 'ExternalName';
const needsNodePort = (s: Service) => s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer';
export const needsHealthCheck = (s: Service) =>
  s.spec.type === 'LoadBalancer' && s.spec.externalTrafficPolicy === 'Local';
const shouldAllocateNodePorts = (s: Service) =>
  s.spec.type === 'NodePort' || (s.spec.type === 'LoadBalancer' && s.spec.allocateLoadBalancerNodePorts !== false);

/** patchAllocatedValues: an update that omits allocated values keeps the stored ones. */
function patchAllocatedValues(next: Service, prev: Service): Service {
  const spec = { ...next.spec, ports: next.spec.ports?.map((p) => ({ ...p })) };
  if (needsClusterIP(prev) && needsClusterIP(next)) {
    if (!spec.clusterIP) spec.clusterIP = prev.spec.clusterIP;
    if (!spec.clusterIPs?.length && prev.spec.clusterIPs?.length) spec.clusterIPs = [...prev.spec.clusterIPs];
  }
  if (needsNodePort(prev) && needsNodePort(next) && spec.ports) {
    const used = new Set((prev.spec.ports ?? []).map((p) => p.nodePort).filter((n) => spec.ports!.some((q) => q.nodePort === n)));
    const byName = new Map((prev.spec.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of spec.ports) {
      if (!p.nodePort) {
        const old = byName.get(p.name ?? '') ?? 0;
        if (old && !used.has(old)) p.nodePort = old;
      }
    }
  }
  if (needsHealthCheck(prev) && needsHealthCheck(next) && !spec.healthCheckNodePort)
    spec.healthCheckNodePort = prev.spec.healthCheckNodePort;
  return { ...next, spec };
}

/** Releases everything `svc` holds (only values this Service owns). */
export function releaseServiceAllocations(state: ServiceAllocState, svc: Service, owner: string): void {
  for (const ip of svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : [])) {
    for (const r of state.serviceIPs) if (ipOwner(r, ip) === owner) releaseIP(r, ip);
  }
  const ports = [...(svc.spec.ports ?? []).map((p) => p.nodePort ?? 0), svc.spec.healthCheckNodePort ?? 0];
  for (const np of ports) if (np && portOwner(state.nodePorts, np) === owner) releasePort(state.nodePorts, np);
}

/** Re-reserves a stored Service's values (used to undo a failed update). */
export function reserveServiceAllocations(state: ServiceAllocState, svc: Service, owner: string): void {
  for (const ip of svc.spec.clusterIPs ?? []) {
    const r = state.serviceIPs.find((x) => x.family === familyOf(ip) && ipOwner(x, ip) === undefined);
    if (r) allocateIP(r, ip, owner);
  }
  for (const np of [...(svc.spec.ports ?? []).map((p) => p.nodePort ?? 0), svc.spec.healthCheckNodePort ?? 0])
    if (np) allocatePort(state.nodePorts, np, owner);
}

/**
 * Allocates for a create (`prev` undefined) or an update. Mutates `state`
 * only on success (failures are rolled back). `input` must be defaulted.
 */
export function allocateService(
  state: ServiceAllocState,
  input: Service,
  owner: string,
  rng: Rng,
  prev?: Service,
): AllocResult {
  const patched = prev ? patchAllocatedValues(input, prev) : input;
  // Create path normalisation (normalizeClusterIPs): singular only -> plural.
  if (!prev && patched.spec.clusterIP && !patched.spec.clusterIPs?.length)
    patched.spec = { ...patched.spec, clusterIPs: [patched.spec.clusterIP] };
  const fam = initIPFamilyFields(patched, clusterFamilies(state), prev);
  if (fam.errors.length) return { service: fam.service, errors: fam.errors };
  if (fam.malformed) return { service: fam.service, errors: [] };

  if (prev) releaseServiceAllocations(state, prev, owner);
  const undo: (() => void)[] = [];
  const fail = (errors: AllocError[]): AllocResult => {
    for (const u of undo.reverse()) u();
    if (prev) reserveServiceAllocations(state, prev, owner);
    return { service: fam.service, errors };
  };
  const svc = fam.service;
  const spec = { ...svc.spec, ports: svc.spec.ports?.map((p) => ({ ...p })) };
  const out: Service = { ...svc, spec };

  // ClusterIPs
  const headless = spec.clusterIPs?.[0] === 'None' || spec.clusterIP === 'None';
  if (spec.type !== 'ExternalName' && !headless) {
    const ips = [...(spec.clusterIPs ?? [])];
    for (const [i, family] of (spec.ipFamilies ?? []).entries()) {
      const ranges = state.serviceIPs.filter((r) => r.family === family);
      const want = ips[i] ?? '';
      if (want === '') {
        let got: string | undefined;
        let err = 'range is full';
        for (const r of ranges) {
          const res = allocateNextIP(r, rng, owner);
          if ('ip' in res) {
            got = res.ip;
            undo.push(() => releaseIP(r, res.ip));
            break;
          }
          err = res.error;
        }
        if (!got) return fail([internalError('spec.clusterIPs', `failed to allocate a serviceIP: ${err}`)]);
        ips[i] = got;
      } else {
        const r = ranges.find((x) => indexOfIP(x, want) !== null) ?? ranges[0];
        const err = r ? allocateIP(r, want, owner) : `${family} is not configured on this cluster`;
        if (err)
          return fail([invalidError('spec.clusterIPs', spec.clusterIPs ?? [spec.clusterIP], `failed to allocate IP ${want}: ${err}`)]);
        undo.push(() => releaseIP(r!, want));
      }
    }
    spec.clusterIPs = ips;
    spec.clusterIP = ips[0];
  }

  // NodePorts (initNodePorts)
  if (needsNodePort(out) && spec.ports) {
    const byPort = new Map<number, number>();
    for (const [i, p] of spec.ports.entries()) {
      if (!p.nodePort && !shouldAllocateNodePorts(out)) continue;
      const shared = byPort.get(p.port);
      if (shared === undefined) {
        const requested = spec.ports.slice(i).find((q) => q.port === p.port && q.nodePort)?.nodePort ?? 0;
        if (requested) {
          const err = allocatePort(state.nodePorts, requested, owner);
          if (err) return fail([invalidError(`spec.ports[${i}].nodePort`, requested, err)]);
          undo.push(() => releasePort(state.nodePorts, requested));
          p.nodePort = requested;
        } else {
          const res = allocateNextPort(state.nodePorts, rng, owner);
          if ('error' in res) return fail([internalError(`spec.ports[${i}].nodePort`, `failed to allocate a nodePort: ${res.error}`)]);
          undo.push(() => releasePort(state.nodePorts, res.port));
          p.nodePort = res.port;
        }
        byPort.set(p.port, p.nodePort);
      } else if (p.nodePort !== shared) {
        if (!p.nodePort) p.nodePort = shared;
        else {
          const np = p.nodePort;
          const err = allocatePort(state.nodePorts, np, owner);
          if (err) return fail([invalidError(`spec.ports[${i}].nodePort`, np, err)]);
          undo.push(() => releasePort(state.nodePorts, np));
        }
      }
    }
  }

  // healthCheckNodePort (allocHealthCheckNodePort)
  if (needsHealthCheck(out)) {
    const want = spec.healthCheckNodePort ?? 0;
    if (want) {
      const err = allocatePort(state.nodePorts, want, owner);
      if (err)
        return fail([internalError('spec.healthCheckNodePort', `failed to allocate requested HealthCheck NodePort ${want}: ${err}`)]);
      undo.push(() => releasePort(state.nodePorts, want));
    } else {
      const res = allocateNextPort(state.nodePorts, rng, owner);
      if ('error' in res)
        return fail([internalError('spec.healthCheckNodePort', `failed to allocate a HealthCheck NodePort 0: ${res.error}`)]);
      undo.push(() => releasePort(state.nodePorts, res.port));
      spec.healthCheckNodePort = res.port;
    }
  }
  return { service: out, errors: [] };
}
