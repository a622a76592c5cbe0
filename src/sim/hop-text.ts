// The sentences a hop's `explain` is made of, as keyed templates. The English
// text is the engine's own (the CLI, tests and logs read it); the key and its
// slots travel with the hop (`explainKey`, `explainVars`) so the UI can say the
// same thing in another language (src/i18n/hop-text.vi.ts). Slot values are
// the engine's facts verbatim: addresses, node names, native rule text.

export const HOP_TEXT_EN = {
  dnsQuery: 'DNS query to CoreDNS: {rule}',
  dnsAnswer: 'CoreDNS answers: {action}',
  toLoadBalancer: 'to the cloud load balancer at {ip}:{port}',
  loadBalancer: 'cloud load balancer: {action} ({rule})',
  proxyRule: '{component} on {node}: {action}',
  userspaceConnect: 'kube-proxy (userspace) on {node} accepts on proxy port {port} and connects to {endpoint}',
  route: '{component} on {node}: {action} ({rule})',
  leaveNode: '{component} on {node}: {action}',
  deliverMasqueraded: '{action} (source NATed: masquerade)',
  deliverSourceKept: '{action} (source IP kept)',
  other: '{component}: {action}',
  note: '{note}',
  droppedByRules: "{verdict} by {node}'s rules",
  deliveredLocally: 'delivered locally',
} as const;

export type HopTextKey = keyof typeof HOP_TEXT_EN;

/** `{name}` slots filled from vars; unknown slots are left as written. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export interface HopText {
  explain: string;
  explainKey: HopTextKey;
  explainVars: Record<string, string>;
}

/** The English sentence plus its key and slots, ready to spread into a hop. */
export function hopText(key: HopTextKey, vars: Record<string, string | number> = {}): HopText {
  const explainVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) explainVars[k] = String(v);
  return { explain: fillTemplate(HOP_TEXT_EN[key], explainVars), explainKey: key, explainVars };
}
