import { describe, expect, it } from 'vitest';
import type { PacketHop, PacketPath } from '../protocol/messages';
import { locate, packetLabel } from './packet-animator';

const hop = (duration: number, dstIP = '10.96.12.34'): PacketHop =>
  ({ from: 'a', to: 'b', duration, phase: 'send', header: { srcIP: '10.244.1.8', srcPort: 43122, dstIP, dstPort: 80, protocol: 'TCP' } }) as unknown as PacketHop;

describe('packet animator geometry', () => {
  const path = { id: 1, service: 'Service/default/my-service', startTime: 0, duration: 3, hops: [hop(1), hop(0), hop(2)] } as PacketPath;

  it.each([
    // elapsed s, hop index, fraction of the hop
    [0, 0, 0],
    [0.5, 0, 0.5],
    [1, 2, 0],
    [2, 2, 0.5],
    [9, 2, 1],
  ])('after %ss the packet is on hop %i at %f', (elapsed, idx, frac) => {
    expect(locate(path, elapsed)).toEqual({ idx, frac });
  });

  it('labels a packet with its addresses at this hop', () => {
    expect(packetLabel(hop(1))).toBe('10.244.1.8:43122 → 10.96.12.34:80');
  });
});
