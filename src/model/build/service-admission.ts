// A Service create/update as the API server processes it:
//   defaulting -> registry allocation (clusterIPs, nodePorts,
//   healthCheckNodePort) -> validation (ValidateService /
//   ValidateServiceUpdate, which therefore sees allocated values) -> stored;
// then the load-balancer controller assigns ingress. A failure at any step
// reports located errors, releases what was allocated, and leaves the
// previous version (if any) in place.

import type { Service } from '../types';
import type { Diagnostic } from '../diagnostic';
import type { ObjectSource } from '../source';
import type { Rng } from '../rng';
import { objectKey } from '../cluster';
import { defaultService } from '../api/defaults';
import { renderFieldError } from '../api/field-error';
import { validateService } from '../api/validation/service';
import { validateServiceUpdate } from '../api/validation/service-update';
import { serviceWarnings } from '../api/warnings';
import { objectDiagnostic } from './diagnostics';
import { allocateService, releaseServiceAllocations, reserveServiceAllocations, type ServiceAllocState } from './service-alloc';
import { assignLoadBalancer, carryLoadBalancerStatus, releaseLoadBalancer } from './load-balancer';
import type { IPRangeState } from './ip-range';
import { randomUID, timestampAt } from './names';

export interface ServiceAdmission {
  /** the stored Service, or undefined when rejected */
  service?: Service;
  diagnostics: Diagnostic[];
}

export function admitService(
  input: Service,
  source: ObjectSource | undefined,
  state: { services: ServiceAllocState; loadBalancer: IPRangeState },
  rng: Rng,
  time: number,
  prev?: Service,
): ServiceAdmission {
  const defaulted = defaultService(input);
  const key = objectKey('Service', defaulted.metadata.namespace, defaulted.metadata.name);
  // kubectl prints the removed `topologyKeys` field's warning (an unknown
  // field to the decoder) whether or not the write then fails.
  const decodeWarnings = (): Diagnostic[] =>
    serviceWarnings(defaulted)
      .filter((w) => w.field === 'spec.topologyKeys')
      .map((w) => objectDiagnostic(defaulted, source, 'warning', w.message, w.field));
  const alloc = allocateService(state.services, defaulted, key, rng, prev);
  if (alloc.errors.length) {
    return {
      diagnostics: [...alloc.errors.map((e) => objectDiagnostic(defaulted, source, 'error', e.message, e.field)), ...decodeWarnings()],
    };
  }
  const errs = prev ? validateServiceUpdate(alloc.service, prev, { allocated: true }) : validateService(alloc.service, { allocated: true });
  if (errs.length) {
    releaseServiceAllocations(state.services, alloc.service, key);
    if (prev) reserveServiceAllocations(state.services, prev, key);
    return {
      diagnostics: [
        ...errs.map((e) => objectDiagnostic(defaulted, source, 'error', renderFieldError(e), e.at ?? e.field)),
        ...decodeWarnings(),
      ],
    };
  }
  let svc: Service = {
    ...alloc.service,
    metadata: {
      ...alloc.service.metadata,
      uid: prev?.metadata.uid ?? alloc.service.metadata.uid ?? randomUID(rng),
      creationTimestamp: prev?.metadata.creationTimestamp ?? alloc.service.metadata.creationTimestamp ?? timestampAt(time),
    },
  };
  svc = carryLoadBalancerStatus(svc, prev);
  // The ingress of a LoadBalancer that stays one (same requested IP) is kept.
  const carried = !!prev && prev.spec.type === 'LoadBalancer' && svc.spec.type === 'LoadBalancer' && svc.status === prev.status;
  if (prev && !carried) releaseLoadBalancer(state.loadBalancer, prev, key);
  if (svc.spec.type !== 'LoadBalancer' && svc.status?.loadBalancer) {
    const { loadBalancer: _lb, ...rest } = svc.status;
    svc = { ...svc, status: rest };
  }
  // Warnings the API server returns with a successful write (GetWarningsForService).
  const diagnostics: Diagnostic[] = serviceWarnings(svc).map((w) => objectDiagnostic(svc, source, 'warning', w.message, w.field));
  if (!carried) {
    const lb = assignLoadBalancer(state.loadBalancer, svc, key);
    svc = lb.service;
    if (lb.warning) diagnostics.push(objectDiagnostic(svc, source, 'warning', lb.warning.message, lb.warning.field));
  }
  return { service: svc, diagnostics };
}
