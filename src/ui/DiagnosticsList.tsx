// The problems in the manifest, each with its 1-based line; activating one
// moves the editor cursor there.

import { selectDiagnostics, selectIsStale } from '../store/selectors';
import { useApp, useT } from './context';

export function DiagnosticsList({ onGoto }: { onGoto?: (line: number, column: number) => void }) {
  const t = useT();
  const diagnostics = useApp(selectDiagnostics);
  const stale = useApp(selectIsStale);
  return (
    <section className="diagnostics-box" aria-label={t('diagnostics')}>
      {stale && (
        <p className="stale" role="status">
          {t('staleNotice')}
        </p>
      )}
      <ul data-testid="diagnostics" className="diagnostics">
        {diagnostics.map((d, i) => (
          <li key={i} className={d.severity} data-line={d.line} data-severity={d.severity}>
            <button type="button" onClick={() => onGoto?.(d.line, d.column)}>
              <span className="where">
                {t('line')} {d.line}
              </span>{' '}
              <span className="sev">{d.severity}</span>{' '}
              {d.kind && (
                <span className="obj">
                  {d.kind} "{d.namespace ? `${d.namespace}/` : ''}
                  {d.name}":{' '}
                </span>
              )}
              <span className="msg">{d.message}</span>
            </button>
          </li>
        ))}
      </ul>
      {diagnostics.length === 0 && <p className="ok">{t('noDiagnostics')}</p>}
    </section>
  );
}
