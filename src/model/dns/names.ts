// Name handling for cluster DNS: the pod resolver's search path and the
// CoreDNS `kubernetes` plugin's reading of a query name
// (plugin/kubernetes/parse.go parseRequest, dnsutil.ExtractAddressFromReverse).

import { formatIPv6 } from '../endpointslice/ip';

/** resolv.conf of a pod with dnsPolicy ClusterFirst (kubelet): `search <ns>.svc.<zone> svc.<zone> <zone>`, `options ndots:5`. */
export const NDOTS = 5;

export function searchDomains(namespace: string, zone: string): string[] {
  return [`${namespace}.svc.${zone}`, `svc.${zone}`, zone];
}

/**
 * The fully qualified names the stub resolver tries, in order (glibc
 * res_search): a name ending in a dot is absolute and tried alone; a name
 * with fewer than ndots dots is tried with each search domain first and then
 * as is; otherwise as is first, then with each search domain.
 */
export function candidateNames(name: string, namespace: string, zone: string): string[] {
  const trimmed = name.trim().toLowerCase();
  if (trimmed.endsWith('.')) return [trimmed];
  const dots = (trimmed.match(/\./g) ?? []).length;
  const searched = searchDomains(namespace, zone).map((d) => `${trimmed}.${d}.`);
  return dots < NDOTS ? [...searched, `${trimmed}.`] : [`${trimmed}.`, ...searched];
}

/** What a name inside the cluster zone asks for (parseRequest). */
export interface RecordRequest {
  /** `svc` or `pod`, '' for the zone apex and bare `svc.`/`pod.` names */
  podOrSvc: '' | 'svc' | 'pod';
  namespace: string;
  service: string;
  endpoint: string;
  /** SRV service label without underscore (`http` from `_http`) */
  port: string;
  /** SRV protocol label without underscore (`tcp` from `_tcp`) */
  protocol: string;
}

const strip = (s: string) => (s.startsWith('_') ? s.slice(1) : s);

/**
 * Splits `[_port._proto.|endpoint.]service.namespace.svc|pod` (the name
 * with the zone removed). Returns null for names the plugin rejects as
 * invalid (answered NXDOMAIN).
 */
export function parseRequest(base: string): RecordRequest | null {
  const r: RecordRequest = { podOrSvc: '', namespace: '', service: '', endpoint: '', port: '', protocol: '' };
  if (base === '' || base === 'svc' || base === 'pod') return r;
  const segs = base.split('.');
  let last = segs.length - 1;
  const kind = segs[last]!;
  if (kind !== 'svc' && kind !== 'pod') return null;
  r.podOrSvc = kind;
  if (--last < 0) return r;
  r.namespace = segs[last]!;
  if (--last < 0) return r;
  r.service = segs[last]!;
  if (--last < 0) return r;
  if (last === 0) {
    r.endpoint = segs[0]!;
  } else if (last === 1) {
    r.protocol = strip(segs[1]!);
    r.port = strip(segs[0]!);
  } else {
    return null; // too long
  }
  return r;
}

/** `name.` minus `.zone.` ('' for the apex), or null when the name is outside the zone. */
export function trimZone(fqdn: string, zone: string): string | null {
  const z = `${zone}.`;
  if (fqdn === z) return '';
  if (fqdn.endsWith(`.${z}`)) return fqdn.slice(0, -(z.length + 1));
  return null;
}

/** The IP a reverse name stands for (`4.3.2.1.in-addr.arpa.` -> `1.2.3.4`), or '' when not a complete reverse name. */
export function addressFromReverse(fqdn: string): string {
  if (fqdn.endsWith('.in-addr.arpa.')) {
    const labels = fqdn.slice(0, -'.in-addr.arpa.'.length).split('.');
    if (labels.length !== 4 || !labels.every((l) => /^[0-9]{1,3}$/.test(l) && Number(l) <= 255)) return '';
    return labels.reverse().map(Number).join('.');
  }
  if (fqdn.endsWith('.ip6.arpa.')) {
    const nibbles = fqdn.slice(0, -'.ip6.arpa.'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return '';
    const hex = nibbles.reverse().join('');
    const groups: number[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16));
    return formatIPv6(groups);
  }
  return '';
}

export function isReverseName(fqdn: string): boolean {
  return fqdn.endsWith('.in-addr.arpa.') || fqdn.endsWith('.ip6.arpa.') || fqdn === 'in-addr.arpa.' || fqdn === 'ip6.arpa.';
}

/** The name CoreDNS gives an endpoint without hostname: its IP with `.`/`:` replaced by `-`. */
export function dashedIP(ip: string): string {
  return ip.includes('.') ? ip.replace(/\./g, '-') : ip.replace(/:/g, '-');
}
