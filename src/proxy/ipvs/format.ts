// Text of an IPVS-mode node: `ipvsadm -Ln` (ipvsadm's own layout and sort
// order), then `ipset list`, then the iptables-restore payload kube-proxy
// writes, then the kube-ipvs0 addresses. Sections after the first start with
// a `# <cmd>` line naming the command that prints them. The layout also records the line of
// every virtual server, real server, set member and rule, for RuleRefs.

import { formatIptables, type IptRule } from './iptables-lite';
import { formatIpsetList } from './ipset';
import type { IpvsData, IpvsRealServer, IpvsVirtualServer } from './types';

export interface IpvsLayout {
  text: string;
  vsLine: Map<IpvsVirtualServer, number>;
  rsLine: Map<IpvsRealServer, number>;
  ruleLine: Map<IptRule, number>;
  /** "SETNAME member" (or "SETNAME") -> line */
  setLine: Map<string, number>;
}

/** print_service_entry: `TCP  10.96.0.10:53 rr [flags] [persistent N]`. */
export function virtualServerLine(vs: IpvsVirtualServer): string {
  const flags = vs.schedulerFlags.length > 0 ? ` (${vs.schedulerFlags.join(',')})` : '';
  const persistent = vs.persistentTimeout > 0 ? ` persistent ${vs.persistentTimeout}` : '';
  return `${vs.protocol}  ${vs.address} ${vs.scheduler}${flags}${persistent}`;
}

/** `  -> %-28s %-7s %-6d %-10u %-10u` (trailing padding trimmed). */
export function realServerLine(rs: IpvsRealServer, activeConn = 0, inActConn = 0): string {
  return `  -> ${rs.address.padEnd(28)} ${rs.forward.padEnd(7)} ${String(rs.weight).padEnd(6)} ${String(activeConn).padEnd(10)} ${inActConn}`;
}

export const IPVSADM_HEADER = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
];

const layouts = new WeakMap<IpvsData, IpvsLayout>();

export function layoutIpvs(data: IpvsData): IpvsLayout {
  const cached = layouts.get(data);
  if (cached) return cached;
  const lines: string[] = [];
  const vsLine = new Map<IpvsVirtualServer, number>();
  const rsLine = new Map<IpvsRealServer, number>();
  const ruleLine = new Map<IptRule, number>();
  const setLine = new Map<string, number>();

  // The text starts exactly as `ipvsadm -Ln` prints; later sections are introduced by `# <command>`.
  lines.push(...IPVSADM_HEADER);
  for (const vs of data.virtualServers) {
    vsLine.set(vs, lines.length);
    lines.push(virtualServerLine(vs));
    for (const rs of vs.realServers) {
      rsLine.set(rs, lines.length);
      lines.push(realServerLine(rs));
    }
  }

  lines.push('', '# ipset list');
  const refs = (name: string): number => data.iptables.rules.filter((r) => r.text.includes(`--match-set ${name} `)).length;
  const sets = formatIpsetList(data.ipsets, data.family, refs);
  const setBase = lines.length;
  for (const [k, v] of sets.lineOf) setLine.set(k, v + setBase);
  lines.push(...sets.lines);

  lines.push('', '# iptables-restore input (kube-proxy --proxy-mode=ipvs)');
  const ipt = formatIptables(data.iptables);
  const iptBase = lines.length;
  for (const [r, v] of ipt.lineOf) ruleLine.set(r, v + iptBase);
  lines.push(...ipt.text.split('\n'));

  // The addresses lines of `ip addr show dev kube-ipvs0`.
  lines.push('', '# ip addr show dev kube-ipvs0 (addresses)');
  const prefix = data.family === 'IPv6' ? 128 : 32;
  for (const ip of data.dummyAddresses) {
    lines.push(`    ${data.family === 'IPv6' ? 'inet6' : 'inet'} ${ip}/${prefix} scope global kube-ipvs0`);
  }

  const layout = { text: lines.join('\n'), vsLine, rsLine, ruleLine, setLine };
  layouts.set(data, layout);
  return layout;
}

export function formatIpvs(data: IpvsData): string {
  return layoutIpvs(data).text;
}
