import { describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, Service, StatefulSet } from '../types';
import { defaultObject } from '../api/defaults';
import { buildClusterModel, type AdmitFn, type BuildEntry } from './build-cluster';

const admit: AdmitFn = (obj) => ({ object: defaultObject(obj), diagnostics: [], valid: true });
const build = (objects: KubeObject[], seed = 1) =>
  buildClusterModel(objects.map((object): BuildEntry => ({ object })), { seed, admit });

const deployment = (name: string, replicas: number, extra: Partial<Deployment['spec']['template']['spec']> = {}): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 9376 }] }], ...extra } },
  },
});
const service = (name: string, spec: Service['spec'] = {}): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 9376 }], ...spec },
});

describe('buildClusterModel: an empty manifest', () => {
  const m = build([]);
  const c = m.cluster;

  it('has the default 3-node cluster and the system namespaces', () => {
    expect(c.nodes.map((n) => n.metadata.name)).toEqual(['node-a', 'node-b', 'node-c']);
    expect(c.namespaces.map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('has default/kubernetes at 10.96.0.1 (443 -> 6443) with the apiserver slice', () => {
    const k = c.services.find((s) => s.metadata.name === 'kubernetes')!;
    expect(k.spec.clusterIP).toBe('10.96.0.1');
    expect(k.spec.ports).toEqual([{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }]);
    const slice = c.endpointSlices.find((s) => s.metadata.name === 'kubernetes')!;
    expect(slice.endpoints[0]!.addresses).toEqual(['192.168.49.2']);
    expect(slice.ports).toEqual([{ name: 'https', protocol: 'TCP', port: 6443 }]);
  });

  it('has kube-system/kube-dns at 10.96.0.10 backed by two CoreDNS pods', () => {
    const dns = c.services.find((s) => s.metadata.name === 'kube-dns')!;
    expect(dns.spec.clusterIP).toBe('10.96.0.10');
    expect(dns.spec.ports!.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP']);
    const pods = c.pods.filter((p) => p.metadata.namespace === 'kube-system');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => /^coredns-[456789bcdf]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.metadata.name!))).toBe(true);
    const slices = c.endpointSlices.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'kube-dns');
    expect(slices.flatMap((s) => s.endpoints)).toHaveLength(2);
  });

  it('is plain, structured-clone-safe data', () => {
    expect(structuredClone(m)).toEqual(m);
  });
});

describe('buildClusterModel: Deployments, Services, StatefulSets', () => {
  const m = build([deployment('web', 3), service('web', { type: 'NodePort' })]);
  const c = m.cluster;
  const web = c.pods.filter((p) => p.metadata.labels?.app === 'web');

  it('Deployment -> ReplicaSet <name>-<hash> -> 3 pods spread over the nodes', () => {
    const rs = c.replicaSets.find((r) => r.metadata.name?.startsWith('web-'))!;
    const hash = rs.metadata.labels!['pod-template-hash']!;
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    expect(web).toHaveLength(3);
    for (const p of web) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels?.['pod-template-hash']).toBe(hash);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid });
      expect(p.status?.phase).toBe('Running');
    }
    expect(new Set(web.map((p) => p.spec.nodeName)).size).toBe(3);
  });

  it('pod IPs come from the node podCIDR starting at .2, hostIP is the node InternalIP', () => {
    for (const p of web) {
      const node = c.nodes.find((n) => n.metadata.name === p.spec.nodeName)!;
      const prefix = node.spec.podCIDR!.replace('0/24', '');
      expect(p.status?.podIP?.startsWith(prefix)).toBe(true);
      expect(Number(p.status!.podIP!.split('.')[3])).toBeGreaterThanOrEqual(2);
      expect(p.status?.hostIP).toBe(node.status?.addresses?.[0]?.address);
    }
  });

  it('the Service gets a clusterIP, a nodePort and an EndpointSlice with the 3 pods', () => {
    const svc = c.services.find((s) => s.metadata.name === 'web')!;
    expect(svc.spec.clusterIP).toMatch(/^10\./);
    expect(svc.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30086);
    const eps = c.endpointSlices.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web').flatMap((s) => s.endpoints);
    expect(eps.map((e) => e.addresses[0]).sort()).toEqual(web.map((p) => p.status!.podIP).sort());
  });

  it('StatefulSet pods are <name>-0..n-1 with hostname and subdomain', () => {
    const sts: StatefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'data' },
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c' }] } },
      },
    };
    const c2 = build([sts]).cluster;
    const pods = c2.pods.filter((p) => p.metadata.namespace === 'data');
    expect(pods.map((p) => [p.metadata.name, p.spec.hostname, p.spec.subdomain])).toEqual([
      ['db-0', 'db-0', 'db'],
      ['db-1', 'db-1', 'db'],
    ]);
    expect(c2.namespaces.map((n) => n.metadata.name)).toContain('data');
  });

  it('pods with a readinessProbe start unready and are scheduled to become ready', () => {
    const m2 = build([deployment('slow', 1, { containers: [{ name: 'c', readinessProbe: { initialDelaySeconds: 5, periodSeconds: 10 } }] })]);
    const p = m2.cluster.pods.find((x) => x.metadata.labels?.app === 'slow')!;
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
    expect(m2.readiness).toEqual([{ key: `Pod/default/${p.metadata.name}`, at: 15 }]);
  });
});

