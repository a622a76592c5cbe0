import { describe, expect, it } from 'vitest';
import { createProxyState, type Hook } from '../types';
import { ipvsBackend } from './index';
import { EXTERNAL_CLIENT, EXTERNAL_CLIENT_BLOCKED, TEST_NODE, TEST_NODE_IP } from './testing/cluster-fixture';
import { LOCAL_EP, LOCAL_POD, REMOTE_EP, sampleCluster } from './testing/sample-cluster';

const rules = ipvsBackend.program(sampleCluster(), { nodeName: TEST_NODE });

/** Outcomes as "ip:port" (masq) strings or the verdict, like kube-proxy's packet-flow tests. */
function flow(src: string, dst: string, port: number, hook: Hook = 'prerouting', protocol: 'TCP' | 'UDP' = 'TCP'): string[] {
  return ipvsBackend
    .evaluate(rules, { protocol, srcIP: src, srcPort: 40000, dstIP: dst, dstPort: port }, hook)
    .map((o) => (o.verdict === 'DNAT' ? `${o.dnatIP}:${o.dnatPort}${o.masqueraded ? ' masq' : ''}` : o.verdict))
    .sort();
}

describe('IPVS mode packet flows (rr scheduler)', () => {
  it.each([
    ['pod to clusterIP', LOCAL_POD, '172.30.0.41', 80, 'prerouting', [`${LOCAL_EP}:80`, `${REMOTE_EP}:80`]],
    ['hairpin: endpoint to its own clusterIP is masqueraded via KUBE-LOOP-BACK', LOCAL_EP, '172.30.0.41', 80, 'prerouting', [`${LOCAL_EP}:80 masq`, `${REMOTE_EP}:80`]],
    ['off-cluster source to clusterIP is masqueraded', EXTERNAL_CLIENT, '172.30.0.41', 80, 'prerouting', [`${LOCAL_EP}:80 masq`, `${REMOTE_EP}:80 masq`]],
    ['node (host process) to clusterIP is masqueraded', TEST_NODE_IP, '172.30.0.41', 80, 'output', [`${LOCAL_EP}:80 masq`, `${REMOTE_EP}:80 masq`]],
    ['clusterIP on a port without a virtual server is refused by KUBE-IPVS-FILTER', LOCAL_POD, '172.30.0.41', 443, 'prerouting', ['REJECT']],
    ['external to NodePort (Cluster policy) is masqueraded', EXTERNAL_CLIENT, TEST_NODE_IP, 3003, 'prerouting', ['10.0.2.7:80 masq']],
    ['external to LB IP with eTP Local: local endpoint only, source kept', EXTERNAL_CLIENT, '1.2.3.4', 80, 'prerouting', ['10.0.1.6:80']],
    ['external to NodePort with eTP Local: local endpoint only, source kept', EXTERNAL_CLIENT, TEST_NODE_IP, 3001, 'prerouting', ['10.0.1.6:80']],
    ['external to externalIP with eTP Local: local endpoint only', EXTERNAL_CLIENT, '192.168.99.22', 80, 'prerouting', ['10.0.1.6:80']],
    ['eTP Local without local endpoints falls back to cluster endpoints, not masqueraded', EXTERNAL_CLIENT, TEST_NODE_IP, 3004, 'prerouting', ['10.0.2.8:80']],
    ['service without endpoints: no real servers', LOCAL_POD, '172.30.0.46', 80, 'prerouting', ['REJECT']],
    ['LB source range admits the client', EXTERNAL_CLIENT, '5.6.7.8', 80, 'prerouting', ['10.0.1.10:80 masq', '10.0.2.9:80 masq']],
    ['LB source range drops other clients', EXTERNAL_CLIENT_BLOCKED, '5.6.7.8', 80, 'prerouting', ['DROP']],
    ['NodePort bypasses LoadBalancerSourceRanges', EXTERNAL_CLIENT_BLOCKED, TEST_NODE_IP, 3002, 'prerouting', ['10.0.1.10:80 masq', '10.0.2.9:80 masq']],
    ['health check node port is answered by kube-proxy', EXTERNAL_CLIENT, TEST_NODE_IP, 30000, 'prerouting', ['ACCEPT']],
    ['node to an LB IP whose source ranges exclude the node is dropped by KUBE-IPVS-OUT-FILTER', TEST_NODE_IP, '5.6.7.8', 80, 'output', ['DROP']],
    ['node to an eTP Local LB IP: sourced from the VIP, local endpoint, no masquerade rule applies', TEST_NODE_IP, '1.2.3.4', 80, 'output', ['10.0.1.6:80']],
    ['non-service traffic passes untouched', LOCAL_POD, '8.8.8.8', 53, 'prerouting', ['ACCEPT']],
  ] as const)('%s', (_name, src, dst, port, hook, expected) => {
    expect(flow(src, dst, port, hook)).toEqual([...expected]);
  });

  it('UDP to a TCP-only clusterIP port is refused', () => {
    expect(flow(LOCAL_POD, '172.30.0.41', 80, 'prerouting', 'UDP')).toEqual(['REJECT']);
  });

  it('rr shares are a deterministic long-run split', () => {
    const out = ipvsBackend.evaluate(rules, { protocol: 'TCP', srcIP: LOCAL_POD, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting');
    expect(out.map((o) => o.probability)).toEqual([0.5, 0.5]);
    expect(out.every((o) => (o as { deterministic?: boolean }).deterministic)).toBe(true);
  });

  it('steps reference the formatted lines they came from', () => {
    const text = ipvsBackend.format(rules).split('\n');
    const out = ipvsBackend.evaluate(rules, { protocol: 'TCP', srcIP: EXTERNAL_CLIENT, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting');
    for (const s of out[0]!.steps) if (s.rule.line !== undefined) expect(text[s.rule.line]).toBe(s.rule.rule);
    expect(out[0]!.steps.map((s) => s.rule.rule)).toContain('TCP  172.30.0.41:80 rr');
  });
});

describe('IPVS sample', () => {
  it('rr cycles through the real servers in order and keeps its position in state', () => {
    const ctx = { random: () => 0, now: 0, state: createProxyState() };
    const picks = [0, 1, 2, 3].map(
      () => ipvsBackend.sample(rules, { protocol: 'TCP', srcIP: LOCAL_POD, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting', ctx).dnatIP,
    );
    expect(picks).toEqual([LOCAL_EP, REMOTE_EP, LOCAL_EP, REMOTE_EP]);
  });

  it('ClientIP affinity: persistent virtual server pins a client until the timeout', () => {
    const ctx = { random: () => 0, now: 0, state: createProxyState() };
    const pkt = { protocol: 'TCP' as const, srcIP: EXTERNAL_CLIENT, srcPort: 1, dstIP: '172.30.0.45', dstPort: 80 };
    const first = ipvsBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP;
    ctx.now = 100;
    expect(ipvsBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP).toBe(first);
    ctx.now = 100 + 10800;
    expect(ipvsBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP).not.toBe(first);
  });
});

describe('IPVS text', () => {
  const text = ipvsBackend.format(rules);
  it.each([
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    'TCP  172.30.0.41:80 rr',
    '  -> 10.0.1.5:80                  Masq    1      0          0',
    'TCP  172.30.0.45:80 rr persistent 10800',
    'TCP  192.168.0.2:3001 rr',
    'Name: KUBE-CLUSTER-IP',
    'Type: hash:ip,port',
    '172.30.0.41,tcp:80',
    '10.0.1.5,tcp:80,10.0.1.5',
    '5.6.7.8,tcp:80,203.0.113.0/25',
    '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
    '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
    '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN',
    '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
    '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
    '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT',
    '-A KUBE-IPVS-OUT-FILTER -s 5.6.7.8 -m ipvs --vaddr 5.6.7.8 --vproto tcp --vport 80 -j DROP',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
    '    inet 172.30.0.41/32 scope global kube-ipvs0',
  ])('contains %j', (line) => {
    expect(text.split('\n')).toContain(line);
  });

  it('lists virtual servers sorted by address like ipvsadm', () => {
    const vs = text.split('\n').filter((l) => l.startsWith('TCP  '));
    expect(vs.slice(0, 3)).toEqual(['TCP  1.2.3.4:80 rr', 'TCP  5.6.7.8:80 rr persistent 10800', 'TCP  127.0.0.1:3001 rr']);
  });
});

describe('IPVS text layout', () => {
  it('starts exactly like `ipvsadm -Ln`', () => {
    expect(ipvsBackend.format(rules).split('\n').slice(0, 4)).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  1.2.3.4:80 rr',
    ]);
  });
});
