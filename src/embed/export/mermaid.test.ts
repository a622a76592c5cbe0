import { describe, expect, it } from 'vitest';
import { buildClusterFrom, type Cluster } from '../../model/cluster';
import type { EndpointSlice, Node, Pod, Service } from '../../model/types';
import { buildMermaidTopology, escapeMermaidLabel } from './mermaid';

const node = (name: string, ip: string): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec: {},
  status: { addresses: [{ type: 'InternalIP', address: ip }] },
});

const pod = (name: string, nodeName: string | undefined, ip?: string, namespace = 'default'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { app: 'MyApp' } },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c' }] },
  status: ip ? { podIP: ip, phase: 'Running' } : { phase: 'Pending' },
});

const service = (name: string, spec: Service['spec'], namespace = 'default'): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec,
});

const slice = (svc: string, endpoints: EndpointSlice['endpoints'], ports: EndpointSlice['ports']): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: `${svc}-abcde`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
  addressType: 'IPv4',
  endpoints,
  ports,
});

function cluster(parts: Partial<Cluster>): Cluster {
  return buildClusterFrom({ ...parts, config: { loadBalancerPool: '192.0.2.0/24', ...parts.config } });
}

const podRef = (name: string) => ({ kind: 'Pod', namespace: 'default', name });

describe('Mermaid topology', () => {
  it('draws the seed example: nodes hold pods, the Service points at its ready endpoints', () => {
    const c = cluster({
      nodes: [node('node-1', '192.168.0.11'), node('node-2', '192.168.0.12')],
      pods: [pod('web-a', 'node-1', '10.244.1.5'), pod('web-b', 'node-2', '10.244.2.7'), pod('web-c', 'node-2', '10.244.2.8')],
      services: [service('my-service', { type: 'ClusterIP', clusterIP: '10.96.0.42', selector: { app: 'MyApp' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] })],
      endpointSlices: [
        slice(
          'my-service',
          [
            { addresses: ['10.244.1.5'], conditions: { ready: true }, targetRef: podRef('web-a') },
            { addresses: ['10.244.2.7'], conditions: { ready: true }, targetRef: podRef('web-b') },
            { addresses: ['10.244.2.8'], conditions: { ready: false }, targetRef: podRef('web-c') },
          ],
          [{ port: 9376, protocol: 'TCP' }],
        ),
      ],
    });
    expect(buildMermaidTopology(c)).toBe(
      [
        'flowchart LR',
        '  subgraph node_node_1["Node node-1<br/>192.168.0.11"]',
        '    pod_default_web_a["Pod default/web-a<br/>10.244.1.5"]',
        '  end',
        '  subgraph node_node_2["Node node-2<br/>192.168.0.12"]',
        '    pod_default_web_b["Pod default/web-b<br/>10.244.2.7"]',
        '    pod_default_web_c["Pod default/web-c<br/>10.244.2.8"]',
        '  end',
        '  svc_default_my_service(["Service default/my-service<br/>ClusterIP 10.96.0.42<br/>80/TCP → 9376"])',
        '  svc_default_my_service -->|"9376/TCP"| pod_default_web_a',
        '  svc_default_my_service -->|"9376/TCP"| pod_default_web_b',
        '  svc_default_my_service -.->|"9376/TCP"| pod_default_web_c',
        '',
      ].join('\n'),
    );
  });

  it.each([
    {
      name: 'NodePort with its nodePort',
      svc: service('np', { type: 'NodePort', clusterIP: '10.96.0.5', ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }] }),
      line: '  svc_default_np(["Service default/np<br/>NodePort 10.96.0.5<br/>80/TCP → 8080 (nodePort 30080)"])',
    },
    {
      name: 'LoadBalancer with its ingress IP',
      svc: { ...service('lb', { type: 'LoadBalancer', clusterIP: '10.96.0.6', ports: [{ port: 443, nodePort: 31443 }] }), status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } } },
      line: '  svc_default_lb(["Service default/lb<br/>LoadBalancer 10.96.0.6<br/>LB 192.0.2.10<br/>443/TCP (nodePort 31443)"])',
    },
    {
      name: 'headless',
      svc: service('db', { clusterIP: 'None', ports: [{ port: 5432, protocol: 'TCP' }] }),
      line: '  svc_default_db(["Service default/db<br/>ClusterIP headless<br/>5432/TCP"])',
    },
  ])('$name', ({ svc, line }) => {
    expect(buildMermaidTopology(cluster({ services: [svc] })).split('\n')).toContain(line);
  });

  it('ExternalName points at the external host by CNAME', () => {
    const text = buildMermaidTopology(cluster({ services: [service('ext', { type: 'ExternalName', externalName: 'db.example.com' })] }));
    expect(text).toContain('  svc_default_ext(["Service default/ext<br/>ExternalName db.example.com"])');
    expect(text).toContain('  ext_db_example_com["db.example.com"]');
    expect(text).toContain('  svc_default_ext -->|CNAME| ext_db_example_com');
  });

  it('a selectorless Service with a manual slice points at the bare IP', () => {
    const text = buildMermaidTopology(
      cluster({
        services: [service('legacy', { clusterIP: '10.96.0.9', ports: [{ port: 3306, protocol: 'TCP' }] })],
        endpointSlices: [slice('legacy', [{ addresses: ['192.168.50.4'] }], [{ port: 3306, protocol: 'TCP' }])],
      }),
    );
    expect(text).toContain('  ip_192_168_50_4["192.168.50.4"]');
    expect(text).toContain('  svc_default_legacy -->|"3306/TCP"| ip_192_168_50_4');
  });

  it('a Pending pod without a node is drawn outside every node', () => {
    const text = buildMermaidTopology(cluster({ nodes: [node('n1', '10.0.0.1')], pods: [pod('pending', undefined)] }));
    expect(text.split('\n')).toContain('  pod_default_pending["Pod default/pending"]');
  });

  it('ids stay unique when names differ only in punctuation', () => {
    const text = buildMermaidTopology(cluster({ pods: [pod('a-b', undefined), pod('a.b', undefined)] }));
    expect(text).toContain('pod_default_a_b["Pod default/a-b"]');
    expect(text).toContain('pod_default_a_b_2["Pod default/a.b"]');
  });

  it('hideSystem leaves kube-system out', () => {
    const text = buildMermaidTopology(
      cluster({
        pods: [pod('coredns-1', undefined, '10.244.0.2', 'kube-system')],
        services: [service('kube-dns', { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] }, 'kube-system')],
      }),
      { hideSystem: true },
    );
    expect(text).toBe('flowchart LR\n');
  });

  it('markup in names never reaches Mermaid as markup', () => {
    const evil = '<img src=x onerror=alert(1)>"#`&';
    const text = buildMermaidTopology(cluster({ nodes: [node(evil, '10.0.0.1')] }));
    expect(text).not.toMatch(/<img|onerror=alert\(1\)>/);
    expect(text).toContain('Node #60;img src=x onerror=alert(1)#62;#34;#35;#96;#38;');
  });
});

describe('escapeMermaidLabel', () => {
  it.each([
    ['plain-name', 'plain-name'],
    ['a<b>c', 'a#60;b#62;c'],
    ['say "hi"', 'say #34;hi#34;'],
    ['#quot;', '#35;quot;'],
    ['line1\nline2', 'line1 line2'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMermaidLabel(input)).toBe(expected);
  });
});
