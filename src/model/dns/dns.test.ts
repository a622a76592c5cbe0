import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import type { Cluster } from '../cluster';
import { reconcileEndpointSlices } from '../endpointslice';
import { makeCluster, makeNode, makePod, makeService, makeSlice } from '../endpointslice/fixtures';
import { candidateNames, formatDig, resolveDNS, type DnsQueryType } from './index';

function buildCluster(): Cluster {
  const nodes = [makeNode('node-a', { zone: 'zone-a' })];
  const services = [
    makeService('kubernetes', { selector: null, clusterIP: '10.96.0.1', ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }] }),
    makeService('kube-dns', {
      ns: 'kube-system',
      selector: { 'k8s-app': 'kube-dns' },
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
      ],
    }),
    makeService('web', { clusterIP: '10.96.0.50' }),
    makeService('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', protocol: 'TCP', port: 5432, targetPort: 5432 }] }),
    makeService('raw', { clusterIP: 'None', selector: { app: 'raw' }, ports: [] }),
    makeService('empty', { clusterIP: 'None', selector: { app: 'nothing' } }),
    makeService('ext', { type: 'ExternalName', externalName: 'example.com', selector: null }),
    makeService('alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local', selector: null }),
    makeService('peers', { clusterIP: 'None', ipFamilies: ['IPv4', 'IPv6'], selector: { app: 'peers' }, ports: [] }),
    makeService('cart', { ns: 'shop', clusterIP: '10.96.0.60', selector: { app: 'cart' } }),
    makeService('dual', {
      clusterIP: '10.96.0.70',
      clusterIPs: ['10.96.0.70', 'fd00:96::70'],
      ipFamilies: ['IPv4', 'IPv6'],
      selector: { app: 'dual' },
    }),
  ];
  const pods = [
    makePod('coredns-1', { ns: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ip: '10.244.0.2' }),
    makePod('web-1', { ip: '10.244.0.11' }),
    makePod('db-0', { labels: { app: 'db' }, ip: '10.244.0.20', hostname: 'db-0', subdomain: 'db' }),
    makePod('db-1', { labels: { app: 'db' }, ip: '10.244.0.21', hostname: 'db-1', subdomain: 'db' }),
    makePod('db-2', { labels: { app: 'db' }, ip: '10.244.0.22', hostname: 'db-2', subdomain: 'db', ready: false }),
    makePod('db-x', { labels: { app: 'db' }, ip: '10.244.0.23' }),
    makePod('raw-0', { labels: { app: 'raw' }, ip: '10.244.0.30' }),
    makePod('peer-0', { labels: { app: 'peers' }, ips: ['10.244.0.40', 'fd00:10:244::40'], hostname: 'peer-0', subdomain: 'peers' }),
    makePod('peer-1', { labels: { app: 'peers' }, ips: ['10.244.0.41', 'fd00:10:244::41'] }),
  ];
  const manual = makeSlice('kubernetes', 'kubernetes', [{ addresses: ['192.168.0.10'], conditions: { ready: true } }], {
    ports: [{ name: 'https', protocol: 'TCP', port: 6443 }],
  });
  const endpointSlices = reconcileEndpointSlices({ services, pods, nodes, existing: [manual], rng: createRng(1) });
  return makeCluster({ nodes, services, pods, endpointSlices });
}

const cluster = buildCluster();

interface Case {
  q: string;
  type: DnsQueryType;
  ns?: string;
  rcode: 'NOERROR' | 'NXDOMAIN';
  question?: string;
  answer: string[];
}

const ask = (c: Case) => resolveDNS(cluster, { name: c.q, type: c.type, fromNamespace: c.ns });
const data = (rs: { type: string; data: string }[]) => rs.map((r) => `${r.type} ${r.data}`);

