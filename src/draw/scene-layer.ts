// d3 keyed joins from the scene view-model to SVG. Every drawn Kubernetes
// object carries data-kind / data-name / data-namespace (pods also data-node,
// data-ip, data-received) so tests and assistive tech can find it. Labels go
// through .text(), never .html().

import { select } from 'd3';
import type { Selection } from 'd3';
import 'd3-transition';
import type { SceneExternal, SceneModel, SceneNode, ScenePod, SceneService, SceneZone } from '../scene/build-scene';

export interface SceneHandlers {
  /** a node, pod, Service or external was activated (click / Enter / Space) */
  onActivate(key: string, kind: string): void;
}

export interface SceneDecor {
  selectedNode: string | null;
  inspected: string | null;
  /** labels in the UI language */
  labels: { received: string; externalClient: string; outside: string; services: string; zone: string; pods?: string; expandHint?: string; collapseHint?: string };
  /** userspace mode labels kube-proxy's proxy port on each node */
  mode: string;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

function activatable<T extends { key: string }>(sel: Selection<SVGGElement, T, SVGGElement, unknown>, kind: (d: T) => string, h: SceneHandlers): void {
  sel
    .attr('tabindex', 0)
    .attr('role', 'button')
    .on('click', (_e, d) => h.onActivate(d.key, kind(d)))
    .on('keydown', (e: KeyboardEvent, d) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        h.onActivate(d.key, kind(d));
      }
    });
}

function layer(root: G, cls: string): G {
  let g = root.select<SVGGElement>(`g.${cls}`);
  if (g.empty()) g = root.append('g').attr('class', cls);
  return g as unknown as G;
}

export function drawScene(rootEl: SVGGElement, scene: SceneModel, decor: SceneDecor, h: SceneHandlers): void {
  const root = select(rootEl) as G;
  drawZones(layer(root, 'zones'), scene.zones, decor.labels.zone);
  drawNodes(layer(root, 'nodes'), scene.nodes, decor, h);
  drawServices(layer(root, 'services'), scene.services, decor, h);
  drawExternals(layer(root, 'externals'), scene.externals, decor, h);
  drawPods(layer(root, 'pods'), scene.pods, scene.compact, decor, h);
  drawSectionTitles(layer(root, 'titles'), scene, decor);
}

function drawSectionTitles(g: G, scene: SceneModel, decor: SceneDecor): void {
  const titles = [
    { key: 'outside', text: decor.labels.outside, y: (scene.externals[0]?.y ?? 30) - 6 },
    { key: 'services', text: decor.labels.services, y: (scene.services[0]?.y ?? 0) - 6 },
  ].filter((t) => t.y > 0);
  g.selectAll<SVGTextElement, (typeof titles)[number]>('text')
    .data(titles, (d) => d.key)
    .join('text')
    .attr('class', 'section-title')
    .attr('x', 12)
    .attr('y', (d) => d.y)
    .text((d) => d.text);
}

function drawZones(g: G, zones: SceneZone[], zoneWord: string): void {
  const sel = g
    .selectAll<SVGGElement, SceneZone>('g.zone')
    .data(zones, (d) => d.name)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'zone');
      e.append('rect').attr('rx', 10);
      e.append('text').attr('class', 'zone-label');
      return e;
    });
  sel.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h);
  sel.select('text').attr('x', (d) => d.x + 10).attr('y', (d) => d.y + 16).text((d) => `${zoneWord} ${d.name}`);
}

