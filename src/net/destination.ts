// Where a traced packet goes: `IP:PORT`, `NODE:NODEPORT` (the node's
// InternalIP) or a DNS name resolved as the source pod's resolver would
// (search path from its namespace) by the cluster DNS. An ExternalName
// Service only yields a CNAME (nothing is proxied); a headless Service yields
// the ready endpoint IPs themselves, one of which the client connects to
// directly (no virtual IP, no DNAT).

import type { Cluster } from '../model/cluster';
import type { IPFamily, Protocol, Service } from '../model/types';
import { type ClusterIndex, nodeIPOf, serviceKey } from './cluster-index';
import { lookupName, type NameAnswer } from './dns-lookup';
import { isIP, splitHostPort } from './ip';
import { TraceError } from './types';

export interface TraceDestination {
  host: string;
  /** destination IPs with their probability (several for a headless Service) */
  ips: { ip: string; probability: number }[];
  port: number;
  description: string;
  /** present when `to` was a DNS name */
  dns?: NameAnswer;
  /** ExternalName Service: CNAME target, nothing is proxied */
  externalName?: string;
  /** the name does not exist */
  nxdomain?: boolean;
}

/**
 * `family`: the address family the client asks for (IPv6: AAAA records and
 * a node's IPv6 address for NODE:NODEPORT); undefined: IPv4 / the primary.
 */
export function resolveDestination(cluster: Cluster, idx: ClusterIndex, to: string, protocol: Protocol, fromNamespace: string, family?: IPFamily): TraceDestination {
  const { host, port: portText } = splitHostPort(to.trim());
  if (!host) throw new TraceError(`--to must be a DNS name, IP:PORT or NODE:NODEPORT, got "${to}"`);

  if (isIP(host)) {
    const port = numericPort(portText, to);
    return { host, ips: [{ ip: host, probability: 1 }], port, description: describeIP(idx, host) };
  }
  const node = idx.nodeByName.get(host);
  if (node && portText !== undefined) {
    const port = numericPort(portText, to);
    const nodeIP = nodeIPOf(node, family);
    if (!nodeIP) throw new TraceError(`node "${host}" has no InternalIP`);
    return { host, ips: [{ ip: nodeIP, probability: 1 }], port, description: `node ${host} (${nodeIP})` };
  }

  const answer = lookupName(cluster, host, fromNamespace, family === 'IPv6' ? 'AAAA' : 'A');
  const svc = answer.service ? idx.serviceByName.get(answer.service) : undefined;
  if (answer.nxdomain) {
    return { host, ips: [], port: 0, description: `${answer.fqdn}: NXDOMAIN`, dns: answer, nxdomain: true };
  }
  if (answer.cname !== undefined) {
    return { host, ips: [], port: portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : 0,
      description: `ExternalName Service ${answer.service ?? answer.fqdn} -> CNAME ${answer.cname}`, dns: answer, externalName: answer.cname };
  }
  if (answer.ips.length === 0) throw new TraceError(`${answer.fqdn} has no ${answer.type} records`);

  const headless = svc !== undefined && (svc.spec.clusterIP === 'None' || svc.spec.clusterIPs?.[0] === 'None');
  const port = headless ? headlessPort(idx, svc, portText, protocol, to) : servicePort(svc, portText, protocol, to);
  const share = 1 / answer.ips.length;
  const description = svc
    ? `${headless ? 'headless ' : ''}Service ${serviceKey(svc)} (${answer.fqdn} -> ${answer.ips.join(', ')})`
    : `${answer.fqdn} -> ${answer.ips.join(', ')}`;
  return { host, ips: answer.ips.map((ip) => ({ ip, probability: share })), port, description, dns: answer };
}

function numericPort(text: string | undefined, to: string): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new TraceError(`--to "${to}" needs a port number (1-65535)`);
  }
  return Number(text);
}

/** `name:80`, `name:http` (a Service port name), or nothing: the first port of the protocol. */
function servicePort(svc: Service | undefined, text: string | undefined, protocol: Protocol, to: string): number {
  if (text !== undefined && /^\d+$/.test(text)) return numericPort(text, to);
  const ports = svc?.spec.ports ?? [];
  const match = text !== undefined
    ? ports.find((p) => p.name === text)
    : ports.find((p) => (p.protocol ?? 'TCP') === protocol) ?? ports[0];
  if (!match) throw new TraceError(text !== undefined ? `Service has no port named "${text}"` : `--to "${to}" needs a port`);
  return match.port;
}

/** Headless: the client talks to the pod directly, so a named port is the EndpointSlice's resolved port. */
function headlessPort(idx: ClusterIndex, svc: Service, text: string | undefined, protocol: Protocol, to: string): number {
  if (text !== undefined && /^\d+$/.test(text)) return numericPort(text, to);
  const ports = (idx.slicesByService.get(serviceKey(svc)) ?? []).flatMap((s) => s.ports ?? []);
  const match = text !== undefined
    ? ports.find((p) => (p.name ?? '') === text)
    : ports.find((p) => (p.protocol ?? 'TCP') === protocol) ?? ports[0];
  if (match?.port !== undefined) return match.port;
  const specPort = (svc.spec.ports ?? []).find((p) => (text !== undefined ? p.name === text : (p.protocol ?? 'TCP') === protocol));
  if (specPort) return typeof specPort.targetPort === 'number' ? specPort.targetPort : specPort.port;
  throw new TraceError(`--to "${to}" needs a port`);
}

function describeIP(idx: ClusterIndex, ip: string): string {
  const svcs = idx.serviceByVIP.get(ip);
  if (svcs && svcs.length > 0) return `${svcs.map((s) => `Service ${serviceKey(s)}`).join(', ')} (${ip})`;
  const pod = idx.podByIP.get(ip);
  if (pod) return `pod ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''} (${ip})`;
  const node = idx.nodeByIP.get(ip);
  if (node) return `node ${node.name} (${ip})`;
  return ip;
}
