import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../types';
import { cidrWarnings, ipWarnings, serviceWarnings } from './warnings';

describe('GetWarningsForIP / GetWarningsForCIDR', () => {
  it.each([
    ['10.0.0.1', []],
    ['010.000.0.1', ['spec.externalIPs[0]: non-standard IP address "010.000.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"']],
    ['::ffff:1.2.3.4', ['spec.externalIPs[0]: non-standard IP address "::ffff:1.2.3.4" will be considered invalid in a future Kubernetes release: use "1.2.3.4"']],
    ['2001:DB8::1', ['spec.externalIPs[0]: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")']],
    ['2001:db8:0:0:0:0:0:1', ['spec.externalIPs[0]: IPv6 address "2001:db8:0:0:0:0:0:1" should be in RFC 5952 canonical format ("2001:db8::1")']],
    ['fd00::1', []],
  ])('ip %s', (ip, want) => expect(ipWarnings('spec.externalIPs[0]', ip)).toEqual(want));

  it.each([
    ['10.0.0.0/8', []],
    ['10.1.2.3/8', ['f: CIDR value "10.1.2.3/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.1.2.3/32"?)']],
    ['2001:db8::1/64', ['f: CIDR value "2001:db8::1/64" is ambiguous in this context (should be "2001:db8::/64" or "2001:db8::1/128"?)']],
    ['010.0.0.0/8', ['f: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"']],
    ['2001:DB8::/64', ['f: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")']],
  ])('cidr %s', (c, want) => expect(cidrWarnings('f', c)).toEqual(want));
});

describe('serviceWarnings', () => {
  const w = (spec: ServiceSpec) => serviceWarnings({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec }).map((x) => x.message);
  it.each([
    ['plain ClusterIP', { type: 'ClusterIP', sessionAffinity: 'None' }, []],
    [
      'headless with ignored fields',
      { type: 'ClusterIP', clusterIP: 'None', sessionAffinity: 'ClientIP', externalIPs: ['1.2.3.4'] },
      ['spec.externalIPs is ignored for headless services', 'spec.SessionAffinity is ignored for headless services'],
    ],
    ['externalName on a ClusterIP service', { type: 'ClusterIP', sessionAffinity: 'None', externalName: 'x.example' }, ['spec.externalName is ignored when spec.type is not "ExternalName"']],
    ['externalIPs on ExternalName', { type: 'ExternalName', externalName: 'x.example', externalIPs: ['1.2.3.4'] }, ['spec.externalIPs is ignored when spec.type is "ExternalName"']],
  ] as [string, ServiceSpec, string[]][])('%s', (_n, spec, want) => expect(w(spec)).toEqual(want));
});
