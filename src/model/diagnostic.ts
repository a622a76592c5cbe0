// A problem found in the user's input, located in the text it came from.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  /** The object the problem belongs to, when known. */
  kind?: string;
  namespace?: string;
  name?: string;
  /** API field path, e.g. `spec.ports[0].port` (absent for YAML syntax errors) */
  field?: string;
  /**
   * The message as the API server / parser words it, e.g.
   * `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`.
   */
  message: string;
}

/** `FILE:LINE:COL: error|warning: <Kind> "<namespace>/<name>": <message>` */
export function formatDiagnostic(d: Diagnostic): string {
  const obj = d.kind
    ? `${d.kind} "${d.namespace ? `${d.namespace}/` : ''}${d.name ?? ''}": `
    : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${obj}${d.message}`;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
