// Re-programming with `previous` must give exactly the payload a fresh
// program gives, whatever changed: endpoints, Services added or removed,
// equal-but-copied objects, node-level knobs, another node.
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../model/cluster';
import { formatIptables } from './format';
import { forgetProgrammedRulesets, programIptables } from './program';
import { overallCluster } from './overall.test';
import { fakeProxierOptions, slice, svc, testNodeName } from './fixtures/upstream';
import type { IptablesProgramOptions } from './config';

// A cold program: no ruleset remembered from earlier calls.
const fresh = (c: Cluster, o: IptablesProgramOptions = fakeProxierOptions) => {
  forgetProgrammedRulesets();
  return formatIptables(programIptables(c, o));
};

describe('incremental programming equals a full re-program', () => {
  const base = overallCluster();
  const prev = programIptables(base, fakeProxierOptions);

  const cases: { name: string; change: (c: Cluster) => Cluster; options?: IptablesProgramOptions }[] = [
    {
      name: 'an endpoint added to one service',
      change: (c) => ({ ...c, endpointSlices: c.endpointSlices.map((s) => (s.metadata.name === 'svc1-1' ? { ...s, endpoints: [...s.endpoints, { addresses: ['10.180.0.9'], nodeName: testNodeName }] } : s)) }),
    },
    { name: 'all endpoints of a service removed', change: (c) => ({ ...c, endpointSlices: c.endpointSlices.filter((s) => s.metadata.name !== 'svc4-1') }) },
    {
      name: 'a new service with endpoints',
      change: (c) => ({
        ...c,
        services: [...c.services, svc('ns0', 'svc0', { clusterIP: '172.30.0.40', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })],
        endpointSlices: [...c.endpointSlices, slice('ns0', 'svc0', [{ addresses: ['10.180.0.40'] }])],
      }),
    },
    { name: 'a service deleted', change: (c) => ({ ...c, services: c.services.filter((s) => s.metadata.name !== 'svc5') }) },
    { name: 'deep copies of every object (nothing changed)', change: (c) => structuredClone(c) },
    {
      name: 'a Service edited to eTP Local',
      change: (c) => ({ ...c, services: c.services.map((s) => (s.metadata.name === 'svc3' ? { ...s, spec: { ...s.spec, externalTrafficPolicy: 'Local' } } : s)) }),
    },
    { name: 'masqueradeAll switched on', change: (c) => c, options: { ...fakeProxierOptions, masqueradeAll: true } },
    { name: 'programmed for another node', change: (c) => c, options: { ...fakeProxierOptions, nodeName: 'other-node' } },
  ];

  it.each(cases)('$name', ({ change, options }) => {
    const next = change(base);
    const o = options ?? fakeProxierOptions;
    expect(formatIptables(programIptables(next, o, prev))).toBe(fresh(next, o));
  });

  it('chains several incremental steps', () => {
    let rs = prev;
    let c = base;
    for (const { change, options } of cases.slice(0, 6)) {
      c = change(c);
      rs = programIptables(c, options ?? fakeProxierOptions, rs);
      expect(formatIptables(rs)).toBe(fresh(c));
    }
  });
});
