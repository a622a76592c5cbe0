// The selected node's kube-proxy rules in the current mode, exactly as the
// native tool prints them; the rule each passing packet matched lights up.
// Highlighting is a hot path (many packets a second, thousands of lines), so
// it toggles a class on the line directly instead of re-rendering.

import { useEffect, useMemo, useRef } from 'react';
import type { PacketHop } from '../protocol/messages';
import { selectCluster, selectRules, selectStepHop } from '../store/selectors';
import { useActions, useApp, useAppStore, useT } from './context';

const MAX_LINES = 4000;
/** at most this many highlight changes a second */
const FLASH_INTERVAL_MS = 120;

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

function highlightLine(box: HTMLElement, line: number): void {
  box.querySelector('.hit')?.classList.remove('hit');
  if (line < 0) return;
  const el = box.querySelector<HTMLElement>(`[data-line="${line}"]`);
  if (!el) return;
  el.classList.add('hit');
  box.setAttribute('data-hit-line', String(line));
  // Keep the highlighted rule visible inside the panel (not the page).
  if (el.offsetTop < box.scrollTop || el.offsetTop > box.scrollTop + box.clientHeight - 20) box.scrollTop = el.offsetTop - box.clientHeight / 3;
}

export function RulesPanel() {
  const t = useT();
  const app = useAppStore();
  const actions = useActions();
  const rules = useApp(selectRules);
  const cluster = useApp(selectCluster);
  const stepHop = useApp(selectStepHop);
  const boxRef = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => (rules ? rules.text.split('\n') : []), [rules]);
  // line index by rule text, so a packet's rule is found without scanning
  const index = useMemo(() => {
    const m = new Map<string, number>();
    lines.forEach((l, i) => {
      const k = l.trim();
      if (!m.has(k)) m.set(k, i);
    });
    return m;
  }, [lines]);

  useEffect(() => {
    if (!rules || stepHop) return;
    let last = 0;
    return app.onHop((hop) => {
      if (hop.node !== rules.node || !hop.rule || !boxRef.current) return;
      const now = performance.now();
      if (now - last < FLASH_INTERVAL_MS) return;
      last = now;
      const line = index.get(hop.rule.text.trim()) ?? -1;
      if (line >= 0) highlightLine(boxRef.current, line);
    });
  }, [app, rules, index, stepHop]);

  // Step mode: the hop being explained.
  useEffect(() => {
    if (!boxRef.current || !stepHop) return;
    highlightLine(boxRef.current, rules && stepHop.node === rules.node ? findRuleLine(lines, stepHop) : -1);
  }, [stepHop, rules, lines]);

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
      <div className="rules-text" ref={boxRef} tabIndex={0} role="region" aria-label={`${t('rulesFor')} ${rules?.node ?? ''}`}>
        {lines.slice(0, MAX_LINES).map((l, i) => (
          <div key={i} data-line={i}>
            {l || ' '}
          </div>
        ))}
        {lines.length > MAX_LINES && <div className="more">… {lines.length - MAX_LINES} more lines</div>}
      </div>
    </section>
  );
}
