// The path of one packet from the node where it enters netfilter to the
// process that receives it. Every routing decision comes from the proxy
// backend's own outcome for the node's programmed ruleset (evaluate for all
// outcomes, sample for one); this file only adds what happens around
// kube-proxy: forwarding between nodes over the pod network, where the
// masquerade source address comes from, and the conntrack entry.

import type { Cluster } from '../model/cluster';
import type { IPFamily, ProxyMode } from '../model/types';
import type { Hook, Packet, ProxyBackend, ProxyOutcome, ProxyStep, Ruleset } from '../proxy/types';
import { createConntrackEntry, type ConntrackEntry } from './conntrack';
import { bridgeIPOf, type ClusterIndex, type NodeFacts, nodeIPOf, podCIDRContaining, podKey } from './cluster-index';
import { familyOf, joinHostPort } from './ip';
import { getProgrammedRuleset } from './ruleset-cache';
import type { TraceHop, TraceOutcome } from './types';

/** evaluate (every outcome) or sample (one outcome) on a node's ruleset */
export type Decide = (backend: ProxyBackend, ruleset: Ruleset, packet: Packet, hook: Hook) => ProxyOutcome[];

export interface PathContext {
  cluster: Cluster;
  idx: ClusterIndex;
  mode: ProxyMode;
  iptablesHost?: 'reference' | 'real-node';
  decide: Decide;
  /** per-node programmed rulesets already looked up for this trace */
  rulesets?: Map<string, { backend: ProxyBackend; ruleset: Ruleset }>;
}

export interface PacketAt {
  node: NodeFacts;
  hook: Hook;
  packet: Packet;
  probability: number;
  hops: TraceHop[];
  /** node whose kube-proxy rules first see the packet */
  entryNode: string;
}

// Hop actions between nodes read "route to node X" / "forward to node X":
// src/sim/hops.ts animates the packet to node X from that text.

/** A packet crossing more nodes than this without being delivered is looping. */
const MAX_NODES = 4;

export function followPacket(pc: PathContext, at: PacketAt, depth = 0): TraceOutcome[] {
  if (depth >= MAX_NODES) {
    return [terminal(at, 'DROP', false, [], 'routing loop: the packet never reached an endpoint')];
  }
  pc.rulesets ??= new Map();
  // Dual-stack nodes run one proxier per family: the destination's decides.
  const family = proxierFamily(pc.cluster, at.packet.dstIP);
  const key = family ? `${at.node.name}\u0000${family}` : at.node.name;
  let programmed = pc.rulesets.get(key);
  if (!programmed) {
    programmed = getProgrammedRuleset(pc.cluster, at.node.name, pc.mode, family, pc.iptablesHost);
    pc.rulesets.set(key, programmed);
  }
  const { backend, ruleset } = programmed;
  const results: TraceOutcome[] = [];
  for (const o of pc.decide(backend, ruleset, at.packet, at.hook)) {
    const hops = at.hops.slice();
    for (const st of o.steps) hops.push(stepToHop(at.node.name, st));
    const probability = at.probability * o.probability;
    const here: PacketAt = { ...at, hops, probability };
    if (o.verdict === 'REJECT' || o.verdict === 'DROP') {
      results.push(terminal(here, o.verdict, o.masqueraded, []));
    } else if (o.verdict === 'DNAT' && o.dnatIP !== undefined && o.dnatPort !== undefined) {
      results.push(deliver(pc, here, o.dnatIP, o.dnatPort, o));
    } else {
      results.push(...forwardUnchanged(pc, here, depth));
    }
  }
  return results;
}

/**
 * The family whose proxier handles a packet to `dstIP`, when it is not the
 * cluster's primary service family (undefined: the backend's default
 * programming, which is the primary family's proxier).
 */
function proxierFamily(cluster: Cluster, dstIP: string): IPFamily | undefined {
  const family = familyOf(dstIP);
  const primary = familyOf(cluster.config.serviceCIDRs[0] ?? '') ?? 'IPv4';
  return family && family !== primary ? family : undefined;
}

function stepToHop(node: string, s: ProxyStep): TraceHop {
  return { node, component: s.component, rule: s.rule.rule || s.rule.chain, action: s.action };
}

