// Where a traced packet starts: a pod (its node's PREROUTING hook, as packets
// from a pod's veth enter the host), a node (a host process: the OUTPUT hook)
// or an external client (arrives from the network at a node: PREROUTING).

import type { IPFamily, Pod } from '../model/types';
import type { Hook } from '../proxy/types';
import { type ClusterIndex, type NodeFacts, nodeIPOf, podIPs, podKey } from './cluster-index';
import { familyOf, isIP } from './ip';
import { TraceError } from './types';

export interface TraceSource {
  kind: 'pod' | 'node' | 'external';
  ip: string;
  /** node the source runs on (undefined for external clients) */
  node?: NodeFacts;
  hook: Hook;
  /** namespace DNS names are resolved from */
  namespace: string;
  description: string;
  /** the pod, for a pod source (its other-family address on dual-stack) */
  pod?: Pod;
}

export function resolveSource(idx: ClusterIndex, from: string): TraceSource {
  if (from.startsWith('pod/')) {
    const parts = from.slice(4).split('/');
    const [ns, name] = parts.length >= 2 ? [parts[0]!, parts.slice(1).join('/')] : ['default', parts[0]!];
    const pod = idx.podByName.get(`${ns}/${name}`);
    if (!pod) throw new TraceError(`pod "${ns}/${name}" not found`);
    return fromPod(idx, pod);
  }
  if (from.startsWith('node/')) {
    const name = from.slice(5);
    const node = idx.nodeByName.get(name);
    if (!node) throw new TraceError(`node "${name}" not found (nodes: ${idx.nodes.map((n) => n.name).join(', ') || 'none'})`);
    return fromNode(node);
  }
  if (isIP(from)) {
    const pod = idx.podByIP.get(from);
    if (pod) return fromPod(idx, pod);
    const node = idx.nodeByIP.get(from);
    if (node) return { ...fromNode(node), ip: from };
    return { kind: 'external', ip: from, hook: 'prerouting', namespace: 'default', description: `external client ${from}` };
  }
  throw new TraceError(`--from must be pod/[NAMESPACE/]NAME, node/NAME or an IP address, got "${from}"`);
}

function fromPod(idx: ClusterIndex, pod: Parameters<typeof podKey>[0]): TraceSource {
  const key = podKey(pod);
  const node = idx.nodeByName.get(pod.spec.nodeName ?? '');
  if (!node) throw new TraceError(`pod "${key}" is not scheduled to a known node`);
  const namespace = pod.metadata.namespace ?? 'default';
  if (pod.spec.hostNetwork) {
    // A host-network pod shares the node's network namespace: its packets are
    // locally generated (OUTPUT hook) and carry the node's address.
    return { kind: 'pod', ip: node.internalIP, node, hook: 'output', namespace, description: `pod ${key} (host network)`, pod };
  }
  const ip = podIPs(pod)[0];
  if (!ip) throw new TraceError(`pod "${key}" has no IP yet`);
  return { kind: 'pod', ip, node, hook: 'prerouting', namespace, description: `pod ${key}`, pod };
}

/**
 * The source as it talks to a destination of `family`: a dual-stack pod
 * uses its status.podIPs address of that family, a node (or host-network
 * pod) its address of that family. An external client keeps its address.
 */
export function sourceForFamily(src: TraceSource, family: IPFamily | undefined): TraceSource {
  if (!family || familyOf(src.ip) === family || src.kind === 'external' || !src.node) return src;
  if (src.kind === 'pod' && src.pod && !src.pod.spec.hostNetwork) {
    const ip = podIPs(src.pod).find((x) => familyOf(x) === family);
    if (!ip) throw new TraceError(`pod "${podKey(src.pod)}" has no ${family} address (status.podIPs)`);
    return { ...src, ip };
  }
  const ip = nodeIPOf(src.node, family);
  if (familyOf(ip) !== family) throw new TraceError(`node "${src.node.name}" has no ${family} address`);
  return { ...src, ip };
}

function fromNode(node: NodeFacts): TraceSource {
  if (!node.internalIP) throw new TraceError(`node "${node.name}" has no InternalIP`);
  return { kind: 'node', ip: node.internalIP, node, hook: 'output', namespace: 'default', description: `node ${node.name}` };
}
