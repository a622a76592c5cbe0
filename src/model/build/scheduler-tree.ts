// A faster way to the scheduler's choice for the common pod (no
// nodeSelector, not hostNetwork), giving exactly the node the full scan in
// scheduler.ts would give.
//
// The scan ranks every feasible node by (pods of the same owner on the node,
// pods of the owner in the node's zone, pods on the node, node order) and
// takes the lowest. Feasible here means: schedulable, Ready and with a free
// pod IP. Per zone, a min segment tree over the zone's nodes (in node order)
// keeps the feasible node with the fewest pods, leftmost on ties, up to date
// as pods are placed and removed. A pick then visits the zones by how many
// of the owner's pods they hold and asks each tree for its best node the
// owner does not use yet (nodes the owner uses are masked for the query and
// restored after). When every feasible node already runs one of the owner's
// pods the answer depends on per-node owner counts and the caller falls
// back to the full scan.
//
// Transient working state, built on first use from the scheduler index.

const NONE = -1;
const INF = 0x7fffffff;

export interface ZoneTrees {
  /** zone -> its nodes' indexes, ascending */
  nodesOf: Int32Array[];
  /** node index -> position among its zone's nodes */
  posOf: Int32Array;
  /** zone -> segment tree of node indexes (NONE = no feasible node below) */
  tree: Int32Array[];
  /** zone -> number of leaves (power of two) */
  width: number[];
  /** node index -> score of the leaf (pods on the node, INF = infeasible or masked) */
  value: Int32Array;
}

export interface TreeInputs {
  zoneOf: Int32Array;
  zoneCount: number;
  podsOn: Int32Array;
  free: Int32Array;
  blocked: Uint8Array;
}

function leafValue(s: TreeInputs, i: number): number {
  return s.blocked[i] === 0 && s.free[i]! > 0 ? s.podsOn[i]! : INF;
}

/** The better of two node indexes: fewer pods, then the earlier node. */
function better(t: ZoneTrees, a: number, b: number): number {
  if (a === NONE) return b;
  if (b === NONE) return a;
  const va = t.value[a]!;
  const vb = t.value[b]!;
  if (va === INF && vb === INF) return NONE;
  if (vb < va || (vb === va && b < a)) return b;
  return a;
}

export function buildZoneTrees(s: TreeInputs): ZoneTrees {
  const n = s.zoneOf.length;
  const counts = new Array<number>(s.zoneCount).fill(0);
  for (let i = 0; i < n; i++) counts[s.zoneOf[i]!]!++;
  const nodesOf = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(s.zoneCount).fill(0);
  const posOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = s.zoneOf[i]!;
    posOf[i] = fill[z]!;
    nodesOf[z]![fill[z]!++] = i;
  }
  const value = new Int32Array(n);
  for (let i = 0; i < n; i++) value[i] = leafValue(s, i);
  const width: number[] = [];
  const tree: Int32Array[] = [];
  const t: ZoneTrees = { nodesOf, posOf, tree, width, value };
  for (let z = 0; z < s.zoneCount; z++) {
    let w = 1;
    while (w < counts[z]!) w *= 2;
    width.push(w);
    const tr = new Int32Array(2 * w).fill(NONE);
    tree.push(tr);
    for (let p = 0; p < counts[z]!; p++) tr[w + p] = value[nodesOf[z]![p]!] === INF ? NONE : nodesOf[z]![p]!;
    for (let k = w - 1; k >= 1; k--) tr[k] = better(t, tr[2 * k]!, tr[2 * k + 1]!);
  }
  return t;
}

function setLeaf(t: ZoneTrees, zone: number, i: number, v: number): void {
  t.value[i] = v;
  const tr = t.tree[zone]!;
  let k = t.width[zone]! + t.posOf[i]!;
  tr[k] = v === INF ? NONE : i;
  for (k >>= 1; k >= 1; k >>= 1) tr[k] = better(t, tr[2 * k]!, tr[2 * k + 1]!);
}

/** Node `i`'s load or feasibility changed. */
export function refreshNode(t: ZoneTrees, s: TreeInputs, i: number): void {
  const v = leafValue(s, i);
  if (t.value[i] !== v) setLeaf(t, s.zoneOf[i]!, i, v);
}

/** Best feasible node of `zone` with no pod of the owner (ownerNode[i] === 0); NONE if there is none. */
function bestFreeOfOwner(t: ZoneTrees, s: TreeInputs, zone: number, ownerNode: Int32Array | undefined): number {
  const tr = t.tree[zone]!;
  if (!ownerNode) return tr[1]!;
  let best = tr[1]!;
  if (best === NONE || ownerNode[best] === 0) return best;
  const masked: number[] = [];
  while (best !== NONE && ownerNode[best]! > 0) {
    masked.push(best);
    setLeaf(t, zone, best, INF);
    best = tr[1]!;
  }
  for (const i of masked) setLeaf(t, zone, i, leafValue(s, i));
  return best;
}

/**
 * The node the full scan would pick for a pod without nodeSelector and
 * hostNetwork, or NONE when the scan is needed (no feasible node the owner
 * does not use yet).
 */
export function pickFromTrees(
  t: ZoneTrees,
  s: TreeInputs,
  owner: { node: Int32Array; zone: Int32Array } | undefined,
): number {
  // Zones in order of the owner's pods there (equal counts compete on
  // load). Each round takes the next larger count; no allocation per pick.
  const zoneCount = s.zoneCount;
  let lastB = -1;
  for (;;) {
    let b = INF;
    for (let z = 0; z < zoneCount; z++) {
      const oz = owner ? owner.zone[z]! : 0;
      if (oz > lastB && oz < b) b = oz;
    }
    if (b === INF) return NONE;
    let best = NONE;
    for (let z = 0; z < zoneCount; z++) {
      if ((owner ? owner.zone[z]! : 0) !== b) continue;
      const cand = bestFreeOfOwner(t, s, z, owner?.node);
      if (cand === NONE) continue;
      const vc = s.podsOn[cand]!;
      if (best === NONE || vc < s.podsOn[best]! || (vc === s.podsOn[best]! && cand < best)) best = cand;
    }
    if (best !== NONE) return best;
    lastB = b;
  }
}
