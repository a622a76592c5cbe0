import { describe, expect, it } from 'vitest';
import { buildEndpointsMap } from './endpoint';
import { makeCluster, makeSlice } from './testing';

describe('buildEndpointsMap (k8s-semantics §4.2)', () => {
  const cluster = makeCluster({
    endpointSlices: [
      makeSlice('ns1', 'svc1', 1, [
        { addresses: ['10.1.1.1'], nodeName: 'node-a', conditions: { ready: false, serving: true, terminating: true }, targetRef: { kind: 'Pod', name: 'p1' } },
        { addresses: ['10.1.1.11'], nodeName: 'node-b', hints: { forZones: [{ name: 'z1' }] } },
        { addresses: [] },
        { addresses: ['fd00::1'] },
      ], [{ name: 'p80', port: 80, protocol: 'TCP' }, { name: 'none' }]),
      // the same ip:port in a second slice is kept once, a local copy wins
      makeSlice('ns1', 'svc1', 2, [{ addresses: ['10.1.1.11'], nodeName: 'node-a' }, { addresses: ['10.1.1.2'] }], [{ name: 'p80', port: 80 }]),
      makeSlice('ns1', 'svc6', 1, [{ addresses: ['fd00:0::0:5'] }], [{ port: 53, protocol: 'UDP' }], 'IPv6'),
    ],
  });

  it('merges slices per service port and sorts endpoints by their string', () => {
    const m = buildEndpointsMap(cluster, 'node-a', 'IPv4');
    expect([...m.keys()]).toEqual(['ns1/svc1:p80/TCP']);
    const eps = m.get('ns1/svc1:p80/TCP')!;
    expect(eps.map((e) => e.endpoint)).toEqual(['10.1.1.11:80', '10.1.1.1:80', '10.1.1.2:80']);
    expect(eps[0]).toMatchObject({ isLocal: true, ready: true, serving: true, terminating: false, nodeName: 'node-a', zoneHints: null });
    expect(eps[1]).toMatchObject({ isLocal: true, ready: false, serving: true, terminating: true, podName: 'p1', podNamespace: 'ns1' });
  });

  it('keeps only slices and endpoints of the proxier family, canonical and bracketed for IPv6', () => {
    const m = buildEndpointsMap(cluster, 'node-a', 'IPv6');
    expect(m.get('ns1/svc6/UDP')!.map((e) => e.endpoint)).toEqual(['[fd00::5]:53']);
    // an IPv6 address inside an IPv4 slice is ignored by both proxiers
    expect(m.has('ns1/svc1:p80/TCP')).toBe(false);
  });
});
