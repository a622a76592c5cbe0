// The userspace proxier's portal programming (pkg/proxy/userspace/proxier.go
// openPortal / openNodePort / iptablesInit, v1.2x) as a pure function.
//
// Proxy ports: kube-proxy asked the OS for a port (`--proxy-port-range`
// empty: an ephemeral port, Linux range 32768-60999) or picked randomly in
// the configured range. Here the choice is deterministic: a seeded hash of
// node + ServicePortName + protocol picks a start inside the range and the
// first free port from there is taken, ports handed out in ServicePortName
// order.
//
// Endpoints: the userspace proxier predates traffic policies, topology and
// terminating endpoints: it balances over every ready endpoint of the Service.

import type { Cluster } from '../../model/cluster';
import { createRng, hashString } from '../../model/rng';
import { buildEndpointsMap } from '../common/endpoint';
import { joinHostPort } from '../common/ip';
import { resolveNodeInfo } from '../common/node-info';
import { buildServicePorts, servicePortKey } from '../common/service-port';
import type { IptMatch, IptRule, IptTable, IptablesData } from '../ipvs/iptables-lite';
import { clusterFamily, type ModeProgramOptions } from '../ipvs/program';
import { HISTORICAL, type UserspaceData, type UserspaceEndpoint, type UserspaceProxySocket, type UserspaceRuleset } from './types';

export const PORTALS_CONTAINER = 'KUBE-PORTALS-CONTAINER';
export const PORTALS_HOST = 'KUBE-PORTALS-HOST';
export const NODEPORT_CONTAINER = 'KUBE-NODEPORT-CONTAINER';
export const NODEPORT_HOST = 'KUBE-NODEPORT-HOST';
export const NODEPORT_NON_LOCAL = 'KUBE-NODEPORT-NON-LOCAL';

/** `--proxy-port-range` "min-max" or "min+size"; empty = the kernel's ephemeral range. */
export function parsePortRange(text: string | undefined): { base: number; size: number } {
  const m = /^\s*(\d+)\s*([-+])\s*(\d+)\s*$/.exec(text ?? '');
  if (!m) return { base: 32768, size: 60999 - 32768 + 1 };
  const base = Number(m[1]);
  const size = m[2] === '+' ? Number(m[3]) : Number(m[3]) - base + 1;
  return size > 0 ? { base, size } : { base: 32768, size: 60999 - 32768 + 1 };
}

