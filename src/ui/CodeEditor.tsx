// CodeMirror 6 YAML editor with line numbers and inline diagnostics. Loaded
// lazily (dynamic import) so it never delays the first picture.

import { useEffect, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting, indentOnInput, bracketMatching } from '@codemirror/language';
// A hard dependency of @codemirror/language: token classes (tok-*) that the
// stylesheet colours per theme, so light and dark both read well.
import { classHighlighter } from '@lezer/highlight';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import type { Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { Diagnostic } from '../model/diagnostic';

export interface CodeEditorProps {
  value: string;
  onChange(text: string): void;
  diagnostics: readonly Diagnostic[];
  label: string;
  /** set by the editor: moves the cursor to a 1-based line/column */
  gotoRef?: { current: ((line: number, column: number) => void) | null };
}

function toCm(state: EditorState, ds: readonly Diagnostic[]): CmDiagnostic[] {
  const out: CmDiagnostic[] = [];
  for (const d of ds) {
    if (d.line < 1 || d.line > state.doc.lines) continue;
    const line = state.doc.line(d.line);
    const from = Math.min(line.to, line.from + Math.max(0, d.column - 1));
    out.push({ from, to: line.to > from ? line.to : from, severity: d.severity, message: d.message });
  }
  return out;
}

export default function CodeEditor({ value, onChange, diagnostics, label, gotoRef }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(classHighlighter),
          yaml(),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    if (gotoRef) {
      gotoRef.current = (line, column) => {
        const l = v.state.doc.line(Math.min(Math.max(1, line), v.state.doc.lines));
        const pos = Math.min(l.to, l.from + Math.max(0, column - 1));
        v.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
        v.focus();
      };
    }
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; later value changes are dispatched below.
  }, []);

  // Text changed from outside (an action, an example): replace the document.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toCm(v.state, diagnostics)));
  }, [diagnostics, value]);

  return <div className="code-editor" ref={host} />;
}
