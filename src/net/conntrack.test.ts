import { describe, expect, it } from 'vitest';
import { createConntrackEntry, formatConntrackEntry } from './conntrack';

const original = { protocol: 'TCP' as const, src: '10.244.0.5', srcPort: 43210, dst: '10.96.0.20', dstPort: 80 };

describe('conntrack entries', () => {
  it.each([
    ['DNAT only: replies come from the endpoint to the original source', { dnatIP: '10.244.1.5', dnatPort: 9376 },
      { src: '10.244.1.5', srcPort: 9376, dst: '10.244.0.5', dstPort: 43210 }, '10.244.1.5:9376', undefined],
    ['DNAT + SNAT: replies go to the masquerade address', { dnatIP: '10.244.1.5', dnatPort: 9376, snatIP: '192.168.49.2' },
      { src: '10.244.1.5', srcPort: 9376, dst: '192.168.49.2', dstPort: 43210 }, '10.244.1.5:9376', '192.168.49.2'],
    ['no NAT: the reply tuple is the original reversed', {},
      { src: '10.96.0.20', srcPort: 80, dst: '10.244.0.5', dstPort: 43210 }, undefined, undefined],
  ])('%s', (_name, nat, reply, dnat, snat) => {
    const e = createConntrackEntry('node-a', original, nat);
    expect(e.original).toEqual(original);
    expect(e.reply).toEqual({ protocol: 'TCP', ...reply });
    expect(e.dnat).toBe(dnat);
    expect(e.snat).toBe(snat);
  });

  it('prints like conntrack -L', () => {
    const e = createConntrackEntry('node-a', original, { dnatIP: '10.244.1.5', dnatPort: 9376, snatIP: '10.244.1.1' });
    expect(formatConntrackEntry(e)).toBe(
      'tcp src=10.244.0.5 dst=10.96.0.20 sport=43210 dport=80 src=10.244.1.5 dst=10.244.1.1 sport=9376 dport=43210 [DNAT] [SNAT]');
  });
});
