import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProxyState, type Hook } from '../types';
import { EXTERNAL_CLIENT, EXTERNAL_CLIENT_BLOCKED, TEST_NODE, TEST_NODE_IP } from '../ipvs/testing/cluster-fixture';
import { LOCAL_EP, LOCAL_POD, REMOTE_EP, sampleCluster } from '../ipvs/testing/sample-cluster';
import { formatNftDump, hashAndTruncate, nftablesBackend } from './index';
import { upstreamOverallCluster } from './testing/upstream-cluster';

/** Non-empty, non-comment lines, sorted: upstream compares transactions ignoring order. */
const lineSet = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .sort();

describe('nftables chain names (hashAndTruncate)', () => {
  it.each([
    ['ns1/svc1/tcp/p80', 'ULMVA6XW-ns1/svc1/tcp/p80'],
    ['ns1/svc1/tcp/p80__10.180.0.1/80', '5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80'],
  ])('%s -> %s', (name, expected) => {
    expect(hashAndTruncate(name)).toBe(expected);
  });

  it('truncates names longer than 240 characters with "..."', () => {
    const out = hashAndTruncate('x'.repeat(300));
    expect(out).toHaveLength(240);
    expect(out.endsWith('...')).toBe(true);
  });
});

describe('upstream TestOverallNFTablesRules, byte for byte', () => {
  it('produces exactly the expected nft transaction lines', () => {
    const rules = nftablesBackend.program(upstreamOverallCluster(), { nodeName: TEST_NODE });
    const expected = readFileSync(new URL('./testing/overall.expected.nft', import.meta.url), 'utf8');
    expect(lineSet(formatNftDump(rules.data))).toEqual(lineSet(expected));
  });
});

const rules = nftablesBackend.program(sampleCluster(), { nodeName: TEST_NODE });

function flow(src: string, dst: string, port: number, hook: Hook = 'prerouting', protocol: 'TCP' | 'UDP' = 'TCP'): string[] {
  return nftablesBackend
    .evaluate(rules, { protocol, srcIP: src, srcPort: 40000, dstIP: dst, dstPort: port }, hook)
    .map((o) => (o.verdict === 'DNAT' ? `${o.dnatIP}:${o.dnatPort}${o.masqueraded ? ' masq' : ''}` : o.verdict))
    .sort();
}