function drawNodes(g: G, nodes: SceneNode[], decor: SceneDecor, h: SceneHandlers): void {
  const sel = g
    .selectAll<SVGGElement, SceneNode>('g.node')
    .data(nodes, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'node').attr('data-kind', 'Node').attr('data-namespace', '');
      e.append('rect').attr('class', 'node-box').attr('rx', 6);
      e.append('text').attr('class', 'node-name');
      e.append('text').attr('class', 'node-ip');
      e.append('text').attr('class', 'node-ports');
      e.append('circle').attr('class', 'kube-proxy').attr('r', 6);
      e.append('text').attr('class', 'kube-proxy-label');
      e.append('text').attr('class', 'pod-badge');
      e.append('title');
      return e;
    });
  activatable(sel, () => 'Node', h);
  const podsWord = decor.labels.pods ?? 'pods';
  sel
    .attr('data-name', (d) => d.name)
    .attr('aria-label', (d) => `Node ${d.name}, ${d.ip}${d.unschedulable ? ', cordoned' : ''}, ${d.podCount} ${podsWord}`)
    .attr('aria-pressed', (d) => String(d.name === decor.selectedNode))
    .attr('aria-expanded', (d) => (d.grouped || d.expanded ? String(d.expanded) : null))
    .attr('data-grouped', (d) => String(d.grouped))
    .classed('grouped', (d) => d.grouped)
    .classed('selected', (d) => d.name === decor.selectedNode)
    .classed('cordoned', (d) => d.unschedulable);
  sel.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h);
  sel.select('.node-name').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 15).text((d) => (d.unschedulable ? `${d.name} (SchedulingDisabled)` : d.name));
  sel.select('.node-ip').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 29).text((d) => d.ip);
  sel.select('.kube-proxy').attr('data-role', 'kube-proxy');
  // userspace: kube-proxy itself accepts the connection on a proxy port; the
  // label takes the last header line (buildScene reserves it).
  sel
    .select('.kube-proxy-label')
    .attr('x', (d) => d.x + 8)
    .attr('y', (d) => d.y + d.headerH - 11)
    .text(decor.mode === 'userspace' ? 'kube-proxy :proxy port' : '');
  // Its own line under the IP: a NodePort is open on every node's addresses.
  sel
    .select('.node-ports')
    .attr('x', (d) => d.x + 8)
    .attr('y', (d) => d.y + 41)
    .text((d) => (d.nodePorts.length ? `NodePort ${d.nodePorts.slice(0, 3).join(', ')}${d.nodePorts.length > 3 ? ' …' : ''}` : ''));
  // A grouped node says how many pods it holds; activating it expands the grid.
  sel
    .select('.pod-badge')
    .attr('x', (d) => d.x + 8)
    .attr('y', (d) => d.y + d.headerH + 10)
    .text((d) => {
      if (!d.grouped && !d.expanded) return '';
      const hint = d.grouped ? decor.labels.expandHint : decor.labels.collapseHint;
      return `${d.podCount} ${podsWord}${hint ? ` · ${d.grouped ? '▸' : '▾'} ${hint}` : ''}`;
    });
  sel.select('.kube-proxy').attr('cx', (d) => d.x + d.w - 22).attr('cy', (d) => d.y + 26);
  sel.select('title').text((d) => `kube-proxy on ${d.name}${d.nodePorts.length ? `\nNodePorts ${d.nodePorts.join(', ')}` : ''}`);
}

function drawServices(g: G, services: SceneService[], decor: SceneDecor, h: SceneHandlers): void {
  const sel = g
    .selectAll<SVGGElement, SceneService>('g.service')
    .data(services, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'service').attr('data-kind', 'Service');
      e.append('rect').attr('rx', 8);
      e.append('text').attr('class', 'svc-name');
      e.append('text').attr('class', 'svc-address');
      e.append('text').attr('class', 'svc-detail');
      return e;
    });
  activatable(sel, () => 'Service', h);
  sel
    .attr('data-name', (d) => d.name)
    .attr('data-namespace', (d) => d.namespace)
    .attr('data-type', (d) => d.type)
    .classed('inspected', (d) => d.key === decor.inspected)
    .classed('cluster-dns', (d) => d.dns)
    .attr('aria-label', (d) => `Service ${d.namespace}/${d.name}, ${d.dns ? 'CoreDNS, cluster DNS, ' : ''}${d.address}, ${d.dns ? d.type : d.detail}`)
    .style('--svc', (d) => d.colour);
  sel.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h).attr('stroke', (d) => d.colour);
  sel.select('.svc-name').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 15).attr('fill', (d) => d.colour).text((d) => (d.namespace === 'default' ? d.name : `${d.namespace}/${d.name}`));
  sel.select('.svc-address').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 29).text((d) => d.address);
  // The box is fixed-width: a long detail is cut with an ellipsis (the full
  // text is in the accessible name and the inspector).
  sel.select('.svc-detail').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 41).text((d) => ellipsis(d.detail, 34));
}