/** LoadBalancerRR.OnEndpointsUpdate: a new endpoint set is shuffled (rand.Shuffle, seeded here). */
export function shuffleEndpoints(endpoints: UserspaceEndpoint[], seed: number): UserspaceEndpoint[] {
  const out = [...endpoints];
  const rng = createRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function programUserspace(cluster: Cluster, options: ModeProgramOptions): UserspaceRuleset {
  const family = clusterFamily(cluster, options);
  const node = resolveNodeInfo(cluster, options.nodeName, family);
  const range = parsePortRange(cluster.proxyConfig.portRange);
  const used = new Set<number>();
  const endpointsMap = buildEndpointsMap(cluster, options.nodeName, family);
  const sockets: UserspaceProxySocket[] = [];

  for (const sp of buildServicePorts(cluster, family)) {
    let offset = hashString(`${options.nodeName}/${sp.spn}/${sp.protocol}`) % range.size;
    while (used.has(range.base + offset) && used.size < range.size) offset = (offset + 1) % range.size;
    const proxyPort = range.base + offset;
    used.add(proxyPort);
    // Legacy Endpoints carry only ready addresses; a set is identified by its sorted members.
    const ready: UserspaceEndpoint[] = (endpointsMap.get(servicePortKey(sp.spn, sp.protocol)) ?? [])
      .filter((e) => e.ready)
      .map((e) => ({
        ip: e.ip,
        port: e.port,
        endpoint: e.endpoint,
        ...(e.nodeName ? { nodeName: e.nodeName } : {}),
        ...(e.podName ? { podName: e.podName } : {}),
        ...(e.podNamespace ? { podNamespace: e.podNamespace } : {}),
      }));
    const endpointsKey = ready.map((e) => e.endpoint).join(',');
    sockets.push({
      spn: sp.spn,
      protocol: sp.protocol,
      proxyPort,
      endpoints: shuffleEndpoints(ready, hashString(`${sp.spn}/${sp.protocol}|${endpointsKey}`)),
      endpointsKey,
      sessionAffinityClientIP: sp.sessionAffinityClientIP,
      stickyMaxAgeSeconds: sp.stickyMaxAgeSeconds,
      clusterIP: sp.clusterIP,
      port: sp.port,
      nodePort: sp.nodePort,
      externalIPs: sp.externalIPs,
      loadBalancerIPs: sp.loadBalancerVIPs,
    });
  }

  const data: UserspaceData = {
    nodeName: options.nodeName,
    hostIP: node.primaryIP,
    listenIP: '0.0.0.0',
    podCIDR: node.podCIDR,
    localIPs: [...node.ips, family === 'IPv6' ? '::1' : '127.0.0.1'],
    sockets,
    iptables: buildPortalRules(sockets, node.primaryIP),
    historical: HISTORICAL,
  };
  return { mode: 'userspace', nodeName: options.nodeName, data, historical: HISTORICAL };
}

/**
 * iptablesInit + openPortal/openNodePort. Rule arguments are in the order the
 * proxier passed them to `iptables -A` (iptablesCommonPortalArgs first).
 */
export function buildPortalRules(sockets: readonly UserspaceProxySocket[], hostIP: string): IptablesData {
  const rules: IptRule[] = [];
  const add = (table: IptTable, chain: string, args: string, matches: IptMatch[], target: string, extra: Partial<IptRule> = {}, targetArgs = ''): void => {
    rules.push({ table, chain, matches, target, text: `-A ${chain} ${args} -j ${target}${targetArgs}`, ...extra });
  };
  const clusterIPsComment = '-m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules"';
  const nodePortsArgs = '-m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain"';
  // Portal chains are prepended to PREROUTING/OUTPUT, node-port chains appended after them.
  add('nat', 'PREROUTING', clusterIPsComment, [], PORTALS_CONTAINER);
  add('nat', 'PREROUTING', nodePortsArgs, [{ m: 'addrtype', dir: 'dst' }], NODEPORT_CONTAINER);
  add('nat', 'OUTPUT', clusterIPsComment, [], PORTALS_HOST);
  add('nat', 'OUTPUT', nodePortsArgs, [{ m: 'addrtype', dir: 'dst' }], NODEPORT_HOST);
  add('filter', 'INPUT', '-m comment --comment "Ensure that non-local NodePort traffic can flow"', [], NODEPORT_NON_LOCAL);

  const common = (s: UserspaceProxySocket, port: number, destIP: string | null, physdev: boolean, dstLocal: boolean): { args: string; matches: IptMatch[] } => {
    const p = s.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
    let args = `-m comment --comment ${s.spn} -p ${p} -m ${p} --dport ${port}`;
    const matches: IptMatch[] = [{ m: 'proto', proto: p }, { m: 'dport', port }];
    if (destIP) {
      args += ` -d ${destIP}/32`;
      matches.push({ m: 'dst', cidr: `${destIP}/32` });
    }
    if (physdev) {
      args += ' -m physdev ! --physdev-is-in';
      matches.push({ m: 'physdev-is-in', not: true });
    }
    if (dstLocal) {
      args += ' -m addrtype --dst-type LOCAL';
      matches.push({ m: 'addrtype', dir: 'dst' });
    }
    return { args, matches };
  };
  type Target = { target: string; extra: Partial<IptRule>; targetArgs: string };
  const redirect = (s: UserspaceProxySocket): Target => ({ target: 'REDIRECT', extra: { toPorts: s.proxyPort }, targetArgs: ` --to-ports ${s.proxyPort}` });
  const dnat = (s: UserspaceProxySocket): Target => ({ target: 'DNAT', extra: { toDestination: joinHostPort(hostIP, s.proxyPort) }, targetArgs: ` --to-destination ${joinHostPort(hostIP, s.proxyPort)}` });
  const emit = (chain: string, c: { args: string; matches: IptMatch[] }, t: Target): void => add('nat', chain, c.args, c.matches, t.target, t.extra, t.targetArgs);

  for (const s of sockets) {
    // openOnePortal for the clusterIP, then external IPs (isExternal), then LB ingress IPs.
    const portals: { ip: string; external: boolean }[] = [
      { ip: s.clusterIP, external: false },
      ...s.externalIPs.map((ip) => ({ ip, external: true })),
      ...s.loadBalancerIPs.map((ip) => ({ ip, external: false })),
    ];
    for (const portal of portals) {
      emit(PORTALS_CONTAINER, common(s, s.port, portal.ip, portal.external, false), redirect(s));
      if (portal.external) {
        // External IPs: traffic from off-node (not via a bridge) above; traffic to a local address here.
        emit(PORTALS_CONTAINER, common(s, s.port, portal.ip, false, true), redirect(s));
        emit(PORTALS_HOST, common(s, s.port, portal.ip, false, true), dnat(s));
      } else {
        emit(PORTALS_HOST, common(s, s.port, portal.ip, false, false), dnat(s));
      }
    }
    if (s.nodePort !== 0) {
      emit(NODEPORT_CONTAINER, common(s, s.nodePort, null, false, false), redirect(s));
      emit(NODEPORT_HOST, common(s, s.nodePort, null, false, false), dnat(s));
      const c = common(s, s.proxyPort, null, false, false);
      add('filter', NODEPORT_NON_LOCAL, `${c.args} -m state --state NEW`, [...c.matches, { m: 'ctstate-new' }], 'ACCEPT');
    }
  }
  return {
    chains: {
      nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING', PORTALS_CONTAINER, PORTALS_HOST, NODEPORT_CONTAINER, NODEPORT_HOST],
      filter: ['INPUT', 'FORWARD', 'OUTPUT', NODEPORT_NON_LOCAL],
    },
    rules,
    tableOrder: ['nat', 'filter'],
  };
}
