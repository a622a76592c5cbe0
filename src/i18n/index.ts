// Looks up UI text by key in the chosen language, filling `{name}` slots.

import { en } from './en';
import type { MessageKey, Messages } from './en';
import { vi } from './vi';

export type { MessageKey };
export type Lang = 'en' | 'vi';

const tables: Record<Lang, Messages> = { en, vi };

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const s = tables[lang][key] ?? en[key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}
