// Hosts the d3 layers: React owns the <svg>/<canvas> structure, d3 draws
// inside them. Packet positions and per-pod counts bypass React.

import { useEffect, useMemo, useRef, useState } from 'react';
import { select, zoom, zoomIdentity } from 'd3';
import type { ZoomTransform } from 'd3';
import { buildScene } from '../scene/build-scene';
import { drawReceived, drawScene } from '../draw/scene-layer';
import { createPacketAnimator } from '../draw/packet-animator';
import type { PacketAnimator } from '../draw/packet-animator';
import { selectCluster, selectMode, selectSelectedNode, selectStep, selectTraffic } from '../store/selectors';
import { useActions, useApp, useAppStore, useT } from './context';

export function SceneView() {
  const t = useT();
  const app = useAppStore();
  const actions = useActions();
  const cluster = useApp(selectCluster);
  const selectedNode = useApp(selectSelectedNode);
  const inspected = useApp((s) => s.inspected);
  const traffic = useApp(selectTraffic);
  const step = useApp(selectStep);
  const mode = useApp(selectMode);
  const hostRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const animatorRef = useRef<PacketAnimator | null>(null);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const tickTimeRef = useRef(0);
  const [width, setWidth] = useState(800);
  // Grouped nodes (1,000+ pods) the user opened; activating one again groups it.
  const [expandedNodes, setExpandedNodes] = useState<readonly string[]>([]);

  const scene = useMemo(() => (cluster ? buildScene(cluster, { width, expandedNodes, proxyPortLine: mode === 'userspace' }) : null), [cluster, width, expandedNodes, mode]);
  const colours = useMemo(() => {
    const c: Record<string, string> = {};
    for (const s of scene?.services ?? []) c[s.key] = s.colour;
    return c;
  }, [scene]);
  const vips = useMemo(() => {
    const v: Record<string, { x: number; y: number }> = {};
    for (const s of cluster?.services ?? []) {
      const at = scene?.anchors[`Service/${s.metadata.namespace ?? 'default'}/${s.metadata.name ?? ''}`];
      if (!at) continue;
      for (const ip of [...(s.spec.clusterIPs ?? []), s.spec.clusterIP ?? '', ...(s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '')]) {
        if (ip && ip !== 'None') v[ip] = at;
      }
    }
    return v;
  }, [cluster, scene]);
  const vipsRef = useRef(vips);
  vipsRef.current = vips;

  // Track the available width (700px doc column … wide screen).
  useEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 800);
      if (w > 0) setWidth((old) => (Math.abs(old - w) > 4 ? w : old));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // The packet animator lives as long as the view.
  useEffect(() => {
    const canvas = canvasRef.current;
    const host = hostRef.current;
    if (!canvas || !host) return;
    const animator = createPacketAnimator({ canvas, root: host, onHop: (hop) => app.emitHop(hop), maxLabels: 1 });
    animatorRef.current = animator;
    const offTick = app.onTick((tick) => {
      const s = app.store.getState();
      const tr = s.frame?.traffic;
      tickTimeRef.current = tick.time;
      animator.syncTime(tick.time, tr?.speed ?? 1, (tr?.playing ?? false) && !s.step);
      animator.add(tick.spawned);
      if (gRef.current) drawReceived(gRef.current, tick.received);
    });
    return () => {
      offTick();
      animator.destroy();
      animatorRef.current = null;
    };
  }, [app]);

  // Zoom and pan (wheel zoom needs Ctrl/⌘ so the page still scrolls).
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.25, 4])
      .filter((e: Event) => (e.type === 'wheel' ? (e as WheelEvent).ctrlKey || (e as WheelEvent).metaKey : !(e as MouseEvent).button))
      .on('zoom', (e: { transform: ZoomTransform }) => {
        transformRef.current = e.transform;
        if (gRef.current) gRef.current.setAttribute('transform', e.transform.toString());
        animatorRef.current?.setView({ transform: e.transform, anchors: sceneRef.current?.anchors ?? {}, colours: coloursRef.current, vips: vipsRef.current });
      });
    select(svg).call(z);
    return () => {
      select(svg).on('.zoom', null);
    };
  }, []);

  const sceneRef = useRef(scene);
  const coloursRef = useRef(colours);
  sceneRef.current = scene;
  coloursRef.current = colours;

  useEffect(() => {
    if (!scene || !gRef.current) return;
    drawScene(
      gRef.current,
      scene,
      {
        selectedNode,
        inspected,
        mode,
        labels: {
          received: t('received'),
          externalClient: t('externalClient'),
          outside: t('outsideCluster'),
          services: t('services'),
          zone: t('zone'),
          pods: t('podsWord'),
          expandHint: t('expandPods'),
          collapseHint: t('collapsePods'),
        },
      },
      {
        onActivate: (key, kind) => {
          // Activating a Node shows its rules; a Service becomes the destination;
          // the external client becomes the traffic source.
          if (kind === 'Node') {
            const name = key.slice('Node//'.length);
            actions.selectNode(name);
            const n = scene.nodes.find((x) => x.key === key);
            if (n && (n.grouped || n.expanded)) {
              setExpandedNodes((old) => (n.expanded ? old.filter((x) => x !== name) : [...old, name]));
            }
          }
          if (kind === 'Service') {
            const [, namespace = 'default', name = ''] = key.split('/');
            actions.setTarget({ namespace, name });
          }
          if (kind === 'client') actions.setSource({ kind: 'external' });
          actions.inspect(key);
        },
      },
    );
    drawReceived(gRef.current, app.store.getState().received);
    animatorRef.current?.setView({ transform: transformRef.current, anchors: scene.anchors, colours, vips });
  }, [scene, selectedNode, inspected, colours, vips, actions, app, t, mode]);

  useEffect(() => {
    animatorRef.current?.setStep(step);
    const tr = app.store.getState().frame?.traffic;
    animatorRef.current?.syncTime(tickTimeRef.current, tr?.speed ?? 1, (tr?.playing ?? false) && !step);
  }, [step, traffic, app]);

  const height = scene?.height ?? 240;
  return (
    <div
      ref={hostRef}
      className="scene"
      data-testid="scene"
      data-packets-in-flight="0"
      data-speed={String(traffic?.speed ?? 1)}
      data-mode={mode}
      style={{ height }}
    >
      <svg ref={svgRef} width={width} height={height} role="group" aria-label={t('scene')}>
        <g ref={gRef} />
      </svg>
      <canvas ref={canvasRef} className="packets" style={{ width, height }} aria-hidden="true" />
      {!cluster && <p className="scene-empty">{t('loading')}</p>}
    </div>
  );
}
