// Pure view-model: a Cluster plus the available width -> boxes and points to
// draw, each with a stable key. Nodes are grouped by zone (the
// `topology.kubernetes.io/zone` label the EndpointSlice controller and
// topology-aware routing read); pods sit inside the node they are bound to
// (`spec.nodeName`). No DOM here: draw/ turns this into SVG.

import type { Cluster } from '../model/cluster';
import type { Node, Pod, Service } from '../model/types';
import {
  EXTERNAL_CLIENT,
  loadBalancerKey,
  nodeKey,
  outsideKey,
  podKey,
  proxyKey,
  serviceKey,
} from '../protocol/anchors';
import { serviceColour } from './palette';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface Point { x: number; y: number }
export interface Box extends Point { w: number; h: number }

export interface ScenePod extends Point {
  key: string;
  name: string;
  namespace: string;
  node: string;
  ip: string;
  ready: boolean;
  terminating: boolean;
  system: boolean;
  /** colour of the first Service selecting it, or grey */
  colour: string;
  r: number;
  /** label drawn under the pod (omitted in compact mode) */
  label: string | null;
  /** a CoreDNS pod (`k8s-app: kube-dns` in kube-system): the cluster DNS server */
  dns: boolean;
}

export interface SceneNode extends Box {
  key: string;
  name: string;
  zone: string;
  ip: string;
  unschedulable: boolean;
  /** e.g. ["NodePort 30080 → my-service"] */
  nodePorts: string[];
  /** height of the name / IP / NodePort lines above the pods */
  headerH: number;
  /** pods bound to this node */
  podCount: number;
  /** pods drawn as a dense dot grid with an "N pods" badge (too many to draw one by one) */
  grouped: boolean;
  /** the user expanded this grouped node (activate it again to collapse) */
  expanded: boolean;
}

export interface SceneZone extends Box { name: string }

export interface SceneService extends Box {
  key: string;
  name: string;
  namespace: string;
  type: string;
  colour: string;
  /** "10.96.0.12:80/TCP", "None (headless)", "→ my.db.example.com" */
  address: string;
  detail: string;
  /** the kube-dns Service, which CoreDNS serves: the cluster DNS */
  dns: boolean;
}

export interface SceneExternal extends Box {
  key: string;
  kind: 'client' | 'LoadBalancer' | 'ExternalName';
  label: string;
  sub: string;
  namespace?: string;
  name?: string;
  colour: string;
}

export interface SceneModel {
  width: number;
  height: number;
  compact: boolean;
  zones: SceneZone[];
  nodes: SceneNode[];
  pods: ScenePod[];
  services: SceneService[];
  externals: SceneExternal[];
  /** where packets go for each anchor key */
  anchors: Record<string, Point>;
}

export interface SceneOptions {
  width: number;
  /** switch to dot-sized pods without labels above this many pods */
  compactAbove?: number;
  /** group a node's pods (dense dots + count badge) above this many pods on it */
  groupAbove?: number;
  /** userspace mode: each node labels kube-proxy's proxy port on its own header line */
  proxyPortLine?: boolean;
  /** grouped nodes the user expanded */
  expandedNodes?: readonly string[];
}

const PAD = 12;
const SERVICE_W = 200;
const SERVICE_H = 46;
const OUTSIDE_H = 46;
const NODE_HEADER = 40;

function nodeIP(n: Node): string {
  const a = n.status?.addresses?.find((x) => x.type === 'InternalIP');
  return a?.address ?? '';
}

