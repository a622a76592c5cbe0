import { describe, expect, it } from 'vitest';
import type { Pod } from '../types';
import { buildLegacyEndpoints, truncateEndpoints, type EndpointSubset } from './legacy-endpoints';
import { makePod, makeService } from './fixtures';

const ip = (s: EndpointSubset) => ({
  ready: (s.addresses ?? []).map((a) => a.ip),
  notReady: (s.notReadyAddresses ?? []).map((a) => a.ip),
  ports: (s.ports ?? []).map((p) => `${p.name}:${p.port}/${p.protocol}`),
});

describe('legacy Endpoints (kube-controller-manager Endpoints controller)', () => {
  it('ready pods in addresses, not-ready in notReadyAddresses, terminating left out; sorted by IP', () => {
    const ep = buildLegacyEndpoints(makeService('web', { labels: { team: 'a' } }), [
      makePod('b', { ip: '10.0.0.20' }),
      makePod('a', { ip: '10.0.0.3' }),
      makePod('c', { ip: '10.0.0.4', ready: false }),
      makePod('d', { ip: '10.0.0.5', deleting: true }),
    ])!;
    expect(ep.metadata).toEqual({ name: 'web', namespace: 'default', labels: { team: 'a' } });
    expect(ep.subsets!.map(ip)).toEqual([{ ready: ['10.0.0.20', '10.0.0.3'], notReady: ['10.0.0.4'], ports: ['http:8080/TCP'] }]);
    expect(ep.subsets![0]!.addresses![0]).toEqual({
      ip: '10.0.0.20',
      nodeName: 'node-a',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-pod-default-b' },
    });
  });

  it('publishNotReadyAddresses: everything ready, terminating pods included', () => {
    const ep = buildLegacyEndpoints(makeService('web', { publishNotReadyAddresses: true }), [
      makePod('c', { ip: '10.0.0.4', ready: false }),
      makePod('d', { ip: '10.0.0.5', deleting: true }),
    ])!;
    expect(ep.subsets!.map(ip)).toEqual([{ ready: ['10.0.0.4', '10.0.0.5'], notReady: [], ports: ['http:8080/TCP'] }]);
  });

  it('groups ports by the exact set of pods offering them (named targetPort missing on some pods)', () => {
    const svc = makeService('web', {
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
        { name: 'raw', protocol: 'TCP', port: 81, targetPort: 9000 },
      ],
    });
    const withHttp = (name: string, ipAddr: string): Pod =>
      makePod(name, { ip: ipAddr, containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] });
    const ep = buildLegacyEndpoints(svc, [withHttp('a', '10.0.0.1'), makePod('b', { ip: '10.0.0.2' }), withHttp('c', '10.0.0.3')])!;
    // RepackSubsets: one subset per distinct set of addresses; `raw` is
    // offered by all three pods, `http` only by a and c.
    expect(ep.subsets!.map(ip)).toEqual([
      { ready: ['10.0.0.1', '10.0.0.3'], notReady: [], ports: ['http:8080/TCP'] },
      { ready: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], notReady: [], ports: ['raw:9000/TCP'] },
    ]);
  });

  it('headless without ports: subsets without ports and the headless label', () => {
    const ep = buildLegacyEndpoints(makeService('db', { clusterIP: 'None', ports: [] }), [
      makePod('a', { ip: '10.0.0.1', hostname: 'db-0', subdomain: 'db' }),
    ])!;
    expect(ep.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    expect(ep.subsets).toEqual([
      {
        addresses: [
          { ip: '10.0.0.1', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-pod-default-a' }, hostname: 'db-0' },
        ],
      },
    ]);
  });

  it('uses the primary family of a dual-stack Service', () => {
    const ep = buildLegacyEndpoints(makeService('web', { ipFamilies: ['IPv6', 'IPv4'] }), [makePod('a', { ips: ['10.0.0.1', 'fd00::1'] })])!;
    expect(ep.subsets![0]!.addresses![0]!.ip).toBe('fd00::1');
  });

  it.each([
    ['no selector', makeService('web', { selector: null })],
    ['ExternalName', makeService('web', { type: 'ExternalName', externalName: 'x.example' })],
  ])('%s: no Endpoints written', (_, svc) => {
    expect(buildLegacyEndpoints(svc, [makePod('a', { ip: '10.0.0.1' })])).toBeNull();
  });

  it('no pods: an Endpoints object without subsets', () => {
    expect(buildLegacyEndpoints(makeService('web'), [])).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default' },
    });
  });

  it('over 1000 addresses: truncated with the over-capacity annotation', () => {
    const pods = Array.from({ length: 1005 }, (_, i) => makePod(`p${i}`, { ip: `10.0.${i >> 8}.${i & 255}` }));
    const ep = buildLegacyEndpoints(makeService('web'), pods)!;
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/over-capacity': 'truncated' });
    expect(ep.subsets![0]!.addresses).toHaveLength(1000);
  });
});

describe('truncateEndpoints', () => {
  const addrs = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ ip: `${p}.${i}` }));
  it('keeps ready addresses and trims not-ready ones proportionally', () => {
    const out = truncateEndpoints([
      { addresses: addrs(600, 'a'), notReadyAddresses: addrs(300, 'b') },
      { addresses: addrs(300, 'c'), notReadyAddresses: addrs(100, 'd') },
    ])!;
    expect(out.map((s) => [s.addresses?.length, s.notReadyAddresses?.length])).toEqual([
      [600, 75],
      [300, 25],
    ]);
  });
  it('under capacity: unchanged', () => {
    expect(truncateEndpoints([{ addresses: addrs(10, 'a') }])).toBeNull();
  });
});
