// Ready-to-paste snippets for documentation pages: an <iframe>, the <svc-viz>
// web component, and Markdown / MDX. Pure string building, so every escaping
// rule is unit-tested: a manifest or URL can never break out of an attribute
// or the inline <script type="text/yaml">.

import { formatEmbedParams, type EmbedParams } from './params';

export const EMBED_PAGE = 'embed.html';
export const EMBED_SCRIPT = 'svcviz-embed.js';
export const EMBED_TITLE = 'svcviz: interactive Kubernetes Service diagram';

export interface SnippetInput {
  /** URL of the folder that holds embed.html and svcviz-embed.js (the app's own folder), ending in `/` */
  baseUrl: string;
  params: Partial<EmbedParams>;
  /** shared state fragment `#s=…` (manifest inline); omitted when params.src names a hosted manifest */
  fragment?: string;
  /** manifest text, for the web component's inline <script type="text/yaml"> */
  yaml?: string;
  /** iframe height in CSS pixels */
  height?: number;
}

export function escapeHtmlAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Inline YAML inside <script type="text/yaml">: the HTML parser ends the script
 * at the first `</script` and treats `<!--` specially, whatever the type. Both
 * are written with a backslash (`<\/script`, `<\!--`), which <svc-viz> undoes
 * when it reads the text (see unescapeInlineYaml).
 */
export function escapeInlineYaml(yaml: string): string {
  return yaml.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function unescapeInlineYaml(text: string): string {
  return text.replace(/<\\\/(script)/gi, '</$1').replace(/<\\!--/g, '<!--');
}

/** Removes the common leading indentation a snippet adds, keeping YAML's own structure. */
export function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, '').replace(/\n\s*$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n') + '\n';
}

export function embedPageUrl(input: SnippetInput): string {
  return `${input.baseUrl}${EMBED_PAGE}${formatEmbedParams(input.params)}${input.fragment ?? ''}`;
}

export function buildIframeSnippet(input: SnippetInput): string {
  const h = input.height ?? 480;
  return (
    `<iframe src="${escapeHtmlAttr(embedPageUrl(input))}" title="${EMBED_TITLE}" ` +
    `width="100%" height="${h}" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>\n`
  );
}

export function buildWebComponentSnippet(input: SnippetInput): string {
  const p = input.params;
  const attrs: string[] = [];
  if (p.src) attrs.push(`src="${escapeHtmlAttr(p.src)}"`);
  if (p.mode) attrs.push(`mode="${p.mode}"`);
  if (p.controls && p.controls !== 'none') attrs.push(`controls="${p.controls}"`);
  if (p.autoplay === false) attrs.push('autoplay="false"');
  else if (p.autoplay) attrs.push('autoplay');
  if (p.theme && p.theme !== 'auto') attrs.push(`theme="${p.theme}"`);
  if (p.lang) attrs.push(`lang="${escapeHtmlAttr(p.lang)}"`);
  if (input.height) attrs.push(`style="height:${input.height}px"`);
  const open = `<svc-viz${attrs.length ? ' ' + attrs.join(' ') : ''}>`;
  const script = `<script src="${escapeHtmlAttr(input.baseUrl + EMBED_SCRIPT)}" defer></script>\n`;
  if (p.src || input.yaml === undefined) return `${script}${open}</svc-viz>\n`;
  const body = escapeInlineYaml(input.yaml.endsWith('\n') ? input.yaml : input.yaml + '\n');
  return `${script}${open}\n<script type="text/yaml">\n${body}</script>\n</svc-viz>\n`;
}

/**
 * Markdown: most static-site generators (MkDocs, Hugo, Jekyll, Docusaurus'
 * .md) pass raw HTML through; renderers that strip iframes (GitHub) still show
 * the link line below it.
 */
export function buildMarkdownSnippet(input: SnippetInput): string {
  const url = embedPageUrl(input);
  return `${buildIframeSnippet(input)}\n[Open the interactive diagram](<${url.replace(/[<>]/g, encodeURIComponent)}>)\n`;
}

/** MDX is JSX: attributes are JSX attributes and `style` is an object. */
export function buildMdxSnippet(input: SnippetInput): string {
  const h = input.height ?? 480;
  const src = JSON.stringify(embedPageUrl(input));
  return (
    `<iframe\n  src={${src}}\n  title=${JSON.stringify(EMBED_TITLE)}\n  width="100%"\n  height={${h}}\n` +
    `  style={{ border: 0, maxWidth: '100%' }}\n  loading="lazy"\n/>\n`
  );
}
