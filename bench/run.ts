// npm run bench — the performance targets of svcviz, measured: warm-up, then
// the median of several runs. Prints one table row per operation.

import { performance } from 'node:perf_hooks';
import { parseManifestText } from '../src/model/yaml/parse';
import { decodeObject, admitObject } from '../src/model/api';
import { completeCluster, createClusterModel, decodeInputs } from '../src/model/load';
import { applyClusterEvent } from '../src/model/events';
import { programIptables } from '../src/proxy/iptables/program';
import { formatIptables } from '../src/proxy/iptables/format';
import { createRng } from '../src/model/rng';
import { sampleTraces } from '../src/net/sample';
import { traceAll } from '../src/net/trace';
import { generateManifestFiles, generateManifestOfSize, nodeName } from './generate';

interface Row {
  operation: string;
  size: string;
  ms: number;
  target: string;
  ok: boolean;
}

// Time is this process's CPU time (user + system), not wall time: the
// benchmarks run single-threaded, and on a shared machine wall time mostly
// measures the other processes. `BENCH_CLOCK=wall` measures wall time.
const useWall = process.env.BENCH_CLOCK === 'wall';
function elapsed(fn: () => void): number {
  if (useWall) {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  }
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Median time of `runs` calls after `warmup` unmeasured ones. */
function measure(fn: () => void, runs: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(elapsed(fn));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const rows: Row[] = [];
const within = (operation: string, size: string, ms: number, limitMs: number): void => {
  rows.push({ operation, size, ms, target: `< ${limitMs} ms`, ok: ms < limitMs });
  process.stderr.write(`  ${operation}: ${ms.toFixed(1)} ms\n`);
};

// 1. parse + validate a 1 MB manifest
{
  const text = generateManifestOfSize(1024 * 1024);
  const ms = measure(() => {
    const { objects } = parseManifestText(text, 'bench.yaml');
    for (const p of objects) {
      const { object } = decodeObject(p);
      if (object) admitObject(object, p.source);
    }
  }, 5);
  within('parse + validate manifest', `${(text.length / 1024 / 1024).toFixed(2)} MB`, ms, 150);
}

// 2. build a 10,000-Service / 50,000-Pod cluster with EndpointSlices. Text
// parsing is measured in (1); here the decoded objects go through admission,
// allocation and the controllers (Deployments -> ReplicaSets -> Pods,
// scheduling, pod IPAM, EndpointSlices).
const bigInputs = generateManifestFiles({ services: 10_000, podsPerService: 5, nodes: 500 });
const bigObjects = decodeInputs(bigInputs).entries.map((e) => e.object);
const model = createClusterModel(bigInputs);
{
  let cluster = model.cluster;
  const ms = measure(() => {
    cluster = completeCluster(bigObjects, { asStored: false });
  }, 3, 1);
  within('build cluster (+ EndpointSlices)', `${cluster.services.length} svc / ${cluster.pods.length} pods / ${cluster.endpointSlices.length} slices`, ms, 2000);
}

// 3. incremental update after deleting one Pod
{
  const victim = model.cluster.pods.find((p) => p.metadata.namespace?.startsWith('ns-'))!;
  const ms = measure(() => {
    applyClusterEvent(model, { type: 'deletePod', namespace: victim.metadata.namespace!, name: victim.metadata.name! });
  }, 9, 2);
  within('incremental update: delete one Pod', '1 pod', ms, 10);
}

// 4. full iptables payload for one node; 5. incremental re-programming
{
  const node = nodeName(0);
  const endpoints = model.cluster.endpointSlices.reduce((n, s) => n + s.endpoints.length, 0);
  let ruleset = programIptables(model.cluster, { nodeName: node });
  const ms = measure(() => {
    ruleset = programIptables(model.cluster, { nodeName: node });
    formatIptables(ruleset);
  }, 3, 1);
  within('iptables payload for one node', `${model.cluster.services.length} svc / ${endpoints} endpoints`, ms, 1000);

  const victim = model.cluster.pods.find((p) => p.metadata.namespace?.startsWith('ns-'))!;
  const next = applyClusterEvent(model, { type: 'setPodReady', namespace: victim.metadata.namespace!, name: victim.metadata.name!, ready: false }).model;
  const inc = measure(() => {
    programIptables(next.cluster, { nodeName: node }, ruleset);
  }, 9, 2);
  within('iptables re-programming: one endpoint change', '1 endpoint', inc, 10);
}

// 6. trace throughput (sampled connections, pod -> ClusterIP)
{
  const client = model.cluster.pods.find((p) => p.metadata.namespace === 'ns-1')!;
  const svc = model.cluster.services.find((s) => s.metadata.name === 'svc-3' )!;
  const request = { from: `pod/${client.metadata.namespace}/${client.metadata.name}`, to: `${svc.spec.clusterIP}:80` };
  const k = 100_000;
  const ms = measure(() => {
    sampleTraces(model, request, k, { random: createRng(1).next });
  }, 3, 1);
  const rate = k / (ms / 1000);
  rows.push({ operation: 'trace throughput (sampled connections)', size: `${k} packets = ${Math.round(rate)}/s`, ms, target: '>= 100000 packets/s', ok: rate >= 100_000 });
  const n = 20_000;
  const allMs = measure(() => {
    for (let i = 0; i < n; i++) traceAll(model, request);
  }, 3, 1);
  const allRate = n / (allMs / 1000);
  rows.push({ operation: 'traceAll (every outcome)', size: `${n} requests = ${Math.round(allRate)}/s`, ms: allMs, target: '(info)', ok: true });
  process.stderr.write(`  trace: ${Math.round(rate)} packets/s sampled, ${Math.round(allRate)} traceAll/s\n`);
}

const header = ['operation', 'size', `time ms (${useWall ? 'wall' : 'CPU'})`, 'target', 'ok?'];
const table = rows.map((r) => [r.operation, r.size, r.ms.toFixed(1), r.target, r.ok ? 'ok' : 'SLOW']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)].join('\n')}\n`);
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