function drawExternals(g: G, ext: SceneExternal[], decor: SceneDecor, h: SceneHandlers): void {
  const sel = g
    .selectAll<SVGGElement, SceneExternal>('g.external')
    .data(ext, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'external');
      e.append('rect').attr('rx', 8);
      e.append('text').attr('class', 'ext-label');
      e.append('text').attr('class', 'ext-sub');
      return e;
    });
  activatable(sel, (d) => d.kind, h);
  sel
    .attr('data-role', (d) => (d.kind === 'client' ? 'external-client' : d.kind === 'LoadBalancer' ? 'load-balancer' : 'outside'))
    .attr('data-name', (d) => d.name ?? d.label)
    .attr('data-namespace', (d) => d.namespace ?? null)
    .attr('aria-label', (d) => `${d.kind === 'client' ? decor.labels.externalClient : d.label}, ${d.sub}`)
    .classed('inspected', (d) => d.key === decor.inspected);
  sel.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h).attr('stroke', (d) => d.colour);
  sel.select('.ext-label').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 18).text((d) => (d.kind === 'client' ? decor.labels.externalClient : d.label));
  sel.select('.ext-sub').attr('x', (d) => d.x + 8).attr('y', (d) => d.y + 34).text((d) => d.sub);
}

function drawPods(g: G, pods: ScenePod[], compact: boolean, decor: SceneDecor, h: SceneHandlers): void {
  const sel = g
    .selectAll<SVGGElement, ScenePod>('g.pod')
    .data(pods, (d) => d.key)
    .join(
      (enter) => {
        const e = enter.append('g').attr('class', 'pod entering').attr('data-kind', 'Pod').attr('data-received', '0');
        e.append('circle');
        return e;
      },
      (update) => update,
      (exit) => exit.remove(),
    );
  // Labels exist only when drawn: 2,000 dots do not carry 6,000 empty <text>s.
  if (!compact) {
    sel.filter(function () {
      return !this.querySelector('.pod-name');
    }).each(function () {
      const e = select(this);
      e.append('text').attr('class', 'pod-name');
      e.append('text').attr('class', 'pod-ip');
      e.append('text').attr('class', 'pod-count');
    });
  } else {
    sel.selectAll('text').remove();
  }
  sel.on('click', (_e, d) => h.onActivate(d.key, 'Pod')).on('keydown', (e: KeyboardEvent, d) => onPodKey(e, d, h));
  sel
    .attr('role', 'button')
    .attr('data-name', (d) => d.name)
    .attr('data-namespace', (d) => d.namespace)
    .attr('data-node', (d) => d.node)
    .attr('data-ip', (d) => d.ip)
    .attr('data-ready', (d) => String(d.ready))
    .attr('data-terminating', (d) => String(d.terminating))
    .attr('aria-label', (d) => `Pod ${d.namespace}/${d.name}${d.dns ? ', CoreDNS (cluster DNS)' : ''}, ${d.ip || 'no IP'}${d.ready ? '' : ', not ready'}${d.terminating ? ', terminating' : ''}`)
    .classed('unready', (d) => !d.ready)
    .classed('terminating', (d) => d.terminating)
    .classed('system', (d) => d.system)
    .classed('cluster-dns', (d) => d.dns)
    .classed('inspected', (d) => d.key === decor.inspected);
  sel.select('circle').attr('cx', (d) => d.x).attr('cy', (d) => d.y).attr('r', (d) => d.r).attr('fill', (d) => d.colour);
  if (!compact) {
    sel.select('.pod-name').attr('x', (d) => d.x).attr('y', (d) => d.y + d.r + 11).attr('text-anchor', 'middle').text((d) => (d.dns ? 'CoreDNS' : shorten(d.label ?? '')));
    sel.select('.pod-ip').attr('x', (d) => d.x).attr('y', (d) => d.y + d.r + 22).attr('text-anchor', 'middle').text((d) => d.ip);
    sel.select('.pod-count').attr('x', (d) => d.x).attr('y', (d) => d.y + 4).attr('text-anchor', 'middle');
  }
  sel.attr('data-compact', String(compact));
  const els = new Map<string, SVGGElement>();
  sel.each(function (d) {
    els.set(d.key, this);
  });
  assignRovingTabStops(sel, decor.inspected);
  const root = g.node()?.parentNode;
  if (root) podIndex.set(root as SVGGElement, { els, counted: 0, shown: new Map() });
  // A replacement pod fades in so "a new one appears" is visible.
  const entering = sel.filter('.entering').classed('entering', false);
  if (!reducedMotion() && !compact) entering.style('opacity', 0).transition().duration(600).style('opacity', 1);
}