describe('nftables mode packet flows', () => {
  it.each([
    ['pod to clusterIP', LOCAL_POD, '172.30.0.41', 80, 'prerouting', [`${LOCAL_EP}:80`, `${REMOTE_EP}:80`]],
    ['hairpin to clusterIP is masqueraded', LOCAL_EP, '172.30.0.41', 80, 'prerouting', [`${LOCAL_EP}:80 masq`, `${REMOTE_EP}:80`]],
    ['off-cluster source to clusterIP is masqueraded', EXTERNAL_CLIENT, '172.30.0.41', 80, 'prerouting', [`${LOCAL_EP}:80 masq`, `${REMOTE_EP}:80 masq`]],
    ['node to clusterIP is masqueraded', TEST_NODE_IP, '172.30.0.41', 80, 'output', [`${LOCAL_EP}:80 masq`, `${REMOTE_EP}:80 masq`]],
    ['clusterIP on an undefined port is rejected', LOCAL_POD, '172.30.0.41', 443, 'prerouting', ['REJECT']],
    ['unallocated clusterIP is dropped', LOCAL_POD, '172.30.0.50', 80, 'prerouting', ['DROP']],
    ['external to NodePort (Cluster policy) is masqueraded', EXTERNAL_CLIENT, TEST_NODE_IP, 3003, 'prerouting', ['10.0.2.7:80 masq']],
    ['external to LB IP with eTP Local: local endpoint, source kept', EXTERNAL_CLIENT, '1.2.3.4', 80, 'prerouting', ['10.0.1.6:80']],
    ['external to NodePort with eTP Local: local endpoint, source kept', EXTERNAL_CLIENT, TEST_NODE_IP, 3001, 'prerouting', ['10.0.1.6:80']],
    ['external to externalIP with eTP Local', EXTERNAL_CLIENT, '192.168.99.22', 80, 'prerouting', ['10.0.1.6:80']],
    ['pod to LB IP with eTP Local is short-circuited to all endpoints', LOCAL_POD, '1.2.3.4', 80, 'prerouting', ['10.0.1.6:80', '10.0.2.6:80']],
    ['node to LB IP with eTP Local is masqueraded and short-circuited', TEST_NODE_IP, '1.2.3.4', 80, 'output', ['10.0.1.6:80 masq', '10.0.2.6:80 masq']],
    ['eTP Local without local endpoints drops external traffic', EXTERNAL_CLIENT, TEST_NODE_IP, 3004, 'prerouting', ['DROP']],
    ['eTP Local without local endpoints still serves local pods', LOCAL_POD, TEST_NODE_IP, 3004, 'prerouting', ['10.0.2.8:80']],
    ['service without endpoints rejects', LOCAL_POD, '172.30.0.46', 80, 'prerouting', ['REJECT']],
    ['LB source range admits the client', EXTERNAL_CLIENT, '5.6.7.8', 80, 'prerouting', ['10.0.1.10:80 masq', '10.0.2.9:80 masq']],
    ['LB source range drops other clients', EXTERNAL_CLIENT_BLOCKED, '5.6.7.8', 80, 'prerouting', ['DROP']],
    ['NodePort bypasses LoadBalancerSourceRanges', EXTERNAL_CLIENT_BLOCKED, TEST_NODE_IP, 3002, 'prerouting', ['10.0.1.10:80 masq', '10.0.2.9:80 masq']],
    ['localhost node ports are not supported', TEST_NODE_IP, '127.0.0.1', 3003, 'output', ['ACCEPT']],
    ['non-service traffic passes untouched', LOCAL_POD, '8.8.8.8', 53, 'prerouting', ['ACCEPT']],
  ] as const)('%s', (_name, src, dst, port, hook, expected) => {
    expect(flow(src, dst, port, hook)).toEqual([...expected]);
  });

  it('UDP to a TCP-only clusterIP port is rejected', () => {
    expect(flow(LOCAL_POD, '172.30.0.41', 80, 'prerouting', 'UDP')).toEqual(['REJECT']);
  });

  it('numgen splits evenly', () => {
    const out = nftablesBackend.evaluate(rules, { protocol: 'TCP', srcIP: LOCAL_POD, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting');
    expect(out.map((o) => o.probability)).toEqual([0.5, 0.5]);
  });

  it('steps point at the lines of `nft list table`', () => {
    const text = nftablesBackend.format(rules).split('\n');
    const out = nftablesBackend.evaluate(rules, { protocol: 'TCP', srcIP: EXTERNAL_CLIENT, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting');
    const withLines = out[0]!.steps.filter((s) => s.rule.line !== undefined);
    expect(withLines.length).toBeGreaterThan(3);
    for (const s of withLines) expect(text[s.rule.line!]!.trim().replace(/[,}]$/, '').replace(/^elements = \{ /, '').trim()).toContain(s.rule.rule.split(' comment ')[0]!.replace(/ }$/, ''));
  });
});

describe('nftables sample', () => {
  it('ClientIP affinity sets pin the client to its endpoint until the timeout', () => {
    let r = 0;
    const ctx = { random: () => (r = (r + 0.37) % 1), now: 0, state: createProxyState() };
    const pkt = { protocol: 'TCP' as const, srcIP: EXTERNAL_CLIENT, srcPort: 1, dstIP: '172.30.0.45', dstPort: 80 };
    const first = nftablesBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP;
    for (let i = 1; i < 6; i++) {
      ctx.now = i * 100;
      expect(nftablesBackend.sample(rules, pkt, 'prerouting', ctx).dnatIP).toBe(first);
    }
  });

  it('numgen draws follow ctx.random', () => {
    const pick = (x: number) =>
      nftablesBackend.sample(rules, { protocol: 'TCP', srcIP: LOCAL_POD, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting', {
        random: () => x,
        now: 0,
        state: createProxyState(),
      }).dnatIP;
    expect([pick(0.1), pick(0.9)]).toEqual([LOCAL_EP, REMOTE_EP]);
  });
});

describe('nft list table text', () => {
  const text = nftablesBackend.format(rules).split('\n');
  it.each([
    'table ip kube-proxy {',
    '\tcomment "rules for kube-proxy"',
    '\tchain filter-prerouting-pre-dnat {',
    '\t\ttype filter hook prerouting priority dstnat - 10; policy accept;',
    '\t\ttype nat hook postrouting priority srcnat; policy accept;',
    '\t\ttype filter hook input priority filter; policy accept;',
    '\t\ttype nat hook output priority -100; policy accept;',
    '\t\ttype filter hook output priority -110; policy accept;',
    '\t\tmeta mark set meta mark | 0x00004000',
    '\t\tmeta mark & 0x00004000 == 0x00000000 return',
    '\t\tmasquerade fully-random',
    '\t\tip daddr 172.30.0.0/16 drop comment "Drop traffic to unallocated ClusterIPs"',
    '\t\tip saddr != 203.0.113.0/25 drop',
    '\t\ttimeout 3h',
    '\t\tflags dynamic,timeout',
  ])('contains %j', (line) => {
    expect(text).toContain(line);
  });
});

describe('nftables local-traffic detection', () => {
  const masqOf = (proxy: Record<string, unknown>, src: string): boolean[] => {
    const r = nftablesBackend.program(sampleCluster(proxy), { nodeName: TEST_NODE });
    return nftablesBackend.evaluate(r, { protocol: 'TCP', srcIP: src, srcPort: 1, dstIP: '172.30.0.41', dstPort: 80 }, 'prerouting').map((o) => o.masqueraded);
  };

  it('masqueradeAll marks every clusterIP connection, pods included', () => {
    expect(masqOf({ nftables: { masqueradeAll: true } }, LOCAL_POD)).toEqual([true, true]);
    const r = nftablesBackend.program(sampleCluster({ nftables: { masqueradeAll: true } }), { nodeName: TEST_NODE });
    expect(formatNftDump(r.data).split('\n')).toContain('add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 jump mark-for-masquerade');
  });

  it('detectLocalMode NodeCIDR: only this node\'s pod CIDR counts as local', () => {
    expect(masqOf({ detectLocalMode: 'NodeCIDR' }, LOCAL_POD)).toEqual([false, false]);
    expect(masqOf({ detectLocalMode: 'NodeCIDR' }, '10.0.2.99')).toEqual([true, true]);
  });
});
