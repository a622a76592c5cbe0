// Stable keys for everything drawn. They double as the anchors packets move
// between, so the sim (which maps engine hops to anchors) and the scene agree.

export const podKey = (namespace: string, name: string): string => `Pod/${namespace}/${name}`;
export const nodeKey = (name: string): string => `Node//${name}`;
export const serviceKey = (namespace: string, name: string): string => `Service/${namespace}/${name}`;
/** kube-proxy's userspace proxy port on a node */
export const proxyKey = (node: string): string => `proxy/${node}`;
/** the cloud load balancer in front of a LoadBalancer Service */
export const loadBalancerKey = (namespace: string, name: string): string => `LB/${namespace}/${name}`;
/** a host outside the cluster (an ExternalName target) */
export const outsideKey = (host: string): string => `outside/${host}`;
export const EXTERNAL_CLIENT = 'external';
