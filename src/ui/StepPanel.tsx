// Step mode: one connection, one hop at a time, in plain language — which
// rule decided it, why, and what changed in the packet.

import type { MessageKey } from '../i18n';
import { translateHop } from '../i18n/hop-text.vi';
import type { PacketHop } from '../protocol/messages';
import { selectStep } from '../store/selectors';
import { useActions, useApp, useT } from './context';

function header(h: PacketHop): string {
  const x = h.header;
  return `${x.protocol} ${x.srcIP}:${x.srcPort} → ${x.dstIP}:${x.dstPort}`;
}

const ipPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The plain-language sentence for a hop: what happened and why, from what changed in the packet. */
export function explainHop(hop: PacketHop, prev: PacketHop | undefined): { key: MessageKey; vars: Record<string, string> } {
  const h = hop.header;
  const node = hop.node ?? hop.to.replace(/^Node\/\//, '');
  const dstChanged = prev && (prev.header.dstIP !== h.dstIP || prev.header.dstPort !== h.dstPort) && prev.phase !== 'dns';
  const srcChanged = prev && prev.header.srcIP !== h.srcIP && prev.phase !== 'dns';
  switch (hop.phase) {
    case 'dns':
      return { key: hop.header.dstPort === 53 ? 'whyDnsQuery' : 'whyDnsAnswer', vars: {} };
    case 'proxy':
      if (hop.to.startsWith('proxy/')) return { key: 'whyRedirect', vars: { node, to: ipPort(h.dstIP, h.dstPort) } };
      if (dstChanged && srcChanged && prev?.to.startsWith('proxy/')) return { key: 'whyProxyConnect', vars: { to: ipPort(h.dstIP, h.dstPort) } };
      if (dstChanged && prev) return { key: 'whyDnat', vars: { node, from: ipPort(prev.header.dstIP, prev.header.dstPort), to: ipPort(h.dstIP, h.dstPort) } };
      if (srcChanged) return { key: 'whySnat', vars: { to: h.srcIP } };
      return { key: 'whyRule', vars: { node } };
    case 'wire':
      return srcChanged ? { key: 'whySnat', vars: { to: h.srcIP } } : { key: 'whyWire', vars: { node: hop.to.replace(/^Node\/\//, '') } };
    case 'deliver':
      return { key: 'whyDeliver', vars: { src: h.srcIP } };
    case 'lb':
      return { key: 'whyLb', vars: {} };
    case 'outside':
      return { key: 'whyOutside', vars: {} };
    default:
      return { key: 'whyDrop', vars: {} };
  }
}

export function StepPanel() {
  const t = useT();
  const step = useApp(selectStep);
  const actions = useActions();
  const lang = useApp((s) => s.lang);
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
          <p className="why">{(({ key, vars }) => t(key, vars))(explainHop(hop, prev))}</p>
          <p className="explain">{translateHop(lang, hop)}</p>
          {lang !== 'en' && translateHop(lang, hop) !== hop.explain && (
            <details className="engine-text">
              <summary>{t('engineText')}</summary>
              <p lang="en">{hop.explain}</p>
            </details>
          )}
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
