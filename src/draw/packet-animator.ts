// Moves packets hop by hop on a <canvas> layered over the SVG scene (canvas
// keeps hundreds of packets smooth). Each packet follows exactly the hops the
// engine computed; positions are derived from simulated time, which the
// worker reports and this animator extrapolates between reports.

import type { PacketHop, PacketPath } from '../protocol/messages';
import type { Point } from '../scene/build-scene';

export interface AnimatorView {
  /** current zoom transform (x, y, k) */
  transform: { x: number; y: number; k: number };
  anchors: Record<string, Point>;
  colours: Record<string, string>;
  /** Service virtual IPs (clusterIP, LB ingress) -> where the Service is drawn */
  vips?: Record<string, Point>;
}

export interface PacketAnimator {
  add(paths: readonly PacketPath[]): void;
  /** latest simulated time from the worker */
  syncTime(simTime: number, speed: number, playing: boolean): void;
  setView(view: AnimatorView): void;
  /** show one packet frozen at a hop (step mode), or null to resume */
  setStep(step: { packet: PacketPath; hop: number } | null): void;
  clear(): void;
  destroy(): void;
}

export interface AnimatorOptions {
  canvas: HTMLCanvasElement;
  /** element that gets data-packets-in-flight */
  root: HTMLElement;
  /** called when a packet starts a hop decided by a rule (throttled by the caller) */
  onHop?(hop: PacketHop, packet: PacketPath): void;
  /** how many packets get a "src → dst" label */
  maxLabels?: number;
}

interface Live {
  path: PacketPath;
  lastHop: number;
}

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
const LABEL_FONT = '11px ui-monospace, SFMono-Regular, Menlo, monospace';
/** above this many packets in flight no packet is labelled */
const LABEL_MAX_LIVE = 40;

/** "10.244.1.5:43122 → 10.96.0.12:80": the packet's addresses at this hop. */
export function packetLabel(hop: PacketHop): string {
  const h = hop.header;
  return `${h.srcIP}:${h.srcPort} → ${h.dstIP}:${h.dstPort}`;
}

const ease = (t: number): number => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

/** Which hop a packet is on after `elapsed` simulated seconds, and how far along it. */
export function locate(path: PacketPath, elapsed: number): { idx: number; frac: number } {
  let acc = 0;
  for (let i = 0; i < path.hops.length; i++) {
    const d = path.hops[i]?.duration ?? 0;
    if (elapsed < acc + d) return { idx: i, frac: d > 0 ? (elapsed - acc) / d : 1 };
    acc += d;
  }
  return { idx: path.hops.length - 1, frac: 1 };
}

