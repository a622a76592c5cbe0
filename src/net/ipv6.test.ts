// IPv6 and dual-stack packet flows: the tracer asks the proxier of the
// destination's family, finds pods by each node's podCIDRs, prints IPv6
// endpoints as kube-proxy writes them ([ip]:port), masquerades towards a
// local pod to the node's IPv6 bridge, and resolves names to AAAA records
// when the client connects over IPv6.
import { describe, expect, it } from 'vitest';
import { createClusterModel } from '../model/load';
import type { ProxyMode } from '../model/types';
import { createRng } from '../model/rng';
import { sampleTraces } from './sample';
import { traceAll } from './trace';
import type { TraceOutcome, TraceRequest } from './types';

const workloads = `
---
apiVersion: v1
kind: Pod
metadata: { name: web-a, labels: { app: web } }
spec: { nodeName: node-a, containers: [{ name: c, image: nginx, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { nodeName: node-b, containers: [{ name: c, image: busybox }] }
`;

// kind's IPv6-only defaults: ServiceCIDR fd00:10:96::/112, clusterCIDR fd00:10:244::/56.
const ipv6Only = createClusterModel([{ file: 'ipv6.yaml', text: `
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata: { name: kubernetes }
spec: { cidrs: ["fd00:10:96::/112"] }
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clusterCIDR: fd00:10:244::/56
---
apiVersion: v1
kind: Node
metadata: { name: node-a }
spec: { podCIDRs: ["fd00:10:244:1::/64"] }
status: { addresses: [{ type: InternalIP, address: "fc00:f853:ccd:e793::2" }] }
---
apiVersion: v1
kind: Node
metadata: { name: node-b }
spec: { podCIDRs: ["fd00:10:244:2::/64"] }
status: { addresses: [{ type: InternalIP, address: "fc00:f853:ccd:e793::3" }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  clusterIP: fd00:10:96::80
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }]
${workloads}` }]);

const dualStack = createClusterModel([{ file: 'dual.yaml', text: `
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata: { name: kubernetes }
spec: { cidrs: ["10.96.0.0/16", "fd00:10:96::/112"] }
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clusterCIDR: 10.244.0.0/16,fd00:10:244::/56
---
apiVersion: v1
kind: Node
metadata: { name: node-a }
spec: { podCIDRs: ["10.244.1.0/24", "fd00:10:244:1::/64"] }
status: { addresses: [{ type: InternalIP, address: "172.18.0.2" }, { type: InternalIP, address: "fc00:f853:ccd:e793::2" }] }
---
apiVersion: v1
kind: Node
metadata: { name: node-b }
spec: { podCIDRs: ["10.244.2.0/24", "fd00:10:244:2::/64"] }
status: { addresses: [{ type: InternalIP, address: "172.18.0.3" }, { type: InternalIP, address: "fc00:f853:ccd:e793::3" }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  ipFamilyPolicy: RequireDualStack
  ipFamilies: [IPv4, IPv6]
  clusterIP: 10.96.0.80
  clusterIPs: [10.96.0.80, "fd00:10:96::80"]
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }]
${workloads}` }]);

const podIP = (model: typeof ipv6Only, name: string, family: 'IPv4' | 'IPv6'): string =>
  model.cluster.pods.find((p) => p.metadata.name === name)!.status!.podIPs!.map((x) => x.ip).find((ip) => ip.includes(':') === (family === 'IPv6'))!;

const summary = (o: TraceOutcome) => ({ verdict: o.verdict, endpoint: o.endpoint, pod: o.pod, masqueraded: o.masqueraded, sourceIPAtPod: o.sourceIPAtPod });

describe('the fixtures', () => {
  it('give pods addresses from their node\'s podCIDR of each family', () => {
    expect(podIP(ipv6Only, 'web-a', 'IPv6')).toMatch(/^fd00:10:244:1::/);
    expect(podIP(dualStack, 'web-a', 'IPv4')).toMatch(/^10\.244\.1\./);
    expect(podIP(dualStack, 'web-a', 'IPv6')).toMatch(/^fd00:10:244:1::/);
    expect(podIP(dualStack, 'client', 'IPv6')).toMatch(/^fd00:10:244:2::/);
  });
});

const modes: ProxyMode[] = ['iptables', 'ipvs', 'nftables'];

