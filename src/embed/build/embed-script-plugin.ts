// Vite plugin: emits svcviz-embed.js, the <svc-viz> web component, as ONE
// classic script (IIFE) at the root of the build output, next to embed.html.
//
// Why a nested build: the app's bundle is ES modules with hashed, shared
// chunks; a script that documentation pages include with a plain
// <script src> (from <head> or <body>, no type="module") must be a single
// self-contained file with a stable name. In dev, the same bundle is served
// on request.

import { build, type Plugin } from 'vite';

export const EMBED_SCRIPT_FILE = 'svcviz-embed.js';

async function bundleElement(entry: string, minify: boolean): Promise<string> {
  const result = await build({
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify,
      target: 'es2020',
      emptyOutDir: false,
      lib: { entry, formats: ['iife'], name: 'SvcvizEmbed', fileName: () => EMBED_SCRIPT_FILE },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if (!('output' in out)) continue;
    for (const item of out.output) if (item.type === 'chunk' && item.isEntry) return item.code;
  }
  throw new Error(`svcviz-embed-script: no output for ${entry}`);
}

export function svcvizEmbedScript(entry: string): Plugin {
  return {
    name: 'svcviz-embed-script',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: EMBED_SCRIPT_FILE, source: await bundleElement(entry, true) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        if (!path.endsWith(`/${EMBED_SCRIPT_FILE}`)) return next();
        bundleElement(entry, false).then(
          (code) => {
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.end(code);
          },
          (err: unknown) => next(err),
        );
      });
    },
  };
}