/**
 * Roving tabindex: one tab stop per node's pods (the inspected pod, else the
 * first); arrow keys move within the node, Home/End jump to its ends. 1,000
 * pods are then ~10 tab stops instead of 1,000.
 */
function assignRovingTabStops(sel: Selection<SVGGElement, ScenePod, SVGGElement, unknown>, inspected: string | null): void {
  const stop = new Map<string, string>();
  sel.each((d) => {
    if (!stop.has(d.node) || d.key === inspected) stop.set(d.node, d.key);
  });
  sel.attr('tabindex', (d) => (stop.get(d.node) === d.key ? 0 : -1));
}

/** the index of the pod an arrow key moves to among `count` pods in a node */
export function rovingTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowRight' || key === 'ArrowDown') return Math.min(count - 1, index + 1);
  if (key === 'ArrowLeft' || key === 'ArrowUp') return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

function onPodKey(e: KeyboardEvent, d: ScenePod, h: SceneHandlers): void {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    h.onActivate(d.key, 'Pod');
    return;
  }
  const el = e.currentTarget as SVGGElement | null;
  const parent = el?.parentNode;
  if (!el || !parent) return;
  const siblings = Array.from(parent.querySelectorAll<SVGGElement>('g.pod')).filter((x) => x.getAttribute('data-node') === d.node);
  const next = rovingTarget(e.key, siblings.indexOf(el), siblings.length);
  if (next === null) return;
  e.preventDefault();
  const target = siblings[next];
  if (!target || target === el) return;
  el.setAttribute('tabindex', '-1');
  target.setAttribute('tabindex', '0');
  target.focus();
}

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function ellipsis(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Generated pod names keep their prefix and random suffix: `my-app-…-9znlx`. */
function shorten(name: string): string {
  if (name.length <= 15) return name;
  const suffix = name.slice(name.lastIndexOf('-'));
  return `${name.slice(0, 15 - suffix.length - 1)}…${suffix}`;
}

/** pod key -> its <g>, rebuilt by each drawScene (hot-path lookups skip the DOM query) */
const podIndex = new WeakMap<SVGGElement, { els: Map<string, SVGGElement>; counted: number; shown: Map<string, number> }>();

/** Hot path: write per-pod delivered-request counts without touching React. */
export function drawReceived(rootEl: SVGGElement, received: Record<string, number>): void {
  const idx = podIndex.get(rootEl);
  if (!idx) return;
  const keys = Object.keys(received);
  // Fewer counted pods than before means the counts were reset (a new manifest).
  if (keys.length < idx.counted) {
    for (const [k, el] of idx.els) setCount(el, 0, k, idx.shown);
  }
  idx.counted = keys.length;
  for (const k of keys) {
    const el = idx.els.get(k);
    if (el) setCount(el, received[k] ?? 0, k, idx.shown);
  }
}

/** `shown` remembers what each pod displays, so unchanged counts cost no DOM read. */
function setCount(el: SVGGElement, n: number, key: string, shown: Map<string, number>): void {
  if (shown.get(key) === n) return;
  shown.set(key, n);
  const v = String(n);
  if (el.getAttribute('data-received') === v) return;
  el.setAttribute('data-received', v);
  const t = el.querySelector('.pod-count');
  if (t) t.textContent = n > 0 && el.getAttribute('data-compact') !== 'true' ? v : '';
}
