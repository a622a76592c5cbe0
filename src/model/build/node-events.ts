// Node maintenance as kubectl does it:
// - cordon: spec.unschedulable = true (the node lifecycle controller adds the
//   taint node.kubernetes.io/unschedulable:NoSchedule); running pods stay;
// - uncordon: both removed;
// - drain: cordon, then evict every pod on the node (graceful deletion); their
//   controllers create replacements on the other nodes.

import type { Node } from '../types';
import { objectDiagnostic } from './diagnostics';
import { invalidateControllers, putObject, type Txn } from './txn';
import { reconcileOwnerOf, startTermination } from './pod-events';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

type Taint = { key: string; effect: string; value?: string };

function setUnschedulable(node: Node, on: boolean): Node {
  const spec = node.spec as Node['spec'] & { taints?: Taint[] };
  const taints = (spec.taints ?? []).filter((t) => t.key !== UNSCHEDULABLE_TAINT.key);
  if (on) taints.push({ ...UNSCHEDULABLE_TAINT });
  const next: Node['spec'] & { taints?: Taint[] } = { ...spec, unschedulable: on };
  if (taints.length) next.taints = taints;
  else delete next.taints;
  if (!on) delete next.unschedulable;
  return { ...node, spec: next };
}

export function cordonNode(txn: Txn, name: string, on: boolean): boolean {
  const node = txn.nodes.find((n) => n.metadata.name === name);
  if (!node) {
    txn.diagnostics.push(objectDiagnostic({ kind: 'Node', metadata: { name } }, undefined, 'error', `nodes "${name}" not found`));
    return false;
  }
  if (!!node.spec.unschedulable === on) return true;
  putObject(txn, txn.nodes, setUnschedulable(node, on));
  invalidateControllers(txn);
  return true;
}

export function drainNode(txn: Txn, name: string): void {
  if (!cordonNode(txn, name, true)) return;
  const victims = txn.pods.filter((p) => p.spec.nodeName === name && !p.metadata.deletionTimestamp);
  const evicted = victims.map((p) => startTermination(txn, p));
  const seen = new Set<string>();
  for (const p of evicted) {
    const uid = p.metadata.ownerReferences?.find((o) => o.controller)?.uid ?? '';
    if (uid && seen.has(uid)) continue;
    seen.add(uid);
    reconcileOwnerOf(txn, p);
  }
}
