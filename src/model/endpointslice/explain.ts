// Why is (or isn't) a pod an endpoint of a Service? The same rules the
// controller applies (reconciler.ts, pod-endpoint.ts), spelled out one by
// one for an inspector panel or the CLI.

import type { Node, Pod, Service } from '../types';
import { endpointPortsFor, isPodReady, podIPs } from './pod-endpoint';
import { isManagedService } from './reconciler';

export interface PodMembership {
  /** the pod appears in the Service's EndpointSlices */
  isEndpoint: boolean;
  /** the endpoint's `ready` condition (what kube-proxy and DNS use), when it is an endpoint */
  ready?: boolean;
  /** human-readable reasons, most important first */
  reasons: string[];
}

export function explainPodMembership(service: Service, pod: Pod, node: Node | undefined): PodMembership {
  const reasons: string[] = [];
  const svcName = `${service.metadata.namespace ?? 'default'}/${service.metadata.name ?? ''}`;
  if (service.spec.type === 'ExternalName') {
    return { isEndpoint: false, reasons: [`Service ${svcName} is ExternalName: it has no endpoints`] };
  }
  if (!isManagedService(service)) {
    return {
      isEndpoint: false,
      reasons: [`Service ${svcName} has no selector: its endpoints come only from EndpointSlices written by hand`],
    };
  }
  const podNs = pod.metadata.namespace ?? 'default';
  if (podNs !== (service.metadata.namespace ?? 'default')) {
    return { isEndpoint: false, reasons: [`pod is in namespace ${podNs}, the Service selects only in ${service.metadata.namespace ?? 'default'}`] };
  }
  const missing = Object.entries(service.spec.selector ?? {}).filter(([k, v]) => pod.metadata.labels?.[k] !== v);
  if (missing.length > 0) {
    return {
      isEndpoint: false,
      reasons: missing.map(([k, v]) => {
        const has = pod.metadata.labels?.[k];
        return has === undefined ? `selector needs label ${k}=${v}; the pod has no ${k} label` : `selector needs label ${k}=${v}; the pod has ${k}=${has}`;
      }),
    };
  }
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    return { isEndpoint: false, reasons: [`pod phase is ${phase}: finished pods are never endpoints`] };
  }
  if (podIPs(pod).length === 0) return { isEndpoint: false, reasons: ['pod has no IP yet'] };
  if (!node && !service.spec.publishNotReadyAddresses) {
    return { isEndpoint: false, reasons: [`node ${pod.spec.nodeName ?? '(none)'} does not exist: the controller skips the pod`] };
  }
  const ports = endpointPortsFor(service, pod);
  for (const sp of service.spec.ports ?? []) {
    if (typeof sp.targetPort === 'string' && !ports.some((p) => p.name === (sp.name ?? ''))) {
      reasons.push(
        `port ${sp.name || sp.port}: no container port named ${sp.targetPort} with protocol ${sp.protocol ?? 'TCP'}; the pod is listed without this port`,
      );
    }
  }
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp != null;
  const pnra = service.spec.publishNotReadyAddresses === true;
  const ready = pnra || (serving && !terminating);
  if (terminating) reasons.unshift(pnra ? 'pod is terminating (published anyway: publishNotReadyAddresses)' : 'pod is terminating: ready=false, serving shows whether it still answers');
  else if (!serving) reasons.unshift(pnra ? 'pod is not Ready (published as ready: publishNotReadyAddresses)' : 'pod is not Ready: listed with ready=false');
  else reasons.unshift('pod matches the selector and is Ready');
  return { isEndpoint: true, ready, reasons };
}
