// The full page: header (examples, language, theme) around the visualizer.
// The manifest survives a reload (localStorage); ?src=URL loads one at start.

import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStore, Lang, Theme } from '../store/app-store';
import { translate } from '../i18n';
import { ExamplesMenu, fetchExamples, fetchExampleText } from './ExamplesMenu';
import type { ExampleEntry } from './ExamplesMenu';
import { SvcvizView } from './SvcvizView';
import { AppContext } from './context';
import type { ProxyMode } from '../model/types';

export const STORAGE_KEY = 'svcviz.manifest.v1';
const LANG_KEY = 'svcviz.lang';
const THEME_KEY = 'svcviz.theme';
export const DEFAULT_EXAMPLE = 'basic-service';

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode or quota: the text just does not persist */
  }
}

async function initialText(): Promise<{ text: string; example?: ExampleEntry }> {
  const src = new URLSearchParams(location.search).get('src');
  if (src) {
    const r = await fetch(new URL(src, location.href).toString());
    if (r.ok) return { text: await r.text() };
  }
  const saved = readStorage(STORAGE_KEY);
  if (saved !== null && saved.trim() !== '') return { text: saved };
  const list = await fetchExamples();
  const ex = list.find((e) => e.id === DEFAULT_EXAMPLE) ?? list[0];
  return ex ? { text: await fetchExampleText(ex), example: ex } : { text: '' };
}

export function App({ app, tools }: { app: AppStore; /** extra header controls (share / embed / export, wired by main.tsx) */ tools?: ReactNode }) {
  const lang = useStore(app.store, (s) => s.lang);
  const theme = useStore(app.store, (s) => s.theme);
  const [example, setExample] = useState<{ entry: ExampleEntry; text: string } | null>(null);
  const text = useStore(app.store, (s) => s.text);
  // The explanation belongs to the example's text; once the user edits it, it goes.
  const shown = example && example.text === text ? example.entry : null;
  const t = (k: Parameters<typeof translate>[1]) => translate(lang, k);

  useEffect(() => {
    const l = readStorage(LANG_KEY);
    if (l === 'en' || l === 'vi') app.actions.setLang(l);
    const th = readStorage(THEME_KEY);
    if (th === 'light' || th === 'dark' || th === 'auto') app.actions.setTheme(th);
    let alive = true;
    initialText()
      .then(({ text, example: ex }) => {
        if (!alive) return;
        app.actions.load(text);
        if (ex) setExample({ entry: ex, text });
      })
      .catch((e: unknown) => app.store.setState({ error: String(e) }));
    // Persist what the user types (and what actions write into the text).
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = app.store.subscribe((s, prev) => {
      if (s.text === prev.text) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => writeStorage(STORAGE_KEY, s.text), 150);
    });
    return () => {
      alive = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [app]);

  useEffect(() => {
    document.documentElement.lang = lang;
    writeStorage(LANG_KEY, lang);
  }, [lang]);
  useEffect(() => writeStorage(THEME_KEY, theme), [theme]);

  const pick = (ex: ExampleEntry): void => {
    void fetchExampleText(ex).then((text) => {
      app.actions.load(text);
      if (ex.mode) app.actions.setMode(ex.mode as ProxyMode);
      setExample({ entry: ex, text });
    });
  };

  return (
    <div className="app" data-theme={theme}>
      <header className="app-header">
        <h1>
          {t('appTitle')} <small>{t('tagline')}</small>
        </h1>
        <div className="header-controls">
          <ExamplesMenuHost app={app} onPick={pick} />
          {tools}
          <label className="inline">
            <span>{t('language')}</span>
            <select value={lang} onChange={(e) => app.actions.setLang(e.target.value as Lang)}>
              <option value="en">English</option>
              <option value="vi">Tiếng Việt</option>
            </select>
          </label>
          <label className="inline">
            <span>{t('theme')}</span>
            <select value={theme} onChange={(e) => app.actions.setTheme(e.target.value as Theme)}>
              <option value="auto">{t('themeAuto')}</option>
              <option value="light">{t('themeLight')}</option>
              <option value="dark">{t('themeDark')}</option>
            </select>
          </label>
        </div>
      </header>
      {shown && (
        <aside className="example-explain" aria-label={t('about')} data-example={shown.id}>
          <strong>{shown.title[lang]}</strong> — {shown.explain[lang]}
        </aside>
      )}
      <SvcvizView store={app} controls="full" />
    </div>
  );
}

// The menu needs the store's context for its language; give it one.
function ExamplesMenuHost({ app, onPick }: { app: AppStore; onPick(e: ExampleEntry): void }) {
  return (
    <AppContext.Provider value={app}>
      <ExamplesMenu onPick={onPick} />
    </AppContext.Provider>
  );
}
