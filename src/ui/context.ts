// React access to one AppStore: components call `useApp(selector)` with a
// named selector from store/selectors and `useActions()` for actions.

import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../store/app-store';
import { translate } from '../i18n';
import type { MessageKey } from '../i18n';

export const AppContext = createContext<AppStore | null>(null);

export function useAppStore(): AppStore {
  const s = useContext(AppContext);
  if (!s) throw new Error('useAppStore outside <AppContext.Provider>');
  return s;
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore().store, selector);
}

export function useActions(): AppStore['actions'] {
  return useAppStore().actions;
}

/** `t('proxyMode')` in the current UI language */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const lang = useApp((s) => s.lang);
  return useCallback((key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars), [lang]);
}
