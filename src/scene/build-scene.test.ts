import { describe, expect, it } from 'vitest';
import { buildScene } from './build-scene';
import { seedCluster, pod } from '../protocol/testing/fixtures';

describe('buildScene: nodes grouped by zone, pods inside their node', () => {
  const cluster = seedCluster();
  const scene = buildScene(cluster, { width: 1000 });

  it.each([
    ['zone-a', ['node-a1', 'node-a2']],
    ['zone-b', ['node-b1']],
  ])('zone %s holds nodes %j', (zone, nodes) => {
    const z = scene.zones.find((x) => x.name === zone);
    expect(z).toBeDefined();
    const inZone = scene.nodes.filter((n) => n.zone === zone).map((n) => n.name);
    expect(inZone).toEqual(nodes);
    for (const n of scene.nodes.filter((x) => x.zone === zone)) {
      expect(n.x).toBeGreaterThanOrEqual(z!.x);
      expect(n.x + n.w).toBeLessThanOrEqual(z!.x + z!.w);
    }
  });

  it.each(cluster.pods.map((p) => [p.metadata.name, p.spec.nodeName]))('pod %s is drawn inside node %s', (name, nodeName) => {
    const p = scene.pods.find((x) => x.name === name)!;
    const n = scene.nodes.find((x) => x.name === nodeName)!;
    expect(p.node).toBe(nodeName);
    expect(p.x).toBeGreaterThan(n.x);
    expect(p.x).toBeLessThan(n.x + n.w);
    expect(p.y).toBeGreaterThan(n.y);
    expect(p.y).toBeLessThan(n.y + n.h);
  });

  it('every Service gets a box with its clusterIP:port and a colour; pods take their Service colour', () => {
    const svc = scene.services.find((s) => s.name === 'my-service')!;
    expect(svc.address).toBe('10.96.12.34:80/TCP');
    const app = scene.pods.find((p) => p.name === 'my-app-1')!;
    expect(app.colour).toBe(svc.colour);
    expect(scene.pods.find((p) => p.name === 'client')!.colour).not.toBe(svc.colour);
  });

  it('has an anchor for every pod, node, Service, kube-proxy port and the external client', () => {
    for (const k of ['Pod/default/client', 'Node//node-b1', 'Service/default/my-service', 'proxy/node-a1', 'external']) {
      expect(scene.anchors[k], k).toBeDefined();
    }
  });

  it('draws LoadBalancer and ExternalName targets outside the cluster', () => {
    const c = seedCluster();
    c.services.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', clusterIP: '10.96.1.1', ports: [{ port: 80, nodePort: 30080 }] }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    );
    const s = buildScene(c, { width: 700 });
    expect(s.externals.map((e) => [e.kind, e.label, e.sub])).toEqual([
      ['client', 'external client', '203.0.113.50'],
      ['LoadBalancer', 'LB lb', '192.0.2.10'],
      ['ExternalName', 'db.example.com', 'outside the cluster'],
    ]);
    expect(s.nodes[0]!.nodePorts).toContain('30080');
    expect(s.services.find((x) => x.name === 'db')!.address).toBe('CNAME → db.example.com');
  });

  it.each([320, 700, 1600])('fits a %ipx-wide column', (width) => {
    const s = buildScene(cluster, { width });
    for (const b of [...s.nodes, ...s.services, ...s.zones]) expect(b.x + b.w).toBeLessThanOrEqual(Math.max(width, 320) + 1);
  });

  it('switches to compact dots above the pod threshold (1,000 pods stay drawable)', () => {
    const c = seedCluster();
    for (let i = 0; i < 1000; i++) c.pods.push(pod('default', `w-${i}`, c.nodes[i % 3]!.metadata.name!, `10.244.9.${i % 250}`, { app: 'MyApp' }));
    const s = buildScene(c, { width: 1200 });
    expect(s.compact).toBe(true);
    expect(s.pods).toHaveLength(1005);
    expect(s.pods.every((p) => p.label === null)).toBe(true);
  });
});

