// nftables chain and set names (proxier.go hashAndTruncate and friends):
// "<prefix><hash8>-<ns>/<svc>/<proto>/<port>[__<ip>/<port>]", where hash8 is
// the first 8 characters of base32(sha256(the rest)); names longer than the
// base limit are cut and end in "...".

import { base32Std, sha256, utf8Bytes } from '../common/hash';

/** knftables.NameLengthMax (256) minus the longest prefix (16). */
export const CHAIN_NAME_BASE_LENGTH_MAX = 256 - 16;

const memo = new Map<string, string>();

export function hashAndTruncate(name: string): string {
  let out = memo.get(name);
  if (out === undefined) {
    const hashed = `${base32Std(sha256(utf8Bytes(name))).slice(0, 8)}-${name}`;
    out = hashed.length > CHAIN_NAME_BASE_LENGTH_MAX ? `${hashed.slice(0, CHAIN_NAME_BASE_LENGTH_MAX - 3)}...` : hashed;
    // Bounded: names are recomputed on every sync of every node.
    if (memo.size > 200_000) memo.clear();
    memo.set(name, out);
  }
  return out;
}

/** "HASH-namespace/name/protocol/portName", e.g. "ULMVA6XW-ns1/svc1/tcp/p80". */
export function servicePortChainNameBase(namespace: string, name: string, protocolLower: string, portName: string): string {
  return hashAndTruncate(`${namespace}/${name}/${protocolLower}/${portName}`);
}

/** "HASH-ns/svc/proto/port__ip/port"; IPv6 colons become dots (not allowed in chain names). */
export function servicePortEndpointChainNameBase(namespace: string, name: string, protocolLower: string, portName: string, endpoint: string): string {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(endpoint);
  const ip = (m?.[1] ?? endpoint).replaceAll(':', '.');
  const port = m?.[2] ?? '';
  return hashAndTruncate(`${namespace}/${name}/${protocolLower}/${portName}__${ip}/${port}`);
}

export const SERVICE_PREFIX = 'service-';
export const LOCAL_PREFIX = 'local-';
export const EXTERNAL_PREFIX = 'external-';
export const FIREWALL_PREFIX = 'firewall-';
export const ENDPOINT_PREFIX = 'endpoint-';
export const AFFINITY_PREFIX = 'affinity-';