/**
 * No service rule matched (ACCEPT): the packet keeps its destination. If it
 * is addressed to another node (e.g. a pod sending to `node-2:30080`), that
 * node's own kube-proxy rules see it next, arriving from the network
 * (PREROUTING); otherwise it is delivered as routed.
 */
function forwardUnchanged(pc: PathContext, at: PacketAt, depth: number): TraceOutcome[] {
  const dst = at.packet.dstIP;
  const other = pc.idx.nodeByIP.get(dst);
  if (other && other.name !== at.node.name) {
    const hop: TraceHop = {
      node: at.node.name,
      component: 'node network',
      rule: `${dst} is node ${other.name}'s address`,
      action: `route to node ${other.name}`,
    };
    return followPacket(pc, { ...at, node: other, hook: 'prerouting', hops: [...at.hops, hop] }, depth + 1);
  }
  return [deliver(pc, at, dst, at.packet.dstPort, undefined)];
}

interface Target {
  node?: NodeFacts;
  podName: string;
  isHost: boolean;
}

function locateTarget(idx: ClusterIndex, ip: string, port: number, cluster: Cluster): Target {
  const pod = idx.podByIP.get(ip);
  if (pod) return { node: idx.nodeByName.get(pod.spec.nodeName ?? ''), podName: podKey(pod), isHost: false };
  const host = idx.nodeByIP.get(ip);
  if (host) {
    // A host-network pod listening on the node (kube-apiserver, for `default/kubernetes`).
    // Several host-network pods share the node's IP: the one listening on the port.
    const onHost = cluster.pods.filter((p) => p.spec.hostNetwork && p.spec.nodeName === host.name);
    const hostPod = onHost.find((p) => p.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.containerPort === port)))
      ?? (onHost.length === 1 ? onHost[0] : undefined);
    return { node: host, podName: hostPod ? podKey(hostPod) : '', isHost: true };
  }
  const byCIDR = idx.nodes.find((n) => podCIDRContaining(n, ip) !== '');
  return { node: byCIDR, podName: '', isHost: false };
}

/**
 * The packet, with its final destination, leaves the node that translated it.
 * Masquerade (iptables `-j MASQUERADE` in nat POSTROUTING) rewrites the source
 * to the address of the interface the packet leaves by: the node's bridge
 * (first address of its pod CIDR) for a pod on the same node, the node's
 * InternalIP towards another node. Without masquerade the source is kept.
 * In userspace mode kube-proxy itself opens the connection to the endpoint,
 * so the endpoint sees the node's address chosen the same way.
 */
function deliver(pc: PathContext, at: PacketAt, ip: string, port: number, o: ProxyOutcome | undefined): TraceOutcome {
  const target = locateTargetCached(pc.idx, ip, port, pc.cluster);
  // `at.hops` was created for this outcome by followPacket: extend it in place.
  const hops = at.hops;
  const endpoint = joinHostPort(ip, port);
  const viaProxy = o?.proxyPort !== undefined;
  const snat = Boolean(o?.masqueraded) || viaProxy;
  // Addresses of the packet's family: a dual-stack node masquerades an IPv6
  // packet to its IPv6 address (or its IPv6 bridge), never to an IPv4 one.
  const family = familyOf(ip);
  const nodeIP = nodeIPOf(at.node, family);

  if (!target.node) {
    const note = o ? `${endpoint} is outside the cluster` : 'no rule matched; the packet follows the node\'s routing table out of the cluster';
    hops.push({ node: at.node.name, component: 'node network', rule: `default route`, action: `send ${endpoint} out of the cluster` });
    return { ...base(at, o?.verdict ?? 'ACCEPT', snat), endpoint: o ? endpoint : '', hops, note,
      sourceIPAtPod: snat ? nodeIP : at.packet.srcIP, conntrack: conntrackFor(at, ip, port, o, snat ? nodeIP : undefined) };
  }

  const sameNode = target.node.name === at.node.name;
  let sourceIP = at.packet.srcIP;
  if (snat) sourceIP = sameNode ? (target.isHost ? ip : bridgeIPOf(at.node, family)) : nodeIP;

  if (!sameNode) {
    // Pod subnets of other nodes are routed by the CNI (via that node);
    // another node's own address is plain node-to-node traffic.
    hops.push(target.isHost
      ? { node: at.node.name, component: 'node network', rule: `${ip} is node ${target.node.name}'s address`, action: `route to node ${target.node.name}` }
      : { node: at.node.name, component: 'pod network (CNI)', rule: `${podCIDRContaining(target.node, ip) || target.node.podCIDR} via ${nodeIPOf(target.node, family)}`, action: `forward to node ${target.node.name}` });
  }
  hops.push({
    node: target.node.name,
    component: target.isHost ? 'node' : 'pod',
    rule: target.podName || (target.isHost ? `host ${target.node.name}` : ip),
    action: `deliver to ${endpoint} from ${sourceIP}`,
  });
  const out: TraceOutcome = {
    verdict: o?.verdict ?? 'ACCEPT',
    endpoint,
    pod: target.podName,
    probability: at.probability,
    masqueraded: snat,
    sourceIPAtPod: sourceIP,
    hops,
    entryNode: at.entryNode,
    conntrack: conntrackFor(at, ip, port, o, snat ? sourceIP : undefined),
  };
  if (!o && target.isHost && !target.podName) {
    out.note = `no Service rule matched: the packet is delivered to node ${target.node.name} itself, whatever listens on port ${port} there`;
  }
  return out;
}

