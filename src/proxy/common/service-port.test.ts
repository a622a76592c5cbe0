import { describe, expect, it } from 'vitest';
import { buildServicePorts } from './service-port';
import { makeCluster, makeService } from './testing';

describe('buildServicePorts (k8s-semantics §4.1)', () => {
  const cluster = makeCluster({
    services: [
      makeService('ns2', 'b', { clusterIP: '172.30.0.2', ports: [{ name: 'p', port: 80, protocol: 'UDP' }, { name: 'p', port: 80, protocol: 'TCP' }] }),
      makeService('ns1', 'headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
      makeService('ns1', 'ext', { type: 'ExternalName', externalName: 'x.example.com', clusterIP: '' }),
      makeService('ns1', 'unallocated', { clusterIP: '', ports: [{ port: 80 }] }),
      makeService('ns1', 'v6', { clusterIP: 'fd00::1', ipFamilies: ['IPv6'], clusterIPs: ['fd00::1'], ports: [{ port: 80 }] }),
      makeService('ns1', 'other-proxy', { clusterIP: '172.30.0.9', ports: [{ port: 80 }] }),
      makeService(
        'ns1',
        'lb',
        {
          type: 'LoadBalancer',
          clusterIP: '172.30.0.1',
          clusterIPs: ['172.30.0.1', 'fd00::2'],
          ipFamilies: ['IPv4', 'IPv6'],
          externalIPs: ['192.168.99.11', '2001:db8::1'],
          loadBalancerSourceRanges: [' 203.0.113.7/24 ', '2001:db8::/64'],
          externalTrafficPolicy: 'Local',
          internalTrafficPolicy: 'Cluster',
          healthCheckNodePort: 30000,
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 300 } },
          ports: [{ name: 'p80', port: 80, targetPort: 8080, nodePort: 3001 }],
        },
        ['1.2.3.4', { ip: '1.2.3.5', ipMode: 'Proxy' }, '2001:db8::9', { ip: '1.2.3.6', ipMode: 'VIP' }],
      ),
    ],
  });
  cluster.services.find((s) => s.metadata.name === 'other-proxy')!.metadata.labels = { 'service.kubernetes.io/service-proxy-name': 'foo' };

  it('skips headless, ExternalName, unallocated, other-family and other-proxy Services and sorts by name then protocol', () => {
    expect(buildServicePorts(cluster, 'IPv4').map((p) => `${p.spn}/${p.protocol}`)).toEqual(['ns1/lb:p80/TCP', 'ns2/b:p/TCP', 'ns2/b:p/UDP']);
    expect(buildServicePorts(cluster, 'IPv6').map((p) => `${p.spn}/${p.protocol} ${p.clusterIP}`)).toEqual(['ns1/lb:p80/TCP fd00::2', 'ns1/v6/TCP fd00::1']);
  });

  it('filters external IPs, LB VIPs (not ipMode Proxy) and trimmed source ranges by family', () => {
    const [lb] = buildServicePorts(cluster, 'IPv4');
    expect(lb).toMatchObject({
      clusterIP: '172.30.0.1',
      port: 80,
      targetPort: 8080,
      nodePort: 3001,
      externalIPs: ['192.168.99.11'],
      loadBalancerVIPs: ['1.2.3.4', '1.2.3.6'],
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      sessionAffinityClientIP: true,
      stickyMaxAgeSeconds: 300,
      externalPolicyLocal: true,
      internalPolicyLocal: false,
      externallyAccessible: true,
      usesClusterEndpoints: true,
      usesLocalEndpoints: true,
      healthCheckNodePort: 30000,
    });
    const v6 = buildServicePorts(cluster, 'IPv6')[0]!;
    expect(v6).toMatchObject({ externalIPs: ['2001:db8::1'], loadBalancerVIPs: ['2001:db8::9'], loadBalancerSourceRanges: ['2001:db8::/64'] });
  });

  it.each([
    ['eTP Local on a ClusterIP service without externalIPs is ignored', { externalTrafficPolicy: 'Local' }, { externalPolicyLocal: false, usesLocalEndpoints: false, usesClusterEndpoints: true }],
    ['iTP Local internal-only uses only local endpoints', { internalTrafficPolicy: 'Local' }, { internalPolicyLocal: true, usesLocalEndpoints: true, usesClusterEndpoints: false }],
    ['iTP Local with externalIPs still needs cluster endpoints', { internalTrafficPolicy: 'Local', externalIPs: ['1.1.1.1'] }, { usesLocalEndpoints: true, usesClusterEndpoints: true, externallyAccessible: true }],
    ['healthCheckNodePort only for LB + eTP Local', { type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000 }, { healthCheckNodePort: 0, externalPolicyLocal: true }],
  ])('%s', (_name, spec, expected) => {
    const c = makeCluster({ services: [makeService('ns', 's', { clusterIP: '172.30.0.5', ports: [{ port: 80 }], ...spec })] });
    expect(buildServicePorts(c, 'IPv4')[0]).toMatchObject(expected);
  });
});
