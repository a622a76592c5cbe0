// One CoreDNS lookup of one fully qualified name (plugin/backend_lookup.go
// A/AAAA/SRV/CNAME/TXT/PTR plus the kubernetes plugin's handler): backend
// entries become records of the asked type; a name the plugin does not know
// is NXDOMAIN, a known name without records of that type is NODATA (NOERROR,
// empty answer); both carry the zone's SOA in the authority section.
//
// Deviations: CoreDNS's default Corefile also has `loadbalance`, which
// shuffles A/AAAA records on every answer; svcviz keeps slice order so
// answers are reproducible. Names outside the cluster domain are forwarded
// upstream by CoreDNS; svcviz does not resolve them (NXDOMAIN with a note).
// The SOA serial (CoreDNS: time of the last API change) is fixed at 1.

import type { DnsQueryType, DnsRecord } from './types';
import { records, reverseRecords, serviceName, type BackendEntry, type DnsIndex } from './backend';
import { addressFromReverse, isReverseName, parseRequest, trimZone } from './names';

/** CoreDNS `ttl` default. */
export const DEFAULT_TTL = 5;
/** TTL of the `dns-version` TXT record (hard-coded in the plugin). */
export const DNS_VERSION_TTL = 28800;
/** The Kubernetes DNS specification version the plugin implements. */
export const DNS_SCHEMA_VERSION = '1.1.0';
const MAX_CNAME_CHAIN = 7;

export const OUTSIDE_NOTE =
  'svcviz does not resolve names outside the cluster domain; CoreDNS would forward this query to the upstream resolver.';

export interface LookupResult {
  rcode: 'NOERROR' | 'NXDOMAIN';
  answer: DnsRecord[];
  additional: DnsRecord[];
  authority: DnsRecord[];
  note?: string;
}

const rr = (name: string, type: string, data: string, ttl = DEFAULT_TTL): DnsRecord => ({ name, ttl, class: 'IN', type, data });

function soa(zone: string): DnsRecord {
  return rr(`${zone}.`, 'SOA', `ns.dns.${zone}. hostmaster.${zone}. 1 7200 1800 86400 ${DEFAULT_TTL}`, Math.min(300, DEFAULT_TTL));
}

function hostType(host: string): 'A' | 'AAAA' | 'CNAME' {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return 'A';
  if (host.includes(':')) return 'AAAA';
  return 'CNAME';
}

const fqdn = (n: string) => (n.endsWith('.') ? n : `${n}.`).toLowerCase();

export function lookup(index: DnsIndex, name: string, type: DnsQueryType): LookupResult {
  const res: LookupResult = { rcode: 'NOERROR', answer: [], additional: [], authority: [] };
  const nxdomain = (note?: string, withSoa = true): LookupResult => ({
    rcode: 'NXDOMAIN',
    answer: [],
    additional: [],
    authority: withSoa ? [soa(index.zone)] : [],
    ...(note ? { note } : {}),
  });

  if (isReverseName(name)) {
    if (type !== 'PTR') return nxdomain(undefined, false);
    const ip = addressFromReverse(name);
    const hosts = ip ? reverseRecords(index, ip) : [];
    if (hosts.length === 0) {
      return nxdomain('No Service or ready endpoint has this address; CoreDNS falls through to the upstream resolver.', false);
    }
    res.answer = hosts.map((h) => rr(name, 'PTR', h));
    return res;
  }

  const base = trimZone(name, index.zone);
  if (base === null) return nxdomain(OUTSIDE_NOTE, false);

  let out: { records: DnsRecord[]; extra: DnsRecord[]; note?: string } | 'NXDOMAIN';
  switch (type) {
    case 'TXT':
      if (base === 'dns-version') {
        out = { records: [rr(name, 'TXT', `"${DNS_SCHEMA_VERSION}"`, DNS_VERSION_TTL)], extra: [] };
      } else {
        const b = records(index, parseRequest(base));
        out = 'nameError' in b || b.entries.length === 0 ? 'NXDOMAIN' : { records: [], extra: [] };
      }
      break;
    case 'A':
    case 'AAAA':
      out = base === 'ns.dns' ? nsAddress(index, name, type) : address(index, name, base, type, 0);
      break;
    case 'SRV':
      out = srv(index, name, base);
      break;
    case 'CNAME': {
      const b = records(index, parseRequest(base));
      if ('nameError' in b) out = 'NXDOMAIN';
      else {
        const first = b.entries[0];
        out = { records: first && hostType(first.host) === 'CNAME' ? [rr(name, 'CNAME', fqdn(first.host))] : [], extra: [] };
      }
      break;
    }
    case 'PTR': {
      // A PTR question for a forward name: the plugin only knows whether the name exists.
      const b = records(index, parseRequest(base));
      out = 'nameError' in b ? 'NXDOMAIN' : { records: [], extra: [] };
      break;
    }
  }
  if (out === 'NXDOMAIN') return nxdomain();
  res.answer = out.records;
  res.additional = out.extra;
  if (out.note) res.note = out.note;
  if (res.answer.length === 0) res.authority = [soa(index.zone)];
  return res;
}

