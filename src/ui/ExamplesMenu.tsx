// Guided examples: one per section of the seed notes, each a manifest in
// public/examples with a short explanation (listed in public/examples/index.json).

import { useEffect, useState } from 'react';
import { useT, useApp } from './context';

export interface ExampleEntry {
  id: string;
  file: string;
  title: { en: string; vi: string };
  explain: { en: string; vi: string };
  /** proxy mode the example is about, if any */
  mode?: string;
}

export function examplesBase(): string {
  return new URL('examples/', document.baseURI).toString();
}

export async function fetchExamples(): Promise<ExampleEntry[]> {
  const r = await fetch(`${examplesBase()}index.json`);
  if (!r.ok) throw new Error(`examples index: HTTP ${r.status}`);
  return ((await r.json()) as { examples: ExampleEntry[] }).examples;
}

export async function fetchExampleText(e: ExampleEntry): Promise<string> {
  const r = await fetch(`${examplesBase()}${e.file}`);
  if (!r.ok) throw new Error(`${e.file}: HTTP ${r.status}`);
  return r.text();
}

export function ExamplesMenu({ onPick }: { onPick(e: ExampleEntry): void }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const [list, setList] = useState<ExampleEntry[]>([]);
  useEffect(() => {
    let alive = true;
    fetchExamples()
      .then((l) => alive && setList(l))
      .catch(() => alive && setList([]));
    return () => {
      alive = false;
    };
  }, []);
  return (
    <label className="inline examples-menu">
      <span>{t('examples')}</span>
      <select
        aria-label={t('examples')}
        value=""
        onChange={(e) => {
          const ex = list.find((x) => x.id === e.target.value);
          if (ex) onPick(ex);
        }}
      >
        <option value="">—</option>
        {list.map((x) => (
          <option key={x.id} value={x.id}>
            {x.title[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
