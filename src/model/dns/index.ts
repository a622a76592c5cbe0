// Cluster DNS as CoreDNS's `kubernetes` plugin answers it (kubernetes/dns
// specification v1.0.1 / schema 1.1.0), with the pod resolver's search path.

export { resolveDNS } from './resolve';
export { formatDig } from './dig';
export { lookup, DEFAULT_TTL, DNS_SCHEMA_VERSION, DNS_VERSION_TTL, OUTSIDE_NOTE, type LookupResult } from './lookup';
export { createDnsIndex, serviceName, type DnsIndex } from './backend';
export { candidateNames, searchDomains, NDOTS, parseRequest, addressFromReverse, dashedIP } from './names';
export type { DnsQuery, DnsQueryType, DnsRecord, DnsResponse } from './types';