describe.each(modes)('IPv6-only cluster (%s)', (mode) => {
  const web = (): string => `[${podIP(ipv6Only, 'web-a', 'IPv6')}]:8080`;
  it.each<[string, TraceRequest, () => Partial<ReturnType<typeof summary>>, RegExp | undefined]>([
    ['pod -> ClusterIP name (AAAA): not masqueraded, the pod sees the client',
      { from: 'pod/client', to: 'web' },
      () => ({ masqueraded: false, sourceIPAtPod: podIP(ipv6Only, 'client', 'IPv6') }), /IN AAAA fd00:10:96::80/],
    ['pod -> [ClusterIP]:port',
      { from: 'pod/client', to: '[fd00:10:96::80]:80' },
      () => ({ masqueraded: false, sourceIPAtPod: podIP(ipv6Only, 'client', 'IPv6') }), undefined],
    ['external -> NodePort on another node than the pod: masqueraded to the node\'s IPv6 address',
      { from: '2001:db8::99', to: 'node-b:30080' },
      () => ({ masqueraded: true, sourceIPAtPod: 'fc00:f853:ccd:e793::3' }), undefined],
    ['external -> [node IP]:NodePort on the pod\'s node: masqueraded to the IPv6 bridge (first address of the podCIDR)',
      { from: '2001:db8::99', to: '[fc00:f853:ccd:e793::2]:30080' },
      () => ({ masqueraded: true, sourceIPAtPod: 'fd00:10:244:1::1' }), undefined],
    ['hairpin: a pod reaching itself is masqueraded to its node\'s IPv6 bridge',
      { from: 'pod/web-a', to: 'web:80' },
      () => ({ masqueraded: true, sourceIPAtPod: 'fd00:10:244:1::1' }), undefined],
  ])('%s', (_name, req, want, dnsRule) => {
    const r = traceAll(ipv6Only, { ...req, mode });
    expect(r.outcomes.map(summary)).toEqual([{ verdict: 'DNAT', endpoint: web(), pod: 'default/web-a', ...want() }]);
    expect(r.outcomes[0]!.probability).toBe(1);
    if (dnsRule) expect(r.outcomes[0]!.hops[0]!.rule).toMatch(dnsRule);
  });

  it('a remote pod is reached over its node\'s IPv6 podCIDR', () => {
    const [o] = traceAll(ipv6Only, { from: 'pod/client', to: 'web', mode }).outcomes;
    expect(o!.hops).toContainEqual({ node: 'node-b', component: 'pod network (CNI)', rule: 'fd00:10:244:1::/64 via fc00:f853:ccd:e793::2', action: 'forward to node node-a' });
  });
});

describe.each(modes)('dual-stack cluster (%s)', (mode) => {
  it.each<[string, TraceRequest, 'IPv4' | 'IPv6', string]>([
    ['the IPv4 clusterIP', { from: 'pod/client', to: '10.96.0.80:80' }, 'IPv4', '10.96.0.80'],
    ['the IPv6 clusterIP', { from: 'pod/client', to: '[fd00:10:96::80]:80' }, 'IPv6', 'fd00:10:96::80'],
    ['the name (A by default)', { from: 'pod/client', to: 'web' }, 'IPv4', '10.96.0.80'],
    ['the name with --family IPv6 (AAAA)', { from: 'pod/client', to: 'web', family: 'IPv6' }, 'IPv6', 'fd00:10:96::80'],
  ])('pod -> %s: that family\'s proxier, endpoint and source address', (_name, req, family, clusterIP) => {
    const r = traceAll(dualStack, { ...req, mode });
    expect(r.request.destinations).toEqual([{ ip: clusterIP, probability: 1 }]);
    expect(r.request.srcIP).toBe(podIP(dualStack, 'client', family));
    const ep = podIP(dualStack, 'web-a', family);
    expect(r.outcomes.map(summary)).toEqual([{
      verdict: 'DNAT', endpoint: family === 'IPv6' ? `[${ep}]:8080` : `${ep}:8080`, pod: 'default/web-a',
      masqueraded: false, sourceIPAtPod: podIP(dualStack, 'client', family),
    }]);
  });

  it.each<['IPv4' | 'IPv6', string, string]>([
    ['IPv4', '172.18.0.3', '10.244.1.1'],
    ['IPv6', 'fc00:f853:ccd:e793::3', 'fd00:10:244:1::1'],
  ])('node -> %s clusterIP is masqueraded to the node address / bridge of that family', (family, remoteSNAT, bridge) => {
    const to = family === 'IPv6' ? '[fd00:10:96::80]:80' : '10.96.0.80:80';
    expect(traceAll(dualStack, { from: 'node/node-b', to, mode }).outcomes.map((o) => o.sourceIPAtPod)).toEqual([remoteSNAT]);
    expect(traceAll(dualStack, { from: 'node/node-a', to, mode }).outcomes.map((o) => o.sourceIPAtPod)).toEqual([bridge]);
  });

  it('sampleTraces sends IPv6 connections through the IPv6 proxier', () => {
    const r = sampleTraces(dualStack, { from: 'pod/client', to: 'web', family: 'IPv6', mode }, 3, { random: createRng(1).next });
    expect(r.samples.map((o) => o.endpoint)).toEqual(Array(3).fill(`[${podIP(dualStack, 'web-a', 'IPv6')}]:8080`));
  });
});

describe('family errors', () => {
  it('an IPv4-only source cannot talk IPv6', () => {
    const v4 = createClusterModel([{ file: 'v4.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: { name: c }\nspec: { containers: [{ name: c, image: busybox }] }\n' }]);
    expect(() => traceAll(v4, { from: 'pod/c', to: '[fd00::1]:80' })).toThrow(/has no IPv6 address/);
  });
});
