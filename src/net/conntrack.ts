// Connection tracking as data. The first packet of a connection creates an
// entry holding the original tuple and the tuple replies will carry; NAT
// decisions made by kube-proxy's rules (DNAT in nat PREROUTING/OUTPUT,
// MASQUERADE in nat POSTROUTING) are stored in it, and every later packet of
// the connection is translated from the entry without traversing the nat
// table again. That is why kube-proxy's random choice is made once per
// connection, not per packet.

import type { Protocol } from '../model/types';

export interface ConntrackTuple {
  protocol: Protocol;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
}

export interface ConntrackEntry {
  /** node whose netfilter holds the entry */
  node: string;
  original: ConntrackTuple;
  /** what replies look like on the wire before un-NAT */
  reply: ConntrackTuple;
  /** destination NAT applied (`ip:port`), if any */
  dnat?: string;
  /** source NAT applied (the masquerade address), if any */
  snat?: string;
}

/**
 * The entry the first packet creates. The reply tuple swaps the translated
 * addresses: replies come from the real endpoint and go to the (possibly
 * masqueraded) source, which is how conntrack recognises and reverses them.
 */
export function createConntrackEntry(
  node: string,
  original: ConntrackTuple,
  nat: { dnatIP?: string; dnatPort?: number; snatIP?: string },
): ConntrackEntry {
  const dst = nat.dnatIP ?? original.dst;
  const dstPort = nat.dnatPort ?? original.dstPort;
  const entry: ConntrackEntry = {
    node,
    original: { ...original },
    reply: {
      protocol: original.protocol,
      src: dst,
      srcPort: dstPort,
      dst: nat.snatIP ?? original.src,
      dstPort: original.srcPort,
    },
  };
  if (nat.dnatIP !== undefined) entry.dnat = joinEndpoint(dst, dstPort);
  if (nat.snatIP !== undefined) entry.snat = nat.snatIP;
  return entry;
}

/** `conntrack -L` style line: `tcp src=… dst=… sport=… dport=… src=… dst=… sport=… dport=…`. */
export function formatConntrackEntry(e: ConntrackEntry): string {
  const t = (x: ConntrackTuple): string => `src=${x.src} dst=${x.dst} sport=${x.srcPort} dport=${x.dstPort}`;
  const flags = [e.dnat ? '[DNAT]' : '', e.snat ? '[SNAT]' : ''].filter(Boolean).join(' ');
  return `${e.original.protocol.toLowerCase()} ${t(e.original)} ${t(e.reply)}${flags ? ` ${flags}` : ''}`;
}

function joinEndpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
