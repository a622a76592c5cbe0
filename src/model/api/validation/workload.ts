// Deployment / ReplicaSet / StatefulSet essentials (pkg/apis/apps/validation):
// replicas ≥ 0, a non-empty selector, template labels matched by the selector,
// and the pod template itself.

import type { Deployment, LabelSelector, PodTemplateSpec, ReplicaSet, StatefulSet } from '../../types';
import { invalid, required } from '../field-error';
import type { FieldError } from '../field-error';
import { goRepr, goStringMap } from '../go-format';
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
 * The bad value of an empty-selector error: *metav1.LabelSelector implements
 * fmt.Stringer (gogo-protobuf String()), so the API server prints that form.
 */
export function goLabelSelector(sel: LabelSelector): GoRepr {
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels?.[k] ?? ''},`)
    .join('');
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return goRepr(`&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`);
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
