import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { allocateNextPort, allocatePort, createPortRange, releasePort } from './port-range';

describe('NodePort allocator, default range 30000-32767', () => {
  it.each([
    [30000, null],
    [32767, null],
    [29999, 'provided port is not in the valid range. The range of valid ports is 30000-32767'],
    [32768, 'provided port is not in the valid range. The range of valid ports is 30000-32767'],
  ])('requested %i -> %s', (port, err) => expect(allocatePort(createPortRange(), port, 'o')).toBe(err));

  it('a taken port is "provided port is already allocated" until released', () => {
    const p = createPortRange();
    allocatePort(p, 30080, 'a');
    expect(allocatePort(p, 30080, 'b')).toBe('provided port is already allocated');
    releasePort(p, 30080);
    expect(allocatePort(p, 30080, 'b')).toBeNull();
  });

  it('random allocation uses 30086-32767 first (static band is 86 ports)', () => {
    const p = createPortRange();
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) {
      const r = allocateNextPort(p, rng, `o${i}`) as { port: number };
      expect(r.port).toBeGreaterThanOrEqual(30086);
      expect(r.port).toBeLessThanOrEqual(32767);
    }
  });
});
