// Which Services need a resync when a pod changes
// (staging/src/k8s.io/endpointslice/util/controller_utils.go
// GetPodUpdateProjectionKey / GetServicesToUpdate / podEndpointsChanged).
//
// A pod add or delete touches every Service in its namespace whose (non-nil)
// selector matches its labels. An update touches nothing unless the pod
// changed in a way that matters to endpoints (labels, hostname/subdomain,
// deletionTimestamp, readiness, pod IPs); when the labels changed, Services
// matching the old or the new labels are resynced (only those matching
// exactly one of them if nothing else changed).

import type { Pod, Service } from '../types';
import { isPodReady, podIPs } from './pod-endpoint';
import { selectorMatches } from './pod-index';

function servicesMatching(services: readonly Service[], ns: string, labels: Record<string, string> | undefined): Service[] {
  return services.filter(
    (s) =>
      (s.metadata.namespace ?? 'default') === ns &&
      s.spec.selector != null &&
      selectorMatches(s.spec.selector, labels),
  );
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => b?.[k] === a?.[k]);
}

/** podEndpointsChanged: [pod changed for endpoints, labels (or hostname/subdomain) changed]. */
export function podEndpointsChanged(oldPod: Pod, newPod: Pod): [boolean, boolean] {
  const labelsChanged =
    !sameLabels(oldPod.metadata.labels, newPod.metadata.labels) ||
    oldPod.spec.hostname !== newPod.spec.hostname ||
    oldPod.spec.subdomain !== newPod.spec.subdomain;
  if ((oldPod.metadata.deletionTimestamp ?? null) !== (newPod.metadata.deletionTimestamp ?? null)) return [true, labelsChanged];
  if (isPodReady(oldPod) !== isPodReady(newPod)) return [true, labelsChanged];
  const a = podIPs(oldPod);
  const b = podIPs(newPod);
  if (a.length !== b.length || a.some((ip, i) => ip !== b[i])) return [true, labelsChanged];
  return [false, labelsChanged];
}

/** Services to reconcile after a pod was added (old undefined), deleted (new undefined) or updated. */
export function servicesAffectedByPod(services: readonly Service[], oldPod: Pod | undefined, newPod: Pod | undefined): Service[] {
  const pod = newPod ?? oldPod;
  if (!pod) return [];
  const ns = pod.metadata.namespace ?? 'default';
  if (!oldPod || !newPod) return servicesMatching(services, ns, pod.metadata.labels);
  const [podChanged, labelsChanged] = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return [];
  const now = servicesMatching(services, ns, newPod.metadata.labels);
  if (!labelsChanged) return now;
  const before = servicesMatching(services, ns, oldPod.metadata.labels);
  if (podChanged) return [...new Set([...now, ...before])];
  // only the labels changed: the symmetric difference
  return [...now.filter((s) => !before.includes(s)), ...before.filter((s) => !now.includes(s))];
}
