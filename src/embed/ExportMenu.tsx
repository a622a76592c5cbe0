// Export buttons: the scene as SVG or PNG, the selected node's kube-proxy
// rules as text (exactly as the rules panel shows them), and the topology as
// a Mermaid diagram.

import { useState } from 'react';
import type { AppStore } from '../store/app-store';
import { copyText, downloadBlob, downloadText } from './export/download';
import { MERMAID_FILE, SCENE_PNG_FILE, SCENE_SVG_FILE, rulesFilename } from './export/filenames';
import { buildMermaidTopology } from './export/mermaid';
import { useEmbedT } from './i18n';
import { renderPng } from './export/png';
import { pageBackground, serializeSceneSvg } from './export/svg';

function sceneElements(): { svg: SVGSVGElement; overlay: HTMLCanvasElement | null } | null {
  const host = document.querySelector('[data-testid="scene"]');
  const svg = host?.querySelector('svg');
  if (!host || !svg) return null;
  return { svg, overlay: host.querySelector('canvas') };
}

export function ExportMenu({ app }: { app: AppStore }) {
  const t = useEmbedT(app);
  const [status, setStatus] = useState('');

  const run = async (what: string, f: () => Promise<void> | void): Promise<void> => {
    try {
      await f();
      setStatus(t('done', { what }));
    } catch (e) {
      setStatus(t('failed', { what, reason: e instanceof Error ? e.message : String(e) }));
    }
  };

  const svgOf = () => {
    const s = sceneElements();
    if (!s) throw new Error(t('noScene'));
    return { ...s, serialized: serializeSceneSvg(s.svg, pageBackground(s.svg)) };
  };

  return (
    <div className="export-menu" role="group" aria-label={t('export')}>
      <button type="button" onClick={() => void run('SVG', () => downloadText(svgOf().serialized.text, SCENE_SVG_FILE, 'image/svg+xml'))}>
        {t('exportSvg')}
      </button>
      <button
        type="button"
        onClick={() =>
          void run('PNG', async () => {
            const s = svgOf();
            downloadBlob(await renderPng(s.serialized, s.overlay), SCENE_PNG_FILE);
          })
        }
      >
        {t('exportPng')}
      </button>
      <button
        type="button"
        onClick={() =>
          void run('Rules', () => {
            const rules = app.store.getState().frame?.rules;
            if (!rules) throw new Error(t('selectNodeFirst'));
            downloadText(rules.text, rulesFilename(rules.node, rules.mode));
          })
        }
      >
        {t('exportRules')}
      </button>
      <button
        type="button"
        onClick={() =>
          void run('Mermaid', () => {
            const cluster = app.store.getState().frame?.cluster;
            if (!cluster) throw new Error(t('noCluster'));
            downloadText(buildMermaidTopology(cluster), MERMAID_FILE);
          })
        }
      >
        {t('exportMermaid')}
      </button>
      <button
        type="button"
        onClick={() =>
          void run('Mermaid copy', async () => {
            const cluster = app.store.getState().frame?.cluster;
            if (!cluster) throw new Error(t('noCluster'));
            if (!(await copyText(buildMermaidTopology(cluster)))) throw new Error(t('clipboardRefused'));
          })
        }
      >
        {t('copyMermaid')}
      </button>
      <span className="export-status" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
