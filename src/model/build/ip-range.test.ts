import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { allocateIP, allocateLowestIP, allocateNextIP, createIPRange, ipOwner, releaseIP } from './ip-range';
import { parseCIDR } from './ip';
import { usableSize } from './ip-range';

describe('usable range size (bitmap.go)', () => {
  it.each([
    ['10.0.0.0/24', 254],
    ['10.0.0.0/15', 131070],
    ['10.0.0.0/30', 2],
    ['10.0.0.0/32', 0],
    ['fd00::/64', 65535],
    ['fd00::/112', 65535],
    ['fd00::/120', 255],
  ])('%s -> %i', (cidr, size) => expect(usableSize(parseCIDR(cidr)!)).toBe(size));
});

describe('ClusterIP allocation in 10.96.0.0/12', () => {
  it('allocates a requested IP once; the second request gets the upstream error', () => {
    const r = createIPRange('10.96.0.0/12')!;
    expect(allocateIP(r, '10.96.0.10', 'Service/kube-system/kube-dns')).toBeNull();
    expect(allocateIP(r, '10.96.0.10', 'Service/default/x')).toBe('provided IP is already allocated');
    expect(ipOwner(r, '10.96.0.10')).toBe('Service/kube-system/kube-dns');
  });

  it.each(['10.95.255.255', '10.96.0.0', '10.111.255.255', '192.168.0.1', 'fd00::1'])(
    'rejects %s as not in the valid range',
    (ip) =>
      expect(allocateIP(createIPRange('10.96.0.0/12')!, ip, 'o')).toBe(
        `the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
      ),
  );

  it('dynamic allocation never lands in the static band (first 256 addresses)', () => {
    const r = createIPRange('10.96.0.0/12')!;
    const rng = createRng(7);
    for (let i = 0; i < 50; i++) {
      const res = allocateNextIP(r, rng, `o${i}`);
      expect('ip' in res).toBe(true);
      const ip = (res as { ip: string }).ip;
      expect(ip.startsWith('10.96.0.')).toBe(false);
    }
  });

  it('a full range reports "range is full"', () => {
    const r = createIPRange('10.0.0.0/30')!;
    const rng = createRng(1);
    allocateNextIP(r, rng, 'a');
    allocateNextIP(r, rng, 'b');
    expect(allocateNextIP(r, rng, 'c')).toEqual({ error: 'range is full' });
    releaseIP(r, '10.0.0.1');
    expect(allocateNextIP(r, rng, 'c')).toEqual({ ip: '10.0.0.1' });
  });
});

describe('load-balancer pool (lowest free address)', () => {
  it('hands out 203.0.113.1, .2, then reuses a released one', () => {
    const r = createIPRange('203.0.113.0/24', false)!;
    expect(allocateLowestIP(r, 'a')).toEqual({ ip: '203.0.113.1' });
    expect(allocateLowestIP(r, 'b')).toEqual({ ip: '203.0.113.2' });
    releaseIP(r, '203.0.113.1');
    expect(allocateLowestIP(r, 'c')).toEqual({ ip: '203.0.113.1' });
  });
});
