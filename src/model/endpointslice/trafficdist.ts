// Hints from `spec.trafficDistribution` (staging/src/k8s.io/endpointslice/
// trafficdist/trafficdist.go).
//
// PreferClose (1.31+) and, since 1.33, PreferSameZone / PreferSameNode: every
// READY endpoint gets `hints.forZones: [{name: <its own zone>}]` when it has a
// zone; PreferSameNode also gets `hints.forNodes: [{name: <its node>}]`.
// Not-ready endpoints are left alone. Any other value (or none) is the
// default heuristic: all hints are removed.
//
// svcviz models a v1.33+ controller with the PreferSameTrafficDistribution
// gate on, so PreferSameZone and PreferSameNode are honoured.

import type { EndpointSlice } from '../types';
import { cloneSlice, endpointReady, type SliceInfo } from './slice-info';

export const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'] as const;

/** Reconciler.validTrafficDistribution with the PreferSame* values enabled. */
export function isValidTrafficDistribution(value: string | undefined): boolean {
  return value !== undefined && (TRAFFIC_DISTRIBUTIONS as readonly string[]).includes(value);
}

interface Heuristic {
  needsUpdate(s: EndpointSlice): boolean;
  update(s: EndpointSlice): void;
}

const defaultHeuristic: Heuristic = {
  needsUpdate: (s) => s.endpoints.some((ep) => ep.hints !== undefined),
  update: (s) => {
    for (const ep of s.endpoints) if (ep.hints !== undefined) delete ep.hints;
  },
};

function preferCloseHeuristic(generateNodeHints: boolean): Heuristic {
  return {
    needsUpdate(s) {
      for (const ep of s.endpoints) {
        if (!endpointReady(ep)) continue;
        const zones = ep.hints?.forZones ?? [];
        const nodes = ep.hints?.forNodes ?? [];
        if (ep.zone !== undefined) {
          if (!ep.hints || zones.length !== 1 || zones[0]!.name !== ep.zone) return true;
        } else if (zones.length > 0) return true;
        if (ep.nodeName !== undefined && generateNodeHints) {
          if (!ep.hints || nodes.length !== 1 || nodes[0]!.name !== ep.nodeName) return true;
        } else if (nodes.length > 0) return true;
      }
      return false;
    },
    update(s) {
      for (const ep of s.endpoints) {
        if (!endpointReady(ep)) continue;
        const hints: NonNullable<typeof ep.hints> = {};
        if (ep.zone !== undefined) hints.forZones = [{ name: ep.zone }];
        if (ep.nodeName !== undefined && generateNodeHints) hints.forNodes = [{ name: ep.nodeName }];
        if (hints.forZones || hints.forNodes) ep.hints = hints;
        else delete ep.hints;
      }
    },
  };
}

/**
 * ReconcileHints: unchanged slices whose hints are missing or wrong are
 * copied into `toUpdate`; then every slice being created or updated gets
 * the heuristic applied.
 */
export function reconcileTrafficDistributionHints(trafficDistribution: string | undefined, si: SliceInfo): void {
  const h = isValidTrafficDistribution(trafficDistribution)
    ? preferCloseHeuristic(trafficDistribution === 'PreferSameNode')
    : defaultHeuristic;
  const still: EndpointSlice[] = [];
  for (const s of si.unchanged) {
    if (h.needsUpdate(s)) si.toUpdate.push(cloneSlice(s));
    else still.push(s);
  }
  si.unchanged = still;
  for (const s of si.toCreate) h.update(s);
  for (const s of si.toUpdate) h.update(s);
}
