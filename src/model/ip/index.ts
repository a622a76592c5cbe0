// IP text handling shared by the model and the proxy; one concept per file.
export { isIPv4MappedGroups, parseIPv4Number, parseIPv4Sloppy, parseIPv4Strict, parseIPv6Groups } from './parse';
export { formatIPv4, formatIPv6Groups, formatIPv6GroupsGo } from './format';
export { joinHostPort } from './host-port';
export { splitCIDR } from './cidr';
