import { describe, expect, it } from 'vitest';
import type { Service, ServiceSpec } from '../types';
import { createRng } from '../rng';
import { createIPRange } from './ip-range';
import { createPortRange } from './port-range';
import { allocateService, releaseServiceAllocations, type ServiceAllocState } from './service-alloc';

const state = (...cidrs: string[]): ServiceAllocState => ({
  serviceIPs: (cidrs.length ? cidrs : ['10.96.0.0/12']).map((c) => createIPRange(c)!),
  nodePorts: createPortRange(),
});
const svc = (name: string, spec: ServiceSpec): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], ...spec },
});
const key = (n: string) => `Service/default/${n}`;

describe('allocateService: ClusterIPs', () => {
  it('a requested clusterIP is honoured and syncs clusterIPs, families and policy', () => {
    const r = allocateService(state(), svc('a', { clusterIP: '10.96.0.10' }), key('a'), createRng(1));
    expect(r.errors).toEqual([]);
    expect(r.service.spec).toMatchObject({
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
  });

  it('a dynamic clusterIP comes from the upper band', () => {
    const r = allocateService(state(), svc('a', {}), key('a'), createRng(1));
    expect(r.service.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(r.service.spec.clusterIP!.startsWith('10.96.0.')).toBe(false);
  });

  it.each([
    [
      'already allocated',
      '10.96.0.10',
      'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    ],
    [
      'outside the service CIDR',
      '10.200.0.1',
      'spec.clusterIPs: Invalid value: []string{"10.200.0.1"}: failed to allocate IP 10.200.0.1: the provided IP (10.200.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ],
  ])('registry error when %s', (_, ip, message) => {
    const st = state();
    allocateService(st, svc('dns', { clusterIP: '10.96.0.10' }), key('dns'), createRng(1));
    const r = allocateService(st, svc('b', { clusterIP: ip }), key('b'), createRng(1));
    expect(r.errors).toEqual([{ field: 'spec.clusterIPs', message }]);
  });

  it('RequireDualStack on a single-stack cluster is refused', () => {
    const r = allocateService(state(), svc('a', { ipFamilyPolicy: 'RequireDualStack' }), key('a'), createRng(1));
    expect(r.errors.map((e) => e.message)).toEqual([
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    ]);
  });

  it('PreferDualStack on a dual-stack cluster gets one IP per family, primary first', () => {
    const r = allocateService(state('10.96.0.0/12', 'fd00:10:96::/112'), svc('a', { ipFamilyPolicy: 'PreferDualStack' }), key('a'), createRng(1));
    expect(r.service.spec.ipFamilies).toEqual(['IPv4', 'IPv6']);
    expect(r.service.spec.clusterIPs).toHaveLength(2);
    expect(r.service.spec.clusterIPs![1]).toMatch(/^fd00:10:96::/);
  });

  it('headless and ExternalName services get no IPs; headless selectorless lists both families', () => {
    const st = state();
    const h = allocateService(st, svc('h', { clusterIP: 'None', selector: undefined }), key('h'), createRng(1));
    expect(h.service.spec.clusterIPs).toEqual(['None']);
    expect(h.service.spec.ipFamilyPolicy).toBe('RequireDualStack');
    expect(h.service.spec.ipFamilies).toEqual(['IPv4', 'IPv6']);
    const e = allocateService(st, svc('e', { type: 'ExternalName', externalName: 'example.com', ports: [] }), key('e'), createRng(1));
    expect(e.service.spec.clusterIP).toBeUndefined();
    expect(st.serviceIPs[0]!.range.count).toBe(0);
  });

  it('malformed clusterIPs are left for validation (no allocation, no registry error)', () => {
    const r = allocateService(state(), svc('a', { clusterIP: 'not-an-ip' }), key('a'), createRng(1));
    expect(r.errors).toEqual([]);
    expect(r.service.spec.clusterIP).toBe('not-an-ip');
  });
});

describe('allocateService: NodePorts', () => {
  const np = (ports: ServiceSpec['ports'], extra: ServiceSpec = {}) => svc('np', { type: 'NodePort', ports, ...extra });

  it('allocates one nodePort per port, random in 30086-32767', () => {
    const r = allocateService(state(), np([{ name: 'a', port: 80, protocol: 'TCP' }, { name: 'b', port: 443, protocol: 'TCP' }]), key('np'), createRng(1));
    const ports = r.service.spec.ports!.map((p) => p.nodePort!);
    expect(ports.every((p) => p >= 30086 && p <= 32767)).toBe(true);
    expect(new Set(ports).size).toBe(2);
  });

  it('the same port number with different protocols shares one nodePort', () => {
    const r = allocateService(state(), np([{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }]), key('np'), createRng(1));
    const [a, b] = r.service.spec.ports!;
    expect(a!.nodePort).toBe(b!.nodePort);
  });

  it.each([
    [30080, null],
    [29000, 'spec.ports[0].nodePort: Invalid value: 29000: provided port is not in the valid range. The range of valid ports is 30000-32767'],
  ])('requested nodePort %i', (port, message) => {
    const r = allocateService(state(), np([{ port: 80, protocol: 'TCP', nodePort: port }]), key('np'), createRng(1));
    expect(r.errors.map((e) => e.message)).toEqual(message ? [message] : []);
  });

  it('a taken nodePort fails and rolls back the clusterIP', () => {
    const st = state();
    allocateService(st, np([{ port: 80, protocol: 'TCP', nodePort: 30080 }]), key('np'), createRng(1));
    const r = allocateService(st, svc('other', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] }), key('other'), createRng(2));
    expect(r.errors.map((e) => e.message)).toEqual(['spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated']);
    expect(st.serviceIPs[0]!.range.count).toBe(1);
  });

  it('LoadBalancer + eTP Local gets a healthCheckNodePort; allocateLoadBalancerNodePorts=false gets no nodePorts', () => {
    const lb = allocateService(
      state(),
      svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: false }),
      key('lb'),
      createRng(1),
    );
    expect(lb.service.spec.ports![0]!.nodePort).toBeUndefined();
    expect(lb.service.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30086);
  });

  it('a nodePort on a ClusterIP service is not allocated (validation forbids it)', () => {
    const st = state();
    allocateService(st, svc('c', { ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] }), key('c'), createRng(1));
    expect(st.nodePorts.range.count).toBe(0);
  });
});

