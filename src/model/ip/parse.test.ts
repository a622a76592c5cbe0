import { describe, expect, it } from 'vitest';
import { isIPv4MappedGroups, parseIPv4Sloppy, parseIPv4Strict, parseIPv6Groups } from './parse';

describe('parseIPv4Sloppy / parseIPv4Strict', () => {
  it.each<[string, number | null, number | null]>([
    // text, sloppy, strict
    ['10.0.0.1', 0x0a000001, 0x0a000001],
    ['0.0.0.0', 0, 0],
    ['255.255.255.255', 0xffffffff, 0xffffffff],
    ['010.000.001.002', 0x0a000102, null],
    ['1.02.3.4', 0x01020304, null],
    ['256.0.0.1', null, null],
    ['1.2.3', null, null],
    ['1.2.3.4.5', null, null],
    ['1..3.4', null, null],
    ['1.2.3.', null, null],
    ['.1.2.3', null, null],
    ['1.2.3.0004', null, null],
    ['', null, null],
    ['1.2.3.4 ', null, null],
    ['a.b.c.d', null, null],
    ['١.2.3.4', null, null],
  ])('%j -> sloppy %j, strict %j', (text, sloppy, strict) => {
    expect(parseIPv4Sloppy(text)).toBe(sloppy);
    expect(parseIPv4Strict(text)).toBe(strict);
  });
});

describe('parseIPv6Groups', () => {
  it.each<[string, number[] | null]>([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['2001:DB8::1', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['1:2:3::6:7:8', [1, 2, 3, 0, 0, 6, 7, 8]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]],
    ['::1.2.3.4', [0, 0, 0, 0, 0, 0, 0x0102, 0x0304]],
    ['1:2:3:4:5:6:1.2.3.4', [1, 2, 3, 4, 5, 6, 0x0102, 0x0304]],
    ['::ffff:010.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x0a00, 1]],
    ['1:2:3:4:5:6:7:1.2.3.4', null],
    ['1:2:3:4:5:6:7::8', null],
    ['1:2:3:4:5:6:7:8::', null],
    ['1:2:3:4:5:6:7', null],
    ['1::2::3', null],
    [':::', null],
    [':1::', null],
    ['1:', null],
    ['12345::', null],
    ['fe80::1%eth0', null],
    ['::1.2.3.4%eth0', null],
    ['::256.1.1.1', null],
    ['g::', null],
    ['1.2.3.4', null],
    ['abcd', null],
    ['', null],
  ])('%j -> %j', (text, groups) => {
    expect(parseIPv6Groups(text)).toEqual(groups);
  });

  it('parses the IPv4 tail strictly when asked', () => {
    expect(parseIPv6Groups('::ffff:010.0.0.1', true)).toBeNull();
    expect(parseIPv6Groups('::ffff:10.0.0.1', true)).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 1]);
  });

  it('recognises IPv4-mapped groups', () => {
    expect(isIPv4MappedGroups([0, 0, 0, 0, 0, 0xffff, 1, 2])).toBe(true);
    expect(isIPv4MappedGroups([0, 0, 0, 0, 0, 0, 1, 2])).toBe(false);
    expect(isIPv4MappedGroups([0, 0, 0, 0, 1, 0xffff, 1, 2])).toBe(false);
  });
});
