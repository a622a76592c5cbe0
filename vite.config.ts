/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { svcvizEmbedScript } from './src/embed/build/embed-script-plugin.ts';

// `base: './'` makes every asset URL relative, so the build works from any
// sub-path of a static host (e.g. GitHub Pages) without a rebuild.
export default defineConfig({
  base: './',
  // svcvizEmbedScript: the <svc-viz> web component as one classic script, svcviz-embed.js.
  plugins: [react(), svcvizEmbedScript(resolve(import.meta.dirname, 'src/embed/element/svc-viz-element.ts'))],
  worker: { format: 'es' },
  // Deps imported only from the worker are found late by the dev server, which
  // then re-optimizes and reloads the page; pre-bundle them up front.
  optimizeDeps: {
    include: [
      'js-yaml',
      'fflate',
      // the lazily imported editor: found late, it made the dev server reload
      // the page on a newcomer's first `npm start` (losing the example intro)
      '@codemirror/state',
      '@codemirror/view',
      '@codemirror/commands',
      '@codemirror/language',
      '@codemirror/lang-yaml',
      '@codemirror/lint',
      '@lezer/highlight',
    ],
  },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        embed: resolve(import.meta.dirname, 'embed.html'),
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'reports/unit.json' },
  },
});
