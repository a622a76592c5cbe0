import { describe, expect, it } from 'vitest';
import { HOP_TEXT_EN, hopText } from '../sim/hop-text';
import { HOP_TEXT_VI, translateHop } from './hop-text.vi';

describe('hop explanations in English and Vietnamese', () => {
  it('Vietnamese covers every engine sentence and keeps its slots', () => {
    expect(Object.keys(HOP_TEXT_VI).sort()).toEqual(Object.keys(HOP_TEXT_EN).sort());
    for (const [k, en] of Object.entries(HOP_TEXT_EN)) {
      const slots = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(slots(HOP_TEXT_VI[k as keyof typeof HOP_TEXT_VI]), k).toEqual(slots(en));
    }
  });

  it.each([
    ['proxyRule', { component: 'KUBE-SERVICES', node: 'node-a1', action: 'jump to KUBE-SVC-X' }, 'KUBE-SERVICES on node-a1: jump to KUBE-SVC-X', 'KUBE-SERVICES trên node-a1: jump to KUBE-SVC-X'],
    ['dnsQuery', { rule: 'my-service.default.svc.cluster.local A?' }, 'DNS query to CoreDNS: my-service.default.svc.cluster.local A?', 'Truy vấn DNS tới CoreDNS: my-service.default.svc.cluster.local A?'],
    ['deliverSourceKept', { action: 'delivered to default/web-1' }, 'delivered to default/web-1 (source IP kept)', 'delivered to default/web-1 (giữ nguyên IP nguồn)'],
    ['userspaceConnect', { node: 'node-a1', port: 36001, endpoint: '10.244.1.5:9376' }, 'kube-proxy (userspace) on node-a1 accepts on proxy port 36001 and connects to 10.244.1.5:9376', 'kube-proxy (userspace) trên node-a1 nhận kết nối ở proxy port 36001 rồi tự mở kết nối tới 10.244.1.5:9376'],
    ['deliveredLocally', {}, 'delivered locally', 'chuyển tới ngay trên máy này'],
  ] as const)('%s %j: en "%s", vi "%s"', (key, vars, en, vi) => {
    const hop = hopText(key, vars);
    expect(hop.explain).toBe(en);
    expect(translateHop('en', hop)).toBe(en);
    expect(translateHop('vi', hop)).toBe(vi);
  });

  it('appends the drop reason in the same language', () => {
    const main = hopText('proxyRule', { component: 'KUBE-SERVICES', node: 'node-a1', action: 'REJECT' });
    const reason = hopText('droppedByRules', { verdict: 'REJECT', node: 'node-a1' });
    const hop = { ...main, explain: `${main.explain} — ${reason.explain}`, explainReason: { key: reason.explainKey, vars: reason.explainVars } };
    expect(translateHop('en', hop)).toBe("KUBE-SERVICES on node-a1: REJECT — REJECT by node-a1's rules");
    expect(translateHop('vi', hop)).toBe('KUBE-SERVICES trên node-a1: REJECT — REJECT bởi các rule trên node-a1');
  });

  it('falls back to the engine text when a hop has no key', () => {
    expect(translateHop('vi', { explain: 'something new' })).toBe('something new');
    expect(translateHop('vi', { explain: 'x', explainKey: 'not-a-key' })).toBe('x');
  });
});
