// Admission as the API server performs it for a create (or, with
// `previous`, an update): defaulting -> (registry patching of allocated
// values on update) -> validation -> warnings. Each field error becomes a
// Diagnostic located on its field's own line; the message is exactly the
// API server's (`spec.ports[0].port: Invalid value: 0: must be between 1
// and 65535, inclusive`).
//
// Allocation (clusterIP, nodePorts, healthCheckNodePort) happens in the
// cluster builder after admission; validation is told so unless
// `allocated: true` is passed.

import type { Diagnostic } from '../diagnostic';
import { locateField } from '../source';
import type { ObjectSource } from '../source';
import type { KubeObject, KubeProxyConfiguration } from '../types';
import { defaultObject } from './defaults';
import { renderFieldError } from './field-error';
import type { FieldError } from './field-error';
import { validateObject } from './validate';
import { PROXY_CONFIG_FIELD_AT, proxyConfigWarnings } from './validation/proxy-config';
import { patchAllocatedValues } from './validation/service-update';
import { serviceWarnings } from './warnings';
import type { ApiWarning } from './warnings';

export interface AdmitOptions {
  /** the stored object this one replaces (update semantics) */
  previous?: KubeObject;
  /** clusterIP/nodePorts were already allocated (e.g. `--as-stored` input) */
  allocated?: boolean;
}

export interface AdmitResult {
  object: KubeObject;
  diagnostics: Diagnostic[];
  valid: boolean;
}

export function admitObject(obj: KubeObject, source: ObjectSource, opts: AdmitOptions = {}): AdmitResult {
  let object = defaultObject(obj);
  if (object.kind === 'Service' && opts.previous?.kind === 'Service') object = patchAllocatedValues(object, opts.previous);
  const errors = validateObject(object, { previous: opts.previous, allocated: opts.allocated });
  const warnings = warningsFor(object);
  const diagnostics = [
    ...errors.map((e) => toDiagnostic(object, source, 'error', e.field, locatePathOf(e), renderFieldError(e))),
    ...warnings.map((w) => toDiagnostic(object, source, 'warning', w.field, w.field, w.message)),
  ];
  return { object, diagnostics, valid: errors.length === 0 };
}

function warningsFor(obj: KubeObject): ApiWarning[] {
  if (obj.kind === 'Service') return serviceWarnings(obj);
  if (obj.kind === 'KubeProxyConfiguration') return proxyConfigWarnings(obj as KubeProxyConfiguration);
  return [];
}

function locatePathOf(e: FieldError): string {
  return e.at ?? PROXY_CONFIG_FIELD_AT[e.field] ?? e.field;
}

function toDiagnostic(
  obj: KubeObject,
  source: ObjectSource,
  severity: Diagnostic['severity'],
  field: string,
  locatePath: string,
  message: string,
): Diagnostic {
  const pos = locateField(source, locatePath);
  const meta = obj.metadata;
  return {
    severity,
    file: source.file,
    line: pos.line,
    column: pos.column,
    kind: obj.kind,
    ...(meta?.namespace ? { namespace: meta.namespace } : {}),
    ...(meta?.name || meta?.generateName ? { name: meta?.name ?? meta?.generateName } : {}),
    field,
    message,
  };
}
