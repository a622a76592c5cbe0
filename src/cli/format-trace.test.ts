import { describe, expect, it } from 'vitest';
import type { TraceOutcome } from '../net/types';
import { formatOutcomes, formatProbability, outcomeJSON } from './format-trace';

describe('formatProbability', () => {
  it.each([
    [1, '1'],
    [0.5, '1/2 (0.5)'],
    [1 / 3, '1/3 (0.3333)'],
    [2 / 3, '2/3 (0.6667)'],
    [1 / 6, '1/6 (0.1667)'],
    [0.25 * (1 / 3), '1/12 (0.0833)'],
  ])('%d -> %s', (p, text) => {
    expect(formatProbability(p)).toBe(text);
  });
});

const outcome: TraceOutcome = {
  verdict: 'DNAT',
  endpoint: '10.244.1.5:9376',
  pod: 'default/web-abc',
  probability: 0.5,
  masqueraded: true,
  sourceIPAtPod: '10.244.0.1',
  hops: [{ node: 'node-a', component: 'kube-proxy (iptables)', rule: '-A KUBE-SERVICES -j X', action: 'jump to X' }],
  entryNode: 'node-a',
  conntrack: [],
  note: 'hello',
};

describe('outcomeJSON', () => {
  it('has exactly the documented keys', () => {
    expect(Object.keys(outcomeJSON(outcome))).toEqual(['verdict', 'endpoint', 'pod', 'probability', 'masqueraded', 'sourceIPAtPod', 'hops']);
    expect(outcomeJSON(outcome).hops).toEqual(outcome.hops);
  });
});

describe('formatOutcomes', () => {
  it('prints verdict, endpoint, pod, probability, masquerade, source IP, note and each hop with its rule', () => {
    const text = formatOutcomes(
      { protocol: 'TCP', mode: 'iptables', srcIP: '192.168.49.2', srcPort: 43210, srcDescription: 'node node-a', srcNode: 'node-a',
        dstHost: 'my-service', destinations: [{ ip: '10.96.0.20', probability: 1 }], dstPort: 80, dstDescription: 'Service default/my-service' },
      [outcome],
    );
    expect(text).toContain('trace TCP from node node-a (192.168.49.2:43210) to my-service:80');
    expect(text).toContain('1 possible outcome:');
    expect(text).toContain('[1] DNAT 10.244.1.5:9376 (pod default/web-abc)  probability 1/2 (0.5)');
    expect(text).toContain('masqueraded: yes, source IP at pod: 10.244.0.1');
    expect(text).toContain('note: hello');
    expect(text).toContain('1. [node-a] kube-proxy (iptables): -A KUBE-SERVICES -j X');
    expect(text).toContain('=> jump to X');
  });
});
