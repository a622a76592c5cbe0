// Re-programming from the previous ruleset must print exactly what a cold
// program (no remembered rulesets at all) prints, after any sequence of the
// changes a cluster goes through: endpoints added, removed, made not ready,
// EndpointSlices added and deleted, Services edited, added and deleted,
// objects re-ordered. The sequences are seeded, so a failure reproduces.
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../model/cluster';
import type { Endpoint, EndpointSlice, Service } from '../../model/types';
import { createRng } from '../../model/rng';
import { makeCluster, makeNode, makeService, makeSlice } from '../common/testing';
import { formatIptables } from './format';
import { forgetProgrammedRulesets, programIptables } from './program';
import type { IptablesProgramOptions } from './config';
import type { IptablesRuleset } from './types';

const NODE = 'node-a';
const options: IptablesProgramOptions = { nodeName: NODE, clusterCIDR: '10.0.0.0/8', masqueradeMark: '0x4000', randomFully: false };

function coldPayload(c: Cluster): string {
  forgetProgrammedRulesets();
  const text = formatIptables(programIptables(c, options));
  forgetProgrammedRulesets();
  return text;
}

const service = (i: number, extra: Partial<Service['spec']> = {}): Service =>
  makeService(`ns${i % 3}`, `svc${i}`, { clusterIP: `172.30.0.${i + 1}`, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], ...extra });

const endpoint = (n: number, ready = true): Endpoint => ({
  addresses: [`10.1.${n >> 8}.${n & 255}`],
  nodeName: n % 3 === 0 ? NODE : `node-${n % 5}`,
  conditions: { ready },
});

const endpointSlice = (i: number, sliceNum: number, eps: Endpoint[]): EndpointSlice =>
  makeSlice(`ns${i % 3}`, `svc${i}`, sliceNum, eps, [{ name: 'http', port: 8080, protocol: 'TCP' }]);

function startCluster(nServices: number, perService: number): Cluster {
  const services: Service[] = [];
  const slices: EndpointSlice[] = [];
  for (let i = 0; i < nServices; i++) {
    services.push(service(i, i % 4 === 1 ? { type: 'NodePort', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30000 + i }] } : {}));
    slices.push(endpointSlice(i, 1, Array.from({ length: perService }, (_, j) => endpoint(i * perService + j))));
  }
  return makeCluster({ nodes: [makeNode(NODE, ['192.168.0.2'], '10.0.0.0/24')], services, endpointSlices: slices });
}

type Change = (c: Cluster, pick: (n: number) => number, serial: number) => Cluster;

const replaceAt = <T,>(xs: readonly T[], i: number, x: T): T[] => xs.map((y, j) => (j === i ? x : y));

/** The changes a cluster model makes: new objects for what changed, the same objects elsewhere. */
const changes: Record<string, Change> = {
  'endpoint added': (c, pick, serial) => {
    const i = pick(c.endpointSlices.length);
    const s = c.endpointSlices[i]!;
    return { ...c, endpointSlices: replaceAt(c.endpointSlices, i, { ...s, endpoints: [...s.endpoints, endpoint(5000 + serial)] }) };
  },
  'endpoint removed': (c, pick) => {
    const i = pick(c.endpointSlices.length);
    const s = c.endpointSlices[i]!;
    return { ...c, endpointSlices: replaceAt(c.endpointSlices, i, { ...s, endpoints: s.endpoints.slice(1) }) };
  },
  'endpoint not ready': (c, pick) => {
    const i = pick(c.endpointSlices.length);
    const s = c.endpointSlices[i]!;
    if (!s.endpoints.length) return c;
    return { ...c, endpointSlices: replaceAt(c.endpointSlices, i, { ...s, endpoints: [{ ...s.endpoints[0]!, conditions: { ready: false } }, ...s.endpoints.slice(1)] }) };
  },
  'second slice appended': (c, pick, serial) => {
    const i = pick(c.services.length);
    const name = c.services[i]!.metadata.name!;
    const n = Number(name.slice(3));
    return { ...c, endpointSlices: [...c.endpointSlices, endpointSlice(n, 100 + serial, [endpoint(7000 + serial)])] };
  },
  'slice deleted': (c, pick) => {
    const i = pick(c.endpointSlices.length);
    return { ...c, endpointSlices: c.endpointSlices.filter((_, j) => j !== i) };
  },
  'service switched to ClientIP affinity': (c, pick) => {
    const i = pick(c.services.length);
    const s = c.services[i]!;
    return { ...c, services: replaceAt(c.services, i, { ...s, spec: { ...s.spec, sessionAffinity: 'ClientIP' } }) };
  },
  'service switched to eTP Local': (c, pick) => {
    const i = pick(c.services.length);
    const s = c.services[i]!;
    return { ...c, services: replaceAt(c.services, i, { ...s, spec: { ...s.spec, externalTrafficPolicy: 'Local' } }) };
  },
  'service added': (c, _pick, serial) => {
    const i = 200 + serial;
    return { ...c, services: [...c.services, service(i)], endpointSlices: [...c.endpointSlices, endpointSlice(i, 1, [endpoint(9000 + serial)])] };
  },
  'service deleted': (c, pick) => {
    const i = pick(c.services.length);
    return { ...c, services: c.services.filter((_, j) => j !== i) };
  },
  'slices re-ordered': (c) => ({ ...c, endpointSlices: [...c.endpointSlices].reverse() }),
  'deep copy of everything': (c) => structuredClone(c),
  'nothing changed': (c) => c,
};
const names = Object.keys(changes);

function runSequence(seed: number, start: Cluster, steps: number): void {
  const rng = createRng(seed);
  const pick = (n: number) => Math.floor(rng.next() * n);
  let c = start;
  let rs: IptablesRuleset = programIptables(c, options);
  for (let step = 0; step < steps; step++) {
    const name = names[pick(names.length)]!;
    c = changes[name]!(c, pick, step);
    rs = programIptables(c, options, rs);
    expect(formatIptables(rs), `seed ${seed}, step ${step}: ${name}`).toBe(coldPayload(c));
  }
}

describe('re-programming after random changes equals a cold program', () => {
  it.each([1, 2, 3, 4])('small cluster (endpoint comments on), seed %i', (seed) => {
    forgetProgrammedRulesets();
    runSequence(seed, startCluster(12, 3), 40);
  });

  it('large-cluster mode (over 1000 endpoints: no comments), and crossing the threshold', () => {
    forgetProgrammedRulesets();
    // 1000 endpoints exactly: one more crosses into largeClusterMode, one fewer back.
    runSequence(7, startCluster(100, 10), 20);
  });

  it('each kind of change, one at a time', () => {
    for (const name of names) {
      forgetProgrammedRulesets();
      const c = startCluster(12, 3);
      const rs = programIptables(c, options);
      const next = changes[name]!(c, () => 4, 0);
      expect(formatIptables(programIptables(next, options, rs)), name).toBe(coldPayload(next));
    }
  });
});
