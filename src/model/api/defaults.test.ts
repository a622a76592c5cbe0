// Modelled on pkg/apis/core/v1/defaults_test.go (TestSetDefaultService*).
import { describe, expect, it } from 'vitest';
import type { Deployment, EndpointSlice, Pod, Service, ServiceSpec } from '../types';
import { defaultEndpointSlice, defaultNamespace, defaultObject, defaultPod, defaultProxyConfig, defaultService, defaultWorkload } from './defaults';

const svc = (spec: ServiceSpec, status?: Service['status']): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's' },
  spec,
  ...(status ? { status } : {}),
});

describe('defaultService', () => {
  const cases: [string, ServiceSpec, Partial<ServiceSpec>][] = [
    [
      'empty spec: ClusterIP, affinity None, iTP Cluster, no eTP',
      {},
      { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: undefined },
    ],
    ['None clears sessionAffinityConfig', { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }, { sessionAffinityConfig: undefined }],
    ['ClientIP without timeout gets 10800', { sessionAffinity: 'ClientIP' }, { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } }],
    [
      'ClientIP keeps an explicit timeout',
      { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
      { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
    ],
    ['NodePort gets eTP Cluster', { type: 'NodePort' }, { externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' }],
    ['NodePort keeps eTP Local', { type: 'NodePort', externalTrafficPolicy: 'Local' }, { externalTrafficPolicy: 'Local' }],
    ['ClusterIP with externalIPs is externally accessible', { externalIPs: ['1.2.3.4'] }, { externalTrafficPolicy: 'Cluster' }],
    [
      'LoadBalancer: allocateLoadBalancerNodePorts true',
      { type: 'LoadBalancer' },
      { allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' },
    ],
    ['LoadBalancer keeps allocateLoadBalancerNodePorts false', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, { allocateLoadBalancerNodePorts: false }],
    [
      'ExternalName: no traffic policies',
      { type: 'ExternalName', externalName: 'example.com' },
      { internalTrafficPolicy: undefined, externalTrafficPolicy: undefined },
    ],
    ['clusterIP initialises clusterIPs (registry)', { clusterIP: '10.96.0.50' }, { clusterIPs: ['10.96.0.50'] }],
    ['clusterIP None initialises clusterIPs', { clusterIP: 'None' }, { clusterIPs: ['None'] }],
  ];
  it.each(cases)('%s', (_n, spec, want) => {
    const out = defaultService(svc(spec)).spec;
    for (const [k, v] of Object.entries(want)) expect(out[k as keyof ServiceSpec]).toEqual(v);
  });

  it('ports: protocol TCP, targetPort = port when 0, empty or missing', () => {
    const out = defaultService(svc({ ports: [{ port: 80 }, { port: 81, targetPort: 0 }, { port: 82, targetPort: '' }, { port: 83, targetPort: 'http', protocol: 'UDP' }] }));
    expect(out.spec.ports).toEqual([
      { port: 80, targetPort: 80, protocol: 'TCP' },
      { port: 81, targetPort: 81, protocol: 'TCP' },
      { port: 82, targetPort: 82, protocol: 'TCP' },
      { port: 83, targetPort: 'http', protocol: 'UDP' },
    ]);
  });

  it('LB ingress IPs without ipMode become VIP; hostnames are left alone', () => {
    const out = defaultService(svc({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '1.1.1.1' }, { hostname: 'lb.example' }, { ip: '2.2.2.2', ipMode: 'Proxy' }] } }));
    expect(out.status?.loadBalancer?.ingress).toEqual([{ ip: '1.1.1.1', ipMode: 'VIP' }, { hostname: 'lb.example' }, { ip: '2.2.2.2', ipMode: 'Proxy' }]);
  });

  it('puts namespace-less objects into "default" and never mutates its input', () => {
    const input = svc({ ports: [{ port: 80 }] });
    const frozen = JSON.stringify(input);
    const out = defaultService(input);
    expect(out.metadata.namespace).toBe('default');
    expect(JSON.stringify(input)).toBe(frozen);
  });
});

describe('other kinds', () => {
  it('Pod: container port protocol TCP, hostNetwork copies containerPort to hostPort, dnsPolicy ClusterFirst', () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns' },
      spec: { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] },
    };
    const out = defaultPod(pod);
    expect(out.spec.containers[0]?.ports).toEqual([{ containerPort: 8080, protocol: 'TCP', hostPort: 8080 }]);
    expect(out.spec.dnsPolicy).toBe('ClusterFirst');
    expect(out.metadata.namespace).toBe('ns');
  });

  it('Deployment: replicas 1 and template defaults; explicit 0 kept', () => {
    const d: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } } },
    };
    const out = defaultWorkload(d);
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.template.spec.containers[0]?.ports?.[0]?.protocol).toBe('TCP');
    expect(defaultWorkload({ ...d, spec: { ...d.spec, replicas: 0 } }).spec.replicas).toBe(0);
  });

  it('EndpointSlice ports: name "" and protocol TCP', () => {
    const s: EndpointSlice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' }, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] };
    expect(defaultEndpointSlice(s).ports).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });

  it('readiness probes get SetDefaults_Probe timings', () => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 5 } }] } };
    expect(defaultPod(pod).spec.containers[0]?.readinessProbe).toEqual({
      tcpSocket: { port: 80 },
      initialDelaySeconds: 5,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it('cluster-scoped objects lose a given namespace (rest.BeforeCreate)', () => {
    const n = defaultObject({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'default' }, spec: {} });
    expect(n.metadata).toEqual({ name: 'n1' });
  });

  it('Namespace gets the kubernetes.io/metadata.name label', () => {
    expect(defaultNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }).metadata.labels).toEqual({
      'kubernetes.io/metadata.name': 'shop',
    });
  });
});

describe('defaultProxyConfig', () => {
  it('fills kube-proxy defaults', () => {
    const c = defaultProxyConfig();
    expect(c.mode).toBe('iptables');
    expect(c.iptables).toMatchObject({ masqueradeBit: 14, masqueradeAll: false, localhostNodePorts: true });
    expect(c.ipvs?.scheduler).toBe('rr');
    expect(c.nodePortAddresses).toEqual([]);
    expect(c.clusterCIDR).toBe('');
  });
  it('keeps explicit values; empty mode and scheduler mean the default', () => {
    const c = defaultProxyConfig({ mode: '', ipvs: { scheduler: '' }, iptables: { masqueradeBit: 15, localhostNodePorts: false } });
    expect(c.mode).toBe('iptables');
    expect(c.ipvs?.scheduler).toBe('rr');
    expect(c.iptables).toMatchObject({ masqueradeBit: 15, localhostNodePorts: false });
    expect(defaultProxyConfig({ mode: 'nftables' }).mode).toBe('nftables');
  });
});
