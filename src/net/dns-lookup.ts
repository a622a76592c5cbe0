// A name looked up the way a pod's resolver does (ClusterFirst: search path
// `<ns>.svc.<domain> svc.<domain> <domain>`, ndots:5), answered by the
// cluster DNS model (src/model/dns). The tracer only needs the records and
// which Service the name belongs to.

import type { Cluster } from '../model/cluster';
import { formatDig, resolveDNS } from '../model/dns';

export interface NameAnswer {
  /** the fully qualified name that answered (or the last one tried) */
  fqdn: string;
  /** A (or, when asked, AAAA) records */
  ips: string[];
  /** the record type asked for */
  type: 'A' | 'AAAA';
  /** CNAME target (ExternalName) */
  cname?: string;
  nxdomain: boolean;
  /** `ns/name` of the Service the name belongs to, if any */
  service?: string;
  /** the answer as dig prints it */
  text: string;
}

/** `svc.ns.svc.<domain>.` (or `host.svc.ns.svc.<domain>.`) -> `ns/svc` */
export function serviceOfName(fqdn: string, domain: string): string | undefined {
  const suffix = `.svc.${domain}.`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length === 2) return `${parts[1]}/${parts[0]}`;
  if (parts.length === 3) return `${parts[2]}/${parts[1]}`;
  return undefined;
}

/** `type`: AAAA when the client resolves for IPv6 (an IPv6 source or an explicit family). */
export function lookupName(cluster: Cluster, name: string, fromNamespace: string, type: 'A' | 'AAAA' = 'A'): NameAnswer {
  const domain = (cluster.config.clusterDomain || 'cluster.local').replace(/\.$/, '');
  const resp = resolveDNS(cluster, { name, type, fromNamespace });
  const fqdn = resp.question.name;
  const cname = resp.answer.find((r) => r.type === 'CNAME');
  const service = serviceOfName(fqdn, domain);
  const ans: NameAnswer = {
    fqdn,
    ips: resp.answer.filter((r) => r.type === type).map((r) => r.data),
    type,
    nxdomain: resp.rcode === 'NXDOMAIN',
    text: formatDig(resp).trim().split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.replace(/\s+/g, ' ')).join('; ') || `${fqdn} ${resp.rcode}`,
    ...(service ? { service } : {}),
  };
  if (cname) ans.cname = cname.data.replace(/\.$/, '');
  return ans;
}
