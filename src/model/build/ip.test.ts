import { describe, expect, it } from 'vitest';
import { formatCIDR, formatIP, parseCIDR, parseIP, subnetAt, cidrContains } from './ip';

describe('parseIP / formatIP round-trip to the canonical form Go prints', () => {
  it.each([
    ['10.96.0.1', 'IPv4', '10.96.0.1'],
    ['255.255.255.255', 'IPv4', '255.255.255.255'],
    ['fd00::1', 'IPv6', 'fd00::1'],
    ['FD00:0:0:0:0:0:0:A', 'IPv6', 'fd00::a'],
    ['2001:db8:0:0:1:0:0:1', 'IPv6', '2001:db8::1:0:0:1'],
    ['::', 'IPv6', '::'],
    ['::ffff:10.0.0.1', 'IPv6', '::ffff:a00:1'],
    ['1:2:3:4:5:6:7:8', 'IPv6', '1:2:3:4:5:6:7:8'],
  ])('%s -> %s %s', (text, family, canonical) => {
    const p = parseIP(text);
    expect(p?.family).toBe(family);
    expect(formatIP(p!.family, p!.value)).toBe(canonical);
  });

  it.each(['10.96.0', '10.96.0.256', '010.0.0.1', 'foo', '1::2::3', '1:2:3:4:5:6:7:8:9', ''])(
    'rejects %j',
    (text) => expect(parseIP(text)).toBeNull(),
  );
});

describe('parseCIDR', () => {
  it.each([
    ['10.96.0.0/12', '10.96.0.0/12'],
    ['10.100.3.4/12', '10.96.0.0/12'],
    ['fd00:10:96::/108', 'fd00:10:96::/108'],
  ])('%s normalises to %s', (text, norm) => expect(formatCIDR(parseCIDR(text)!)).toBe(norm));

  it('rejects a prefix longer than the address', () => expect(parseCIDR('10.0.0.0/33')).toBeNull());

  it('carves /24 node subnets from a /16 in order', () => {
    const c = parseCIDR('10.244.0.0/16')!;
    expect(formatCIDR(subnetAt(c, 24, 0)!)).toBe('10.244.0.0/24');
    expect(formatCIDR(subnetAt(c, 24, 2)!)).toBe('10.244.2.0/24');
    expect(subnetAt(c, 24, 256)).toBeNull();
  });

  it('contains is family-aware', () => {
    const c = parseCIDR('10.96.0.0/12')!;
    expect(cidrContains(c, parseIP('10.111.255.254')!)).toBe(true);
    expect(cidrContains(c, parseIP('10.112.0.0')!)).toBe(false);
    expect(cidrContains(c, parseIP('::a60:1')!)).toBe(false);
  });
});
