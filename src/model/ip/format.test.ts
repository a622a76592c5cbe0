import { describe, expect, it } from 'vitest';
import { formatIPv4, formatIPv6Groups, formatIPv6GroupsGo } from './format';
import { parseIPv6Groups } from './parse';

describe('formatIPv4', () => {
  it.each<[number, string]>([
    [0, '0.0.0.0'],
    [0x0a000001, '10.0.0.1'],
    [0xffffffff, '255.255.255.255'],
    [0xc0a80101, '192.168.1.1'],
  ])('%j -> %j', (v, text) => {
    expect(formatIPv4(v)).toBe(text);
  });
});

describe('formatIPv6Groups (RFC 5952)', () => {
  it.each<[string, string, string]>([
    // input, RFC 5952, Go net.IP.String()
    ['::', '::', '::'],
    ['::1', '::1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1', '2001:db8:0:1::1'],
    ['fe80:0:0:1:0:0:0:0', 'fe80:0:0:1::', 'fe80:0:0:1::'],
    ['fe80::1:0:0:0', 'fe80::1:0:0:0', 'fe80::1:0:0:0'],
    ['1:0:2:0:3:0:4:0', '1:0:2:0:3:0:4:0', '1:0:2:0:3:0:4:0'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4', '1::2:0:0:3:4'],
    ['1:0:0:2:0:0:0:4', '1:0:0:2::4', '1:0:0:2::4'],
    ['0:0:1:2:3:4:5:6', '::1:2:3:4:5:6', '::1:2:3:4:5:6'],
    ['1:2:3:4:5:6:0:0', '1:2:3:4:5:6::', '1:2:3:4:5:6::'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    ['00AB:0:0:0:0:0:0:00F', 'ab::f', 'ab::f'],
    ['::ffff:1.2.3.4', '::ffff:102:304', '1.2.3.4'],
    ['::ffff:0:0', '::ffff:0:0', '0.0.0.0'],
    ['::1.2.3.4', '::102:304', '::102:304'],
  ])('%j -> %j / %j', (input, rfc, go) => {
    const g = parseIPv6Groups(input)!;
    expect(formatIPv6Groups(g)).toBe(rfc);
    expect(formatIPv6GroupsGo(g)).toBe(go);
  });
});
