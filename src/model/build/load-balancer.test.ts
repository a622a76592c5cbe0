import { describe, expect, it } from 'vitest';
import type { Service, ServiceSpec } from '../types';
import { createIPRange } from './ip-range';
import { assignLoadBalancer, releaseLoadBalancer } from './load-balancer';

const pool = () => createIPRange('203.0.113.0/24', false)!;
const lb = (spec: ServiceSpec = {}, status?: Service['status']): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'LoadBalancer', ipFamilies: ['IPv4'], ports: [{ port: 80 }], ...spec },
  status,
});

describe('simulated load-balancer controller', () => {
  it('assigns the lowest free pool address with ipMode VIP', () => {
    const p = pool();
    expect(assignLoadBalancer(p, lb(), 'a').service.status?.loadBalancer?.ingress).toEqual([{ ip: '203.0.113.1', ipMode: 'VIP' }]);
    expect(assignLoadBalancer(p, lb(), 'b').service.status?.loadBalancer?.ingress).toEqual([{ ip: '203.0.113.2', ipMode: 'VIP' }]);
  });

  it('honours spec.loadBalancerIP inside the pool, leaves it pending outside', () => {
    const p = pool();
    expect(assignLoadBalancer(p, lb({ loadBalancerIP: '203.0.113.50' }), 'a').service.status?.loadBalancer?.ingress).toEqual([
      { ip: '203.0.113.50', ipMode: 'VIP' },
    ]);
    const out = assignLoadBalancer(p, lb({ loadBalancerIP: '198.51.100.7' }), 'b');
    expect(out.service.status).toBeUndefined();
    expect(out.warning?.field).toBe('spec.loadBalancerIP');
  });

  it('keeps ingress given in the manifest, defaulting ipMode', () => {
    const out = assignLoadBalancer(pool(), lb({}, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'x.example' }] } }), 'a');
    expect(out.service.status?.loadBalancer?.ingress).toEqual([{ ip: '1.2.3.4', ipMode: 'VIP' }, { hostname: 'x.example' }]);
  });

  it('a loadBalancerClass Service stays pending; non-LB Services are untouched', () => {
    expect(assignLoadBalancer(pool(), lb({ loadBalancerClass: 'example.com/lb' }), 'a').warning?.field).toBe('spec.loadBalancerClass');
    const c = lb({ type: 'ClusterIP' });
    expect(assignLoadBalancer(pool(), c, 'a').service).toBe(c);
  });

  it('release returns the address to the pool', () => {
    const p = pool();
    const s = assignLoadBalancer(p, lb(), 'a').service;
    releaseLoadBalancer(p, s, 'a');
    expect(assignLoadBalancer(p, lb(), 'b').service.status?.loadBalancer?.ingress?.[0]?.ip).toBe('203.0.113.1');
  });
});
