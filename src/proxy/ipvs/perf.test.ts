// Large clusters stay interactive: programming and walking a packet must not
// be quadratic in the number of Services.
import { hrtime } from 'node:process';
import { describe, expect, it } from 'vitest';
import type { Service, EndpointSlice } from '../../model/types';
import { ipvsBackend } from './index';
import { nftablesBackend } from '../nftables/index';
import { userspaceBackend } from '../userspace/index';
import { makeCluster, makeService, makeSlice, OTHER_NODE, TEST_NODE } from './testing/cluster-fixture';

function bigCluster(n: number) {
  const services: Service[] = [];
  const slices: EndpointSlice[] = [];
  for (let i = 0; i < n; i++) {
    const ip = `172.30.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    services.push(makeService('ns', `svc${i}`, { type: 'NodePort', clusterIP: ip, ports: [{ name: 'http', port: 80, nodePort: 30000 + (i % 2700) }] }));
    slices.push(
      makeSlice('ns', `svc${i}`, [0, 1, 2].map((k) => ({ ip: `10.${1 + (k % 2)}.${Math.floor(i / 250)}.${(i % 250) + 1 + k}`, nodeName: k % 2 ? OTHER_NODE : TEST_NODE })), [{ name: 'http', port: 8080 }]),
    );
  }
  return makeCluster({ services, slices });
}

describe('scale', () => {
  const cluster = bigCluster(1000);
  it.each([
    ['ipvs', ipvsBackend],
    ['nftables', nftablesBackend],
    ['userspace', userspaceBackend],
  ] as const)('%s: 1000 Services program, format and 200 packets stay within seconds (linear, not quadratic)', (_m, backend) => {
    const t0 = hrtime.bigint();
    const rs = backend.program(cluster, { nodeName: TEST_NODE } as never);
    backend.format(rs as never);
    for (let i = 0; i < 200; i++) {
      const out = backend.evaluate(rs as never, { protocol: 'TCP', srcIP: '10.1.0.99', srcPort: 1, dstIP: `172.30.${Math.floor(i / 250)}.${(i % 250) + 1}`, dstPort: 80 }, 'prerouting');
      expect(out.length).toBeGreaterThan(0);
    }
    expect(Number(hrtime.bigint() - t0) / 1e6).toBeLessThan(15000);
  });
});
