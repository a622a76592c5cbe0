// The selected node's kube-proxy rules in the current mode, exactly as the
// native tool prints them; the rule each passing packet matched lights up.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { PacketHop } from '../protocol/messages';
import { selectCluster, selectRules, selectStepHop } from '../store/selectors';
import { useActions, useApp, useAppStore, useT } from './context';

const MAX_LINES = 4000;

/** Index of the hop's rule in the text: its recorded line when it matches, else the first equal line. */
export function findRuleLine(lines: readonly string[], hop: PacketHop): number {
  const r = hop.rule;
  if (!r) return -1;
  const want = r.text.trim();
  if (r.line !== undefined && lines[r.line]?.trim() === want) return r.line;
  const i = lines.findIndex((l) => l.trim() === want);
  if (i >= 0) return i;
  return r.line !== undefined && r.line < lines.length ? r.line : -1;
}

export function RulesPanel() {
  const t = useT();
  const app = useAppStore();
  const actions = useActions();
  const rules = useApp(selectRules);
  const cluster = useApp(selectCluster);
  const stepHop = useApp(selectStepHop);
  const [flash, setFlash] = useState<{ line: number; n: number } | null>(null);
  const preRef = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => (rules ? rules.text.split('\n') : []), [rules]);

  useEffect(() => {
    if (!rules) return;
    let n = 0;
    return app.onHop((hop) => {
      if (hop.node !== rules.node) return;
      const line = findRuleLine(lines, hop);
      if (line >= 0) setFlash({ line, n: ++n });
    });
  }, [app, rules, lines]);

  const stepLine = stepHop && rules && stepHop.node === rules.node ? findRuleLine(lines, stepHop) : -1;
  const highlight = stepLine >= 0 ? stepLine : (flash?.line ?? -1);

  // Keep the highlighted rule visible inside the panel (not the page).
  useEffect(() => {
    const box = preRef.current;
    if (!box || highlight < 0) return;
    const el = box.querySelector<HTMLElement>(`[data-line="${highlight}"]`);
    if (!el) return;
    if (el.offsetTop < box.scrollTop || el.offsetTop > box.scrollTop + box.clientHeight - 20) box.scrollTop = el.offsetTop - box.clientHeight / 3;
  }, [highlight, flash]);

  const nodes = cluster?.nodes.map((n) => n.metadata.name ?? '') ?? [];
  return (
    <section className="rules" data-testid="rules" aria-label={t('rules')} data-node={rules?.node ?? ''} data-mode={rules?.mode ?? ''}>
      <header>
        <h2>
          {t('rulesFor')}{' '}
          <select aria-label={t('selectNode')} value={rules?.node ?? ''} onChange={(e) => actions.selectNode(e.target.value)}>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>{' '}
          <span className="mode-tag">{rules?.mode === 'ipvs' ? 'IPVS' : rules?.mode}</span>
        </h2>
      </header>
      <div className="rules-text" ref={preRef} tabIndex={0} role="region" aria-label={`${t('rulesFor')} ${rules?.node ?? ''}`}>
        {lines.slice(0, MAX_LINES).map((l, i) => (
          <div key={i} data-line={i} className={i === highlight ? 'hit' : undefined}>
            {l || ' '}
          </div>
        ))}
        {lines.length > MAX_LINES && <div className="more">… {lines.length - MAX_LINES} more lines</div>}
      </div>
    </section>
  );
}
