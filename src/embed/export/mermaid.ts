// A Mermaid flowchart of the cluster topology: Nodes as subgraphs holding
// their Pods, Services pointing at the Pods their EndpointSlices list.
// Pure text builder (no DOM): paste the result into Markdown that renders
// Mermaid (GitHub, GitLab, MkDocs, Docusaurus).
//
// The edges follow the EndpointSlices, not the selector, because that is what
// kube-proxy programs (a Pod matched by the selector but not Ready is listed
// with ready=false and drawn dashed; a selectorless Service's manual slices
// point at bare IPs).

import type { Cluster } from '../../model/cluster';
import type { Endpoint, EndpointSlice, Pod, Service } from '../../model/types';

/** The EndpointSlice label naming its Service (discovery.k8s.io). */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * Label text is user data (names, IPs, hostnames). Mermaid renders labels as
 * HTML, so every character that could open markup, an entity or a string end
 * is written as a Mermaid entity code (`#60;` for `<`).
 */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}

/** Mermaid ids: letters, digits and `_` only, made unique by the caller. */
function baseId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${parts.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

class IdAllocator {
  private readonly used = new Set<string>();
  private readonly byKey = new Map<string, string>();
  get(key: string, prefix: string, ...parts: string[]): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const base = baseId(prefix, ...parts);
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    this.byKey.set(key, id);
    return id;
  }
}

const label = (...lines: string[]): string => `"${lines.map(escapeMermaidLabel).join('<br/>')}"`;

function nodeInternalIP(node: Cluster['nodes'][number]): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

function podIP(pod: Pod): string | undefined {
  return pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip;
}

function servicePortsText(svc: Service): string {
  return (svc.spec.ports ?? [])
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      const np = p.nodePort ? ` (nodePort ${p.nodePort})` : '';
      const tp = p.targetPort !== undefined && p.targetPort !== p.port ? ` → ${p.targetPort}` : '';
      return `${p.port}/${proto}${tp}${np}`;
    })
    .join(', ');
}

function serviceLines(svc: Service): string[] {
  const ns = svc.metadata.namespace ?? 'default';
  const type = svc.spec.type ?? 'ClusterIP';
  const lines = [`Service ${ns}/${svc.metadata.name ?? ''}`];
  if (type === 'ExternalName') {
    lines.push(`ExternalName ${svc.spec.externalName ?? ''}`);
    return lines;
  }
  const ip = svc.spec.clusterIP;
  lines.push(`${type} ${ip === 'None' ? 'headless' : ip ?? ''}`.trim());
  const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).filter(Boolean);
  if (ingress.length) lines.push(`LB ${ingress.join(', ')}`);
  const ports = servicePortsText(svc);
  if (ports) lines.push(ports);
  return lines;
}

function slicesOf(cluster: Cluster, svc: Service): EndpointSlice[] {
  const ns = svc.metadata.namespace ?? 'default';
  return cluster.endpointSlices
    .filter((s) => (s.metadata.namespace ?? 'default') === ns && s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name)
    .slice()
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

const isReady = (e: Endpoint): boolean => e.conditions?.ready !== false;

export interface MermaidOptions {
  /** flowchart direction; LR reads well in docs columns */
  direction?: 'LR' | 'TB';
  /** leave out kube-system objects (CoreDNS, kube-dns) for a smaller picture */
  hideSystem?: boolean;
}

export function buildMermaidTopology(cluster: Cluster, options: MermaidOptions = {}): string {
  const hide = (ns: string | undefined): boolean => !!options.hideSystem && ns === 'kube-system';
  const ids = new IdAllocator();
  const out: string[] = [`flowchart ${options.direction ?? 'LR'}`];

  const pods = cluster.pods.filter((p) => !hide(p.metadata.namespace));
  const podKey = (ns: string, name: string): string => `pod/${ns}/${name}`;
  const podId = (p: Pod): string => {
    const ns = p.metadata.namespace ?? 'default';
    const name = p.metadata.name ?? '';
    return ids.get(podKey(ns, name), 'pod', ns, name);
  };
  const podLine = (p: Pod): string => {
    const ns = p.metadata.namespace ?? 'default';
    const ip = podIP(p);
    return `${podId(p)}[${label(`Pod ${ns}/${p.metadata.name ?? ''}`, ...(ip ? [ip] : []))}]`;
  };

  for (const node of cluster.nodes) {
    const name = node.metadata.name ?? '';
    const ip = nodeInternalIP(node);
    const onNode = pods.filter((p) => p.spec.nodeName === name);
    out.push(`  subgraph ${ids.get(`node/${name}`, 'node', name)}[${label(`Node ${name}`, ...(ip ? [ip] : []))}]`);
    for (const p of onNode) out.push(`    ${podLine(p)}`);
    out.push('  end');
  }
  const nodeNames = new Set(cluster.nodes.map((n) => n.metadata.name));
  for (const p of pods) if (!p.spec.nodeName || !nodeNames.has(p.spec.nodeName)) out.push(`  ${podLine(p)}`);

  const knownPods = new Set(pods.map((p) => podKey(p.metadata.namespace ?? 'default', p.metadata.name ?? '')));
  for (const svc of cluster.services) {
    const ns = svc.metadata.namespace ?? 'default';
    if (hide(ns)) continue;
    const name = svc.metadata.name ?? '';
    const sid = ids.get(`svc/${ns}/${name}`, 'svc', ns, name);
    out.push(`  ${sid}([${label(...serviceLines(svc))}])`);
    if (svc.spec.type === 'ExternalName') {
      const ext = svc.spec.externalName ?? '';
      const eid = ids.get(`ext/${ext}`, 'ext', ext);
      out.push(`  ${eid}[${label(ext)}]`, `  ${sid} -->|CNAME| ${eid}`);
      continue;
    }
    const drawn = new Set<string>();
    for (const slice of slicesOf(cluster, svc)) {
      const ports = (slice.ports ?? []).map((p) => `${p.port ?? ''}/${p.protocol ?? 'TCP'}`).join(', ');
      for (const ep of slice.endpoints) {
        const ref = ep.targetRef;
        let target: string;
        if (ref?.kind === 'Pod' && knownPods.has(podKey(ref.namespace ?? ns, ref.name))) {
          target = ids.get(podKey(ref.namespace ?? ns, ref.name), 'pod', ref.namespace ?? ns, ref.name);
        } else {
          const addr = ep.addresses[0] ?? '';
          target = ids.get(`ip/${addr}`, 'ip', addr);
          if (!drawn.has(`decl/${target}`)) {
            out.push(`  ${target}[${label(addr)}]`);
            drawn.add(`decl/${target}`);
          }
        }
        const edgeKey = `${target}/${ports}`;
        if (drawn.has(edgeKey)) continue;
        drawn.add(edgeKey);
        const arrow = isReady(ep) ? '-->' : '-.->';
        out.push(`  ${sid} ${arrow}${ports ? `|${label(ports)}|` : ''} ${target}`);
      }
    }
  }
  return out.join('\n') + '\n';
}
