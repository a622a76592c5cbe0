// ValidateNode (subset) and ValidateNamespace: names and pod CIDRs.

import type { Namespace, Node } from '../../types';
import { duplicate, invalid } from '../field-error';
import type { FieldError } from '../field-error';
import { goStringSlice } from '../go-format';
import { parseCIDRSloppy } from './ip';
import { nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta } from './meta';
import { validateCIDR } from './names';

export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain });
  // v1 -> internal conversion: a lone podCIDR becomes podCIDRs[0].
  const cidrs = node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : []);
  cidrs.forEach((c, i) => errs.push(...validateCIDR(`spec.podCIDRs[${i}]`, c)));
  if (cidrs.length > 1) {
    const fams = cidrs.map((c) => parseCIDRSloppy(c)?.ip.family);
    const dual = fams.includes('IPv4') && fams.includes('IPv6');
    if (!dual || cidrs.length > 2) {
      errs.push(invalid('spec.podCIDRs', goStringSlice(cidrs), 'may specify no more than one CIDR for each IP family'));
    }
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(`spec.podCIDRs[${i}]`, c));
      seen.add(c);
    });
  }
  return errs;
}

export function validateNamespace(ns: Namespace): FieldError[] {
  return validateObjectMeta(ns.metadata, { namespaced: false, nameFn: nameIsDNSLabel });
}
