// Rendering an answer the way `dig` prints it (BIND 9 dig, default output
// without the EDNS pseudo-section), e.g.
//
//   ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4135
//   ;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0
//   ;; WARNING: recursion requested but not available
//
//   ;; QUESTION SECTION:
//   ;web.default.svc.cluster.local.	IN	A
//
//   ;; ANSWER SECTION:
//   web.default.svc.cluster.local.	5	IN	A	10.96.0.10
//
// CoreDNS answers for the cluster zone authoritatively (aa) and does not set
// ra, hence dig's recursion warning. The message id is derived from the
// question so output is reproducible. svcviz's own remarks (search path,
// notes) come first as `;` comment lines, which dig also uses.

import { hashString } from '../rng';
import type { DnsRecord, DnsResponse } from './types';

const line = (r: DnsRecord) => `${r.name}\t${r.ttl}\t${r.class}\t${r.type}\t${r.data}`;

export function formatDig(resp: DnsResponse): string {
  const out: string[] = [];
  const tried = resp.searchedNames.filter((n) => n !== resp.question.name);
  if (tried.length > 0) out.push(`; svcviz: search path tried ${resp.searchedNames.join(', ')}`);
  if (resp.note) out.push(`; svcviz: ${resp.note}`);
  const additional = resp.additional ?? [];
  const authority = resp.authority ?? [];
  const id = hashString(`${resp.question.name}/${resp.question.type}`) & 0xffff;
  out.push(`;; ->>HEADER<<- opcode: QUERY, status: ${resp.rcode}, id: ${id}`);
  out.push(
    `;; flags: qr aa rd; QUERY: 1, ANSWER: ${resp.answer.length}, AUTHORITY: ${authority.length}, ADDITIONAL: ${additional.length}`,
  );
  out.push(';; WARNING: recursion requested but not available');
  out.push('');
  out.push(';; QUESTION SECTION:');
  out.push(`;${resp.question.name}\t\tIN\t${resp.question.type}`);
  const section = (title: string, rs: DnsRecord[]) => {
    if (rs.length === 0) return;
    out.push('', `;; ${title} SECTION:`, ...rs.map(line));
  };
  section('ANSWER', resp.answer);
  section('AUTHORITY', authority);
  section('ADDITIONAL', additional);
  return `${out.join('\n')}\n`;
}
