// Registry (allocation) errors, worded as the apiserver returns them.
// field.Invalid renders its value like Go's field.Error: strings quoted,
// []string as `[]string{"a", "b"}`, numbers bare; internal errors are
// "Internal error occurred: …".

export interface AllocError {
  /** field the error is about (for locating it in the source) */
  field: string;
  /** the full message, e.g. `spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated` */
  message: string;
}

export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[]string{${v.map((x) => JSON.stringify(String(x))).join(', ')}}`;
  return String(v);
}

export function invalidError(field: string, value: unknown, detail: string): AllocError {
  return { field, message: `${field}: Invalid value: ${goValue(value)}: ${detail}` };
}

export function internalError(field: string, detail: string): AllocError {
  return { field, message: `Internal error occurred: ${detail}` };
}
