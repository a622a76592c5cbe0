// Step mode: one connection, one hop at a time, in plain language — which
// rule decided it, why, and what changed in the packet.

import type { PacketHop } from '../protocol/messages';
import { selectStep } from '../store/selectors';
import { useActions, useApp, useT } from './context';

function header(h: PacketHop): string {
  const x = h.header;
  return `${x.protocol} ${x.srcIP}:${x.srcPort} → ${x.dstIP}:${x.dstPort}`;
}

export function StepPanel() {
  const t = useT();
  const step = useApp(selectStep);
  const actions = useActions();
  if (!step) return null;
  const hop = step.packet.hops[step.hop];
  const prev = step.hop > 0 ? step.packet.hops[step.hop - 1] : undefined;
  const last = step.hop === step.packet.hops.length - 1;
  return (
    <section
      className="step-panel"
      aria-label={t('step')}
      aria-live="polite"
      data-testid="step-panel"
      data-packet={step.packet.id}
      data-hop={step.hop}
      data-hops={step.packet.hops.length}
      data-phase={hop?.phase ?? ''}
      data-from={hop?.from ?? ''}
      data-to={hop?.to ?? ''}
      data-src-ip={hop?.header.srcIP ?? ''}
      data-dst-ip={hop?.header.dstIP ?? ''}
      data-phases={step.packet.hops.map((h) => h.phase).join(' ')}
      data-delivered-to={step.packet.deliveredTo ?? ''}
      data-final-src-ip={step.packet.hops.at(-1)?.header.srcIP ?? ''}
      data-final-to={step.packet.hops.at(-1)?.to ?? ''}
    >
      <h3>{t('hopOf', { n: step.hop + 1, total: step.packet.hops.length })}</h3>
      {hop ? (
        <>
          <p className="explain">{hop.explain}</p>
          <p className="packet">
            <code>{header(hop)}</code>
            {prev && header(prev) !== header(hop) && (
              <span className="was">
                {' '}
                (was <code>{header(prev)}</code>)
              </span>
            )}
          </p>
          {hop.rule && (
            <p className="rule">
              <span>
                {hop.node} · {hop.rule.table} {hop.rule.chain}
              </span>
              <code>{hop.rule.text}</code>
            </p>
          )}
          {last && (
            <p className="outcome">
              {step.packet.deliveredTo
                ? t('delivered', { pod: step.packet.deliveredTo.replace(/^Pod\//, '') })
                : t('failed', { reason: step.packet.failed ?? '?' })}
            </p>
          )}
        </>
      ) : (
        <p>{step.packet.failed ?? t('noHop')}</p>
      )}
      <div className="buttons">
        <button type="button" onClick={() => actions.stepNext()}>
          ⇥ {t('nextHop')}
        </button>
        <button type="button" onClick={() => actions.stepStart()}>
          {t('newConnection')}
        </button>
        <button type="button" onClick={() => actions.stepExit()}>
          {t('exitStep')}
        </button>
      </div>
    </section>
  );
}
