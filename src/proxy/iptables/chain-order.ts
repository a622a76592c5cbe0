// Byte order of chain names (Go's sort.Strings, which the upstream tests'
// sortIPTablesRules uses) for tens of thousands of per-service chains.
// `KUBE-{EXT,FW,SEP,SVC,SVL}-` + 16 base32 characters sort by (prefix, hash
// characters): the prefix and the first six characters pack into a number,
// with the chain's position in the low bits, so one numeric typed-array sort
// (no comparator calls, no string reads) orders them; names whose numbers tie
// are re-ordered by full comparison. Other names sort by plain comparison
// and are merged in.

const HASHED = /^KUBE-(EXT|FW|SEP|SVC|SVL)-[A-Z2-7]{16}$/;
const PREFIX_CLASS: Record<string, number> = { EXT: 0, FW: 1, SEP: 2, SVC: 3, SVL: 4 };
const INDEX_BITS = 2 ** 17;
const KEY_CHARS = 6;

const byName = <T extends { name: string }>(x: T, y: T): number => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);

/** ASCII rank of a base32 character: '2'..'7' sort before 'A'..'Z'. */
function rank(code: number): number {
  return code <= 55 ? code - 50 : code - 65 + 6;
}

function sortKey(name: string): number {
  const dash = name.indexOf('-', 5);
  let key = PREFIX_CLASS[name.slice(5, dash)]!;
  for (let i = dash + 1; i <= dash + KEY_CHARS; i++) key = key * 32 + rank(name.charCodeAt(i));
  return key;
}

/** `chains` sorted by name in byte order (a new array). */
export function sortChainsByName<T extends { name: string }>(chains: readonly T[]): T[] {
  const hashed: T[] = [];
  const other: T[] = [];
  for (const c of chains) (HASHED.test(c.name) ? hashed : other).push(c);
  if (hashed.length >= INDEX_BITS) return [...chains].sort(byName);
  other.sort(byName);

  const packed = new Float64Array(hashed.length);
  for (let i = 0; i < hashed.length; i++) packed[i] = sortKey(hashed[i]!.name) * INDEX_BITS + i;
  packed.sort();
  const sorted = new Array<T>(hashed.length);
  for (let i = 0; i < packed.length; i++) sorted[i] = hashed[packed[i]! % INDEX_BITS]!;
  // Equal keys (same prefix and first six characters): order those runs by the full name.
  for (let i = 0; i < packed.length; ) {
    const key = Math.floor(packed[i]! / INDEX_BITS);
    let j = i + 1;
    while (j < packed.length && Math.floor(packed[j]! / INDEX_BITS) === key) j++;
    if (j - i > 1) {
      const run = sorted.slice(i, j).sort(byName);
      for (let k = 0; k < run.length; k++) sorted[i + k] = run[k]!;
    }
    i = j;
  }

  if (!other.length) return sorted;
  const out: T[] = [];
  let a = 0;
  let b = 0;
  while (a < sorted.length && b < other.length) out.push(byName(sorted[a]!, other[b]!) <= 0 ? sorted[a++]! : other[b++]!);
  while (a < sorted.length) out.push(sorted[a++]!);
  while (b < other.length) out.push(other[b++]!);
  return out;
}
