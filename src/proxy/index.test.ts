import { describe, expect, it } from 'vitest';
import { availableModes, getBackend } from './index';

describe('getBackend', () => {
  it.each(['iptables', 'ipvs', 'nftables', 'userspace'] as const)('has a %s backend whose mode matches', (mode) => {
    expect(getBackend(mode).mode).toBe(mode);
  });
  it("treats kube-proxy's default mode '' as iptables", () => {
    expect(getBackend('').mode).toBe('iptables');
  });
  it('lists every mode', () => {
    expect(availableModes().sort()).toEqual(['iptables', 'ipvs', 'nftables', 'userspace']);
  });
});
