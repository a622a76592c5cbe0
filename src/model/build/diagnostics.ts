// Turning problems found while building into located Diagnostics.

import type { Diagnostic, Severity } from '../diagnostic';
import type { ObjectSource } from '../source';
import { locateField } from '../source';
import type { KubeObject } from '../types';

/** Where generated objects "come from" when a message must still be shown. */
export const GENERATED_SOURCE: ObjectSource = { file: '(cluster)', doc: 0, line: 1, column: 1, fields: {} };

export function objectDiagnostic(
  obj: Pick<KubeObject, 'kind' | 'metadata'>,
  source: ObjectSource | undefined,
  severity: Severity,
  message: string,
  field?: string,
): Diagnostic {
  const src = source ?? GENERATED_SOURCE;
  const pos = field ? locateField(src, locatePath(src, field)) : { line: src.line, column: src.column };
  return {
    severity,
    file: src.file,
    line: pos.line,
    column: pos.column,
    kind: obj.kind,
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
    ...(obj.metadata?.name !== undefined ? { name: obj.metadata.name } : {}),
    ...(field ? { field } : {}),
    message,
  };
}

/**
 * Errors on `spec.clusterIPs` are about what the user wrote, which is often
 * the singular `spec.clusterIP` (the registry copies it into clusterIPs).
 */
function locatePath(src: ObjectSource, field: string): string {
  if (field.startsWith('spec.clusterIPs') && !src.fields[field] && !src.fields['spec.clusterIPs'] && src.fields['spec.clusterIP'])
    return 'spec.clusterIP';
  return field;
}
