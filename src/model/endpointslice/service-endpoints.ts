// Reading a Service's endpoints back out of EndpointSlices, the way
// consumers (kube-proxy, CoreDNS) do: every slice labelled
// `kubernetes.io/service-name: <svc>` in the Service's namespace, whoever
// manages it; a nil `ready`/`serving` condition means true, a nil
// `terminating` means false; only `addresses[0]` is used; FQDN slices are
// ignored; the same address seen in several slices is kept once
// (a non-terminating copy preferred).

import type { Endpoint, EndpointPort, EndpointSlice, Service } from '../types';
import { LABEL_SERVICE_NAME } from './constants';

export interface ServiceEndpoint {
  addressType: 'IPv4' | 'IPv6';
  address: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: Endpoint['targetRef'];
  /** the port list of the slice this endpoint came from */
  ports: EndpointPort[];
  sliceName: string;
}

/** Slices that belong to `service` (by the service-name label and namespace). */
export function slicesForService(slices: readonly EndpointSlice[], service: Service): EndpointSlice[] {
  const ns = service.metadata.namespace ?? 'default';
  return slices.filter(
    (s) => (s.metadata.namespace ?? 'default') === ns && s.metadata.labels?.[LABEL_SERVICE_NAME] === service.metadata.name,
  );
}

/** The Service's endpoints with consumer semantics, in slice order. */
export function endpointsForService(slices: readonly EndpointSlice[], service: Service): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  const seen = new Map<string, number>();
  for (const s of slicesForService(slices, service)) {
    if (s.addressType !== 'IPv4' && s.addressType !== 'IPv6') continue;
    for (const ep of s.endpoints ?? []) {
      const address = ep.addresses?.[0];
      if (!address) continue;
      const e: ServiceEndpoint = {
        addressType: s.addressType,
        address,
        ready: ep.conditions?.ready ?? true,
        serving: ep.conditions?.serving ?? true,
        terminating: ep.conditions?.terminating ?? false,
        ports: s.ports ?? [],
        sliceName: s.metadata.name ?? '',
      };
      if (ep.hostname !== undefined) e.hostname = ep.hostname;
      if (ep.nodeName !== undefined) e.nodeName = ep.nodeName;
      if (ep.zone !== undefined) e.zone = ep.zone;
      if (ep.targetRef !== undefined) e.targetRef = ep.targetRef;
      const key = `${s.addressType}/${address}/${portsKey(e.ports)}`;
      const at = seen.get(key);
      if (at === undefined) {
        seen.set(key, out.length);
        out.push(e);
      } else if (out[at]!.terminating && !e.terminating) {
        out[at] = e;
      }
    }
  }
  return out;
}

function portsKey(ports: readonly EndpointPort[]): string {
  return ports.map((p) => `${p.name ?? ''}:${p.protocol ?? 'TCP'}:${p.port ?? ''}`).sort().join(',');
}
