import { describe, expect, it } from 'vitest';
import type { ResolvedRequest, TraceOutcome } from '../net/types';
import { seedCluster } from '../protocol/testing/fixtures';
import { buildPacketHops } from './hops';

const request: ResolvedRequest = {
  protocol: 'TCP', mode: 'iptables', srcIP: '10.244.1.8', srcPort: 40001, srcDescription: 'pod default/client', srcNode: 'node-a1',
  dstHost: 'my-service.default', destinations: [{ ip: '10.96.12.34', probability: 1 }], dstPort: 80, dstDescription: 'Service default/my-service (ClusterIP)',
};

const base = (o: Partial<TraceOutcome>): TraceOutcome => ({
  verdict: 'DNAT', endpoint: '', pod: '', probability: 1, masqueraded: false, sourceIPAtPod: '', hops: [], entryNode: 'node-a1', conntrack: [], ...o,
});

const ctx = { cluster: seedCluster(), mode: 'iptables' as const, sourceAnchor: 'Pod/default/client', service: { namespace: 'default', name: 'my-service' } };

describe('buildPacketHops: the engine hops as moves between scene anchors, with headers as rewritten', () => {
  it('pod → DNS → kube-proxy DNAT → cross-node → pod (source IP kept)', () => {
    const outcome = base({
      endpoint: '10.244.2.7:9376', pod: 'default/my-app-2', sourceIPAtPod: '10.244.1.8',
      conntrack: [{ node: 'node-a1', original: { protocol: 'TCP', src: '10.244.1.8', srcPort: 40001, dst: '10.96.12.34', dstPort: 80 }, reply: { protocol: 'TCP', src: '10.244.2.7', srcPort: 9376, dst: '10.244.1.8', dstPort: 40001 }, dnat: '10.244.2.7:9376' }],
      hops: [
        { node: 'node-a1', component: 'CoreDNS', rule: 'my-service.default.svc.cluster.local. 30 IN A 10.96.12.34', action: 'resolve my-service.default.svc.cluster.local to 10.96.12.34' },
        { node: 'node-a1', component: 'kube-proxy (iptables)', rule: '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-X', action: 'jump to KUBE-SVC-X' },
        { node: 'node-a1', component: 'kube-proxy (iptables)', rule: '-A KUBE-SEP-Y -p tcp -j DNAT --to-destination 10.244.2.7:9376', action: 'DNAT to 10.244.2.7:9376' },
        { node: 'node-a1', component: 'pod network (CNI)', rule: '10.244.2.0/24 via 10.0.0.12', action: 'forward to node node-a2' },
        { node: 'node-a2', component: 'pod', rule: 'default/my-app-2', action: 'deliver to 10.244.2.7:9376 from 10.244.1.8' },
      ],
    });
    const hops = buildPacketHops(outcome, request, ctx);
    expect(hops.map((h) => [h.from, h.to, h.phase, `${h.header.srcIP} → ${h.header.dstIP}:${h.header.dstPort}`])).toEqual([
      ['Pod/default/client', 'Pod/kube-system/coredns-1', 'dns', '10.244.1.8 → 10.96.0.10:53'],
      ['Pod/kube-system/coredns-1', 'Pod/default/client', 'dns', '10.96.0.10 → 10.244.1.8:53001'],
      ['Pod/default/client', 'Node//node-a1', 'proxy', '10.244.1.8 → 10.96.12.34:80'],
      ['Node//node-a1', 'Node//node-a1', 'proxy', '10.244.1.8 → 10.244.2.7:9376'],
      ['Node//node-a1', 'Node//node-a2', 'wire', '10.244.1.8 → 10.244.2.7:9376'],
      ['Node//node-a2', 'Pod/default/my-app-2', 'deliver', '10.244.1.8 → 10.244.2.7:9376'],
    ]);
    expect(hops[3]?.rule?.text).toBe('-A KUBE-SEP-Y -p tcp -j DNAT --to-destination 10.244.2.7:9376');
    expect(hops[3]?.node).toBe('node-a1');
    expect(hops[2]!.duration).toBeGreaterThan(hops[3]!.duration); // travelling is slower than a rule look-up
  });

  it('NodePort from outside to a pod on another node: masquerade shows as the node IP from the wire hop on', () => {
    const outcome = base({
      endpoint: '10.244.3.9:9376', pod: 'default/my-app-3', masqueraded: true, sourceIPAtPod: '10.0.0.11',
      conntrack: [{ node: 'node-a1', original: { protocol: 'TCP', src: '203.0.113.50', srcPort: 40001, dst: '10.0.0.11', dstPort: 30080 }, reply: { protocol: 'TCP', src: '10.244.3.9', srcPort: 9376, dst: '10.0.0.11', dstPort: 40001 } }],
      hops: [
        { node: 'node-a1', component: 'kube-proxy (iptables)', rule: '-A KUBE-NODEPORTS -p tcp -m tcp --dport 30080 -j KUBE-EXT-X', action: 'jump' },
        { node: 'node-a1', component: 'kube-proxy (iptables)', rule: '-A KUBE-SEP-Z -p tcp -j DNAT --to-destination 10.244.3.9:9376', action: 'DNAT' },
        { node: 'node-a1', component: 'pod network (CNI)', rule: '10.244.3.0/24 via 10.0.0.21', action: 'forward to node node-b1' },
        { node: 'node-b1', component: 'pod', rule: 'default/my-app-3', action: 'deliver' },
      ],
    });
    const hops = buildPacketHops(outcome, { ...request, srcIP: '203.0.113.50', destinations: [{ ip: '10.0.0.11', probability: 1 }], dstPort: 30080 }, { ...ctx, sourceAnchor: 'external' });
    expect(hops.map((h) => `${h.to} ${h.header.srcIP}→${h.header.dstIP}:${h.header.dstPort}`)).toEqual([
      'Node//node-a1 203.0.113.50→10.0.0.11:30080',
      'Node//node-a1 203.0.113.50→10.244.3.9:9376',
      'Node//node-b1 10.0.0.11→10.244.3.9:9376',
      'Pod/default/my-app-3 10.0.0.11→10.244.3.9:9376',
    ]);
  });

  it('userspace: the packet visibly passes through kube-proxy\'s proxy port, then kube-proxy connects to the pod', () => {
    const outcome = base({
      endpoint: '10.244.1.5:9376', pod: 'default/my-app-1', masqueraded: true, sourceIPAtPod: '10.244.1.1',
      conntrack: [
        { node: 'node-a1', original: { protocol: 'TCP', src: '10.244.1.8', srcPort: 40001, dst: '10.96.12.34', dstPort: 80 }, reply: { protocol: 'TCP', src: '10.244.1.1', srcPort: 36123, dst: '10.244.1.8', dstPort: 40001 }, dnat: '10.244.1.1:36123' },
        { node: 'node-a1', original: { protocol: 'TCP', src: '10.244.1.1', srcPort: 36123, dst: '10.244.1.5', dstPort: 9376 }, reply: { protocol: 'TCP', src: '10.244.1.5', srcPort: 9376, dst: '10.244.1.1', dstPort: 36123 } },
      ],
      hops: [
        { node: 'node-a1', component: 'kube-proxy (userspace)', rule: '-A KUBE-PORTALS-CONTAINER -d 10.96.12.34/32 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 36123', action: 'redirect to proxy port 36123' },
        { node: 'node-a1', component: 'pod', rule: 'default/my-app-1', action: 'deliver' },
      ],
    });
    const hops = buildPacketHops(outcome, request, { ...ctx, mode: 'userspace' });
    expect(hops.map((h) => `${h.to} ${h.header.srcIP}:${h.header.srcPort}→${h.header.dstIP}:${h.header.dstPort}`)).toEqual([
      'proxy/node-a1 10.244.1.8:40001→10.244.1.1:36123',
      'Node//node-a1 10.244.1.1:36123→10.244.1.5:9376',
      'Pod/default/my-app-1 10.244.1.1:36123→10.244.1.5:9376',
    ]);
  });

  it('ExternalName: CNAME from CoreDNS, then the client goes outside the cluster', () => {
    const cluster = seedCluster();
    cluster.services.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    const outcome = base({
      verdict: 'ACCEPT', note: 'ExternalName: the cluster DNS answers with a CNAME to db.example.com',
      hops: [{ node: 'node-a1', component: 'CoreDNS', rule: 'db.default.svc.cluster.local. 30 IN CNAME db.example.com.', action: 'CNAME db.example.com (ExternalName: not proxied)' }],
    });
    const hops = buildPacketHops(outcome, request, { ...ctx, cluster, service: { namespace: 'default', name: 'db' } });
    expect(hops.map((h) => [h.to, h.phase])).toEqual([
      ['Pod/kube-system/coredns-1', 'dns'],
      ['Pod/default/client', 'dns'],
      ['outside/db.example.com', 'outside'],
    ]);
    expect(hops[2]!.explain).toContain('CNAME');
  });

  it('a dropped connection ends on the node that dropped it, with the reason', () => {
    const outcome = base({
      verdict: 'DROP', note: 'no local endpoints',
      hops: [{ node: 'node-b1', component: 'kube-proxy (iptables)', rule: '-A KUBE-EXT-X -j KUBE-SVL-X', action: 'drop: no local endpoints' }],
    });
    const hops = buildPacketHops(outcome, request, { ...ctx, sourceAnchor: 'external' });
    expect(hops).toHaveLength(1);
    expect(hops[0]!.phase).toBe('drop');
    expect(hops[0]!.explain).toContain('no local endpoints');
  });
});
