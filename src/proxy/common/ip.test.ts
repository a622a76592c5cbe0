import { describe, expect, it } from 'vitest';
import { canonicalIP, cidrContains, ipFamilyOf, joinHostPort, parseCIDR } from './ip';

describe('IP helpers (Go net semantics)', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['010.000.001.002', '10.0.1.2'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['fe80:0:0:1:0:0:0:0', 'fe80:0:0:1::'],
    ['fe80::1:0:0:0', 'fe80::1:0:0:0'],
    ['1:0:2:0:3:0:4:0', '1:0:2:0:3:0:4:0'],
    ['not-an-ip', null],
    ['1.2.3', null],
  ])('canonicalIP(%j) = %j', (input, out) => {
    expect(canonicalIP(input)).toBe(out);
  });

  it('detects families and joins host and port', () => {
    expect(ipFamilyOf('10.0.0.1')).toBe('IPv4');
    expect(ipFamilyOf('fd00::1')).toBe('IPv6');
    expect(joinHostPort('fd00::1', 80)).toBe('[fd00::1]:80');
    expect(joinHostPort('10.0.0.1', 80)).toBe('10.0.0.1:80');
  });

  it.each([
    ['203.0.113.7/24', '203.0.113.0/24', '203.0.113.200', true],
    ['203.0.113.7/24', '203.0.113.0/24', '203.0.114.1', false],
    ['0.0.0.0/0', '0.0.0.0/0', '8.8.8.8', true],
    ['2001:db8::1/64', '2001:db8::/64', '2001:db8::ffff', true],
    ['2001:db8::1/64', '2001:db8::/64', '2001:db9::1', false],
  ])('parseCIDR(%j) -> %j contains %j: %j', (cidr, text, ip, inside) => {
    const c = parseCIDR(cidr)!;
    expect(c.text).toBe(text);
    expect(cidrContains(c, ip)).toBe(inside);
  });
});