function isReady(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function matches(selector: Record<string, string> | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((k) => labels?.[k] === selector[k]);
}

/**
 * CoreDNS runs in kube-system behind the Service named kube-dns (the name is
 * kept for compatibility with kube-dns); both carry `k8s-app: kube-dns`.
 */
function isClusterDNS(namespace: string, labels: Record<string, string> | undefined, name = ''): boolean {
  return namespace === 'kube-system' && (labels?.['k8s-app'] === 'kube-dns' || name === 'kube-dns');
}

/** Pod grid cells: labelled circles, dots, and the dense dots of a grouped node. */
const CELL_FULL = { w: 96, h: 50, r: 10 };
const CELL_DOT = { w: 14, h: 14, r: 5 };
const CELL_GROUPED = { w: 7, h: 7, r: 2.5 };
const BADGE_H = 16;

function serviceAddress(s: Service): string {
  const t = s.spec.type ?? 'ClusterIP';
  if (t === 'ExternalName') return `CNAME → ${s.spec.externalName ?? ''}`;
  const ip = s.spec.clusterIP;
  if (ip === 'None') return 'None (headless)';
  const p = s.spec.ports?.[0];
  return p ? `${ip ?? '?'}:${p.port}/${p.protocol ?? 'TCP'}` : (ip ?? '');
}

function serviceDetail(s: Service): string {
  const bits: string[] = [s.spec.type ?? 'ClusterIP'];
  const nodePorts = (s.spec.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n);
  // "NodePort :30080": the type already names the field, the port is what matters.
  if (nodePorts.length) bits[0] = `${bits[0]} :${nodePorts.join(',')}`;
  if (s.spec.sessionAffinity === 'ClientIP') bits.push('affinity');
  if (s.spec.externalTrafficPolicy === 'Local') bits.push('eTP=Local');
  if (s.spec.internalTrafficPolicy === 'Local') bits.push('iTP=Local');
  if (s.spec.trafficDistribution) bits.push(s.spec.trafficDistribution);
  return bits.join(' · ');
}

/** Flow boxes of equal size left to right, wrapping at `width`. */
function flow(count: number, w: number, h: number, width: number, top: number): Box[] {
  const perRow = Math.max(1, Math.floor((width - PAD) / (w + PAD)));
  const out: Box[] = [];
  for (let i = 0; i < count; i++) {
    const col = i % perRow;
    const row = Math.floor(i / perRow);
    out.push({ x: PAD + col * (w + PAD), y: top + row * (h + PAD), w, h });
  }
  return out;
}

export function buildScene(cluster: Cluster, options: SceneOptions): SceneModel {
  const width = Math.max(320, options.width);
  const compact = cluster.pods.length > (options.compactAbove ?? 60);
  const anchors: Record<string, Point> = {};
  const services = cluster.services;
  const colourOf = new Map<string, string>();
  services.forEach((s, i) => colourOf.set(serviceKey(s.metadata.namespace ?? 'default', s.metadata.name ?? ''), serviceColour('', i)));

  // ---- outside the cluster: the external client, cloud LBs, ExternalName hosts
  const externals: SceneExternal[] = [];
  externals.push({ key: EXTERNAL_CLIENT, kind: 'client', label: 'external client', sub: '203.0.113.50', colour: '#888888', x: 0, y: 0, w: 0, h: 0 });
  for (const s of services) {
    const ns = s.metadata.namespace ?? 'default';
    const name = s.metadata.name ?? '';
    const colour = colourOf.get(serviceKey(ns, name)) ?? '#888';
    if (s.spec.type === 'LoadBalancer') {
      const ing = s.status?.loadBalancer?.ingress?.map((i) => i.ip ?? i.hostname).filter(Boolean).join(', ');
      externals.push({ key: loadBalancerKey(ns, name), kind: 'LoadBalancer', label: `LB ${name}`, sub: ing || '<pending>', namespace: ns, name, colour, x: 0, y: 0, w: 0, h: 0 });
    }
    if (s.spec.type === 'ExternalName' && s.spec.externalName) {
      const host = s.spec.externalName;
      if (!externals.some((e) => e.key === outsideKey(host))) {
        externals.push({ key: outsideKey(host), kind: 'ExternalName', label: host, sub: 'outside the cluster', colour, x: 0, y: 0, w: 0, h: 0 });
      }
    }
  }
  let y = PAD + 18;
  const extBoxes = flow(externals.length, SERVICE_W, OUTSIDE_H, width, y);
  externals.forEach((e, i) => Object.assign(e, extBoxes[i]));
  y = Math.max(...extBoxes.map((b) => b.y + b.h)) + PAD + 18;

  // ---- Services row
  const svcBoxes = flow(services.length, SERVICE_W, SERVICE_H, width, y);
  const sceneServices: SceneService[] = services.map((s, i) => {
    const ns = s.metadata.namespace ?? 'default';
    const name = s.metadata.name ?? '';
    const key = serviceKey(ns, name);
    const box = svcBoxes[i] ?? { x: 0, y, w: SERVICE_W, h: SERVICE_H };
    const dns = isClusterDNS(ns, s.metadata.labels, name);
    const detail = dns ? 'CoreDNS · cluster DNS' : serviceDetail(s);
    return { key, name, namespace: ns, type: s.spec.type ?? 'ClusterIP', colour: colourOf.get(key) ?? '#888', address: serviceAddress(s), detail, dns, ...box };
  });
  if (svcBoxes.length) y = Math.max(...svcBoxes.map((b) => b.y + b.h)) + PAD + 18;

  // ---- Nodes grouped by zone, pods inside their node
  const podsByNode = new Map<string, Pod[]>();
  for (const p of cluster.pods) {
    const n = p.spec.nodeName ?? '';
    const list = podsByNode.get(n) ?? [];
    list.push(p);
    podsByNode.set(n, list);
  }
  const zoneNames: string[] = [];
  const nodesByZone = new Map<string, Node[]>();
  for (const n of cluster.nodes) {
    const z = n.metadata.labels?.[ZONE_LABEL] ?? '';
    if (!nodesByZone.has(z)) { nodesByZone.set(z, []); zoneNames.push(z); }
    nodesByZone.get(z)?.push(n);
  }
  // Each node picks its pod cell: labelled circles for small clusters, dots
  // when the cluster is large, and a dense grid with an "N pods" badge when one
  // node holds more than `groupAbove` pods (unless the user expanded it).
  const groupAbove = options.groupAbove ?? 40;
  // Nodes list their NodePorts on a third header line (every node opens them).
  const anyNodePort = services.some((s) => (s.spec.ports ?? []).some((p) => !!p.nodePort));
  const header = NODE_HEADER + (anyNodePort ? 12 : 0) + (options.proxyPortLine ? 12 : 0);
  const expanded = new Set(options.expandedNodes ?? []);
  const nodeW = compact ? 14 * 14 + 2 * PAD : 2 * 96 + 2 * PAD;
  const cellOf = (name: string): { w: number; h: number; r: number; grouped: boolean; top: number } => {
    const n = podsByNode.get(name)?.length ?? 0;
    if (compact && n > groupAbove && !expanded.has(name)) return { ...CELL_GROUPED, grouped: true, top: header + BADGE_H };
    return { ...(compact ? CELL_DOT : CELL_FULL), grouped: false, top: header };
  };
  const contentH = (name: string): number => {
    const c = cellOf(name);
    const cols = Math.max(1, Math.floor((nodeW - 2 * PAD) / c.w));
    return c.top + Math.ceil((podsByNode.get(name)?.length ?? 0) / cols) * c.h;
  };
  const cell = compact ? CELL_DOT : CELL_FULL;
  const nodeH = Math.max(header + cell.h, ...cluster.nodes.map((n) => contentH(n.metadata.name ?? ''))) + PAD;

  const zones: SceneZone[] = [];
  const sceneNodes: SceneNode[] = [];
  const scenePods: ScenePod[] = [];
  let zx = PAD;
  let rowTop = y;
  let rowBottom = y;
  for (const z of zoneNames) {
    const ns = nodesByZone.get(z) ?? [];
    const maxPerRow = Math.max(1, Math.floor((width - 3 * PAD) / (nodeW + PAD)));
    const perRow = Math.min(ns.length, maxPerRow);
    const rows = Math.ceil(ns.length / perRow);
    const zw = perRow * (nodeW + PAD) + PAD;
    const zh = 24 + rows * (nodeH + PAD);
    if (zx + zw > width - PAD && zx > PAD) { zx = PAD; rowTop = rowBottom + PAD; }
    zones.push({ name: z || '(no zone)', x: zx, y: rowTop, w: zw, h: zh });
    ns.forEach((n, i) => {
      const name = n.metadata.name ?? '';
      const nx = zx + PAD + (i % perRow) * (nodeW + PAD);
      const ny = rowTop + 24 + Math.floor(i / perRow) * (nodeH + PAD);
      const nodePorts: string[] = [];
      for (const s of services) {
        for (const p of s.spec.ports ?? []) if (p.nodePort) nodePorts.push(`${p.nodePort}`);
      }
      const pods = podsByNode.get(name) ?? [];
      const c = cellOf(name);
      const cols = Math.max(1, Math.floor((nodeW - 2 * PAD) / c.w));
      sceneNodes.push({
        key: nodeKey(name), name, zone: z, ip: nodeIP(n), unschedulable: !!n.spec.unschedulable, nodePorts, headerH: header,
        podCount: pods.length, grouped: c.grouped, expanded: compact && pods.length > groupAbove && expanded.has(name),
        x: nx, y: ny, w: nodeW, h: nodeH,
      });
      anchors[nodeKey(name)] = { x: nx + nodeW / 2, y: ny + 12 };
      anchors[proxyKey(name)] = { x: nx + nodeW - 22, y: ny + 26 };
      pods.forEach((p, j) => {
        const pns = p.metadata.namespace ?? 'default';
        const pname = p.metadata.name ?? '';
        const svc = services.find((s) => (s.metadata.namespace ?? 'default') === pns && matches(s.spec.selector, p.metadata.labels));
        const px = nx + PAD + (j % cols) * c.w + c.w / 2;
        const py = ny + c.top + Math.floor(j / cols) * c.h + (compact ? c.h / 2 : 12);
        const dns = isClusterDNS(pns, p.metadata.labels);
        const key = podKey(pns, pname);
        anchors[key] = { x: px, y: py };
        scenePods.push({
          key, name: pname, namespace: pns, node: name,
          ip: p.status?.podIP ?? '',
          ready: isReady(p),
          terminating: !!p.metadata.deletionTimestamp,
          system: pns === 'kube-system',
          colour: svc ? (colourOf.get(serviceKey(pns, svc.metadata.name ?? '')) ?? '#888') : '#9aa0a6',
          r: c.r,
          label: compact ? null : pname,
          dns,
          x: px, y: py,
        });
      });
    });
    rowBottom = Math.max(rowBottom, rowTop + zh);
    zx += zw + PAD;
  }
  // Pods not bound to a drawn node (pending) go in a strip under the nodes.
  const unbound = cluster.pods.filter((p) => !cluster.nodes.some((n) => n.metadata.name === p.spec.nodeName));
  if (unbound.length) {
    const top = rowBottom + PAD + 18;
    unbound.forEach((p, j) => {
      const pns = p.metadata.namespace ?? 'default';
      const pname = p.metadata.name ?? '';
      const key = podKey(pns, pname);
      const px = PAD + 20 + (j % 12) * cell.w;
      const py = top + Math.floor(j / 12) * cell.h;
      anchors[key] = { x: px, y: py };
      scenePods.push({ key, name: pname, namespace: pns, node: '', ip: p.status?.podIP ?? '', ready: isReady(p), terminating: !!p.metadata.deletionTimestamp, system: pns === 'kube-system', colour: '#9aa0a6', r: cell.r, label: compact ? null : `${pname} (Pending)`, dns: isClusterDNS(pns, p.metadata.labels), x: px, y: py });
    });
    rowBottom = top + Math.ceil(unbound.length / 12) * cell.h;
  }

  for (const s of sceneServices) anchors[s.key] = { x: s.x + s.w / 2, y: s.y + s.h / 2 };
  for (const e of externals) anchors[e.key] = { x: e.x + e.w / 2, y: e.y + e.h / 2 };
  const height = rowBottom + PAD;
  return { width, height, compact, zones, nodes: sceneNodes, pods: scenePods, services: sceneServices, externals, anchors };
}
