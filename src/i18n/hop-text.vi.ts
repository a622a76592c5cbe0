// Vietnamese for the engine's hop sentences (src/sim/hop-text.ts). Slots keep
// the engine's facts verbatim: addresses, node names, native rule text and
// Kubernetes words (Service, Pod, kube-proxy, masquerade, proxy port).

import { fillTemplate, HOP_TEXT_EN } from '../sim/hop-text';
import type { HopTextKey } from '../sim/hop-text';
import type { Lang } from './index';

export const HOP_TEXT_VI: Record<HopTextKey, string> = {
  dnsQuery: 'Truy vấn DNS tới CoreDNS: {rule}',
  dnsAnswer: 'CoreDNS trả lời: {action}',
  toLoadBalancer: 'tới bộ cân bằng tải của nhà cung cấp đám mây tại {ip}:{port}',
  loadBalancer: 'bộ cân bằng tải đám mây: {action} ({rule})',
  proxyRule: '{component} trên {node}: {action}',
  userspaceConnect: 'kube-proxy (userspace) trên {node} nhận kết nối ở proxy port {port} rồi tự mở kết nối tới {endpoint}',
  route: '{component} trên {node}: {action} ({rule})',
  leaveNode: '{component} trên {node}: {action}',
  deliverMasqueraded: '{action} (địa chỉ nguồn đã bị đổi: masquerade)',
  deliverSourceKept: '{action} (giữ nguyên IP nguồn)',
  other: '{component}: {action}',
  note: '{note}',
  droppedByRules: '{verdict} bởi các rule trên {node}',
  deliveredLocally: 'chuyển tới ngay trên máy này',
};

const TABLES: Record<Lang, Record<HopTextKey, string>> = { en: HOP_TEXT_EN, vi: HOP_TEXT_VI };

function isKey(k: string): k is HopTextKey {
  return k in HOP_TEXT_EN;
}

export interface ExplainedHop {
  explain: string;
  explainKey?: string;
  explainVars?: Record<string, string>;
  explainReason?: { key: string; vars: Record<string, string> };
}

/**
 * A hop's explanation in `lang`. Without a key (an older frame, or a sentence
 * the templates do not cover) the engine's English text is returned as is.
 */
export function translateHop(lang: Lang, hop: ExplainedHop): string {
  if (!hop.explainKey || !isKey(hop.explainKey)) return hop.explain;
  const table = TABLES[lang];
  const main = fillTemplate(table[hop.explainKey], hop.explainVars ?? {});
  const r = hop.explainReason;
  if (!r) return main;
  const reason = isKey(r.key) ? fillTemplate(table[r.key], r.vars) : '';
  return reason ? `${main} — ${reason}` : hop.explain;
}
