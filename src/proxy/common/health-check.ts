// kube-proxy's per-Service health check server (pkg/proxy/healthcheck
// service_health.go): for every LoadBalancer Service with
// externalTrafficPolicy Local, kube-proxy listens on spec.healthCheckNodePort
// on each node and answers how many ready endpoints the Service has there, so
// the cloud load balancer only sends traffic to nodes that can serve it.

import type { Cluster } from '../../model/cluster';
import type { IPFamily } from '../../model/types';
import { buildEndpointsMap } from './endpoint';
import { buildServicePorts, servicePortKey } from './service-port';

export interface HealthCheckResponse {
  /** 200 when the node has ready local endpoints and kube-proxy is healthy, else 503 */
  status: 200 | 503;
  headers: Record<string, string>;
  /** exactly as kube-proxy writes it (tab-indented JSON, no trailing newline) */
  body: string;
  localEndpoints: number;
}

/** The Service whose health check node port is `port`, or null (nothing listens there). */
export function findHealthCheckService(cluster: Cluster, port: number, family: IPFamily = 'IPv4'): { namespace: string; name: string } | null {
  for (const sp of buildServicePorts(cluster, family)) {
    if (sp.healthCheckNodePort === port) return { namespace: sp.namespace, name: sp.name };
  }
  return null;
}

/**
 * The answer to `GET http://<node>:<healthCheckNodePort>/` for one Service.
 * The count is EndpointsMap.LocalReadyEndpoints: distinct ready endpoints on
 * this node over the Service's ports (terminating ones do not count).
 */
export function serviceHealthCheck(
  cluster: Cluster,
  nodeName: string,
  service: { namespace: string; name: string },
  options: { family?: IPFamily; proxyHealthy?: boolean } = {},
): HealthCheckResponse {
  const family = options.family ?? 'IPv4';
  const healthy = options.proxyHealthy ?? true;
  const eps = buildEndpointsMap(cluster, nodeName, family);
  const local = new Set<string>();
  for (const sp of buildServicePorts(cluster, family)) {
    if (sp.namespace !== service.namespace || sp.name !== service.name) continue;
    for (const ep of eps.get(servicePortKey(sp.spn, sp.protocol)) ?? []) if (ep.isLocal && ep.ready) local.add(ep.endpoint);
  }
  const count = local.size;
  const body =
    `{\n\t"service": {\n\t\t"namespace": ${JSON.stringify(service.namespace)},\n\t\t"name": ${JSON.stringify(service.name)}\n\t},\n` +
    `\t"localEndpoints": ${count},\n\t"serviceProxyHealthy": ${healthy}\n}`;
  return {
    status: count !== 0 && healthy ? 200 : 503,
    headers: {
      'Content-Type': 'application/json',
      'X-Content-Type-Options': 'nosniff',
      'X-Load-Balancing-Endpoint-Weight': String(count),
    },
    body,
    localEndpoints: count,
  };
}
