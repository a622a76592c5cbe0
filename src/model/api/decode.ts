// Raw parsed YAML/JSON -> a typed KubeObject, as the API server's strict
// decoder sees it:
// - apiVersion and kind are required (kubectl: `error validating data:
//   kind not set`);
// - a kind svcviz does not model (ConfigMap, Ingress, a CRD…) is ignored with
//   a warning; a modelled kind in an unknown version is an error, worded like
//   kubectl's REST mapping failure;
// - unknown fields are warnings in the API server's field-validation words
//   (`unknown field "spec.foo"`), located on the field's own line;
// - wrong JSON types are errors worded like encoding/json behind the API
//   server (`Service in version "v1" cannot be handled as a Service: json:
//   cannot unmarshal string into Go struct field ServicePort.spec.ports.port
//   of type int32`). Such an object is rejected as a whole, as upstream does;
//   every type error is reported (upstream stops at the first).
// JSON null means "absent" (Go leaves the field unset) and is dropped.

import type { Diagnostic, Severity } from '../diagnostic';
import { indexFieldPath, joinFieldPath, locateField } from '../source';
import type { ObjectSource } from '../source';
import type { KubeObject } from '../types';
import type { ParsedObject } from '../yaml/parse';
import { NAMESPACED_KINDS } from './defaults';
import { SUPPORTED_VERSIONS, goTypeName, rootSchema } from './schema';
import type { FieldType } from './schema';

export type { ParsedObject };

export interface DecodeResult {
  object?: KubeObject;
  diagnostics: Diagnostic[];
}

interface Ctx {
  source: ObjectSource;
  kind: string;
  namespace?: string;
  name?: string;
  /** `Service in version "v1" cannot be handled as a Service: ` */
  prefix: string;
  diagnostics: Diagnostic[];
  typeErrors: number;
}

function diag(ctx: Ctx, severity: Severity, locatePath: string, message: string, field?: string): void {
  const pos = locatePath ? locateField(ctx.source, locatePath) : { line: ctx.source.line, column: ctx.source.column };
  ctx.diagnostics.push({
    severity,
    file: ctx.source.file,
    line: pos.line,
    column: pos.column,
    kind: ctx.kind || undefined,
    namespace: ctx.namespace,
    name: ctx.name,
    ...(field !== undefined ? { field } : {}),
    message,
  });
}

/** encoding/json's UnmarshalTypeError.Value for a JSON value. */
function jsonValueKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

/**
 * Where the decoder is, as a chain of steps from the root. The path strings
 * are only needed for diagnostics, so they are spelled out on demand: a
 * valid object (the common case) never builds them.
 */
interface Where {
  up: Where | null;
  /** 'field' of a struct, key of a map, or index into a list */
  step: 'field' | 'key' | 'index';
  seg: string | number;
  /** Go name of the innermost struct holding the current field */
  struct: string;
}

/** API path with indexes, for locating and for the unknown-field message. */
function pathOf(w: Where | null): string {
  if (!w || !w.up) return '';
  const parent = pathOf(w.up);
  return w.step === 'index' ? indexFieldPath(parent, w.seg as number) : joinFieldPath(parent, String(w.seg));
}

/** Dotted JSON field names from the root (encoding/json's field stack): struct fields only. */
function stackOf(w: Where | null): string {
  if (!w || !w.up) return '';
  const parent = stackOf(w.up);
  if (w.step !== 'field') return parent;
  return parent ? `${parent}.${String(w.seg)}` : String(w.seg);
}

function typeError(ctx: Ctx, w: Where, value: string, goType: string): void {
  ctx.typeErrors++;
  const path = pathOf(w);
  diag(
    ctx,
    'error',
    path,
    `${ctx.prefix}json: cannot unmarshal ${value} into Go struct field ${w.struct}.${stackOf(w)} of type ${goType}`,
    path,
  );
}

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function decodeInt(ctx: Ctx, w: Where, v: unknown, t: 'int32' | 'int64'): unknown {
  if (typeof v !== 'number') {
    typeError(ctx, w, jsonValueKind(v), t);
    return undefined;
  }
  const [lo, hi] = INT_RANGE[t] ?? [0, 0];
  if (!Number.isInteger(v) || v < lo || v > hi) {
    typeError(ctx, w, `number ${String(v)}`, t);
    return undefined;
  }
  return v;
}

function decodeValue(ctx: Ctx, w: Where, v: unknown, t: FieldType): unknown {
  switch (t.t) {
    case 'any':
    case 'removed':
      return v;
    case 'string':
      if (typeof v === 'string') return v;
      typeError(ctx, w, jsonValueKind(v), 'string');
      return undefined;
    case 'bool':
      if (typeof v === 'boolean') return v;
      typeError(ctx, w, jsonValueKind(v), 'bool');
      return undefined;
    case 'int32':
    case 'int64':
      return decodeInt(ctx, w, v, t.t);
    case 'intOrString':
      // IntOrString.UnmarshalJSON: a JSON string is a name, anything else is decoded as int32.
      return typeof v === 'string' ? v : decodeInt(ctx, w, v, 'int32');
    case 'list': {
      if (!Array.isArray(v)) {
        typeError(ctx, w, jsonValueKind(v), goTypeName(t));
        return undefined;
      }
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) continue; // a hole (as forEach skips it)
        const item: unknown = v[i];
        // Go decodes a null list item as the element type's zero value.
        if (item === null) out.push(zeroValue(t.of));
        else out.push(decodeValue(ctx, { up: w, step: 'index', seg: i, struct: w.struct }, item, t.of));
      }
      return out;
    }
    case 'map': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        typeError(ctx, w, jsonValueKind(v), goTypeName(t));
        return undefined;
      }
      const out: Record<string, unknown> = {};
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const item = o[k];
        if (item === null) continue;
        out[k] = decodeValue(ctx, { up: w, step: 'key', seg: k, struct: w.struct }, item, t.of);
      }
      return out;
    }
    case 'struct':
      return decodeStruct(ctx, w, v, t);
  }
}

