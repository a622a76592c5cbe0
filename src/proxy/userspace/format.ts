// Text of a userspace-mode node: a header marking the mode historical, the
// proxy sockets kube-proxy holds open (with each LoadBalancerRR endpoint
// list), and the iptables portal rules as the proxier added them.

import { formatIptables, type IptRule } from '../ipvs/iptables-lite';
import type { UserspaceData, UserspaceProxySocket } from './types';

export interface UserspaceLayout {
  text: string;
  socketLine: Map<UserspaceProxySocket, number>;
  ruleLine: Map<IptRule, number>;
}

/** `TCP 0.0.0.0:36123 -> ns/svc:port  rr [a, b]  sessionAffinity ClientIP 10800s` */
export function socketLine(s: UserspaceProxySocket, listenIP: string): string {
  const eps = s.endpoints.length > 0 ? s.endpoints.map((e) => e.endpoint).join(', ') : '(no endpoints)';
  const aff = s.sessionAffinityClientIP ? `  sessionAffinity ClientIP ${s.stickyMaxAgeSeconds}s` : '';
  return `${s.protocol} ${listenIP}:${s.proxyPort} -> ${s.spn}  rr [${eps}]${aff}`;
}

const layouts = new WeakMap<UserspaceData, UserspaceLayout>();

export function layoutUserspace(d: UserspaceData): UserspaceLayout {
  const cached = layouts.get(d);
  if (cached) return cached;
  const lines: string[] = [
    `# kube-proxy --proxy-mode=userspace on ${d.nodeName}: HISTORICAL, removed in Kubernetes ${d.historical.removedIn}`,
    '# (as the v1.25 userspace proxier programmed it; current kube-proxy rejects this mode)',
    '',
    '# proxy sockets held by the kube-proxy process (LoadBalancerRR order)',
  ];
  const socketLines = new Map<UserspaceProxySocket, number>();
  for (const s of d.sockets) {
    socketLines.set(s, lines.length);
    lines.push(socketLine(s, d.listenIP));
  }
  lines.push('', '# iptables rules (iptables -t <table> -A …, in the order the proxier added them)');
  const ipt = formatIptables(d.iptables);
  const base = lines.length;
  const ruleLine = new Map<IptRule, number>();
  for (const [r, v] of ipt.lineOf) ruleLine.set(r, v + base);
  lines.push(...ipt.text.split('\n'));
  const layout = { text: lines.join('\n'), socketLine: socketLines, ruleLine };
  layouts.set(d, layout);
  return layout;
}

export function formatUserspace(d: UserspaceData): string {
  return layoutUserspace(d).text;
}
