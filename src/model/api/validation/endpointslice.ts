// ValidateEndpointSlice (pkg/apis/discovery/validation): address type,
// endpoint addresses of that type (no loopback/link-local), node names,
// hostnames and ports. Paths have no `spec.`: EndpointSlice has no spec.

import type { EndpointSlice } from '../../types';
import { duplicate, invalid, notSupported, required, tooMany } from '../field-error';
import type { FieldError } from '../field-error';
import { parseIPSloppy } from './ip';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta';
import { isDNS1123Subdomain, validateDNS1123Label, validateNonSpecialIP, validateQualifiedName } from './names';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;

export function validateEndpointSlice(slice: EndpointSlice): FieldError[] {
  const errs = validateObjectMeta(slice.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain });
  const at = slice.addressType;
  if (!at) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(at)) errs.push(notSupported('addressType', at, ADDRESS_TYPES));

  const endpoints = slice.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) {
    errs.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  } else {
    endpoints.forEach((ep, i) => {
      const p = `endpoints[${i}]`;
      const addrs = ep.addresses ?? [];
      if (addrs.length === 0) errs.push(required(`${p}.addresses`, 'must contain at least 1 address'));
      else if (addrs.length > MAX_ADDRESSES) errs.push(tooMany(`${p}.addresses`, addrs.length, MAX_ADDRESSES));
      addrs.forEach((a, j) => {
        const ap = `${p}.addresses[${j}]`;
        if (at === 'IPv4' || at === 'IPv6') {
          const ip = parseIPSloppy(a);
          if (!ip || ip.family !== at) errs.push(invalid(ap, a, `must be a valid ${at} address`));
          else errs.push(...validateNonSpecialIP(a, ap));
        } else if (at === 'FQDN') {
          for (const m of isDNS1123Subdomain(a)) errs.push(invalid(ap, a, m));
        }
      });
      if (ep.nodeName !== undefined) for (const m of isDNS1123Subdomain(ep.nodeName)) errs.push(invalid(`${p}.nodeName`, ep.nodeName, m));
      if (ep.hostname !== undefined) errs.push(...validateDNS1123Label(ep.hostname, `${p}.hostname`));
    });
  }

  const ports = slice.ports ?? [];
  if (ports.length > MAX_PORTS) return [...errs, tooMany('ports', ports.length, MAX_PORTS)];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `ports[${i}]`;
    const name = port.name ?? '';
    if (name.length > 0) errs.push(...validateDNS1123Label(name, `${p}.name`));
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    else names.add(name);
    if (port.protocol === undefined) errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
    if (port.appProtocol !== undefined) errs.push(...validateQualifiedName(port.appProtocol, `${p}.appProtocol`));
  });
  return errs;
}
