import { describe, expect, it } from 'vitest';
import { splitCIDR } from './cidr';

describe('splitCIDR', () => {
  it.each<[string, { ip: string; prefix: number } | null]>([
    ['10.0.0.0/8', { ip: '10.0.0.0', prefix: 8 }],
    ['fd00::/108', { ip: 'fd00::', prefix: 108 }],
    ['10.0.0.0/08', { ip: '10.0.0.0', prefix: 8 }],
    ['10.0.0.0/999', { ip: '10.0.0.0', prefix: 999 }],
    ['/0', { ip: '', prefix: 0 }],
    ['10.0.0.0', null],
    ['10.0.0.0/', null],
    ['10.0.0.0/1234', null],
    ['10.0.0.0/-1', null],
    ['10.0.0.0/+8', null],
    ['10.0.0.0/8 ', null],
    ['10.0.0.0/8/8', null],
  ])('%j -> %j', (text, out) => {
    expect(splitCIDR(text)).toEqual(out);
  });
});
