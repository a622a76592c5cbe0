// Small IP helpers for the packet path: the tracer needs to know which
// subnet an address belongs to (pod CIDRs, LB source ranges) and how
// Kubernetes prints an endpoint (`ip:port`, `[ip]:port` for IPv6, as Go's
// net.JoinHostPort does). Parsing is proxy/common/ip's (Go net semantics),
// so the tracer and kube-proxy agree on every address of either family.

import type { IPFamily } from '../model/types';
import { cidrContains as ipContains, formatIPv6, ipFamilyOf, parseCIDR } from '../proxy/common/ip';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(ip: string): boolean {
  return IPV4.test(ip);
}

export function isIPv6(ip: string): boolean {
  // at least two colons: `10.0.0.1:80` is a host:port, not an address
  return (ip.match(/:/g)?.length ?? 0) >= 2 && /^[0-9A-Fa-f:.]+$/.test(ip);
}

export function isIP(ip: string): boolean {
  return isIPv4(ip) || isIPv6(ip);
}

/** IPv4 address as an unsigned 32-bit number. */
export function ipv4ToNumber(ip: string): number {
  const p = ip.split('.');
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

export function numberToIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * Whether an address lies inside a CIDR of its own family (`10.244.0.0/16`,
 * `fd00:10:244::/56`); a range of the other family never matches.
 */
export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCIDR(cidr.trim().includes('/') ? cidr.trim() : `${cidr.trim()}/${cidr.includes(':') ? 128 : 32}`);
  return c !== null && ipFamilyOf(ip) === c.family && ipContains(c, ip);
}

/** IPv4 or IPv6 address family of an address or CIDR, undefined for anything else. */
export function familyOf(ipOrCIDR: string): IPFamily | undefined {
  const text = ipOrCIDR.trim();
  if (text.includes('/')) return parseCIDR(text)?.family;
  return ipFamilyOf(text) ?? undefined;
}

/**
 * First host address of a subnet: the bridge/gateway address CNI plugins
 * (bridge, flannel's cni0) give the node side of a node's pod CIDR,
 * e.g. 10.244.1.0/24 -> 10.244.1.1, fd00:10:244:1::/64 -> fd00:10:244:1::1.
 */
export function firstHostIP(cidr: string): string | undefined {
  const c = parseCIDR(cidr.trim());
  if (!c) return undefined;
  if (c.family === 'IPv4') return numberToIPv4(((c.v4 ?? 0) + 1) >>> 0);
  const g = [...(c.v6 ?? [])];
  for (let i = 7; i >= 0; i--) {
    g[i] = ((g[i] ?? 0) + 1) & 0xffff;
    if (g[i] !== 0) break;
  }
  return formatIPv6(g);
}

/** `ip:port`, or `[ip]:port` for IPv6 (Go net.JoinHostPort). */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Splits `host:port` / `[v6]:port`; the port is undefined when absent or not a number. */
export function splitHostPort(text: string): { host: string; port?: string } {
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracket) return { host: bracket[1]!, port: bracket[2] };
  if (isIPv6(text)) return { host: text };
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text };
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}
