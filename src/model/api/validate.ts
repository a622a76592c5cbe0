// Dispatch: the validation of an object's kind.

import type { KubeObject } from '../types';
import type { FieldError } from './field-error';
import { validateEndpointSlice } from './validation/endpointslice';
import { validateNamespace, validateNode } from './validation/node';
import { validatePod } from './validation/pod';
import { validateProxyConfig } from './validation/proxy-config';
import { validateService } from './validation/service';
import type { ServiceValidationOptions } from './validation/service';
import { validateServiceCIDR } from './validation/service-cidr';
import { validateServiceUpdate } from './validation/service-update';
import { validateWorkload, validateWorkloadUpdate } from './validation/workload';

export interface ValidateOptions extends ServiceValidationOptions {
  /** the stored version, for update validation */
  previous?: KubeObject;
}

export function validateObject(obj: KubeObject, opts: ValidateOptions = {}): FieldError[] {
  switch (obj.kind) {
    case 'Service':
      return opts.previous?.kind === 'Service' ? validateServiceUpdate(obj, opts.previous, opts) : validateService(obj, opts);
    case 'Pod':
      return validatePod(obj);
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return opts.previous?.kind === obj.kind ? validateWorkloadUpdate(obj, opts.previous) : validateWorkload(obj);
    case 'Node':
      return validateNode(obj);
    case 'Namespace':
      return validateNamespace(obj);
    case 'EndpointSlice':
      return validateEndpointSlice(obj);
    case 'ServiceCIDR':
      return validateServiceCIDR(obj);
    case 'KubeProxyConfiguration':
      return validateProxyConfig(obj);
    default:
      return [];
  }
}
