// The fast chain sort must give exactly byte order (Go sort.Strings), for
// hashed per-service chain names, names that agree in their first characters,
// and the fixed KUBE-* chains mixed in.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../model/rng';
import { sortChainsByName } from './chain-order';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const byteOrder = (names: string[]) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function names(seed: number, n: number, sharedPrefix: string): string[] {
  const rng = createRng(seed);
  const kinds = ['KUBE-SEP-', 'KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-'];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let h = i % 3 === 0 ? sharedPrefix : '';
    while (h.length < 16) h += B32[Math.floor(rng.next() * 32)];
    out.push(kinds[Math.floor(rng.next() * kinds.length)]! + h);
  }
  return out;
}

describe('sortChainsByName', () => {
  const fixed = ['KUBE-MARK-MASQ', 'KUBE-POSTROUTING', 'KUBE-FORWARD', 'KUBE-PROXY-FIREWALL', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-SEP-short'];
  it.each([
    { case: 'random hashed names', list: names(1, 2000, '') },
    { case: 'a third share their first 6 characters (ties broken by the full name)', list: names(2, 2000, 'AB2CD7') },
    { case: 'a third share 5 characters, digits vs letters in the 6th', list: names(3, 2000, '77777') },
    { case: 'hashed names mixed with the fixed KUBE-* chains', list: [...names(4, 500, ''), ...fixed] },
    { case: 'only fixed chains', list: fixed },
    { case: 'nothing', list: [] },
  ])('$case: byte order', ({ list }) => {
    const sorted = sortChainsByName(list.map((name) => ({ name }))).map((c) => c.name);
    expect(sorted).toEqual(byteOrder(list));
  });

  it('keeps the chain objects themselves', () => {
    const chains = names(5, 10, '').map((name) => ({ name, rules: [] }));
    const sorted = sortChainsByName(chains);
    expect(new Set(sorted)).toEqual(new Set(chains));
  });
});