describe('buildScene: 1,000+ pods are grouped per node', () => {
  function big(perNode: number) {
    const c = seedCluster();
    c.nodes.forEach((n, k) => {
      for (let i = 0; i < perNode; i++) c.pods.push(pod('default', `w-${k}-${i}`, n.metadata.name!, `10.244.${10 + k}.${i % 250}`, { app: 'MyApp' }));
    });
    return c;
  }

  it.each([
    // pods per node, grouped?
    [10, false],
    [38, false], // node-a1 already runs 2 pods: 40 in all, the threshold
    [41, true],
    [700, true],
  ])('%i extra pods on each node (compact scene) -> grouped: %s', (perNode, grouped) => {
    const c = big(perNode);
    const s = buildScene(c, { width: 1200, compactAbove: 20 });
    for (const n of s.nodes) {
      expect(n.grouped, n.name).toBe(grouped);
      expect(n.podCount).toBe(c.pods.filter((p) => p.spec.nodeName === n.name).length);
    }
  });

  it('keeps every pod (with node and IP) inside its node when grouped', () => {
    const c = big(700);
    const s = buildScene(c, { width: 1200 });
    expect(s.pods).toHaveLength(c.pods.length);
    for (const p of s.pods) {
      const n = s.nodes.find((x) => x.name === p.node)!;
      expect(p.x).toBeGreaterThan(n.x);
      expect(p.x).toBeLessThan(n.x + n.w);
      expect(p.y).toBeGreaterThan(n.y);
      expect(p.y).toBeLessThan(n.y + n.h);
      expect(p.ip).not.toBe('');
    }
  });

  it('a grouped node is much shorter than the same pods drawn as dots', () => {
    const c = big(700);
    const grouped = buildScene(c, { width: 1200 });
    const dots = buildScene(c, { width: 1200, groupAbove: 10_000 });
    expect(grouped.height * 2).toBeLessThan(dots.height);
  });

  it('an expanded node draws its pods as dots again; the others stay grouped', () => {
    const s = buildScene(big(700), { width: 1200, expandedNodes: ['node-a2'] });
    expect(s.nodes.map((n) => [n.name, n.grouped, n.expanded])).toEqual([
      ['node-a1', true, false],
      ['node-a2', false, true],
      ['node-b1', true, false],
    ]);
    expect(s.pods.filter((p) => p.node === 'node-a2').every((p) => p.r === 5)).toBe(true);
    expect(s.pods.filter((p) => p.node === 'node-a1').every((p) => p.r < 5)).toBe(true);
  });
});

describe('buildScene: CoreDNS is shown as the cluster DNS', () => {
  const s = buildScene(seedCluster(), { width: 1000 });

  it.each([
    ['kube-system', 'kube-dns', true],
    ['default', 'my-service', false],
    ['default', 'kubernetes', false],
  ])('Service %s/%s is the cluster DNS: %s', (ns, name, dns) => {
    const svc = s.services.find((x) => x.namespace === ns && x.name === name)!;
    expect(svc.dns).toBe(dns);
    if (dns) expect(svc.detail).toBe('CoreDNS · cluster DNS');
  });

  it('marks the pods selected by k8s-app: kube-dns in kube-system', () => {
    expect(s.pods.filter((p) => p.dns).map((p) => p.name)).toEqual(['coredns-1']);
  });
});

describe('buildScene: node header lines', () => {
  const withNodePort = () => {
    const c = seedCluster();
    c.services.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', namespace: 'default' }, spec: { type: 'NodePort', clusterIP: '10.96.1.2', ports: [{ port: 80, nodePort: 30080 }] } });
    return c;
  };
  it.each([
    // cluster, userspace proxy port line, header height
    ['ClusterIP only', seedCluster, false, 40],
    ['a NodePort Service', withNodePort, false, 52],
    ['ClusterIP only, userspace', seedCluster, true, 52],
    ['a NodePort Service, userspace', withNodePort, true, 64],
  ] as const)('%s -> header %s', (_name, make, proxyPortLine, headerH) => {
    const s = buildScene(make(), { width: 1000, proxyPortLine });
    for (const n of s.nodes) expect(n.headerH).toBe(headerH);
    // pods start below the header
    for (const p of s.pods) {
      const n = s.nodes.find((x) => x.name === p.node)!;
      expect(p.y - p.r).toBeGreaterThan(n.y + headerH);
    }
  });
});

describe('buildScene: Service detail line', () => {
  it.each([
    ['ClusterIP', {}, 'ClusterIP'],
    ['NodePort', { externalTrafficPolicy: 'Local' }, 'NodePort :30080 · eTP=Local'],
    ['LoadBalancer', { sessionAffinity: 'ClientIP' }, 'LoadBalancer :30080 · affinity'],
  ] as const)('%s %j -> %s', (type, extra, detail) => {
    const c = seedCluster();
    c.services.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type, clusterIP: '10.96.1.2', ports: [{ port: 80, ...(type === 'ClusterIP' ? {} : { nodePort: 30080 }) }], ...extra } });
    expect(buildScene(c, { width: 1000 }).services.find((x) => x.name === 's')!.detail).toBe(detail);
  });
});
