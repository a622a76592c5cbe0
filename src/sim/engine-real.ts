// The real engine: model/ builds and updates the cluster, proxy/ programs
// each node in the chosen mode, net/ traces each connection through those
// very rulesets (sampled as the kernel / kube-proxy would choose).

import type { Cluster } from '../model/cluster';
import { applyClusterEvent } from '../model/events';
import type { ClusterEvent } from '../model/events';
import { createClusterModel } from '../model/load';
import type { ClusterModel } from '../model/load';
import type { Service } from '../model/types';
import { getProgrammedRuleset, sampleTraces, traceAll } from '../net/index';
import type { TraceRequest as NetTraceRequest } from '../net/index';
import { getBackend } from '../proxy/index';
import { EXTERNAL_CLIENT, nodeKey, podKey } from '../protocol/anchors';
import type { TrafficSourceRef, TrafficTargetRef } from '../protocol/messages';
import type { EngineModel, SimEngine, TraceRequest, TraceResult } from './engine';
import { buildPacketHops } from './hops';

/** The external client's address (TEST-NET-3, RFC 5737). */
export const EXTERNAL_CLIENT_IP = '203.0.113.50';

const withScheduler = new WeakMap<Cluster, Map<string, Cluster>>();

/** The cluster as kube-proxy sees it with `--ipvs-scheduler` set (one object per choice, so rulesets stay cached). */
function clusterFor(cluster: Cluster, scheduler: string): Cluster {
  if ((cluster.proxyConfig.ipvs?.scheduler || 'rr') === scheduler) return cluster;
  let m = withScheduler.get(cluster);
  if (!m) {
    m = new Map();
    withScheduler.set(cluster, m);
  }
  let c = m.get(scheduler);
  if (!c) {
    c = { ...cluster, proxyConfig: { ...cluster.proxyConfig, ipvs: { ...cluster.proxyConfig.ipvs, scheduler } } };
    m.set(scheduler, c);
  }
  return c;
}

function toEngineModel(model: ClusterModel, changed = true): EngineModel {
  return { state: model, cluster: model.cluster, diagnostics: model.diagnostics, changed };
}

function findService(cluster: Cluster, t: TrafficTargetRef): Service | undefined {
  return cluster.services.find((s) => (s.metadata.namespace ?? 'default') === t.namespace && s.metadata.name === t.name);
}

function sourceAnchor(s: TrafficSourceRef): string {
  if (s.kind === 'pod') return podKey(s.namespace, s.name);
  if (s.kind === 'node') return nodeKey(s.name);
  return EXTERNAL_CLIENT;
}

function nodeIP(cluster: Cluster, i: number): string {
  const n = cluster.nodes[i];
  return n?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

/**
 * How the source addresses the Service: pods use its DNS name (the cluster
 * DNS is in their resolv.conf), nodes its clusterIP, the external client a
 * load-balancer IP or a node's IP and nodePort.
 */
export function addressFor(cluster: Cluster, req: Pick<TraceRequest, 'source' | 'target' | 'random'>): { from: string; to: string } {
  const svc = findService(cluster, req.target);
  const port = svc?.spec.ports?.find((p) => req.target.port === undefined || p.name === req.target.port || p.port === req.target.port) ?? svc?.spec.ports?.[0];
  const dnsName = `${req.target.name}.${req.target.namespace}${port ? `:${port.port}` : ''}`;
  const s = req.source;
  if (s.kind === 'pod') return { from: `pod/${s.namespace}/${s.name}`, to: dnsName };
  const headless = !svc?.spec.clusterIP || svc.spec.clusterIP === 'None';
  if (s.kind === 'node') return { from: `node/${s.name}`, to: headless || !port ? dnsName : `${svc?.spec.clusterIP}:${port.port}` };
  const lbIP = svc?.status?.loadBalancer?.ingress?.find((i) => i.ip)?.ip;
  if (svc?.spec.type === 'LoadBalancer' && lbIP && port) return { from: EXTERNAL_CLIENT_IP, to: `${lbIP}:${port.port}` };
  if (port?.nodePort && cluster.nodes.length) {
    const ip = nodeIP(cluster, Math.floor(req.random() * cluster.nodes.length));
    return { from: EXTERNAL_CLIENT_IP, to: `${ip}:${port.nodePort}` };
  }
  return { from: EXTERNAL_CLIENT_IP, to: headless || !port ? dnsName : `${svc?.spec.clusterIP}:${port.port}` };
}

export function createRealEngine(): SimEngine {
  return {
    load(text, file, seed) {
      return toEngineModel(createClusterModel([{ file, text }], { seed }));
    },
    apply(model, event) {
      const r = applyClusterEvent(model.state as ClusterModel, event as ClusterEvent);
      const changed = r.diff.added.length + r.diff.updated.length + r.diff.removed.length > 0;
      const next = toEngineModel(r.model, changed);
      // Problems with the action itself (an invalid edited Service) show with the manifest's.
      return r.diagnostics.length ? { ...next, diagnostics: [...next.diagnostics, ...r.diagnostics] } : next;
    },
    program(cluster, node, mode, scheduler) {
      return getProgrammedRuleset(clusterFor(cluster, scheduler), node, mode).ruleset;
    },
    format(ruleset) {
      return getBackend(ruleset.mode).format(ruleset);
    },
    expectedShares(req) {
      const cluster = clusterFor(req.cluster, req.ipvsScheduler);
      const shares: Record<string, number> = {};
      // An external client reaching a NodePort picks a node at random: average over the nodes.
      const svc = findService(cluster, req.target);
      const perNode = req.source.kind === 'external' && svc?.spec.type === 'NodePort' ? cluster.nodes.length : 1;
      for (let i = 0; i < Math.max(1, perNode); i++) {
        const pickNode = (): number => (perNode > 1 ? (i + 0.5) / perNode : 0);
        const { from, to } = addressFor(cluster, { source: req.source, target: req.target, random: pickNode });
        try {
          const r = traceAll({ cluster }, { from, to, mode: req.mode });
          for (const o of r.outcomes) if (o.pod) shares[`Pod/${o.pod}`] = (shares[`Pod/${o.pod}`] ?? 0) + o.probability / Math.max(1, perNode);
        } catch {
          /* no expectation when the path cannot be traced */
        }
      }
      return shares;
    },
    trace(req): TraceResult {
      const cluster = clusterFor(req.cluster, req.ipvsScheduler);
      const { from, to } = addressFor(cluster, req);
      const netReq: NetTraceRequest = { from, to, mode: req.mode, srcPort: req.srcPort };
      try {
        const r = sampleTraces({ cluster }, netReq, 1, { random: req.random, now: req.now, states: req.states });
        const outcome = r.samples[0];
        if (!outcome) return { hops: [], failed: 'no outcome' };
        const hops = buildPacketHops(outcome, r.request, { cluster, mode: req.mode, sourceAnchor: sourceAnchor(req.source), service: req.target });
        return { hops, deliveredTo: outcome.pod ? `Pod/${outcome.pod}` : undefined, failed: outcome.pod ? undefined : (outcome.note ?? outcome.verdict) };
      } catch (e) {
        return { hops: [], failed: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
