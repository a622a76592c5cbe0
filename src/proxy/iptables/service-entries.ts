// Per-Service inputs of one proxier: each Service with the EndpointSlices
// that name it (kubernetes.io/service-name), and the service ports and
// endpoints kube-proxy derives from them (ServiceChangeTracker +
// EndpointsChangeTracker). Re-programming after a change only re-derives the
// Services whose objects changed: the cluster model never mutates an object,
// so an unchanged Service or EndpointSlice is the very same object, and a
// changed one sits at the same position of `cluster.services` /
// `cluster.endpointSlices` (or is inserted/removed in one place).

import type { Cluster } from '../../model/cluster';
import type { EndpointSlice, Service } from '../../model/types';
import { addSliceEndpoints, SERVICE_NAME_LABEL, sortEndpoints, type EndpointInfo } from '../common/endpoint';
import { buildServicePortsOf, compareStrings, servicePortKey, type ServicePortInfo } from '../common/service-port';
import type { IptablesConfig } from './config';
import type { ServicePortBlock } from './service-rules';

/** Per-Service cache entry: its inputs (by identity) and what was derived from them. */
export interface ServiceEntry {
  key: string;
  svc: Service;
  slices: EndpointSlice[];
  /** content fingerprint of the inputs, computed only when identities differ */
  fingerprint?: string;
  ports: { sp: ServicePortInfo; endpoints: EndpointInfo[] }[];
  endpointCount: number;
  blocks: ServicePortBlock[];
  /** the node-level knobs `blocks` were built with ('' = not built yet) */
  knobs: string;
}

/** The Service entries of one program call, and what the next call needs to diff against. */
export interface ServiceEntries {
  /** service keys ("ns/name") in canonical order (kube-proxy iterates a map; the upstream tests sort by name) */
  order: string[];
  /** key -> position in `order` (shared between calls while the set of keys stays the same) */
  index: Map<string, number>;
  /** entries, aligned with `order` */
  ordered: ServiceEntry[];
  /** the arrays these entries were derived from, and the service key of each slice ('' for none) */
  servicesArr: readonly Service[];
  slicesArr: readonly EndpointSlice[];
  sliceKeys: string[];
  totalEndpoints: number;
}

/** Positions (in `order`, ascending) whose entry is not the previous one. */
export type EntryDiff = number[];

const serviceKey = (svc: Service): string => `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`;

function sliceKey(s: EndpointSlice): string {
  const svcName = s.metadata.labels?.[SERVICE_NAME_LABEL];
  return svcName ? `${s.metadata.namespace ?? 'default'}/${svcName}` : '';
}

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fingerprintOf(svc: Service, slices: readonly EndpointSlice[]): string {
  return JSON.stringify([svc.metadata.labels, svc.spec, svc.status, slices.map((s) => [s.addressType, s.metadata.labels, s.endpoints, s.ports])]);
}

function entryFingerprint(e: ServiceEntry): string {
  return (e.fingerprint ??= fingerprintOf(e.svc, e.slices));
}

function deriveService(key: string, svc: Service, slices: EndpointSlice[], cfg: IptablesConfig): ServiceEntry {
  const sps = buildServicePortsOf(svc, cfg.family);
  const sets = new Map<string, Map<string, EndpointInfo>>();
  if (sps.length) for (const s of slices) addSliceEndpoints(sets, s, cfg.nodeName, cfg.family);
  let endpointCount = 0;
  const ports = sps.map((sp) => {
    const set = sets.get(servicePortKey(sp.spn, sp.protocol));
    const endpoints = set ? sortEndpoints([...set.values()]) : [];
    endpointCount += endpoints.length;
    return { sp, endpoints };
  });
  // kube-proxy's canonical order within a service: by ServicePortName, then protocol.
  ports.sort((a, b) => compareStrings(a.sp.spn, b.sp.spn) || compareStrings(a.sp.protocol, b.sp.protocol));
  return { key, svc, slices, ports, endpointCount, blocks: [], knobs: '' };
}

/** The entry for `svc` + `slices`: the old one when its inputs are the same objects or equal copies. */
function entryFor(key: string, svc: Service, slices: EndpointSlice[], old: ServiceEntry | undefined, cfg: IptablesConfig): ServiceEntry {
  if (old && old.svc === svc && sameArray(old.slices, slices)) return old;
  if (old) {
    const fp = fingerprintOf(svc, slices);
    if (entryFingerprint(old) === fp) return { ...old, svc, slices, fingerprint: fp };
  }
  return deriveService(key, svc, slices, cfg);
}

/** Derives every Service's entry, reusing `prev` entries whose inputs are unchanged. */
export function deriveEntries(cluster: Cluster, cfg: IptablesConfig, prev?: ServiceEntries): ServiceEntries {
  const slicesArr = cluster.endpointSlices;
  const sliceKeys = new Array<string>(slicesArr.length);
  const slicesBySvc = new Map<string, EndpointSlice[]>();
  for (let i = 0; i < slicesArr.length; i++) {
    const s = slicesArr[i]!;
    const key = prev && prev.slicesArr[i] === s ? prev.sliceKeys[i]! : sliceKey(s);
    sliceKeys[i] = key;
    if (!key) continue;
    const list = slicesBySvc.get(key);
    if (list) list.push(s);
    else slicesBySvc.set(key, [s]);
  }
  const services = new Map<string, ServiceEntry>();
  let totalEndpoints = 0;
  for (const svc of cluster.services) {
    const key = serviceKey(svc);
    const entry = entryFor(key, svc, slicesBySvc.get(key) ?? [], prev && previousEntry(prev, key), cfg);
    services.set(key, entry);
    totalEndpoints += entry.endpointCount;
  }
  let order = [...services.keys()].sort(compareStrings);
  let index: Map<string, number>;
  if (prev && sameArray(prev.order, order)) {
    order = prev.order;
    index = prev.index;
  } else {
    index = new Map(order.map((k, i) => [k, i]));
  }
  const ordered = order.map((k) => services.get(k)!);
  return { order, index, ordered, servicesArr: cluster.services, slicesArr, sliceKeys, totalEndpoints };
}

