// Edits the user's manifest text so that it agrees with an action taken on
// the picture (scale a Deployment, switch a Service's policy, cordon a Node).
// Only the one line that holds the field changes, so comments and layout
// survive. Flow-style YAML or JSON is left alone (the action still applies to
// the live cluster).

import { parseManifestText } from '../model/yaml/parse';
import type { ParsedObject } from '../model/yaml/parse';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

const CLUSTER_SCOPED = new Set(['Node', 'Namespace', 'ServiceCIDR', 'KubeProxyConfiguration']);

function findObject(objects: ParsedObject[], ref: ObjectRef): ParsedObject | undefined {
  return objects.find((o) => {
    const meta = (o.raw.metadata ?? {}) as Record<string, unknown>;
    const ns = CLUSTER_SCOPED.has(ref.kind) ? undefined : ((meta.namespace as string | undefined) ?? 'default');
    const wantNs = CLUSTER_SCOPED.has(ref.kind) ? undefined : (ref.namespace ?? 'default');
    return o.raw.kind === ref.kind && meta.name === ref.name && ns === wantNs;
  });
}

function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  return /^[A-Za-z][A-Za-z0-9._/-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) ? v : JSON.stringify(v);
}

/**
 * Sets (or with `value === null` removes) a field given by a dotted path of
 * plain keys, e.g. `spec.replicas`. Returns the text unchanged when the
 * object is not in the text or the field cannot be edited in place.
 */
export function patchManifestField(text: string, ref: ObjectRef, path: string, value: string | number | boolean | null): string {
  const { objects } = parseManifestText(text, 'editor');
  const obj = findObject(objects, ref);
  if (!obj) return text;
  const lines = text.split('\n');
  const key = path.slice(path.lastIndexOf('.') + 1);
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  const at = obj.source.fields[path];
  if (at) {
    const i = at.line - 1;
    const line = lines[i] ?? '';
    const head = line.slice(0, at.column - 1);
    const rest = line.slice(at.column - 1);
    const m = new RegExp(`^(["']?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*:`).exec(rest);
    if (!m) return text;
    const next = lines[i + 1] ?? '';
    const indent = head.length;
    const valueOnLine = rest.slice(m[0].length).trim() !== '';
    // A nested block value (next line indented deeper) is not a scalar we can rewrite.
    if (!valueOnLine && next.trim() !== '' && next.search(/\S/) > indent) return text;
    if (value === null) lines.splice(i, 1);
    else lines[i] = `${head}${key}: ${yamlScalar(value)}`;
    return lines.join('\n');
  }
  if (value === null) return text;
  const p = parent ? obj.source.fields[parent] : undefined;
  if (!p) return text;
  const parentLine = lines[p.line - 1] ?? '';
  if (!/:\s*(#.*)?$/.test(parentLine)) return text; // flow style `spec: {…}`
  // Indent like an existing child, else two spaces deeper than the parent key.
  const child = Object.entries(obj.source.fields).find(([k]) => k.startsWith(`${parent}.`) && !k.slice(parent.length + 1).includes('.') && !k.slice(parent.length + 1).includes('['));
  const col = child ? child[1].column : p.column + 2;
  lines.splice(p.line, 0, `${' '.repeat(col - 1)}${key}: ${yamlScalar(value)}`);
  return lines.join('\n');
}
