// svcviz's model of the Kubernetes API server front door: decoding,
// defaulting, validation and warnings, with upstream's exact wording.

export type { ParsedObject, DecodeResult } from './decode';
export { decodeObject } from './decode';
export {
  DEFAULT_CLIENT_IP_AFFINITY_SECONDS,
  NAMESPACED_KINDS,
  defaultEndpointSlice,
  defaultNamespace,
  defaultObject,
  defaultPod,
  defaultPodSpec,
  defaultProxyConfig,
  defaultService,
  defaultWorkload,
} from './defaults';
export type { FieldError, FieldErrorType } from './field-error';
export {
  duplicate,
  forbidden,
  internalError,
  invalid,
  notFound,
  notSupported,
  qualifiedKindOf,
  renderFieldError,
  renderFieldErrorBody,
  renderGoValue,
  renderInvalidMessage,
  required,
  tooLong,
  tooMany,
} from './field-error';
export type { GoRepr } from './go-format';
export { goQuote, goRepr, goStringMap, goStringSlice } from './go-format';
export type { AdmitOptions, AdmitResult } from './admit';
export { admitObject } from './admit';
export type { ValidateOptions } from './validate';
export { validateObject } from './validate';
export type { ServiceValidationOptions } from './validation/service';
export {
  ANNOTATION_LB_SOURCE_RANGES,
  isExternallyAccessible,
  isHeadlessService,
  needsHealthCheck,
  validateClusterIPsRelatedFields,
  validateService,
} from './validation/service';
export { patchAllocatedValues, validateServiceUpdate } from './validation/service-update';
export { validatePod, validatePodSpec, validateContainerPorts } from './validation/pod';
export { goLabelSelector, validateWorkload, validateWorkloadUpdate } from './validation/workload';
export { validateNamespace, validateNode } from './validation/node';
export { validateEndpointSlice } from './validation/endpointslice';
export { validateServiceCIDR } from './validation/service-cidr';
export { IPVS_SCHEDULERS, PROXY_MODES, proxyConfigWarnings, validateProxyConfig } from './validation/proxy-config';
export type { NameValidator } from './validation/meta';
export {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
} from './validation/meta';
export {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
} from './validation/names';
export type { ApiWarning } from './warnings';
export { cidrWarnings, ipWarnings, serviceWarnings } from './warnings';