describe('buildClusterModel: errors and duplicates', () => {
  it('a Service asking for an allocated IP is reported on spec.clusterIPs and left out', () => {
    const m = build([service('clash', { clusterIP: '10.96.0.10' })]);
    expect(m.cluster.services.some((s) => s.metadata.name === 'clash')).toBe(false);
    expect(m.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'Service',
        name: 'clash',
        field: 'spec.clusterIPs',
        message: 'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
      }),
    ]);
  });

  it('validation runs after allocation: an invalid Service releases its clusterIP', () => {
    const m = build([service('bad', { clusterIP: '10.100.0.1', ports: [{ port: 70000, targetPort: 80 }] }), service('good', { clusterIP: '10.100.0.1' })]);
    expect(m.diagnostics.map((d) => d.message)).toEqual(['spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive']);
    expect(m.cluster.services.find((s) => s.metadata.name === 'good')?.spec.clusterIP).toBe('10.100.0.1');
  });

  it('the later of two same-named objects wins with a warning on the earlier', () => {
    const m = build([service('dup', { ports: [{ port: 80 }] }), service('dup', { ports: [{ port: 81 }] })]);
    expect(m.cluster.services.find((s) => s.metadata.name === 'dup')?.spec.ports?.[0]?.port).toBe(81);
    expect(m.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', name: 'dup' })]);
  });
});

describe('determinism', () => {
  it('same inputs and seed give an identical model; another seed differs', () => {
    const objs = [deployment('web', 4), service('web', { type: 'LoadBalancer' })];
    expect(build(objs, 7)).toEqual(build(objs, 7));
    expect(build(objs, 7).cluster.pods).not.toEqual(build(objs, 8).cluster.pods);
  });
});

describe('dual-stack', () => {
  it('two ServiceCIDRs: PreferDualStack Services get both families, pods get an IPv6 address too', () => {
    const cidr: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'ServiceCIDR',
      metadata: { name: 'kubernetes' },
      spec: { cidrs: ['10.96.0.0/12', 'fd00:10:96::/112'] },
    };
    const m = build([cidr, deployment('web', 2), service('web', { ipFamilyPolicy: 'PreferDualStack' })]);
    expect(m.diagnostics).toEqual([]);
    expect(m.cluster.config.clusterCIDR).toBe('10.244.0.0/16,fd00:10:244::/56');
    expect(m.cluster.nodes[0]!.spec.podCIDRs).toEqual(['10.244.0.0/24', 'fd00:10:244::/64']);
    const svc = m.cluster.services.find((s) => s.metadata.name === 'web')!;
    expect(svc.spec.ipFamilies).toEqual(['IPv4', 'IPv6']);
    expect(svc.spec.clusterIPs![1]).toMatch(/^fd00:10:96::/);
    const pod = m.cluster.pods.find((p) => p.metadata.labels?.app === 'web')!;
    expect(pod.status?.podIPs?.map((x) => x.ip)).toEqual([pod.status!.podIP, expect.stringMatching(/^fd00:10:244:[0-9a-f]*::2$/)]);
    const types = m.cluster.endpointSlices.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web').map((s) => s.addressType);
    expect(types.sort()).toEqual(['IPv4', 'IPv6']);
  });
});

describe('pods given directly', () => {
  it('keep their node and IP; finished pods keep their phase', () => {
    const m = build([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pinned', namespace: 'default', labels: { app: 'p' } }, spec: { nodeName: 'node-b', containers: [{ name: 'c' }] }, status: { podIP: '10.244.1.77' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'done', namespace: 'default' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Succeeded' } },
    ]);
    const pinned = m.cluster.pods.find((p) => p.metadata.name === 'pinned')!;
    expect([pinned.spec.nodeName, pinned.status?.podIP, pinned.status?.phase, pinned.status?.hostIP]).toEqual(['node-b', '10.244.1.77', 'Running', '192.168.49.3']);
    expect(m.cluster.pods.find((p) => p.metadata.name === 'done')?.status?.phase).toBe('Succeeded');
  });
});

describe('IPv6-only', () => {
  it('an IPv6 Service network gets an IPv6 pod network, IPv6 node addresses and IPv6 endpoints', () => {
    const cidr: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'kubernetes' }, spec: { cidrs: ['fd00:10:96::/112'] } };
    const m = build([cidr, deployment('web', 1), service('web')]);
    expect(m.diagnostics).toEqual([]);
    expect(m.cluster.services.find((s) => s.metadata.name === 'kubernetes')?.spec.clusterIP).toBe('fd00:10:96::1');
    expect(m.cluster.services.find((s) => s.metadata.name === 'kube-dns')?.spec.clusterIP).toBe('fd00:10:96::a');
    expect(m.cluster.nodes[0]!.status?.addresses?.[0]).toEqual({ type: 'InternalIP', address: 'fc00:f853:ccd:e793::2' });
    const pod = m.cluster.pods.find((p) => p.metadata.labels?.app === 'web')!;
    expect(pod.status?.podIP).toMatch(/^fd00:10:244:/);
    const slice = m.cluster.endpointSlices.find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(slice.addressType).toBe('IPv6');
    expect(m.cluster.endpointSlices.find((s) => s.metadata.name === 'kubernetes')?.addressType).toBe('IPv6');
  });
});
