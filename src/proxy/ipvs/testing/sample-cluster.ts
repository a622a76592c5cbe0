// The cluster the IPVS, nftables and userspace packet-flow tests share: one of
// each Service shape, endpoints on the local node (test-node, pod CIDR
// 10.0.1.0/24) and on node2 (10.0.2.0/24).

import type { Cluster } from '../../../model/cluster';
import type { KubeProxyConfiguration } from '../../../model/types';
import { makeCluster, makeService, makeSlice, TEST_NODE, OTHER_NODE } from './cluster-fixture';

export const LOCAL_EP = '10.0.1.5';
export const REMOTE_EP = '10.0.2.5';
export const LOCAL_POD = '10.0.1.9';

export function sampleCluster(proxy: Partial<KubeProxyConfiguration> = {}): Cluster {
  return makeCluster({
    proxy,
    services: [
      // ns1/svc1: ClusterIP with one local and one remote endpoint.
      makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80 }] }),
      // ns2/svc2: LoadBalancer, externalTrafficPolicy Local, one local and one remote endpoint.
      makeService('ns2', 'svc2', {
        type: 'LoadBalancer',
        clusterIP: '172.30.0.42',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 30000,
        externalIPs: ['192.168.99.22'],
        ports: [{ name: 'p80', port: 80, nodePort: 3001 }],
        lbIPs: ['1.2.3.4'],
      }),
      // ns3/svc3: NodePort, Cluster policy.
      makeService('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: [{ name: 'p80', port: 80, nodePort: 3003 }] }),
      // ns4/svc4: NodePort, Local policy, endpoints only on node2.
      makeService('ns4', 'svc4', {
        type: 'NodePort',
        clusterIP: '172.30.0.44',
        externalTrafficPolicy: 'Local',
        ports: [{ name: 'p80', port: 80, nodePort: 3004 }],
      }),
      // ns5/svc5: LoadBalancer with source ranges and ClientIP affinity.
      makeService('ns5', 'svc5', {
        type: 'LoadBalancer',
        clusterIP: '172.30.0.45',
        loadBalancerSourceRanges: [' 203.0.113.0/25'],
        sessionAffinity: 'ClientIP',
        ports: [{ name: 'p80', port: 80, nodePort: 3002 }],
        lbIPs: ['5.6.7.8'],
      }),
      // ns6/svc6: ClusterIP without endpoints.
      makeService('ns6', 'svc6', { clusterIP: '172.30.0.46', ports: [{ name: 'p80', port: 80 }] }),
    ],
    slices: [
      makeSlice('ns1', 'svc1', [{ ip: LOCAL_EP, nodeName: TEST_NODE }, { ip: REMOTE_EP, nodeName: OTHER_NODE }], [{ name: 'p80', port: 80 }]),
      makeSlice('ns2', 'svc2', [{ ip: '10.0.1.6', nodeName: TEST_NODE }, { ip: '10.0.2.6', nodeName: OTHER_NODE }], [{ name: 'p80', port: 80 }]),
      makeSlice('ns3', 'svc3', [{ ip: '10.0.2.7', nodeName: OTHER_NODE }], [{ name: 'p80', port: 80 }]),
      makeSlice('ns4', 'svc4', [{ ip: '10.0.2.8', nodeName: OTHER_NODE }], [{ name: 'p80', port: 80 }]),
      makeSlice('ns5', 'svc5', [{ ip: '10.0.2.9', nodeName: OTHER_NODE }, { ip: '10.0.1.10', nodeName: TEST_NODE }], [{ name: 'p80', port: 80 }]),
    ],
  });
}