const targetCache = new WeakMap<ClusterIndex, Map<string, Target>>();

/** Where an address lives does not change within one cluster snapshot. */
function locateTargetCached(idx: ClusterIndex, ip: string, port: number, cluster: Cluster): Target {
  const key = `${ip}|${port}`;
  let m = targetCache.get(idx);
  if (!m) {
    m = new Map();
    targetCache.set(idx, m);
  }
  let t = m.get(key);
  if (!t) {
    t = locateTarget(idx, ip, port, cluster);
    m.set(key, t);
  }
  return t;
}

function conntrackFor(at: PacketAt, ip: string, port: number, o: ProxyOutcome | undefined, snatIP: string | undefined): ConntrackEntry[] {
  const original = { protocol: at.packet.protocol, src: at.packet.srcIP, srcPort: at.packet.srcPort, dst: at.packet.dstIP, dstPort: at.packet.dstPort };
  if (o?.proxyPort !== undefined) {
    // userspace: the client's connection is redirected to kube-proxy's proxy
    // port on this node; kube-proxy opens a second connection to the endpoint.
    // REDIRECT rewrites to the address of the interface the packet came in
    // on: the bridge for the node's own pods, the node address otherwise.
    const family = familyOf(at.packet.dstIP);
    const fromLocalPod = at.hook === 'prerouting' && podCIDRContaining(at.node, at.packet.srcIP) !== '';
    const bridge = bridgeIPOf(at.node, family);
    const local = fromLocalPod && bridge ? bridge : nodeIPOf(at.node, family);
    return [
      createConntrackEntry(at.node.name, original, { dnatIP: local, dnatPort: o.proxyPort }),
      // (its source port is an ephemeral one the kernel picks; shown as the client's)
      createConntrackEntry(at.node.name, { protocol: at.packet.protocol, src: snatIP ?? nodeIPOf(at.node, familyOf(ip)), srcPort: at.packet.srcPort, dst: ip, dstPort: port }, {}),
    ];
  }
  const nat: { dnatIP?: string; dnatPort?: number; snatIP?: string } = {};
  if (o?.verdict === 'DNAT') {
    nat.dnatIP = ip;
    nat.dnatPort = port;
  }
  if (snatIP !== undefined) nat.snatIP = snatIP;
  return [createConntrackEntry(at.node.name, original, nat)];
}

function base(at: PacketAt, verdict: TraceOutcome['verdict'], masqueraded: boolean): TraceOutcome {
  return {
    verdict,
    endpoint: '',
    pod: '',
    probability: at.probability,
    masqueraded,
    sourceIPAtPod: '',
    hops: at.hops,
    entryNode: at.entryNode,
    conntrack: [],
  };
}

export function terminal(at: PacketAt, verdict: TraceOutcome['verdict'], masqueraded: boolean, conntrack: ConntrackEntry[], note?: string): TraceOutcome {
  const out: TraceOutcome = { ...base(at, verdict, masqueraded), conntrack };
  if (note) out.note = note;
  return out;
}