/** `ns.dns.<zone>` A/AAAA: the address of the cluster DNS Service itself (kube-system/kube-dns). */
function nsAddress(index: DnsIndex, name: string, type: 'A' | 'AAAA'): { records: DnsRecord[]; extra: DnsRecord[] } {
  const svc = index.services.get('kube-system/kube-dns');
  const ips = (svc?.spec.clusterIPs ?? (svc?.spec.clusterIP ? [svc.spec.clusterIP] : [])).filter((ip) => hostType(ip) === type);
  return { records: ips.slice(0, 1).map((ip) => rr(name, type, ip)), extra: [] };
}

/** plugin.A / plugin.AAAA, following in-zone CNAMEs (ExternalName pointing into the cluster). */
function address(
  index: DnsIndex,
  name: string,
  base: string,
  type: 'A' | 'AAAA',
  depth: number,
): { records: DnsRecord[]; extra: DnsRecord[]; note?: string } | 'NXDOMAIN' {
  const b = records(index, parseRequest(base));
  if ('nameError' in b) return 'NXDOMAIN';
  const out: DnsRecord[] = [];
  let note: string | undefined;
  const seen = new Set<string>();
  for (const e of b.entries) {
    const what = hostType(e.host);
    if (what === 'CNAME') {
      const target = fqdn(e.host);
      if (target === name || depth > MAX_CNAME_CHAIN) continue; // direct loop / chain too long
      const cname = rr(name, 'CNAME', target);
      const inner = trimZone(target, index.zone);
      if (inner !== null) {
        const next = address(index, target, inner, type, depth + 1);
        if (next !== 'NXDOMAIN' && next.records.length > 0) out.push(cname, ...next.records);
        continue;
      }
      out.push(cname);
      note = `${target} is outside the cluster: ${OUTSIDE_NOTE}`;
      continue;
    }
    if (what !== type || seen.has(e.host)) continue;
    seen.add(e.host);
    out.push(rr(name, type, e.host));
  }
  return { records: out, extra: [], ...(note ? { note } : {}) };
}

/**
 * plugin.SRV: priority 0; weight = floor(100 / number of backend entries)
 * (at least 1); one record per distinct (target, port); the target's
 * address goes into the additional section. Entries with port -1 (slices
 * without ports) give no record.
 */
function srv(index: DnsIndex, name: string, base: string): { records: DnsRecord[]; extra: DnsRecord[]; note?: string } | 'NXDOMAIN' {
  const b = records(index, parseRequest(base));
  if ('nameError' in b) return 'NXDOMAIN';
  const entries: BackendEntry[] = b.entries;
  const weight = Math.max(1, Math.floor(100 / Math.max(1, entries.length)));
  const out: DnsRecord[] = [];
  const extra: DnsRecord[] = [];
  const dup = new Set<string>();
  let note: string | undefined;
  for (const e of entries) {
    if (e.port === -1) continue;
    const what = hostType(e.host);
    if (what === 'CNAME') {
      const target = fqdn(e.host);
      out.push(rr(name, 'SRV', `0 ${weight} ${e.port} ${target}`));
      if (dup.has(`lookup/${target}`)) continue;
      dup.add(`lookup/${target}`);
      const inner = trimZone(target, index.zone);
      if (inner === null) {
        note = `${target} is outside the cluster: ${OUTSIDE_NOTE}`;
        continue;
      }
      const addr = address(index, target, inner, 'A', 0);
      if (addr !== 'NXDOMAIN') extra.push(...addr.records);
      continue;
    }
    if (!dup.has(`srv/${e.target}/${e.port}`)) {
      dup.add(`srv/${e.target}/${e.port}`);
      out.push(rr(name, 'SRV', `0 ${weight} ${e.port} ${e.target}`));
    }
    if (!dup.has(`addr/${e.target}/${e.host}`)) {
      dup.add(`addr/${e.target}/${e.host}`);
      extra.push(rr(e.target, what, e.host));
    }
  }
  return { records: out, extra, ...(note ? { note } : {}) };
}

export { serviceName };
