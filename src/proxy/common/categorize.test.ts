// Ported from upstream pkg/proxy/topology_test.go TestCategorizeEndpoints,
// adapted to modern kube-proxy (v1.31+): topology hints are honoured whenever
// every ready endpoint has them (the `topology-mode` annotation no longer
// gates them), and terminating endpoints are always a fallback (PTE is GA).
import { describe, expect, it } from 'vitest';
import { categorizeEndpoints } from './categorize';
import type { EndpointInfo } from './endpoint';

interface EpSpec {
  ep: string;
  zones?: string[];
  nodes?: string[];
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  local?: boolean;
}

function ep(s: EpSpec): EndpointInfo {
  const [ip, port] = s.ep.split(':');
  const ready = s.ready ?? false;
  return {
    ip: ip!,
    port: Number(port),
    endpoint: s.ep,
    ready,
    // upstream BaseEndpointInfo literals leave Serving false unless set; a ready endpoint is serving
    serving: s.serving ?? ready,
    terminating: s.terminating ?? false,
    isLocal: s.local ?? false,
    zoneHints: s.zones ?? null,
    nodeHints: s.nodes ?? null,
  };
}

/** BaseServicePort flags -> the derived predicates CategorizeEndpoints reads. */
function port(f: { itpLocal?: boolean; etpLocal?: boolean; nodePort?: number }) {
  const externallyAccessible = (f.nodePort ?? 0) !== 0;
  const itp = f.itpLocal ?? false;
  return {
    usesClusterEndpoints: !itp || externallyAccessible,
    usesLocalEndpoints: itp || ((f.etpLocal ?? false) && externallyAccessible),
  };
}

const fourZoned = (zoneOf6 = 'zone-a', ready6 = true): EpSpec[] => [
  { ep: '10.1.2.3:80', zones: ['zone-a'], ready: true },
  { ep: '10.1.2.4:80', zones: ['zone-b'], ready: true },
  { ep: '10.1.2.5:80', zones: ['zone-c'], ready: true },
  { ep: '10.1.2.6:80', zones: [zoneOf6], ready: ready6 },
];

interface Case {
  name: string;
  zone?: string;
  nodeName?: string;
  preferSameNode?: boolean;
  flags: Parameters<typeof port>[0];
  endpoints: EpSpec[];
  cluster: string[] | null;
  local: string[] | null;
  all?: string[];
  onlyRemote?: boolean;
}

