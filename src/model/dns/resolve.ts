// Resolving a name the way a pod does: the stub resolver walks the search
// path from the pod's resolv.conf (ClusterFirst: `<ns>.svc.<zone>
// svc.<zone> <zone>`, ndots:5) and asks CoreDNS for each candidate.
//
// glibc res_search semantics: a candidate answering NXDOMAIN or NODATA
// (NOERROR without records) does not stop the walk; the first candidate
// with records wins. When none has records, a NODATA answer is reported if
// there was one, else the last NXDOMAIN.

import type { Cluster } from '../cluster';
import { createDnsIndex } from './backend';
import { lookup, type LookupResult } from './lookup';
import { candidateNames } from './names';
import type { DnsQuery, DnsResponse } from './types';

export function resolveDNS(cluster: Cluster, q: DnsQuery): DnsResponse {
  const index = createDnsIndex(cluster);
  const namespace = (q.fromNamespace ?? 'default').toLowerCase();
  const names = candidateNames(q.name, namespace, index.zone);
  const searchedNames: string[] = [];
  let nodata: { name: string; r: LookupResult } | undefined;
  let last: { name: string; r: LookupResult } | undefined;
  for (const name of names) {
    searchedNames.push(name);
    const r = lookup(index, name, q.type);
    last = { name, r };
    if (r.rcode === 'NOERROR' && r.answer.length > 0) return toResponse(name, q, r, searchedNames);
    if (r.rcode === 'NOERROR' && !nodata) nodata = { name, r };
  }
  const pick = nodata ?? last!;
  return toResponse(pick.name, q, pick.r, searchedNames);
}

function toResponse(name: string, q: DnsQuery, r: LookupResult, searchedNames: string[]): DnsResponse {
  const resp: DnsResponse = {
    rcode: r.rcode,
    question: { name, type: q.type },
    answer: r.answer,
    searchedNames,
  };
  if (r.additional.length) resp.additional = r.additional;
  if (r.authority.length) resp.authority = r.authority;
  if (r.note) resp.note = r.note;
  return resp;
}