export function previousEntry(prev: ServiceEntries, key: string): ServiceEntry | undefined {
  const i = prev.index.get(key);
  return i === undefined ? undefined : prev.ordered[i];
}

/** Indices [from, toOld) of `prev` and [from, toNew) of `next` that differ; null when too many. */
function changedRange<T>(prev: readonly T[], next: readonly T[], limit: number): { same: boolean; indices?: number[]; from: number; toOld: number; toNew: number } | null {
  if (prev.length === next.length) {
    // Same length: compare position by position (any number of scattered replacements).
    const indices: number[] = [];
    for (let i = 0; i < next.length; i++) {
      if (prev[i] !== next[i]) {
        if (indices.length >= limit) return null;
        indices.push(i);
      }
    }
    return { same: true, indices, from: 0, toOld: 0, toNew: 0 };
  }
  // One insertion/removal region: common prefix and suffix.
  let from = 0;
  const min = Math.min(prev.length, next.length);
  while (from < min && prev[from] === next[from]) from++;
  let tail = 0;
  while (tail < min - from && prev[prev.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  const toOld = prev.length - tail;
  const toNew = next.length - tail;
  if (toOld - from + (toNew - from) > limit) return null;
  return { same: false, from, toOld, toNew };
}

/**
 * Re-derives only the Services touched since `prev` (their Service object, or
 * one of their EndpointSlices, was replaced, added or removed). Returns null
 * when the change is too broad for this to pay off, or adds/removes a
 * Service: the caller then derives everything with `deriveEntries`, which
 * gives the same result.
 */
export function deriveEntriesIncrementally(cluster: Cluster, cfg: IptablesConfig, prev: ServiceEntries, limit: number): { entries: ServiceEntries; diff: EntryDiff } | null {
  if (cluster.services.length !== prev.servicesArr.length) return null;
  const svcRange = changedRange(prev.servicesArr, cluster.services, limit);
  const sliceRange = svcRange && changedRange(prev.slicesArr, cluster.endpointSlices, limit);
  if (!svcRange || !sliceRange) return null;

  // Service keys touched, with their new Service object. Same length: a
  // Service replaced at its position must keep its key (else one was removed
  // and another added: not handled here).
  const touched = new Map<string, Service | undefined>();
  for (const i of svcRange.indices!) {
    const oldS = prev.servicesArr[i]!;
    const newS = cluster.services[i]!;
    const k = serviceKey(newS);
    if (serviceKey(oldS) !== k) return null;
    touched.set(k, newS);
  }
  const touch = (k: string): void => {
    if (k && !touched.has(k)) touched.set(k, undefined);
  };

  const slicesArr = cluster.endpointSlices;
  let sliceKeys = prev.sliceKeys;
  if (sliceRange.same) {
    if (sliceRange.indices!.length) sliceKeys = sliceKeys.slice();
    for (const i of sliceRange.indices!) {
      touch(prev.sliceKeys[i]!);
      const k = sliceKey(slicesArr[i]!);
      sliceKeys[i] = k;
      touch(k);
    }
  } else {
    for (let i = sliceRange.from; i < sliceRange.toOld; i++) touch(prev.sliceKeys[i]!);
    const middle: string[] = [];
    for (let i = sliceRange.from; i < sliceRange.toNew; i++) {
      const k = sliceKey(slicesArr[i]!);
      middle.push(k);
      touch(k);
    }
    sliceKeys = prev.sliceKeys.slice(0, sliceRange.from).concat(middle, prev.sliceKeys.slice(sliceRange.toOld));
  }
  if (touched.size > limit) return null;

  const ordered = prev.ordered.slice();
  const diff: EntryDiff = [];
  let totalEndpoints = prev.totalEndpoints;
  for (const [key, replaced] of touched) {
    const i = prev.index.get(key);
    // A slice naming a Service that does not exist (before or after) programs nothing.
    if (i === undefined) continue;
    const old = prev.ordered[i]!;
    const svc = replaced ?? old.svc;
    const slices: EndpointSlice[] = [];
    for (let j = 0; j < sliceKeys.length; j++) if (sliceKeys[j] === key) slices.push(slicesArr[j]!);
    const entry = entryFor(key, svc, slices, old, cfg);
    if (entry === old) continue;
    ordered[i] = entry;
    totalEndpoints += entry.endpointCount - old.endpointCount;
    diff.push(i);
  }
  diff.sort((a, b) => a - b);
  const entries: ServiceEntries = { order: prev.order, index: prev.index, ordered, servicesArr: cluster.services, slicesArr, sliceKeys, totalEndpoints };
  return { entries, diff };
}