describe('A / AAAA', () => {
  const cases: Case[] = [
    { q: 'web', type: 'A', rcode: 'NOERROR', question: 'web.default.svc.cluster.local.', answer: ['A 10.96.0.50'] },
    { q: 'web.default', type: 'A', ns: 'shop', rcode: 'NOERROR', question: 'web.default.svc.cluster.local.', answer: ['A 10.96.0.50'] },
    { q: 'web.default.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answer: ['A 10.96.0.50'] },
    { q: 'kubernetes.default', type: 'A', ns: 'shop', rcode: 'NOERROR', answer: ['A 10.96.0.1'] },
    { q: 'kube-dns.kube-system.svc.cluster.local', type: 'A', rcode: 'NOERROR', answer: ['A 10.96.0.10'] },
    { q: 'cart', type: 'A', rcode: 'NXDOMAIN', answer: [] },
    { q: 'cart', type: 'A', ns: 'shop', rcode: 'NOERROR', answer: ['A 10.96.0.60'] },
    { q: 'web', type: 'AAAA', rcode: 'NOERROR', answer: [] }, // NODATA
    { q: 'dual', type: 'A', rcode: 'NOERROR', answer: ['A 10.96.0.70'] },
    { q: 'dual', type: 'AAAA', rcode: 'NOERROR', answer: ['AAAA fd00:96::70'] },
    // headless: one record per ready endpoint (db-2 is not ready)
    { q: 'db', type: 'A', rcode: 'NOERROR', answer: ['A 10.244.0.20', 'A 10.244.0.21', 'A 10.244.0.23'] },
    { q: 'db-0.db', type: 'A', rcode: 'NOERROR', question: 'db-0.db.default.svc.cluster.local.', answer: ['A 10.244.0.20'] },
    { q: 'db-2.db', type: 'A', rcode: 'NXDOMAIN', answer: [] },
    { q: '10-244-0-23.db', type: 'A', rcode: 'NOERROR', answer: ['A 10.244.0.23'] },
    // endpoint names also work below a ClusterIP Service
    { q: '10-244-0-11.web', type: 'A', rcode: 'NOERROR', answer: ['A 10.244.0.11'] },
    { q: 'raw', type: 'A', rcode: 'NOERROR', answer: ['A 10.244.0.30'] },
    { q: 'empty', type: 'A', rcode: 'NXDOMAIN', answer: [] },
    // ExternalName: the CNAME; names inside the cluster are followed
    { q: 'ext', type: 'A', rcode: 'NOERROR', answer: ['CNAME example.com.'] },
    { q: 'alias', type: 'A', rcode: 'NOERROR', answer: ['CNAME web.default.svc.cluster.local.', 'A 10.96.0.50'] },
    // pods insecure
    { q: '10-244-0-11.default.pod.cluster.local', type: 'A', rcode: 'NOERROR', answer: ['A 10.244.0.11'] },
    { q: '1-2-3-4.default.pod', type: 'A', rcode: 'NOERROR', question: '1-2-3-4.default.pod.cluster.local.', answer: ['A 1.2.3.4'] },
    { q: '1-2-3-4.nope.pod.cluster.local.', type: 'A', rcode: 'NXDOMAIN', answer: [] },
    { q: 'fd00--5.default.pod.cluster.local.', type: 'AAAA', rcode: 'NOERROR', answer: ['AAAA fd00::5'] },
    { q: 'ns.dns.cluster.local.', type: 'A', rcode: 'NOERROR', answer: ['A 10.96.0.10'] },
    { q: 'missing', type: 'A', rcode: 'NXDOMAIN', answer: [] },
    { q: 'default.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answer: [] }, // namespace: NODATA
    { q: 'a.b.c.default.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', answer: [] }, // too many labels
  ];
  it.each(cases)('$type $q (from $ns) -> $rcode $answer', (c) => {
    const r = ask(c);
    expect(r.rcode).toBe(c.rcode);
    expect(data(r.answer)).toEqual(c.answer);
    if (c.question) expect(r.question.name).toBe(c.question);
  });

  it.each<Case>([
    { q: 'peers', type: 'A', rcode: 'NOERROR', answer: ['A 10.244.0.40', 'A 10.244.0.41'] },
    { q: 'peers', type: 'AAAA', rcode: 'NOERROR', answer: ['AAAA fd00:10:244::40', 'AAAA fd00:10:244::41'] },
    { q: 'peer-0.peers', type: 'AAAA', rcode: 'NOERROR', answer: ['AAAA fd00:10:244::40'] },
    { q: 'fd00-10-244--41.peers', type: 'AAAA', rcode: 'NOERROR', answer: ['AAAA fd00:10:244::41'] },
    {
      q: '0.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.4.4.2.0.0.1.0.0.0.0.d.f.ip6.arpa.',
      type: 'PTR',
      rcode: 'NOERROR',
      answer: ['PTR peer-0.peers.default.svc.cluster.local.'],
    },
  ])('dual-stack headless: $type $q -> $answer', (c) => {
    const r = ask(c);
    expect(r.rcode).toBe(c.rcode);
    expect(data(r.answer)).toEqual(c.answer);
  });

  it('records carry TTL 5 and class IN, named by the answering question', () => {
    expect(resolveDNS(cluster, { name: 'web', type: 'A' }).answer).toEqual([
      { name: 'web.default.svc.cluster.local.', ttl: 5, class: 'IN', type: 'A', data: '10.96.0.50' },
    ]);
  });

  it('says when a CNAME leads outside the cluster', () => {
    expect(resolveDNS(cluster, { name: 'ext', type: 'A' }).note).toMatch(/example\.com\. is outside the cluster/);
  });
});

describe('SRV', () => {
  const cases: Case[] = [
    { q: '_http._tcp.web', type: 'SRV', rcode: 'NOERROR', answer: ['SRV 0 100 80 web.default.svc.cluster.local.'] },
    { q: '_dns._udp.kube-dns.kube-system', type: 'SRV', rcode: 'NOERROR', answer: ['SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.'] },
    { q: '_http._udp.web', type: 'SRV', rcode: 'NXDOMAIN', answer: [] },
    {
      q: 'kube-dns.kube-system.svc.cluster.local.',
      type: 'SRV',
      rcode: 'NOERROR',
      answer: [
        'SRV 0 33 53 kube-dns.kube-system.svc.cluster.local.',
        'SRV 0 33 9153 kube-dns.kube-system.svc.cluster.local.',
      ],
    },
    // headless: one per ready endpoint, weight floor(100/3), port = endpoint port
    {
      q: '_pg._tcp.db',
      type: 'SRV',
      rcode: 'NOERROR',
      answer: [
        'SRV 0 33 5432 db-0.db.default.svc.cluster.local.',
        'SRV 0 33 5432 db-1.db.default.svc.cluster.local.',
        'SRV 0 33 5432 10-244-0-23.db.default.svc.cluster.local.',
      ],
    },
    // dual-stack: two backend entries, one record, weight 50
    { q: '_http._tcp.dual', type: 'SRV', rcode: 'NOERROR', answer: ['SRV 0 50 80 dual.default.svc.cluster.local.'] },
    // a headless Service without ports has no SRV records
    { q: 'raw', type: 'SRV', rcode: 'NOERROR', answer: [] },
    // ExternalName: findServices ignores the asked port, the entry has port 0
    { q: '_http._tcp.ext', type: 'SRV', rcode: 'NOERROR', answer: ['SRV 0 100 0 example.com.'] },
    { q: 'alias', type: 'SRV', rcode: 'NOERROR', answer: ['SRV 0 100 0 web.default.svc.cluster.local.'] },
  ];
  it.each(cases)('$q -> $answer', (c) => {
    const r = ask(c);
    expect(r.rcode).toBe(c.rcode);
    expect(data(r.answer)).toEqual(c.answer);
  });

  it('puts the targets addresses in the additional section', () => {
    const r = resolveDNS(cluster, { name: '_pg._tcp.db', type: 'SRV' });
    expect(r.additional?.map((x) => `${x.name} ${x.type} ${x.data}`)).toEqual([
      'db-0.db.default.svc.cluster.local. A 10.244.0.20',
      'db-1.db.default.svc.cluster.local. A 10.244.0.21',
      '10-244-0-23.db.default.svc.cluster.local. A 10.244.0.23',
    ]);
  });
});

describe('PTR, CNAME, TXT', () => {
  const cases: Case[] = [
    { q: '50.0.96.10.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answer: ['PTR web.default.svc.cluster.local.'] },
    { q: '10.0.96.10.in-addr.arpa', type: 'PTR', rcode: 'NOERROR', question: '10.0.96.10.in-addr.arpa.', answer: ['PTR kube-dns.kube-system.svc.cluster.local.'] },
    { q: '20.0.244.10.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answer: ['PTR db-0.db.default.svc.cluster.local.'] },
    { q: '11.0.244.10.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answer: ['PTR 10-244-0-11.web.default.svc.cluster.local.'] },
    { q: '22.0.244.10.in-addr.arpa.', type: 'PTR', rcode: 'NXDOMAIN', answer: [] },
    {
      q: '0.7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.0.d.f.ip6.arpa.',
      type: 'PTR',
      rcode: 'NOERROR',
      answer: ['PTR dual.default.svc.cluster.local.'],
    },
    { q: 'ext', type: 'CNAME', rcode: 'NOERROR', answer: ['CNAME example.com.'] },
    { q: 'web', type: 'CNAME', rcode: 'NOERROR', answer: [] },
    { q: 'dns-version.cluster.local.', type: 'TXT', rcode: 'NOERROR', answer: ['TXT "1.1.0"'] },
    { q: 'web', type: 'TXT', rcode: 'NOERROR', answer: [] },
    { q: 'nothing-here', type: 'TXT', rcode: 'NXDOMAIN', answer: [] },
  ];
  it.each(cases)('$type $q -> $rcode $answer', (c) => {
    const r = ask(c);
    expect(r.rcode).toBe(c.rcode);
    expect(data(r.answer)).toEqual(c.answer);
    if (c.question) expect(r.question.name).toBe(c.question);
  });

  it('an address nobody owns: NXDOMAIN with a note about falling through', () => {
    const r = resolveDNS(cluster, { name: '9.9.9.9.in-addr.arpa.', type: 'PTR' });
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.note).toMatch(/falls through to the upstream resolver/);
  });

  it('an in-zone SRV target gets its address in the additional section', () => {
    const r = resolveDNS(cluster, { name: 'alias', type: 'SRV' });
    expect(r.additional?.map((x) => `${x.name} ${x.type} ${x.data}`)).toEqual(['web.default.svc.cluster.local. A 10.96.0.50']);
  });

  it('dns-version has the plugin TTL 28800', () => {
    expect(resolveDNS(cluster, { name: 'dns-version.cluster.local.', type: 'TXT' }).answer[0]?.ttl).toBe(28800);
  });
});

describe('search path (ndots:5)', () => {
  const cases = [
    {
      name: 'web',
      ns: 'shop',
      want: ['web.shop.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.'],
    },
    { name: 'web.', ns: 'default', want: ['web.'] },
    {
      name: 'a.b.c.d.e.f',
      ns: 'default',
      want: ['a.b.c.d.e.f.', 'a.b.c.d.e.f.default.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.'],
    },
  ];
  it.each(cases)('$name from $ns', ({ name, ns, want }) => {
    expect(candidateNames(name, ns, 'cluster.local')).toEqual(want);
  });

  it('reports the names tried until one answers', () => {
    expect(resolveDNS(cluster, { name: 'web.default', type: 'A', fromNamespace: 'shop' }).searchedNames).toEqual([
      'web.default.shop.svc.cluster.local.',
      'web.default.svc.cluster.local.',
    ]);
  });

  it('an outside name is tried on every search domain, then absolute; not resolved by svcviz', () => {
    const r = resolveDNS(cluster, { name: 'example.com', type: 'A' });
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.searchedNames).toHaveLength(4);
    expect(r.question.name).toBe('example.com.');
    expect(r.note).toMatch(/outside the cluster domain/);
  });

  it('NODATA on a search candidate does not stop the walk, and is what is reported if nothing answers', () => {
    const r = resolveDNS(cluster, { name: 'web', type: 'AAAA' });
    expect(r.searchedNames).toHaveLength(4);
    expect(r.rcode).toBe('NOERROR');
    expect(r.question.name).toBe('web.default.svc.cluster.local.');
    expect(r.authority?.[0]?.type).toBe('SOA');
  });
});

describe('formatDig', () => {
  it('prints like dig', () => {
    const text = formatDig(resolveDNS(cluster, { name: 'kube-dns.kube-system.svc.cluster.local.', type: 'A' }));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d+$/);
    expect(lines[1]).toBe(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0');
    expect(text).toContain(';; QUESTION SECTION:\n;kube-dns.kube-system.svc.cluster.local.\t\tIN\tA\n');
    expect(text).toContain(';; ANSWER SECTION:\nkube-dns.kube-system.svc.cluster.local.\t5\tIN\tA\t10.96.0.10\n');
  });

  it('states NXDOMAIN and shows the SOA', () => {
    const text = formatDig(resolveDNS(cluster, { name: 'missing.default.svc.cluster.local.', type: 'A' }));
    expect(text).toContain('status: NXDOMAIN');
    expect(text).toContain(';; AUTHORITY SECTION:\ncluster.local.\t5\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 5');
  });

  it('mentions the search path and notes as comments', () => {
    const searched = formatDig(resolveDNS(cluster, { name: 'web.default', type: 'A', fromNamespace: 'shop' }));
    expect(searched.split('\n')[0]).toBe(
      '; svcviz: search path tried web.default.shop.svc.cluster.local., web.default.svc.cluster.local.',
    );
    const text = formatDig(resolveDNS(cluster, { name: 'ext', type: 'A' }));
    expect(text.split('\n')[0]).toMatch(/^; svcviz: example\.com\. is outside the cluster/);
    expect(text).toContain('ext.default.svc.cluster.local.\t5\tIN\tCNAME\texample.com.');
  });

  it('is reproducible', () => {
    const q = { name: 'db', type: 'SRV' as const };
    expect(formatDig(resolveDNS(cluster, q))).toBe(formatDig(resolveDNS(cluster, q)));
  });
});
