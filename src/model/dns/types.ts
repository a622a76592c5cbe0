// Shapes of cluster DNS questions and answers (what `dig` shows).

export type DnsQueryType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT';

export interface DnsQuery {
  /** As a program in a pod would pass it to the resolver: relative (`web`,
   *  `web.shop`) or absolute with a trailing dot. */
  name: string;
  type: DnsQueryType;
  /** Namespace of the asking pod: picks the first search domain. Default `default`. */
  fromNamespace?: string;
}

export interface DnsRecord {
  /** owner name, fully qualified with trailing dot */
  name: string;
  ttl: number;
  class: 'IN';
  type: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT' | 'SOA' | string;
  /** RDATA in presentation format, e.g. `10.96.0.10`, `0 100 80 web.default.svc.cluster.local.`, `"1.1.0"` */
  data: string;
}

export interface DnsResponse {
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** the question of the final (answering) lookup: fully qualified name */
  question: { name: string; type: DnsQueryType };
  answer: DnsRecord[];
  /** every fully qualified name the resolver tried, in order (search path, then or first the name as given) */
  searchedNames: string[];
  /** SRV targets' addresses, as CoreDNS adds them */
  additional?: DnsRecord[];
  /** the zone SOA on NXDOMAIN / NODATA answers */
  authority?: DnsRecord[];
  /** Something svcviz does not model here (e.g. names outside the cluster domain are not resolved). */
  note?: string;
}
