// internalTrafficPolicy and topology hints, side by side in the three modes
// this folder family models. Each row: (mode, source, clusterIP) -> endpoints.
import { describe, expect, it } from 'vitest';
import type { ProxyBackend, Ruleset } from '../types';
import { ipvsBackend } from '../ipvs/index';
import { userspaceBackend } from '../userspace/index';
import { nftablesBackend } from './index';
import { makeCluster, makeService, makeSlice, OTHER_NODE, TEST_NODE } from '../ipvs/testing/cluster-fixture';

const cluster = makeCluster({
  services: [
    makeService('ns', 'itp-local', { clusterIP: '172.30.1.1', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] }),
    makeService('ns', 'itp-local-remote-only', { clusterIP: '172.30.1.2', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] }),
    makeService('ns', 'zoned', { clusterIP: '172.30.1.3', trafficDistribution: 'PreferClose', ports: [{ port: 80 }] }),
  ],
  slices: [
    makeSlice('ns', 'itp-local', [{ ip: '10.0.1.30', nodeName: TEST_NODE }, { ip: '10.0.2.30', nodeName: OTHER_NODE }], [{ port: 80 }]),
    makeSlice('ns', 'itp-local-remote-only', [{ ip: '10.0.2.31', nodeName: OTHER_NODE }], [{ port: 80 }]),
    // test-node is in zone-a: hints narrow cluster traffic to same-zone endpoints.
    makeSlice('ns', 'zoned', [
      { ip: '10.0.1.32', nodeName: TEST_NODE, zone: 'zone-a', hintZones: ['zone-a'] },
      { ip: '10.0.2.32', nodeName: OTHER_NODE, zone: 'zone-b', hintZones: ['zone-b'] },
    ], [{ port: 80 }]),
  ],
});

const backends: Record<string, ProxyBackend<Ruleset>> = {
  nftables: nftablesBackend as unknown as ProxyBackend<Ruleset>,
  ipvs: ipvsBackend as unknown as ProxyBackend<Ruleset>,
  userspace: userspaceBackend as unknown as ProxyBackend<Ruleset>,
};
const programmed = Object.fromEntries(Object.entries(backends).map(([m, b]) => [m, b.program(cluster, { nodeName: TEST_NODE })]));

function flow(mode: string, dst: string): string[] {
  return backends[mode]!
    .evaluate(programmed[mode]!, { protocol: 'TCP', srcIP: '10.0.1.9', srcPort: 1, dstIP: dst, dstPort: 80 }, 'prerouting')
    .map((o) => (o.verdict === 'DNAT' ? o.dnatIP! : o.verdict))
    .sort();
}

describe('traffic policies and topology, per mode', () => {
  it.each([
    ['nftables', 'iTP Local: only the local endpoint', '172.30.1.1', ['10.0.1.30']],
    ['ipvs', 'iTP Local: only the local endpoint', '172.30.1.1', ['10.0.1.30']],
    ['userspace', 'iTP Local is not implemented: every endpoint', '172.30.1.1', ['10.0.1.30', '10.0.2.30']],
    ['nftables', 'iTP Local without local endpoints: dropped', '172.30.1.2', ['DROP']],
    ['ipvs', 'iTP Local without local endpoints: virtual server without real servers', '172.30.1.2', ['REJECT']],
    ['nftables', 'zone hints: same-zone endpoint only', '172.30.1.3', ['10.0.1.32']],
    ['ipvs', 'zone hints: same-zone endpoint only', '172.30.1.3', ['10.0.1.32']],
    ['userspace', 'topology hints are not implemented', '172.30.1.3', ['10.0.1.32', '10.0.2.32']],
  ])('%s: %s', (mode, _name, dst, expected) => {
    expect(flow(mode, dst)).toEqual(expected);
  });
});