describe('allocateService: updates', () => {
  it('an update that omits clusterIP and nodePort keeps the stored ones', () => {
    const st = state();
    const created = allocateService(st, svc('a', { type: 'NodePort' }), key('a'), createRng(1)).service;
    const r = allocateService(st, svc('a', { type: 'NodePort', selector: { app: 'v2' } }), key('a'), createRng(2), created);
    expect(r.service.spec.clusterIP).toBe(created.spec.clusterIP);
    expect(r.service.spec.ports![0]!.nodePort).toBe(created.spec.ports![0]!.nodePort);
    expect(st.nodePorts.range.count).toBe(1);
  });

  it('NodePort -> ClusterIP releases the nodePort', () => {
    const st = state();
    const created = allocateService(st, svc('a', { type: 'NodePort' }), key('a'), createRng(1)).service;
    const r = allocateService(st, svc('a', {}), key('a'), createRng(2), created);
    expect(r.errors).toEqual([]);
    expect(st.nodePorts.range.count).toBe(0);
    expect(st.serviceIPs[0]!.range.count).toBe(1);
  });

  it('release frees everything a deleted service held', () => {
    const st = state();
    const created = allocateService(st, svc('a', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true }), key('a'), createRng(1)).service;
    expect(st.nodePorts.range.count).toBe(2);
    releaseServiceAllocations(st, created, key('a'));
    expect(st.nodePorts.range.count).toBe(0);
    expect(st.serviceIPs[0]!.range.count).toBe(0);
  });
});
