// The manifest editor: a plain textarea at once, CodeMirror when it has
// loaded. Typing updates the text immediately and reloads the model in the
// worker after a short pause, so the page never freezes.

import { lazy, Suspense, useEffect, useRef } from 'react';
import { selectDiagnostics, selectText } from '../store/selectors';
import { useActions, useApp, useT } from './context';
import { DiagnosticsList } from './DiagnosticsList';

const CodeEditor = lazy(() => import('./CodeEditor'));

const DEBOUNCE_MS = 200;

export function EditorPane() {
  const t = useT();
  const text = useApp(selectText);
  const diagnostics = useApp(selectDiagnostics);
  const actions = useActions();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const gotoRef = useRef<((line: number, column: number) => void) | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const onChange = (next: string): void => {
    actions.setText(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => actions.load(next), DEBOUNCE_MS);
  };

  const fallback = (
    <textarea className="code-fallback" aria-label={t('editor')} value={text} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
  );

  return (
    <section className="editor-pane" aria-label={t('editor')}>
      <h2>{t('editor')}</h2>
      <p className="hint">{t('editorHint')}</p>
      <Suspense fallback={fallback}>
        <CodeEditor value={text} onChange={onChange} diagnostics={diagnostics} label={t('editor')} gotoRef={gotoRef} />
      </Suspense>
      <DiagnosticsList onGoto={(l, c) => gotoRef.current?.(l, c)} />
    </section>
  );
}
