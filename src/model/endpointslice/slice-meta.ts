// Metadata of controller-managed slices (staging/src/k8s.io/endpointslice/
// utils.go: newEndpointSlice, setEndpointSliceLabels, ownedBy,
// getAddressTypesForService) and the endpoint identity the reconciler uses
// (util/endpointset.go hashEndpoint, util/controller_utils.go
// EndpointsEqualBeyondHash).

import type { Endpoint, EndpointPort, EndpointSlice, OwnerReference, Service } from '../types';
import { CONTROLLER_NAME, LABEL_HEADLESS, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './constants';
import { sliceGenerateName } from './names';
import type { SliceAddressType } from './pod-endpoint';

const RESERVED = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS]);

/** isServiceIPSet: clusterIP neither "None" nor empty. */
export function isServiceIPSet(svc: Service): boolean {
  return svc.spec.clusterIP !== 'None' && Boolean(svc.spec.clusterIP);
}

/**
 * setEndpointSliceLabels: the Service's own labels (minus the three reserved
 * keys) plus `kubernetes.io/service-name`, `endpointslice.kubernetes.io/
 * managed-by` and, for Services without a cluster IP, `service.kubernetes.io/
 * headless: ""`. `changed` is true when the non-reserved labels differ from
 * the slice's (a change of only reserved labels does not trigger an update).
 */
export function sliceLabels(existing: EndpointSlice | undefined, svc: Service): { labels: Record<string, string>; changed: boolean } {
  const epLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(existing?.metadata.labels ?? {})) if (!RESERVED.has(k)) epLabels[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!RESERVED.has(k)) labels[k] = v;
  const changed = !sameRecord(epLabels, labels);
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name ?? '';
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return { labels, changed };
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}

/** metav1.NewControllerRef(service, v1/Service). */
export function serviceOwnerReference(svc: Service): OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    name: svc.metadata.name ?? '',
    uid: svc.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** ownedBy: an ownerReference with the Service's UID, kind Service, apiVersion v1. */
export function isOwnedBy(slice: EndpointSlice, svc: Service): boolean {
  const uid = svc.metadata.uid ?? '';
  return (slice.metadata.ownerReferences ?? []).some(
    (o) => (o.uid ?? '') === uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

/** A new, still unnamed slice (the API server names it from generateName). */
export function newEndpointSlice(svc: Service, ports: EndpointPort[], addressType: SliceAddressType): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: sliceGenerateName(svc.metadata.name ?? ''),
      namespace: svc.metadata.namespace ?? 'default',
      labels: sliceLabels(undefined, svc).labels,
      ownerReferences: [serviceOwnerReference(svc)],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/**
 * getAddressTypesForService: one address type per `spec.ipFamilies` entry;
 * without families, the family of `clusterIP`; a headless Service without
 * families gets both.
 */
export function addressTypesForService(svc: Service): SliceAddressType[] {
  const out: SliceAddressType[] = [];
  for (const f of svc.spec.ipFamilies ?? []) {
    if ((f === 'IPv4' || f === 'IPv6') && !out.includes(f)) out.push(f);
  }
  if (out.length > 0) return out;
  const ip = svc.spec.clusterIP;
  if (ip && ip !== 'None') return [ip.includes(':') ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** Canonical key of a slice's port list (NewPortMapKey: order-insensitive). */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  return (ports ?? [])
    .map((p) => JSON.stringify([p.name ?? null, p.protocol ?? null, p.port ?? null, p.appProtocol ?? null]))
    .sort()
    .join('|');
}

/** hashEndpoint: identity = addresses (sorted) + hostname + targetRef namespace/name. */
export function endpointKey(ep: Endpoint): string {
  const addrs = ep.addresses.length === 1 ? ep.addresses[0]! : [...ep.addresses].sort().join(',');
  return `${addrs}\u0000${ep.hostname ?? ''}\u0000${ep.targetRef?.namespace ?? ''}\u0000${ep.targetRef?.name ?? ''}`;
}

/** EndpointsEqualBeyondHash: nodeName, zone, the three conditions and targetRef (hints are not compared). */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    a.targetRef?.kind === b.targetRef?.kind &&
    a.targetRef?.namespace === b.targetRef?.namespace &&
    a.targetRef?.name === b.targetRef?.name &&
    a.targetRef?.uid === b.targetRef?.uid
  );
}

/** Slice comparison used to keep an existing placeholder (placeholderSliceCompare). */
export function isSamePlaceholder(a: EndpointSlice, b: EndpointSlice): boolean {
  const la = a.metadata.labels ?? {};
  const lb = b.metadata.labels ?? {};
  const refs = (s: EndpointSlice) => JSON.stringify(s.metadata.ownerReferences ?? []);
  return (
    (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '') &&
    sameRecord(la, lb) &&
    refs(a) === refs(b) &&
    a.addressType === b.addressType &&
    a.endpoints.length === 0 &&
    b.endpoints.length === 0 &&
    (a.ports ?? []).length === 0 &&
    (b.ports ?? []).length === 0
  );
}
