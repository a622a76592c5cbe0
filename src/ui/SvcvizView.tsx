// The reusable visualizer: the app page and the embed both mount this.
// Props are stable API (embed depends on them); an imperative handle gives
// load / setMode / play / pause / getStats and the store itself.

import { useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { Ref } from 'react';
import type { ProxyMode } from '../model/types';
import { createAppStore } from '../store/app-store';
import type { AppStore, Lang, Theme } from '../store/app-store';
import { createSimClient } from '../worker/client';
import { AppContext, useApp, useT } from './context';
import { ModeControl } from './ModeControl';
import { PlaybackControls } from './PlaybackControls';
import { SceneView } from './SceneView';
import { RulesPanel } from './RulesPanel';
import { EditorPane } from './EditorPane';
import { Inspector } from './Inspector';
import { StepPanel } from './StepPanel';
import { DistributionChart } from './DistributionChart';
import { DiagnosticsList } from './DiagnosticsList';
import './styles.css';

export interface SvcvizStats {
  mode: ProxyMode;
  simTime: number;
  /** requests delivered per pod key (`Pod/ns/name`) since the manifest was loaded */
  received: Record<string, number>;
  packetsInFlight: number;
  diagnostics: number;
}

export interface SvcvizHandle {
  load(yaml: string): void;
  setMode(mode: ProxyMode): void;
  play(): void;
  pause(): void;
  getStats(): SvcvizStats;
  store: AppStore;
}

export interface SvcvizViewProps {
  initialYaml?: string;
  mode?: ProxyMode;
  controls?: 'full' | 'compact' | 'none';
  autoplay?: boolean;
  theme?: Theme;
  lang?: Lang;
  /** supply a store (e.g. to share it with a page header); otherwise one is created with a worker */
  store?: AppStore;
  ref?: Ref<SvcvizHandle>;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function SvcvizView(props: SvcvizViewProps) {
  // Without a given store, own one (and its worker) for as long as the view is
  // mounted; created in an effect so React StrictMode's remount gets a fresh one.
  const [own, setOwn] = useState<AppStore | null>(null);
  useEffect(() => {
    if (props.store) return;
    const s = createAppStore(createSimClient());
    setOwn(s);
    return () => {
      s.destroy();
      setOwn(null);
    };
  }, [props.store]);
  const app = props.store ?? own;
  if (!app) return null;
  return <SvcvizWithStore {...props} app={app} />;
}

function SvcvizWithStore(props: SvcvizViewProps & { app: AppStore }) {
  const { app } = props;
  // Initial manifest, mode and playback: once per store.
  const started = useRef<AppStore | null>(null);
  useEffect(() => {
    if (started.current === app) return;
    started.current = app;
    if (props.initialYaml !== undefined) app.actions.load(props.initialYaml);
    if (props.mode) app.actions.setMode(props.mode);
    const still = props.autoplay === false || (props.autoplay === undefined && prefersReducedMotion());
    if (still) app.actions.pause();
  }, [app, props.initialYaml, props.mode, props.autoplay]);

  useEffect(() => {
    if (props.lang) app.actions.setLang(props.lang);
  }, [props.lang, app]);
  useEffect(() => {
    if (props.theme) app.actions.setTheme(props.theme);
  }, [props.theme, app]);

  useImperativeHandle(
    props.ref,
    () => ({
      load: (yaml) => app.actions.load(yaml),
      setMode: (m) => app.actions.setMode(m),
      play: () => app.actions.play(),
      pause: () => app.actions.pause(),
      getStats: () => {
        const s = app.store.getState();
        const el = document.querySelector('[data-testid="scene"]');
        return {
          mode: s.frame?.mode ?? 'iptables',
          simTime: s.simTime,
          received: s.received,
          packetsInFlight: Number(el?.getAttribute('data-packets-in-flight') ?? 0),
          diagnostics: s.frame?.diagnostics.length ?? 0,
        };
      },
      store: app,
    }),
    [app],
  );

  return (
    <AppContext.Provider value={app}>
      <Layout controls={props.controls ?? 'full'} />
    </AppContext.Provider>
  );
}

function Layout({ controls }: { controls: 'full' | 'compact' | 'none' }) {
  const t = useT();
  const theme = useApp((s) => s.theme);
  const error = useApp((s) => s.error);
  const reduced = useMemo(prefersReducedMotion, []);
  return (
    <div className={`svcviz controls-${controls}`} data-theme={theme}>
      {controls !== 'none' && (
        <div className="toolbar">
          <ModeControl />
          <PlaybackControls compact={controls === 'compact'} />
        </div>
      )}
      {reduced && controls !== 'none' && <p className="notice">{t('reducedMotion')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="panes">
        {controls === 'full' && (
          <div className="pane-left">
            <EditorPane />
          </div>
        )}
        <div className="pane-right">
          <SceneView />
          {controls !== 'none' && <StepPanel />}
          {controls === 'full' && (
            <div className="below-scene">
              <Inspector />
              <DistributionChart />
            </div>
          )}
          {controls === 'compact' && <DiagnosticsList />}
          {controls !== 'none' && <RulesPanel />}
        </div>
      </div>
    </div>
  );
}
