// The Services and EndpointSlices of upstream kube-proxy's
// TestOverallNFTablesRules (pkg/proxy/nftables/proxier_test.go), with its
// conventions: pods 10.0.0.0/8, services 172.30.0.0/16, node test-node at
// 192.168.0.2, nodePortAddresses 192.168.0.2/32. Endpoints without nodeName
// are remote.

import type { Cluster } from '../../../model/cluster';
import { makeCluster, makeNode, makeService, makeSlice, TEST_NODE } from '../../ipvs/testing/cluster-fixture';

export function upstreamOverallCluster(): Cluster {
  const slice = (ns: string, svc: string, ips: { ip: string; local?: boolean }[]) =>
    makeSlice(ns, svc, ips.map((e) => ({ ip: e.ip, ...(e.local ? { nodeName: TEST_NODE } : {}) })), [{ name: 'p80', port: 80 }]);
  return makeCluster({
    nodes: [makeNode(TEST_NODE, '192.168.0.2', '10.0.1.0/24')],
    proxy: { nodePortAddresses: ['192.168.0.2/32'] },
    services: [
      makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80 }] }),
      makeService('ns2', 'svc2', {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        clusterIP: '172.30.0.42',
        ports: [{ name: 'p80', port: 80, nodePort: 3001 }],
        lbIPs: ['1.2.3.4'],
        externalIPs: ['192.168.99.22'],
        healthCheckNodePort: 30000,
      }),
      makeService('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: [{ name: 'p80', port: 80, nodePort: 3003 }] }),
      makeService('ns4', 'svc4', { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: [{ name: 'p80', port: 80 }] }),
      makeService('ns5', 'svc5', {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        clusterIP: '172.30.0.45',
        ports: [{ name: 'p80', port: 80, nodePort: 3002 }],
        lbIPs: ['5.6.7.8'],
        healthCheckNodePort: 30000,
        loadBalancerSourceRanges: [' 203.0.113.0/25'],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      }),
      makeService('ns6', 'svc6', { clusterIP: '172.30.0.46', ports: [{ name: 'p80', port: 80 }] }),
    ],
    slices: [
      slice('ns1', 'svc1', [{ ip: '10.180.0.1' }]),
      slice('ns2', 'svc2', [{ ip: '10.180.0.2' }]),
      slice('ns3', 'svc3', [{ ip: '10.180.0.3' }]),
      slice('ns4', 'svc4', [{ ip: '10.180.0.4' }, { ip: '10.180.0.5', local: true }]),
      slice('ns5', 'svc5', [{ ip: '10.180.0.3' }]),
    ],
  });
}