function zeroValue(t: FieldType): unknown {
  switch (t.t) {
    case 'struct':
    case 'map':
      return {};
    case 'list':
      return [];
    case 'string':
      return '';
    case 'int32':
    case 'int64':
    case 'intOrString':
      return 0;
    case 'bool':
      return false;
    default:
      return null;
  }
}

const structNames = new Map<string, string>();
/** `v1.ServicePort` -> `ServicePort` (remembered: one per schema struct). */
function structNameOf(go: string): string {
  let n = structNames.get(go);
  if (n === undefined) {
    n = go.slice(go.indexOf('.') + 1);
    structNames.set(go, n);
  }
  return n;
}

function decodeStruct(ctx: Ctx, w: Where, v: unknown, t: Extract<FieldType, { t: 'struct' }>): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    typeError(ctx, w, jsonValueKind(v), t.go);
    return undefined;
  }
  const structName = structNameOf(t.go);
  const out: Record<string, unknown> = {};
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const item = o[k];
    const ft = t.fields[k];
    if (!ft) {
      // Field names are matched case-sensitively (sigs.k8s.io/json), so `Port:` is unknown too.
      const path = pathOf(w);
      const locPath = joinFieldPath(path, k);
      diag(ctx, 'warning', locPath, `unknown field "${path ? `${path}.${k}` : k}"`, locPath);
      continue;
    }
    if (item === null) continue;
    const decoded = decodeValue(ctx, { up: w, step: 'field', seg: k, struct: structName }, item, ft);
    if (decoded !== undefined) out[k] = decoded;
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Decodes one parsed document into a typed object, or explains why not. */
export function decodeObject(p: ParsedObject): DecodeResult {
  const raw = p.raw;
  const meta = (typeof raw.metadata === 'object' && raw.metadata !== null ? raw.metadata : {}) as Record<string, unknown>;
  const apiVersion = str(raw.apiVersion);
  const kind = str(raw.kind);
  const ctx: Ctx = {
    source: p.source,
    kind: kind ?? '',
    name: str(meta.name) ?? str(meta.generateName),
    namespace: str(meta.namespace) ?? (kind && NAMESPACED_KINDS.has(kind) ? 'default' : undefined),
    prefix: '',
    diagnostics: [],
    typeErrors: 0,
  };

  if (!apiVersion || !kind) {
    const missing = [!apiVersion && 'apiVersion not set', !kind && 'kind not set'].filter(Boolean) as string[];
    const what = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
    const f = !kind ? 'kind' : 'apiVersion';
    diag(ctx, 'error', f, `error validating data: ${what}`, f);
    return { diagnostics: ctx.diagnostics };
  }

  const versions = SUPPORTED_VERSIONS[kind];
  if (!versions) {
    diag(ctx, 'warning', 'kind', `svcviz does not model kind "${kind}" (${apiVersion}); the object is ignored`, 'kind');
    return { diagnostics: ctx.diagnostics };
  }
  if (!versions.includes(apiVersion)) {
    diag(
      ctx,
      'error',
      'apiVersion',
      `resource mapping not found for name: "${ctx.name ?? ''}" namespace: "${str(meta.namespace) ?? ''}" from "${p.source.file}": ` +
        `no matches for kind "${kind}" in version "${apiVersion}"`,
      'apiVersion',
    );
    return { diagnostics: ctx.diagnostics };
  }

  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  ctx.prefix = `${kind} in version "${version}" cannot be handled as a ${kind}: `;
  const schema = rootSchema(kind, apiVersion);
  if (!schema) return { diagnostics: ctx.diagnostics };
  const decoded = decodeValue(ctx, { up: null, step: 'field', seg: '', struct: kind }, raw, schema) as Record<string, unknown>;
  if (ctx.typeErrors > 0) return { diagnostics: ctx.diagnostics };

  // ServiceCIDR is served as v1 and v1beta1 with one schema; store one version.
  if (kind === 'ServiceCIDR') decoded.apiVersion = 'networking.k8s.io/v1';
  if (decoded.metadata === undefined && kind !== 'KubeProxyConfiguration') decoded.metadata = {};
  if (kind === 'EndpointSlice' && decoded.endpoints === undefined) decoded.endpoints = [];
  if (['Service', 'Pod', 'Node', 'Deployment', 'ReplicaSet', 'StatefulSet'].includes(kind) && decoded.spec === undefined) {
    decoded.spec = kind === 'Pod' ? { containers: [] } : {};
  }
  return { object: decoded as unknown as KubeObject, diagnostics: ctx.diagnostics };
}
