// Deployment / ReplicaSet / StatefulSet essentials (pkg/apis/apps/validation):
// replicas ≥ 0, a non-empty selector, template labels matched by the selector,
// and the pod template itself.

import type { Deployment, LabelSelector, PodTemplateSpec, ReplicaSet, StatefulSet } from '../../types';
import { forbidden, invalid, required } from '../field-error';
import type { FieldError } from '../field-error';
import { goQuote, goRepr, goStringMap, goStringSlice } from '../go-format';
import type { GoRepr } from '../go-format';
import {
  isEmptySelector,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
} from './meta';
import { validatePodSpec } from './pod';

type Workload = Deployment | ReplicaSet | StatefulSet;

/**
 * `%#v` of a metav1.LabelSelector, as the API server prints it (the pointer is
 * dereferenced), e.g. `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"},
 * MatchExpressions:[]v1.LabelSelectorRequirement(nil)}` — the form of the
 * well-known "field is immutable" error.
 */
export function goLabelSelector(sel: LabelSelector): GoRepr {
  const labels = goStringMap(sel.matchLabels).goRepr;
  const exprs =
    sel.matchExpressions === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${sel.matchExpressions
          .map(
            (e) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSlice(e.values).goRepr}}`,
          )
          .join(', ')}}`;
  return goRepr(`v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`);
}

export function validateWorkload(obj: Workload): FieldError[] {
  // StatefulSet pod names (<name>-<ordinal>) are hostnames: the set's name must be a DNS label.
  const nameFn = obj.kind === 'StatefulSet' ? nameIsDNSLabel : nameIsDNSSubdomain;
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn });
  const spec = obj.spec ?? ({} as Workload['spec']);
  const replicas = spec.replicas ?? 1;
  if (replicas < 0) errs.push(invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));

  const sel = spec.selector;
  if (!sel) {
    errs.push(required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    // Upstream's ReplicaSet check says "for deployment" too.
    const what = obj.kind === 'StatefulSet' ? 'statefulset' : 'deployment';
    if (isEmptySelector(sel)) errs.push(invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${what}`));
  }
  errs.push(...validateTemplate(spec.template, sel, 'spec.template', obj.kind !== 'StatefulSet'));
  return errs;
}

/**
 * ValidatePodTemplateSpecForReplicaSet / ...ForStatefulSet: a nil selector
 * selects nothing (so the labels check fails too), an empty one everything
 * (no check). Upstream does not validate a StatefulSet's pod spec at all
 * (its TODO: volumes vs volumeClaimTemplates); its pods fail at creation.
 */
function validateTemplate(t: PodTemplateSpec | undefined, sel: LabelSelector | undefined, path: string, withPodSpec: boolean): FieldError[] {
  if (!t) return [required(path)];
  const errs: FieldError[] = [];
  const labels = t.metadata?.labels;
  const empty = sel !== undefined && isEmptySelector(sel);
  if (!empty && !selectorMatches(sel, labels)) {
    errs.push(invalid(`${path}.metadata.labels`, goStringMap(labels), '`selector` does not match template `labels`'));
  }
  // ValidatePodTemplateSpec reports template labels under `<template>.labels` (sic).
  errs.push(
    ...validateLabels(labels, `${path}.labels`).map((e) => ({ ...e, at: e.at?.replace(`${path}.labels`, `${path}.metadata.labels`) })),
  );
  errs.push(...validateAnnotations(t.metadata?.annotations, `${path}.annotations`));
  if (withPodSpec) errs.push(...validatePodSpec(t.spec, `${path}.spec`));
  return errs;
}

/** Semantic.DeepEqual: nil and empty maps/lists are equal; key order is irrelevant. */
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown): boolean =>
    v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a && b && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

const STS_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);

/**
 * Updates: apps/v1 controllers may not change their selector (the
 * Deployment/ReplicaSet strategies' ValidateImmutableField) and a StatefulSet
 * may change only a few spec fields (ValidateStatefulSetUpdate, which also
 * skips the name check).
 */
export function validateWorkloadUpdate(next: Workload, prev: Workload): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['name', 'namespace'] as const) {
    if ((next.metadata?.[k] ?? '') !== (prev.metadata?.[k] ?? '')) errs.push(invalid(`metadata.${k}`, next.metadata?.[k] ?? '', 'field is immutable'));
  }
  if (next.kind === 'StatefulSet') {
    errs.push(...validateWorkload(next).filter((e) => !e.field.startsWith('metadata.name')));
    const a = next.spec as unknown as Record<string, unknown>;
    const b = prev.spec as unknown as Record<string, unknown>;
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    if ([...keys].some((k) => !STS_MUTABLE.has(k) && !semanticEqual(a?.[k], b?.[k]))) {
      errs.push(
        forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
    }
    return errs;
  }
  errs.push(...validateWorkload(next));
  if (!semanticEqual(next.spec?.selector, prev.spec?.selector)) {
    errs.push(invalid('spec.selector', next.spec?.selector ? goLabelSelector(next.spec.selector) : null, 'field is immutable'));
  }
  return errs;
}
