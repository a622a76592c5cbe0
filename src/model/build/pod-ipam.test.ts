import { describe, expect, it } from 'vitest';
import { allocatePodIP, createPodIPRange, freePodIPs, releasePodIP, reservePodIP } from './pod-ipam';

describe('host-local pod IPAM on a node podCIDR', () => {
  it('starts at .2 (.1 is the cni0 bridge) and goes up', () => {
    const r = createPodIPRange('10.244.1.0/24')!;
    expect([allocatePodIP(r, 'a'), allocatePodIP(r, 'b'), allocatePodIP(r, 'c')]).toEqual([
      '10.244.1.2',
      '10.244.1.3',
      '10.244.1.4',
    ]);
  });

  it('a replacement pod gets a new IP, not the one just released', () => {
    const r = createPodIPRange('10.244.1.0/24')!;
    const a = allocatePodIP(r, 'a')!;
    allocatePodIP(r, 'b');
    releasePodIP(r, a);
    expect(allocatePodIP(r, 'c')).toBe('10.244.1.4');
  });

  it('wraps around and skips live IPs; .255 (broadcast) is never used', () => {
    const r = createPodIPRange('10.244.0.0/30')!; // only .2 usable
    expect(allocatePodIP(r, 'a')).toBe('10.244.0.2');
    expect(allocatePodIP(r, 'b')).toBeNull();
    const r2 = createPodIPRange('10.244.0.0/24')!;
    for (let i = 0; i < 253; i++) allocatePodIP(r2, `p${i}`);
    expect(freePodIPs(r2)).toBe(0);
    expect(allocatePodIP(r2, 'x')).toBeNull();
    releasePodIP(r2, '10.244.0.77');
    expect(allocatePodIP(r2, 'x')).toBe('10.244.0.77');
  });

  it('given IPs are reserved once; IPs outside the range are refused', () => {
    const r = createPodIPRange('10.244.2.0/24')!;
    expect(reservePodIP(r, '10.244.2.2', 'given')).toBe(true);
    expect(reservePodIP(r, '10.244.2.2', 'other')).toBe(false);
    expect(reservePodIP(r, '10.244.3.2', 'other')).toBe(false);
    expect(allocatePodIP(r, 'n')).toBe('10.244.2.3');
  });

  it('IPv6 node ranges hand out ::2 first', () => {
    const r = createPodIPRange('fd00:10:244:1::/64')!;
    expect(allocatePodIP(r, 'a')).toBe('fd00:10:244:1::2');
  });
});
