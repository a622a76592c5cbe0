// The simulated load-balancer controller (what a cloud provider's service
// controller or MetalLB does): every `type: LoadBalancer` Service without
// status.loadBalancer.ingress gets one ingress IP from a pool, by default
// 203.0.113.0/24 (TEST-NET-3, a documentation range, so it never collides
// with a real address), lowest free address first, `ipMode: VIP`.
// - spec.loadBalancerIP (deprecated) is honoured when inside the pool and free;
// - a Service with spec.loadBalancerClass is left to that (absent) controller:
//   EXTERNAL-IP stays <pending>;
// - ingress given in the manifest is kept (ipMode defaulted to VIP) and its
//   pool addresses are reserved.

import type { Service } from '../types';
import { allocateIP, allocateLowestIP, indexOfIP, ipOwner, releaseIP, type IPRangeState } from './ip-range';

export const DEFAULT_LB_POOL = '203.0.113.0/24';

export interface LBResult {
  service: Service;
  warning?: { field: string; message: string };
}

function withIngress(svc: Service, ingress: { ip?: string; hostname?: string; ipMode?: string }[]): Service {
  return { ...svc, status: { ...svc.status, loadBalancer: { ingress } } };
}

export function assignLoadBalancer(pool: IPRangeState, svc: Service, owner: string): LBResult {
  if (svc.spec.type !== 'LoadBalancer') return { service: svc };
  const given = svc.status?.loadBalancer?.ingress;
  if (given?.length) {
    for (const ing of given) if (ing.ip && indexOfIP(pool, ing.ip) !== null && !ipOwner(pool, ing.ip)) allocateIP(pool, ing.ip, owner);
    return { service: withIngress(svc, given.map((i) => (i.ip && !i.ipMode ? { ...i, ipMode: 'VIP' } : i))) };
  }
  if (svc.spec.loadBalancerClass)
    return {
      service: svc,
      warning: {
        field: 'spec.loadBalancerClass',
        message: `no load-balancer controller for class "${svc.spec.loadBalancerClass}" in this cluster: EXTERNAL-IP stays <pending>`,
      },
    };
  if (!(svc.spec.ipFamilies ?? ['IPv4']).includes(pool.family))
    return { service: svc, warning: { field: 'spec.ipFamilies', message: `the load-balancer pool ${pool.cidr} has no ${svc.spec.ipFamilies?.join('/')} addresses: EXTERNAL-IP stays <pending>` } };
  const requested = svc.spec.loadBalancerIP;
  if (requested) {
    if (ipOwner(pool, requested) === owner) return { service: withIngress(svc, [{ ip: requested, ipMode: 'VIP' }]) };
    const err = allocateIP(pool, requested, owner);
    if (err)
      return {
        service: svc,
        warning: {
          field: 'spec.loadBalancerIP',
          message: `cannot assign loadBalancerIP ${requested} from pool ${pool.cidr}: ${err}: EXTERNAL-IP stays <pending>`,
        },
      };
    return { service: withIngress(svc, [{ ip: requested, ipMode: 'VIP' }]) };
  }
  const res = allocateLowestIP(pool, owner);
  if ('error' in res)
    return { service: svc, warning: { field: 'spec.type', message: `load-balancer pool ${pool.cidr}: ${res.error}: EXTERNAL-IP stays <pending>` } };
  return { service: withIngress(svc, [{ ip: res.ip, ipMode: 'VIP' }]) };
}

/** Frees the pool addresses a Service holds (deleted, or no longer a LoadBalancer). */
export function releaseLoadBalancer(pool: IPRangeState, svc: Service, owner: string): void {
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && ipOwner(pool, ing.ip) === owner) releaseIP(pool, ing.ip);
}

/** The stored ingress of a LoadBalancer that stays one is kept across updates. */
export function carryLoadBalancerStatus(next: Service, prev: Service | undefined): Service {
  if (!prev || next.spec.type !== 'LoadBalancer' || prev.spec.type !== 'LoadBalancer') return next;
  if (next.status?.loadBalancer?.ingress?.length || !prev.status?.loadBalancer?.ingress?.length) return next;
  if ((next.spec.loadBalancerIP ?? '') !== (prev.spec.loadBalancerIP ?? '')) return next;
  return { ...next, status: prev.status };
}
