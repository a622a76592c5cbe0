// Ported from upstream pkg/proxy/ipvs/proxier_test.go TestNodePortIPv4: node
// ports get one virtual server per node address; SCTP node ports are tracked
// per address in a hash:ip,port set; eTP Local node ports use only local
// endpoints while the clusterIP keeps all of them.
import { describe, expect, it } from 'vitest';
import { ipvsBackend } from './index';
import { makeCluster, makeNode, makeService, makeSlice, TEST_NODE } from './testing/cluster-fixture';

const node = makeNode(TEST_NODE, '100.101.102.103', '10.180.0.0/24');
node.status!.addresses!.push({ type: 'InternalIP', address: '100.101.102.104' }, { type: 'InternalIP', address: '100.101.102.105' });

function program(protocol: 'TCP' | 'SCTP', local: boolean, nodePortAddresses?: string[]) {
  const cluster = makeCluster({
    nodes: [node],
    proxy: nodePortAddresses ? { nodePortAddresses } : {},
    services: [makeService('ns1', 'svc1', { type: 'NodePort', clusterIP: '10.20.30.41', ...(local ? { externalTrafficPolicy: 'Local' } : {}), ports: [{ name: 'p80', port: 80, protocol, nodePort: 3001 }] })],
    slices: [makeSlice('ns1', 'svc1', [{ ip: '10.180.0.1', nodeName: TEST_NODE }, { ip: '10.180.1.1', nodeName: 'other-node' }], [{ name: 'p80', port: 80, protocol }])],
  });
  return ipvsBackend.program(cluster, { nodeName: TEST_NODE });
}

const summary = (r: ReturnType<typeof program>) =>
  r.data.virtualServers.map((v) => `${v.protocol} ${v.address} -> ${v.realServers.map((x) => x.address).join(',')}`);

describe('IPVS node ports (upstream TestNodePortIPv4)', () => {
  it('SCTP node port on a node with several addresses: one VS and one set member per address', () => {
    const r = program('SCTP', false, ['100.101.102.0/24']);
    expect(summary(r)).toEqual([
      'SCTP 10.20.30.41:80 -> 10.180.0.1:80,10.180.1.1:80',
      'SCTP 100.101.102.103:3001 -> 10.180.0.1:80,10.180.1.1:80',
      'SCTP 100.101.102.104:3001 -> 10.180.0.1:80,10.180.1.1:80',
      'SCTP 100.101.102.105:3001 -> 10.180.0.1:80,10.180.1.1:80',
    ]);
    expect(r.data.ipsets.find((s) => s.name === 'KUBE-NODE-PORT-SCTP-HASH')!.entries.map((e) => e.text)).toEqual([
      '100.101.102.103,sctp:3001',
      '100.101.102.104,sctp:3001',
      '100.101.102.105,sctp:3001',
    ]);
  });

  it('SCTP node port with externalTrafficPolicy Local: node-port VS gets the local endpoint only', () => {
    const r = program('SCTP', true, ['100.101.102.103/32']);
    expect(summary(r)).toEqual(['SCTP 10.20.30.41:80 -> 10.180.0.1:80,10.180.1.1:80', 'SCTP 100.101.102.103:3001 -> 10.180.0.1:80']);
    expect(r.data.ipsets.find((s) => s.name === 'KUBE-NODE-PORT-LOCAL-SCTP-HASH')!.entries.map((e) => e.text)).toEqual(['100.101.102.103,sctp:3001']);
    const rules = r.data.iptables.rules.filter((x) => x.chain === 'KUBE-NODE-PORT').map((x) => `${x.table} ${x.target}`);
    expect(rules).toEqual(['nat RETURN', 'nat KUBE-MARK-MASQ', 'filter ACCEPT']);
  });

  it('empty nodePortAddresses: every local address, loopback included', () => {
    const r = program('TCP', false);
    expect(r.data.virtualServers.map((v) => v.address)).toEqual(['10.20.30.41:80', '100.101.102.103:3001', '100.101.102.104:3001', '100.101.102.105:3001', '127.0.0.1:3001']);
    expect(r.data.ipsets.find((s) => s.name === 'KUBE-NODE-PORT-TCP')!.entries.map((e) => e.text)).toEqual(['3001']);
  });
});
