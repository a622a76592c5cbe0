// field.Error from k8s.io/apimachinery/pkg/util/validation/field: the unit of
// every API validation message. Rendering follows (*Error).Error():
//   "<field>: <type>[: <value>][: <detail>]"
// Required, Forbidden, Too long and Internal error never print the value.
// Values: strings %q, numbers and bools plain, nil -> "null" (Go assigns the
// string "null" and then quotes it), composite values verbatim (%#v, given
// by the caller as a GoRepr).

import { goNumber, goQuote, isGoRepr } from './go-format';

export type FieldErrorType =
  | 'Required value'
  | 'Forbidden'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Not found'
  | 'Too long'
  | 'Too many'
  | 'Internal error';

export interface FieldError {
  type: FieldErrorType;
  /** API field path, e.g. `spec.ports[0].port` */
  field: string;
  value?: unknown;
  hasValue: boolean;
  detail: string;
  /**
   * svcviz addition (optional): a more precise path to locate the error in
   * the source when upstream reports a parent path (label errors are
   * reported on `metadata.labels`; this points at the offending key).
   */
  at?: string;
}

export function required(field: string, detail = ''): FieldError {
  return { type: 'Required value', field, hasValue: false, detail };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'Forbidden', field, hasValue: false, detail };
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'Invalid value', field, value, hasValue: true, detail };
}

/**
 * field.NotSupported: detail `supported values: "A", "B"`, quoted, in the
 * order given — upstream mostly passes sets.List(...) (sorted), but a few
 * callers pass a literal list (dnsPolicy), so callers supply the order.
 */
export function notSupported(field: string, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length ? `supported values: ${validValues.map(goQuote).join(', ')}` : '';
  return { type: 'Unsupported value', field, value, hasValue: true, detail };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'Duplicate value', field, value, hasValue: true, detail: '' };
}

export function notFound(field: string, value: unknown): FieldError {
  return { type: 'Not found', field, value, hasValue: true, detail: '' };
}

/** field.TooLong: the value is never printed. */
export function tooLong(field: string, value: unknown, maxLength: number): FieldError {
  return { type: 'Too long', field, value, hasValue: false, detail: `must have at most ${maxLength} bytes` };
}

/** field.TooMany: prints the actual count. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'Too many', field, value: actual, hasValue: true, detail: `must have at most ${max} items` };
}

export function internalError(field: string, detail: string): FieldError {
  return { type: 'Internal error', field, hasValue: false, detail };
}

/** Go's %v/%q/%#v choice for a bad value, as field.Error.ErrorBody does. */
export function renderGoValue(value: unknown): string {
  if (value === null || value === undefined) return goQuote('null');
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (isGoRepr(value)) return value.goRepr;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return `[]string{${value.map(goQuote).join(', ')}}`;
  }
  if (typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string')) {
    const m = value as Record<string, string>;
    const keys = Object.keys(m).sort();
    return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The text after the field path (field.Error.ErrorBody). */
export function renderFieldErrorBody(e: FieldError): string {
  let s: string = e.type;
  const omit = e.type === 'Required value' || e.type === 'Forbidden' || e.type === 'Too long' || e.type === 'Internal error';
  if (!omit && e.hasValue) s += `: ${renderGoValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive` */
export function renderFieldError(e: FieldError): string {
  return `${e.field}: ${renderFieldErrorBody(e)}`;
}

/**
 * The 422 message of the API server (errors.NewInvalid):
 * `Service "web" is invalid: [e1, e2]`, or without brackets for one error.
 * Duplicate messages are dropped, as ErrorList.ToAggregate does.
 * `qualifiedKind` is Kind for the core group, `Kind.group` otherwise
 * (`Deployment.apps`); see qualifiedKindOf.
 */
export function renderInvalidMessage(qualifiedKind: string, name: string, errors: readonly FieldError[]): string {
  const msgs = [...new Set(errors.map(renderFieldError))];
  const agg = msgs.length === 1 ? (msgs[0] as string) : `[${msgs.join(', ')}]`;
  return `${qualifiedKind} ${goQuote(name)} is invalid: ${agg}`;
}

/** schema.GroupKind.String(): `Service`, `Deployment.apps`, `EndpointSlice.discovery.k8s.io`. */
export function qualifiedKindOf(kind: string, apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}