const cases: Case[] = [
  { name: 'zone hints filter cluster endpoints to the node zone', zone: 'zone-a', flags: {}, endpoints: fourZoned(), cluster: ['10.1.2.3:80', '10.1.2.6:80'], local: null },
  { name: 'externalTrafficPolicy: Local, topology ignored for Local endpoints', zone: 'zone-a', flags: { etpLocal: true, nodePort: 8080 },
    endpoints: [
      { ep: '10.1.2.3:80', zones: ['zone-a'], ready: true, local: true },
      { ep: '10.1.2.4:80', zones: ['zone-b'], ready: true, local: true },
      { ep: '10.1.2.5:80', zones: ['zone-c'], ready: true },
      { ep: '10.1.2.6:80', zones: ['zone-a'], ready: true },
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'], local: ['10.1.2.3:80', '10.1.2.4:80'], all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'] },
  { name: 'internalTrafficPolicy: Local, topology ignored for Local endpoints', zone: 'zone-a', flags: { itpLocal: true, nodePort: 8080 },
    endpoints: [
      { ep: '10.1.2.3:80', zones: ['zone-a'], ready: true, local: true },
      { ep: '10.1.2.4:80', zones: ['zone-b'], ready: true, local: true },
      { ep: '10.1.2.5:80', zones: ['zone-c'], ready: true },
      { ep: '10.1.2.6:80', zones: ['zone-a'], ready: true },
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'], local: ['10.1.2.3:80', '10.1.2.4:80'], all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'] },
  { name: 'empty node labels: no filtering', flags: {}, endpoints: [{ ep: '10.1.2.3:80', zones: ['zone-a'], ready: true }], cluster: ['10.1.2.3:80'], local: null },
  { name: 'empty zone label: no filtering', zone: '', flags: {}, endpoints: [{ ep: '10.1.2.3:80', zones: ['zone-a'], ready: true }], cluster: ['10.1.2.3:80'], local: null },
  { name: 'node in different zone, no endpoint filtering', zone: 'zone-b', flags: {}, endpoints: [{ ep: '10.1.2.3:80', zones: ['zone-a'], ready: true }], cluster: ['10.1.2.3:80'], local: null },
  { name: 'unready endpoint is neither used nor considered for hints', zone: 'zone-a', flags: {}, endpoints: fourZoned('zone-a', false), cluster: ['10.1.2.3:80'], local: null },
  { name: 'only unready endpoints in same zone (should not filter)', zone: 'zone-a', flags: {},
    endpoints: [
      { ep: '10.1.2.3:80', zones: ['zone-a'], ready: false },
      { ep: '10.1.2.4:80', zones: ['zone-b'], ready: true },
      { ep: '10.1.2.5:80', zones: ['zone-c'], ready: true },
      { ep: '10.1.2.6:80', zones: ['zone-a'], ready: false },
    ],
    cluster: ['10.1.2.4:80', '10.1.2.5:80'], local: null },
  { name: 'missing hints, no filtering applied', zone: 'zone-a', flags: {},
    endpoints: [
      { ep: '10.1.2.3:80', zones: ['zone-a'], ready: true },
      { ep: '10.1.2.4:80', zones: ['zone-b'], ready: true },
      { ep: '10.1.2.5:80', ready: true },
      { ep: '10.1.2.6:80', zones: ['zone-a'], ready: true },
    ],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80'], local: null },
  { name: 'multiple hints per endpoint, filtering includes any endpoint with zone included', zone: 'zone-c', flags: {},
    endpoints: [
      { ep: '10.1.2.3:80', zones: ['zone-a', 'zone-b', 'zone-c'], ready: true },
      { ep: '10.1.2.4:80', zones: ['zone-b', 'zone-c'], ready: true },
      { ep: '10.1.2.5:80', zones: ['zone-b', 'zone-d'], ready: true },
      { ep: '10.1.2.6:80', zones: ['zone-c'], ready: true },
    ],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'], local: null },
  { name: 'conflicting topology and localness require merging allEndpoints', zone: 'zone-a', flags: { etpLocal: true, nodePort: 8080 },
    endpoints: [
      { ep: '10.0.0.0:80', zones: ['zone-a'], ready: true, local: true },
      { ep: '10.0.0.1:80', zones: ['zone-b'], ready: true, local: true },
      { ep: '10.0.0.2:80', zones: ['zone-a'], ready: true },
      { ep: '10.0.0.3:80', zones: ['zone-b'], ready: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.2:80'], local: ['10.0.0.0:80', '10.0.0.1:80'], all: ['10.0.0.0:80', '10.0.0.1:80', '10.0.0.2:80'] },
  { name: 'node hints ignored while PreferSameTrafficDistribution is off (v1.33 default)', nodeName: 'node-a', zone: 'zone-a', flags: {},
    endpoints: [
      { ep: '10.0.0.0:80', zones: ['zone-a'], nodes: ['node-a'], ready: true },
      { ep: '10.0.0.1:80', zones: ['zone-a'], nodes: ['node-b'], ready: true },
      { ep: '10.0.0.2:80', zones: ['zone-b'], nodes: ['node-c'], ready: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: null },
  { name: 'node hints honoured with PreferSameTrafficDistribution', nodeName: 'node-a', zone: 'zone-a', preferSameNode: true, flags: {},
    endpoints: [
      { ep: '10.0.0.0:80', zones: ['zone-a'], nodes: ['node-a'], ready: true },
      { ep: '10.0.0.1:80', zones: ['zone-a'], nodes: ['node-b'], ready: true },
      { ep: '10.0.0.2:80', zones: ['zone-b'], nodes: ['node-c'], ready: true },
    ],
    cluster: ['10.0.0.0:80'], local: null },
  { name: 'internalTrafficPolicy: Local, with empty endpoints', flags: { itpLocal: true }, endpoints: [], cluster: null, local: [] },
  { name: 'internalTrafficPolicy: Local, but all endpoints are remote', flags: { itpLocal: true },
    endpoints: [{ ep: '10.0.0.0:80', ready: true }, { ep: '10.0.0.1:80', ready: true }], cluster: null, local: [], onlyRemote: true },
  { name: 'internalTrafficPolicy: Local, all endpoints are local', flags: { itpLocal: true },
    endpoints: [{ ep: '10.0.0.0:80', ready: true, local: true }, { ep: '10.0.0.1:80', ready: true, local: true }], cluster: null, local: ['10.0.0.0:80', '10.0.0.1:80'] },
  { name: 'internalTrafficPolicy: Local, some endpoints are local', flags: { itpLocal: true },
    endpoints: [{ ep: '10.0.0.0:80', ready: true, local: true }, { ep: '10.0.0.1:80', ready: true }], cluster: null, local: ['10.0.0.0:80'] },
  { name: 'Cluster traffic policy, endpoints not Ready', flags: {},
    endpoints: [{ ep: '10.0.0.0:80', ready: false }, { ep: '10.0.0.1:80', ready: false }], cluster: [], local: null },
  { name: 'Cluster traffic policy, some endpoints are Ready', flags: {},
    endpoints: [{ ep: '10.0.0.0:80', ready: false }, { ep: '10.0.0.1:80', ready: true }], cluster: ['10.0.0.1:80'], local: null },
  { name: 'Cluster traffic policy, all endpoints are terminating: serving+terminating fallback', flags: {},
    endpoints: [
      { ep: '10.0.0.0:80', serving: true, terminating: true, local: true },
      { ep: '10.0.0.1:80', serving: true, terminating: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: null },
  { name: 'iTP: Local, eTP: Cluster, some endpoints local', flags: { itpLocal: true, nodePort: 8080 },
    endpoints: [{ ep: '10.0.0.0:80', ready: true, local: true }, { ep: '10.0.0.1:80', ready: true }],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: ['10.0.0.0:80'], all: ['10.0.0.0:80', '10.0.0.1:80'] },
  { name: 'iTP: Cluster, eTP: Local, some endpoints local', flags: { etpLocal: true, nodePort: 8080 },
    endpoints: [{ ep: '10.0.0.0:80', ready: true, local: true }, { ep: '10.0.0.1:80', ready: true }],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: ['10.0.0.0:80'], all: ['10.0.0.0:80', '10.0.0.1:80'] },
  { name: 'iTP: Local, eTP: Local, some endpoints local', flags: { itpLocal: true, etpLocal: true, nodePort: 8080 },
    endpoints: [{ ep: '10.0.0.0:80', ready: true, local: true }, { ep: '10.0.0.1:80', ready: true }],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: ['10.0.0.0:80'], all: ['10.0.0.0:80', '10.0.0.1:80'] },
  { name: 'iTP: Local, eTP: Local, all endpoints remote', flags: { itpLocal: true, etpLocal: true, nodePort: 8080 },
    endpoints: [{ ep: '10.0.0.0:80', ready: true }, { ep: '10.0.0.1:80', ready: true }],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: [], all: ['10.0.0.0:80', '10.0.0.1:80'] },
  { name: 'iTP: Local, eTP: Local, all endpoints remote and terminating', flags: { itpLocal: true, etpLocal: true, nodePort: 8080 },
    endpoints: [{ ep: '10.0.0.0:80', serving: true, terminating: true }, { ep: '10.0.0.1:80', serving: true, terminating: true }],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: [], all: ['10.0.0.0:80', '10.0.0.1:80'], onlyRemote: true },
  { name: 'iTP: Cluster, eTP: Local, with terminating endpoints', flags: { etpLocal: true, nodePort: 8080 },
    endpoints: [
      { ep: '10.0.0.0:80', ready: true },
      { ep: '10.0.0.1:80', ready: false, serving: false, local: true },
      { ep: '10.0.0.2:80', ready: false, serving: true, terminating: true, local: true },
      { ep: '10.0.0.3:80', ready: false, serving: true, terminating: true },
    ],
    cluster: ['10.0.0.0:80'], local: ['10.0.0.2:80'], all: ['10.0.0.0:80', '10.0.0.2:80'] },
  { name: 'externalTrafficPolicy ignored if not externally accessible', flags: { etpLocal: true },
    endpoints: [{ ep: '10.0.0.0:80', ready: true }, { ep: '10.0.0.1:80', ready: true, local: true }],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'], local: null, all: ['10.0.0.0:80', '10.0.0.1:80'] },
  { name: 'no cluster endpoints for iTP:Local internal-only service', flags: { itpLocal: true },
    endpoints: [{ ep: '10.0.0.0:80', ready: true }, { ep: '10.0.0.1:80', ready: true, local: true }],
    cluster: null, local: ['10.0.0.1:80'], all: ['10.0.0.1:80'] },
];

describe('categorizeEndpoints (upstream TestCategorizeEndpoints)', () => {
  it.each(cases)('$name', (tc) => {
    const labels: Record<string, string> = tc.zone === undefined ? {} : { 'topology.kubernetes.io/zone': tc.zone };
    const r = categorizeEndpoints(tc.endpoints.map(ep), port(tc.flags), { name: tc.nodeName ?? 'node', labels }, { preferSameNode: tc.preferSameNode ?? false });
    const names = (l: EndpointInfo[] | null) => (l === null ? null : l.map((e) => e.endpoint).sort());
    expect(names(r.clusterEndpoints)).toEqual(tc.cluster === null ? null : [...tc.cluster].sort());
    expect(names(r.localEndpoints)).toEqual(tc.local === null ? null : [...tc.local].sort());
    const all = tc.all ?? (tc.local === null ? tc.cluster : tc.cluster === null ? tc.local : []) ?? [];
    expect(names(r.allReachableEndpoints)).toEqual([...all].sort());
    expect(r.hasAnyEndpoints).toBe(all.length > 0 || (tc.onlyRemote ?? false));
  });

  it('returns the merged reachable list sorted by endpoint string', () => {
    const r = categorizeEndpoints(
      [ep({ ep: '10.0.0.9:80', ready: true }), ep({ ep: '10.0.0.10:80', serving: true, terminating: true, local: true })],
      port({ etpLocal: true, nodePort: 30000 }),
      { name: 'n', labels: {} },
    );
    expect(r.allReachableEndpoints.map((e) => e.endpoint)).toEqual(['10.0.0.10:80', '10.0.0.9:80']);
  });
});
