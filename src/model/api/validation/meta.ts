// ObjectMeta, labels, annotations and label selectors
// (apimachinery ValidateObjectMetaAccessor, metav1 validation ValidateLabels /
// ValidateLabelSelector), messages verbatim.

import { joinFieldPath } from '../../source';
import type { LabelSelector, ObjectMeta } from '../../types';
import { forbidden, invalid, required, tooLong } from '../field-error';
import type { FieldError } from '../field-error';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names';

/** ValidateNameFunc(name, prefix): prefix=true for generateName, whose trailing '-' is masked. */
export type NameValidator = (name: string, prefix: boolean) => string[];

function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

export const nameIsDNS1035Label: NameValidator = (n, prefix) => isDNS1035Label(prefix ? maskTrailingDash(n) : n);
export const nameIsDNSLabel: NameValidator = (n, prefix) => isDNS1123Label(prefix ? maskTrailingDash(n) : n);
export const nameIsDNSSubdomain: NameValidator = (n, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(n) : n);

export interface MetaOptions {
  /** namespaced kinds require metadata.namespace; cluster-scoped ones forbid it */
  namespaced: boolean;
  nameFn: NameValidator;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/**
 * ValidateObjectMeta. One deviation, for the simulator's sake: a missing
 * name is accepted when generateName is set, because the registry fills the
 * name from generateName before validation (BeforeCreate) and svcviz's
 * cluster builder does the same afterwards.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: MetaOptions, path = 'metadata'): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of opts.nameFn(m.generateName, true)) errs.push(invalid(`${path}.generateName`, m.generateName, msg));
  }
  if (!m.name) {
    if (!m.generateName) errs.push(required(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(m.name, false)) errs.push(invalid(`${path}.name`, m.name, msg));
  }
  if (opts.namespaced) {
    if (!m.namespace) errs.push(required(`${path}.namespace`));
    else for (const msg of isDNS1123Label(m.namespace)) errs.push(invalid(`${path}.namespace`, m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateLabels(m.labels, `${path}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  return errs;
}

/** ValidateLabelName: a qualified name; errors are reported on the parent path. */
export function validateLabelName(key: string, field: string, at?: string): FieldError[] {
  return isQualifiedName(key).map((msg) => withAt(invalid(field, key, msg), at));
}

/**
 * ValidateLabels: key errors and value errors are both reported on the map's
 * own path (`metadata.labels`), as upstream does; `at` points at the key.
 * Keys are visited in sorted order (Go's map order is random).
 */
export function validateLabels(labels: Record<string, string> | null | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    const v = (labels ?? {})[k] ?? '';
    const keyMsgs = isQualifiedName(k);
    const valueMsgs = isValidLabelValue(v);
    if (!keyMsgs.length && !valueMsgs.length) continue; // the path is only spelled out for an error
    const at = joinFieldPath(field, k);
    for (const msg of keyMsgs) errs.push(withAt(invalid(field, k, msg), at));
    for (const msg of valueMsgs) errs.push(withAt(invalid(field, v, msg), at));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (case-insensitive); total size ≤ 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    size += k.length + ((annotations ?? {})[k] ?? '').length;
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(withAt(invalid(field, k, msg), joinFieldPath(field, k)));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(field, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** metav1 ValidateLabelSelector */
export function validateLabelSelector(sel: LabelSelector | null | undefined, field: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${field}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((sr, i) => {
    const p = `${field}.matchExpressions[${i}]`;
    const values = sr.values ?? [];
    switch (sr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(invalid(`${p}.operator`, sr.operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(sr.key ?? '', `${p}.key`));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(`${p}.values[${j}]`, v, msg));
    });
  });
  return errs;
}

/**
 * metav1.LabelSelectorAsSelector(sel).Matches(labels). A nil selector
 * selects nothing, an empty one everything.
 */
export function selectorMatches(sel: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const inValues = has && (r.values ?? []).includes(l[r.key] ?? '');
    if (r.operator === 'In' && !inValues) return false;
    if (r.operator === 'NotIn' && inValues) return false;
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
}

function withAt(e: FieldError, at: string | undefined): FieldError {
  return at ? { ...e, at } : e;
}
