// Play / pause / step / speed, and which source sends traffic to which Service.

import type { TrafficSourceRef, TrafficTargetRef } from '../protocol/messages';
import { selectStep, selectTraffic } from '../store/selectors';
import { useActions, useApp, useT } from './context';

export function sourceLabel(s: TrafficSourceRef, externalClient: string): string {
  if (s.kind === 'pod') return `Pod ${s.namespace === 'default' ? '' : `${s.namespace}/`}${s.name}`;
  if (s.kind === 'node') return `Node ${s.name}`;
  return externalClient;
}

const sourceValue = (s: TrafficSourceRef): string => JSON.stringify(s);
const targetValue = (t: TrafficTargetRef): string => `${t.namespace}/${t.name}`;

export function PlaybackControls({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const traffic = useApp(selectTraffic);
  const sources = useApp((s) => s.frame?.sources);
  const targets = useApp((s) => s.frame?.targets);
  const step = useApp(selectStep);
  const actions = useActions();
  const playing = (traffic?.playing ?? false) && !step;
  return (
    <div className="playback" role="group" aria-label={t('play')}>
      <button type="button" onClick={() => (playing ? actions.pause() : actions.play())} aria-pressed={playing}>
        {playing ? `❚❚ ${t('pause')}` : `▶ ${t('play')}`}
      </button>
      <button type="button" onClick={() => (step ? actions.stepNext() : actions.stepStart())}>
        {step ? `⇥ ${t('nextHop')}` : `⇥ ${t('step')}`}
      </button>
      <label className="inline">
        <span>{t('speed')}</span>
        <select value={String(traffic?.speed ?? 1)} onChange={(e) => actions.setSpeed(Number(e.target.value))}>
          {[0.25, 0.5, 1, 2, 4].map((v) => (
            <option key={v} value={v}>
              {v}×
            </option>
          ))}
        </select>
      </label>
      {!compact && (
        <>
          <label className="inline">
            <span>{t('rate')}</span>
            <select value={String(traffic?.connectionsPerSecond ?? 2)} onChange={(e) => actions.setRate(Number(e.target.value))}>
              {[0.5, 1, 2, 5, 10, 50, 150].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <span>{t('source')}</span>
            <select
              value={traffic?.source ? sourceValue(traffic.source) : ''}
              onChange={(e) => actions.setSource(e.target.value ? (JSON.parse(e.target.value) as TrafficSourceRef) : null)}
            >
              {(sources ?? []).map((s) => (
                <option key={sourceValue(s)} value={sourceValue(s)}>
                  {sourceLabel(s, t('externalClient'))}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <span>{t('target')}</span>
            <select
              value={traffic?.target ? targetValue(traffic.target) : ''}
              onChange={(e) => {
                const [namespace = '', name = ''] = e.target.value.split('/');
                actions.setTarget({ namespace, name });
              }}
            >
              {(targets ?? []).map((x) => (
                <option key={targetValue(x)} value={targetValue(x)}>
                  {x.namespace === 'default' ? x.name : targetValue(x)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </div>
  );
}
