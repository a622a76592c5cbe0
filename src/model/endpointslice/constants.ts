// Well-known label keys and values of the discovery.k8s.io API
// (k8s.io/api/discovery/v1 well_known_labels.go, core/v1 well_known_labels.go).

/** `discovery.LabelServiceName`: the Service a slice belongs to. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** `discovery.LabelManagedBy`: which controller owns a slice. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** `v1.IsHeadlessService`: set (to "") on slices of headless Services. */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** Value of the managed-by label written by kube-controller-manager's EndpointSlice controller. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** The mirroring controller (legacy Endpoints -> slices) labels its slices with this. */
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
/** `v1.LabelTopologyZone` on Nodes. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
/** `v1.AnnotationTopologyMode` (1.27+) and its deprecated predecessor. */
export const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
export const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
/** `--max-endpoints-per-slice` default (the flag allows up to 1000). */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;
