// Modelled on TestValidateServiceUpdate (pkg/apis/core/validation).
import { describe, expect, it } from 'vitest';
import type { Service } from '../../types';
import { renderFieldError } from '../field-error';
import { patchAllocatedValues, validateServiceUpdate } from './service-update';

function stored(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.20',
      clusterIPs: ['10.96.0.20'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

const clone = (s: Service): Service => JSON.parse(JSON.stringify(s)) as Service;
const run = (tweak: (next: Service, prev: Service) => void): string[] => {
  const prev = stored();
  const next = clone(prev);
  tweak(next, prev);
  return validateServiceUpdate(next, prev, { allocated: true }).map(renderFieldError);
};

describe('validateServiceUpdate', () => {
  const cases: [string, (n: Service, p: Service) => void, string[]][] = [
    ['no change', () => {}, []],
    [
      'change clusterIP',
      (n) => ((n.spec.clusterIP = '10.96.0.21'), (n.spec.clusterIPs = ['10.96.0.21'])),
      ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.21"}: may not change once set'],
    ],
    [
      'add a secondary IP (upgrade to dual-stack)',
      (n) => ((n.spec.clusterIPs = ['10.96.0.20', 'fd00::20']), (n.spec.ipFamilies = ['IPv4', 'IPv6']), (n.spec.ipFamilyPolicy = 'PreferDualStack')),
      [],
    ],
    [
      'release the secondary IP without SingleStack',
      (n, p) => {
        p.spec.clusterIPs = ['10.96.0.20', 'fd00::20'];
        p.spec.ipFamilies = ['IPv4', 'IPv6'];
        p.spec.ipFamilyPolicy = 'PreferDualStack';
        n.spec.ipFamilyPolicy = 'PreferDualStack';
      },
      [
        "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.20\"}: `ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP",
        "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.20\"}: `ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary ipFamily",
      ],
    ],
    [
      'convert to ExternalName: clusterIPs dropped, no update error',
      (n) => {
        n.spec = { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' };
      },
      [],
    ],
    [
      'loadBalancerClass may not change on an LB',
      (n, p) => {
        for (const s of [n, p]) Object.assign(s.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
        p.spec.ports![0]!.nodePort = 30080;
        n.spec.ports![0]!.nodePort = 30080;
        p.spec.loadBalancerClass = 'example.com/a';
        n.spec.loadBalancerClass = 'example.com/b';
      },
      ['spec.loadBalancerClass: Invalid value: "example.com/b": may not change once set'],
    ],
    [
      'healthCheckNodePort may not move while both versions need it',
      (n, p) => {
        for (const s of [n, p]) Object.assign(s.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true });
        p.spec.ports![0]!.nodePort = 30080;
        n.spec.ports![0]!.nodePort = 30080;
        p.spec.healthCheckNodePort = 31000;
        n.spec.healthCheckNodePort = 31001;
      },
      ['spec.healthCheckNodePort: Forbidden: field is immutable'],
    ],
  ];
  it.each(cases)('%s', (_n, tweak, want) => expect(run(tweak)).toEqual(want));
});

describe('patchAllocatedValues', () => {
  it('carries clusterIPs, families, nodePorts (by port name) and healthCheckNodePort into a re-applied manifest', () => {
    const prev = stored();
    Object.assign(prev.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000, allocateLoadBalancerNodePorts: true });
    prev.spec.ports = [
      { name: 'http', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 },
      { name: 'https', port: 443, targetPort: 443, protocol: 'TCP', nodePort: 30443 },
    ];
    const next: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        ports: [
          { name: 'https', port: 8443, nodePort: 30080 },
          { name: 'http', port: 80 },
        ],
      },
    };
    const out = patchAllocatedValues(next, prev).spec;
    expect(out.clusterIP).toBe('10.96.0.20');
    expect(out.clusterIPs).toEqual(['10.96.0.20']);
    expect(out.ipFamilies).toEqual(['IPv4']);
    expect(out.healthCheckNodePort).toBe(31000);
    // "http" would get 30080 back, but another port of the new object already uses it.
    expect(out.ports?.map((p) => p.nodePort)).toEqual([30080, undefined]);
  });

  it('does not carry a clusterIP into an ExternalName service', () => {
    const next: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'ExternalName', externalName: 'x.example' } };
    expect(patchAllocatedValues(next, stored()).spec.clusterIP).toBeUndefined();
  });
});
