// The proxy-mode radiogroup (userspace / iptables / IPVS / nftables) and the
// IPVS scheduler. Switching re-programs every node in the worker.

import type { ProxyMode } from '../model/types';
import { selectMode, selectScheduler } from '../store/selectors';
import { useActions, useApp, useT } from './context';

const MODES: { mode: ProxyMode; label: string }[] = [
  { mode: 'userspace', label: 'userspace' },
  { mode: 'iptables', label: 'iptables' },
  { mode: 'ipvs', label: 'IPVS' },
  { mode: 'nftables', label: 'nftables' },
];

// ipvsadm schedulers kube-proxy accepts (`--ipvs-scheduler`).
const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq'];

export function ModeControl() {
  const t = useT();
  const mode = useApp(selectMode);
  const scheduler = useApp(selectScheduler);
  const actions = useActions();
  return (
    <div className="mode-control">
      <div role="radiogroup" aria-label={t('proxyMode')} className="segmented">
        {MODES.map((m) => (
          <label key={m.mode} className={m.mode === mode ? 'on' : ''}>
            <input
              type="radio"
              name="proxy-mode"
              value={m.mode}
              checked={m.mode === mode}
              onChange={() => actions.setMode(m.mode)}
            />
            <span>{m.label}</span>
          </label>
        ))}
      </div>
      {mode === 'ipvs' && (
        <label className="inline">
          <span>{t('ipvsScheduler')}</span>
          <select value={scheduler} onChange={(e) => actions.setScheduler(e.target.value)}>
            {SCHEDULERS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
