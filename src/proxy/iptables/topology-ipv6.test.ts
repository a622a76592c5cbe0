// Zone hints narrowing the cluster chain, an IPv6 proxier's payload, and
// sampling that follows the statistic cascade's probabilities.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../model/rng';
import { makeCluster, makeNode, makeService, makeSlice } from '../common/testing';
import { createProxyState } from '../types';
import { evaluateIptables, sampleIptables } from './evaluate';
import { formatIptables } from './format';
import { programIptables } from './program';
import { fakeProxierOptions, slice, svc, testNodeName, upstreamCluster } from './fixtures/upstream';

describe('topology hints', () => {
  const zoned = (zoneA: string, zoneB: string) =>
    upstreamCluster(
      [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })],
      [slice('ns1', 'svc1', [{ addresses: ['10.180.0.1'], hints: { forZones: [{ name: zoneA }] } }, { addresses: ['10.180.0.2'], hints: { forZones: [{ name: zoneB }] } }])],
    );
  const withZone = (c: ReturnType<typeof zoned>, zone: string) => {
    c.nodes[0]!.metadata.labels = { 'topology.kubernetes.io/zone': zone };
    return c;
  };
  const dests = (c: ReturnType<typeof zoned>) =>
    evaluateIptables(programIptables(c, fakeProxierOptions), { protocol: 'TCP', srcIP: '10.0.0.2', srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting').map((o) => o.dnatIP);

  it.each([
    ['node in zone-a uses only zone-a endpoints', 'zone-a', 'zone-b', 'zone-a', ['10.180.0.1']],
    ['no endpoint hinted for the node zone: all endpoints', 'zone-a', 'zone-b', 'zone-c', ['10.180.0.1', '10.180.0.2']],
    ['node without a zone label: all endpoints', 'zone-a', 'zone-a', '', ['10.180.0.1', '10.180.0.2']],
  ])('%s', (_n, a, b, nodeZone, expected) => {
    expect(dests(withZone(zoned(a, b), nodeZone))).toEqual(expected);
  });
});

describe('IPv6 proxier', () => {
  it('writes IPv6 addresses, bracketed DNAT targets, and never allows localhost node ports', () => {
    const c = makeCluster({
      nodes: [makeNode(testNodeName, ['2001:db8::1'])],
      services: [makeService('ns1', 'svc1', { type: 'NodePort', clusterIP: 'fd00:172:30::41', clusterIPs: ['fd00:172:30::41'], ipFamilies: ['IPv6'], ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] })],
      endpointSlices: [makeSlice('ns1', 'svc1', 1, [{ addresses: ['fd00:10:180::1'] }], [{ name: 'p80', port: 80, protocol: 'TCP' }], 'IPv6')],
    });
    const text = formatIptables(programIptables(c, { ...fakeProxierOptions, family: 'IPv6', clusterCIDR: 'fd00:10::/64' }));
    expect(text).not.toContain('KUBE-FIREWALL');
    expect(text).not.toContain('127.0.0.0/8');
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d fd00:172:30::41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O\n');
    expect(text).toContain('-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d fd00:172:30::41 --dport 80 ! -s fd00:10::/64 -j KUBE-MARK-MASQ\n');
    expect(text).toMatch(/-A KUBE-SEP-\w+ -m comment --comment ns1\/svc1:p80 -m tcp -p tcp -j DNAT --to-destination \[fd00:10:180::1\]:80\n/);
    expect(text).toContain('-m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS\n');
  });
});

describe('sampling', () => {
  it('draws endpoints with the cascade probabilities (1/3 each for three endpoints)', () => {
    const c = upstreamCluster(
      [svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })],
      [slice('ns1', 'svc1', [{ addresses: ['10.180.0.1'] }, { addresses: ['10.180.0.2'] }, { addresses: ['10.180.0.3'] }])],
    );
    const rs = programIptables(c, fakeProxierOptions);
    const rng = createRng(42);
    const ctx = { random: () => rng.next(), now: 0, state: createProxyState() };
    const counts: Record<string, number> = {};
    for (let i = 0; i < 6000; i++) {
      const o = sampleIptables(rs, { protocol: 'TCP', srcIP: `10.0.${i % 200}.2`, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting', ctx);
      counts[o.dnatIP!] = (counts[o.dnatIP!] ?? 0) + 1;
      expect(o.probability).toBeCloseTo(1 / 3, 10);
    }
    for (const ip of ['10.180.0.1', '10.180.0.2', '10.180.0.3']) expect(Math.abs(counts[ip]! - 2000)).toBeLessThan(200);
  });
});
