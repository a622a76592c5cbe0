import { describe, expect, it } from 'vitest';
import { findHealthCheckService, serviceHealthCheck } from './health-check';
import { makeCluster, makeService, makeSlice } from './testing';

describe('kube-proxy service health checks', () => {
  const cluster = makeCluster({
    services: [
      makeService('default', 'wp-nginx-service', {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 31234,
        clusterIP: '10.96.0.50',
        ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }],
      }),
    ],
    endpointSlices: [
      makeSlice('default', 'wp-nginx-service', 1, [
        { addresses: ['10.244.1.5'], nodeName: 'node-1' },
        { addresses: ['10.244.1.6'], nodeName: 'node-1', conditions: { ready: false, serving: true, terminating: true } },
        { addresses: ['10.244.2.5'], nodeName: 'node-2', conditions: { ready: false, serving: false, terminating: false } },
      ], [{ name: 'http', port: 8080, protocol: 'TCP' }]),
    ],
  });

  it('finds the Service listening on a health check node port', () => {
    expect(findHealthCheckService(cluster, 31234)).toEqual({ namespace: 'default', name: 'wp-nginx-service' });
    expect(findHealthCheckService(cluster, 30080)).toBeNull();
  });

  it.each([
    ['node-1', 200, 1],
    ['node-2', 503, 0],
  ] as const)('%s answers %d with %d ready local endpoint(s), in kube-proxy\'s exact body', (node, status, n) => {
    const r = serviceHealthCheck(cluster, node, { namespace: 'default', name: 'wp-nginx-service' });
    expect(r.status).toBe(status);
    expect(r.headers['X-Load-Balancing-Endpoint-Weight']).toBe(String(n));
    expect(r.body).toBe(`{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "wp-nginx-service"\n\t},\n\t"localEndpoints": ${n},\n\t"serviceProxyHealthy": true\n}`);
  });

  it('matches the Content-Length a real node reports (127 bytes for one endpoint)', () => {
    expect(serviceHealthCheck(cluster, 'node-1', { namespace: 'default', name: 'wp-nginx-service' }).body.length).toBe(127);
  });

  it('answers 503 when kube-proxy itself is unhealthy', () => {
    expect(serviceHealthCheck(cluster, 'node-1', { namespace: 'default', name: 'wp-nginx-service' }, { proxyHealthy: false }).status).toBe(503);
  });
});