export function createPacketAnimator(options: AnimatorOptions): PacketAnimator {
  const { canvas, root } = options;
  const ctx = canvas.getContext('2d');
  let live: Live[] = [];
  let view: AnimatorView = { transform: { x: 0, y: 0, k: 1 }, anchors: {}, colours: {} };
  let baseTime = 0;
  let baseAt = performance.now();
  let speed = 1;
  let playing = true;
  let step: { packet: PacketPath; hop: number } | null = null;
  let frame = 0;
  let lastCount = -1;
  const maxLabels = options.maxLabels ?? 1;

  const now = (): number => (playing ? baseTime + ((performance.now() - baseAt) / 1000) * speed : baseTime);

  // The canvas's CSS size comes from a ResizeObserver: reading clientWidth in
  // every frame would force a synchronous layout after each DOM write.
  let cssW = canvas.clientWidth;
  let cssH = canvas.clientHeight;
  const ro = typeof ResizeObserver === 'function'
    ? new ResizeObserver((entries) => {
      const r = entries[0]?.contentRect;
      if (r) {
        cssW = r.width;
        cssH = r.height;
      }
    })
    : null;
  ro?.observe(canvas);

  function resize(): boolean {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = cssW;
    const h = cssH;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    return w > 0 && h > 0;
  }

  function position(hop: PacketHop, t: number): Point | null {
    const a = view.anchors[hop.from];
    const b = view.anchors[hop.to];
    if (!a || !b) return a ?? b ?? null;
    const e = ease(Math.max(0, Math.min(1, t)));
    // Arc a little so hops between the same two points stay distinguishable.
    const lift = Math.min(30, Math.hypot(b.x - a.x, b.y - a.y) * 0.12) * Math.sin(Math.PI * e);
    return { x: lerp(a.x, b.x, e), y: lerp(a.y, b.y, e) - lift };
  }

  // Packets are batched by colour: one path and one fill per Service per
  // frame instead of one per packet (300 packets -> a handful of draw calls).
  const buckets = new Map<string, number[]>();
  const dropped: number[] = [];
  let lastAttrAt = -1e9;

  function queuePacket(path: PacketPath, hop: PacketHop, p: Point): void {
    const colour = view.colours[path.service] ?? '#e15759';
    let b = buckets.get(colour);
    if (!b) buckets.set(colour, (b = []));
    b.push(p.x, p.y);
    if (hop.phase === 'drop' || path.failed) dropped.push(p.x, p.y);
  }

  function flushPackets(c: CanvasRenderingContext2D): void {
    // A crowd of packets is drawn smaller so the pods under it stay visible.
    const r = live.length > 100 ? 3.5 : 5;
    for (const [colour, b] of buckets) {
      if (b.length === 0) continue;
      c.fillStyle = colour;
      c.beginPath();
      for (let i = 0; i < b.length; i += 2) {
        const x = b[i] ?? 0;
        const y = b[i + 1] ?? 0;
        c.moveTo(x + r, y);
        c.arc(x, y, r, 0, Math.PI * 2);
      }
      c.fill();
      b.length = 0;
    }
    if (dropped.length) {
      c.strokeStyle = '#d62728';
      c.lineWidth = 2;
      c.beginPath();
      for (let i = 0; i < dropped.length; i += 2) {
        const x = dropped[i] ?? 0;
        const y = dropped[i + 1] ?? 0;
        c.moveTo(x + r, y);
        c.arc(x, y, r, 0, Math.PI * 2);
      }
      c.stroke();
      dropped.length = 0;
    }
  }

  /**
   * The "src → dst" chip of one packet: drawn in a lane above the packet on a
   * solid background, so it reads over pod names and moves on with the packet
   * (it never covers a pod label for longer than one hop).
   */
  function drawLabel(c: CanvasRenderingContext2D, path: PacketPath, hop: PacketHop, p: Point): void {
    // Addressed to a Service VIP (before DNAT): a thread to the Service it names.
    const vip = view.vips?.[hop.header.dstIP];
    if (vip) {
      c.save();
      c.setLineDash([2, 4]);
      c.strokeStyle = view.colours[path.service] ?? '#888';
      c.globalAlpha = 0.7;
      c.beginPath();
      c.moveTo(p.x, p.y);
      c.lineTo(vip.x, vip.y);
      c.stroke();
      c.restore();
    }
    const text = packetLabel(hop);
    c.font = LABEL_FONT;
    const w = c.measureText(text).width + 10;
    // Keep the chip inside the visible canvas (scene coordinates).
    const { x: tx, y: ty, k } = view.transform;
    const left = -tx / k + 2;
    const right = (cssW - tx) / k - w - 2;
    const x = Math.max(left, Math.min(right, p.x - w / 2));
    const y = Math.max(-ty / k + 2, p.y - 30);
    c.fillStyle = 'rgba(20,20,28,0.9)';
    c.beginPath();
    c.roundRect(x, y, w, 17, 4);
    c.fill();
    c.strokeStyle = view.colours[path.service] ?? '#888';
    c.lineWidth = 1;
    c.stroke();
    c.fillStyle = '#ffffff';
    c.fillText(text, x + 5, y + 12.5);
  }

  function render(): void {
    frame = requestAnimationFrame(render);
    if (!ctx || !resize()) return;
    const dpr = globalThis.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const { x, y, k } = view.transform;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * x, dpr * y);
    const t = now();
    let count = 0;
    if (step) {
      const hop = step.packet.hops[step.hop];
      const p = hop ? position(hop, 0.5) : null;
      if (hop && p) {
        const a = view.anchors[hop.from];
        const b = view.anchors[hop.to];
        if (a && b) {
          ctx.setLineDash([4, 4]);
          ctx.strokeStyle = view.colours[step.packet.service] ?? '#888';
          ctx.beginPath();
          ctx.moveTo(a.x, a.y);
          ctx.lineTo(b.x, b.y);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        queuePacket(step.packet, hop, p);
        flushPackets(ctx);
        drawLabel(ctx, step.packet, hop, p);
        count = 1;
      }
    } else {
      // Newest first; only the newest packets get a label, and only while
      // few are in flight (a crowd of labels hides the picture).
      let write = 0;
      let labelled = 0;
      const labels: { path: PacketPath; hop: PacketHop; p: Point }[] = [];
      for (let i = live.length - 1; i >= 0; i--) {
        const l = live[i];
        if (!l) continue;
        const { path } = l;
        const elapsed = t - path.startTime;
        if (elapsed >= path.duration) continue;
        if (elapsed < 0) continue;
        const { idx, frac } = locate(path, elapsed);
        const hop = path.hops[idx];
        if (!hop) continue;
        if (idx !== l.lastHop) {
          l.lastHop = idx;
          if (hop.rule) options.onHop?.(hop, path);
        }
        const p = position(hop, frac);
        if (!p) continue;
        queuePacket(path, hop, p);
        if (labelled < maxLabels && live.length <= LABEL_MAX_LIVE) {
          labels.push({ path, hop, p });
          labelled++;
        }
        count++;
      }
      flushPackets(ctx);
      for (const lb of labels) drawLabel(ctx, lb.path, lb.hop, lb.p);
      // Drop finished packets in place, keeping order (no per-frame arrays).
      for (let i = 0; i < live.length; i++) {
        const l = live[i];
        if (l && t - l.path.startTime < l.path.duration) live[write++] = l;
      }
      live.length = write;
    }
    // The count is for tests and the status line; writing an attribute every
    // frame would invalidate style each frame, so write it at most 4×/s.
    const wall = performance.now();
    if (count !== lastCount && (wall - lastAttrAt > 250 || count === 0 || lastCount <= 0)) {
      lastCount = count;
      lastAttrAt = wall;
      root.setAttribute('data-packets-in-flight', String(count));
    }
  }
  frame = requestAnimationFrame(render);

  return {
    add(paths) {
      for (const p of paths) live.push({ path: p, lastHop: -1 });
      // Never let a backlog grow without bound (a hidden tab, a slow machine).
      if (live.length > 1500) live = live.slice(-1500);
    },
    syncTime(simTime, s, isPlaying) {
      baseTime = simTime;
      baseAt = performance.now();
      speed = s;
      playing = isPlaying;
    },
    setView(v) {
      view = v;
    },
    setStep(s) {
      step = s;
    },
    clear() {
      live = [];
    },
    destroy() {
      cancelAnimationFrame(frame);
      ro?.disconnect();
      live = [];
    },
  };
}
