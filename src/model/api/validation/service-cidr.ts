// ValidateServiceCIDR (pkg/apis/networking/validation): one or two CIDRs,
// at most one per IP family.

import type { ServiceCIDR } from '../../types';
import { invalid, required } from '../field-error';
import type { FieldError } from '../field-error';
import { goQuote, goRepr } from '../go-format';
import { parseCIDRSloppy } from './ip';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta';
import { validateCIDR } from './names';

export function validateServiceCIDR(obj: ServiceCIDR): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain });
  const cidrs = obj.spec?.cidrs ?? [];
  const specValue = goRepr(`networking.ServiceCIDRSpec{CIDRs:[]string{${cidrs.map(goQuote).join(', ')}}}`);
  if (cidrs.length === 0) return [...errs, required('spec.cidrs', 'at least one CIDR required')];
  if (cidrs.length > 2) return [...errs, invalid('spec.cidrs', specValue, 'may only hold up to 2 values')];
  // The dual-stack pair check runs first and stops validation (an unparsable CIDR fails it too).
  if (cidrs.length === 2) {
    const fams = cidrs.map((c) => parseCIDRSloppy(c)?.ip.family);
    if (!(fams.includes('IPv4') && fams.includes('IPv6'))) {
      return [...errs, invalid('spec.cidrs', specValue, 'may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64')];
    }
  }
  cidrs.forEach((c, i) => errs.push(...validateCIDR(`spec.cidrs[${i}]`, c)));
  return errs;
}
