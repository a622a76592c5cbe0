import { describe, expect, it } from 'vitest';
import {
  buildIframeSnippet,
  buildMarkdownSnippet,
  buildMdxSnippet,
  buildWebComponentSnippet,
  dedent,
  escapeHtmlAttr,
  escapeInlineYaml,
  unescapeInlineYaml,
  type SnippetInput,
} from './snippets';

const base = 'https://example.github.io/svcviz/';
const YAML = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: my-service\n';

describe('iframe snippet', () => {
  it.each<{ name: string; input: SnippetInput; expected: string }>([
    {
      name: 'hosted manifest',
      input: { baseUrl: base, params: { src: 'https://example.com/web.yaml', mode: 'ipvs', controls: 'compact' } },
      expected:
        '<iframe src="https://example.github.io/svcviz/embed.html?src=https%3A%2F%2Fexample.com%2Fweb.yaml&amp;mode=ipvs&amp;controls=compact" ' +
        'title="svcviz: interactive Kubernetes Service diagram" width="100%" height="480" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>\n',
    },
    {
      name: 'inline state in the fragment, custom height',
      input: { baseUrl: base, params: { theme: 'dark', autoplay: false }, fragment: '#s=abc_-', height: 360 },
      expected:
        '<iframe src="https://example.github.io/svcviz/embed.html?autoplay=0&amp;theme=dark#s=abc_-" ' +
        'title="svcviz: interactive Kubernetes Service diagram" width="100%" height="360" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>\n',
    },
  ])('$name', ({ input, expected }) => {
    expect(buildIframeSnippet(input)).toBe(expected);
  });

  it('cannot be broken out of by a hostile base URL', () => {
    const s = buildIframeSnippet({ baseUrl: 'https://x.test/"><script>alert(1)</script>/', params: {} });
    expect(s).not.toContain('<script>');
    expect(s).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('web component snippet', () => {
  it('inline YAML in a child <script type="text/yaml">', () => {
    expect(buildWebComponentSnippet({ baseUrl: base, params: { mode: 'nftables', controls: 'compact' }, yaml: YAML })).toBe(
      '<script src="https://example.github.io/svcviz/svcviz-embed.js" defer></script>\n' +
        '<svc-viz mode="nftables" controls="compact">\n<script type="text/yaml">\n' +
        YAML +
        '</script>\n</svc-viz>\n',
    );
  });

  it('hosted manifest via src, with every attribute', () => {
    expect(
      buildWebComponentSnippet({ baseUrl: base, params: { src: 'web.yaml', mode: 'iptables', controls: 'full', autoplay: false, theme: 'light', lang: 'vi' }, height: 400 }),
    ).toBe(
      '<script src="https://example.github.io/svcviz/svcviz-embed.js" defer></script>\n' +
        '<svc-viz src="web.yaml" mode="iptables" controls="full" autoplay="false" theme="light" lang="vi" style="height:400px"></svc-viz>\n',
    );
  });

  it.each([
    { autoplay: true, attr: '<svc-viz autoplay>' },
    { autoplay: false, attr: '<svc-viz autoplay="false">' },
    { autoplay: undefined, attr: '<svc-viz>' },
  ])('autoplay $autoplay -> $attr', ({ autoplay, attr }) => {
    expect(buildWebComponentSnippet({ baseUrl: base, params: autoplay === undefined ? {} : { autoplay } })).toContain(`${attr}</svc-viz>`);
  });

  it('a manifest containing </script> cannot end the inline script early', () => {
    const hostile = 'metadata:\n  annotations:\n    note: "</script><script>alert(1)</script> <!-- x"\n';
    const s = buildWebComponentSnippet({ baseUrl: base, params: {}, yaml: hostile });
    const inner = s.slice(s.indexOf('<script type="text/yaml">'));
    // exactly one closing tag: the snippet's own
    expect(inner.match(/<\/script/gi)).toHaveLength(1);
    expect(inner).not.toContain('<!--');
  });
});

describe('inline YAML escaping round-trips', () => {
  it.each(['plain: yes\n', 'a: "</script>"\n', 'b: "</SCRIPT >"\n', 'c: "<!-- -->"\n', 'd: "<\\/script>" # already escaped text\n'])('%j', (yaml) => {
    // the one ambiguous input, text that already contains `<\/script`, is read back as `</script`
    const back = unescapeInlineYaml(escapeInlineYaml(yaml));
    expect(back).toBe(yaml.replace('<\\/script', '</script'));
  });
});

describe('Markdown and MDX', () => {
  const input: SnippetInput = { baseUrl: base, params: { mode: 'ipvs' }, fragment: '#s=xyz' };
  it('Markdown: the iframe plus a link for renderers that strip iframes', () => {
    const md = buildMarkdownSnippet(input);
    expect(md).toContain('<iframe src="https://example.github.io/svcviz/embed.html?mode=ipvs#s=xyz"');
    expect(md).toContain('[Open the interactive diagram](<https://example.github.io/svcviz/embed.html?mode=ipvs#s=xyz>)');
  });

  it('MDX: JSX attributes, style as an object', () => {
    expect(buildMdxSnippet(input)).toBe(
      '<iframe\n  src={"https://example.github.io/svcviz/embed.html?mode=ipvs#s=xyz"}\n  title="svcviz: interactive Kubernetes Service diagram"\n' +
        '  width="100%"\n  height={480}\n  style={{ border: 0, maxWidth: \'100%\' }}\n  loading="lazy"\n/>\n',
    );
  });
});

describe('helpers', () => {
  it.each([
    ['a&b', 'a&amp;b'],
    ['"x"', '&quot;x&quot;'],
    ['<b>', '&lt;b&gt;'],
  ])('escapeHtmlAttr(%j) = %j', (input, expected) => {
    expect(escapeHtmlAttr(input)).toBe(expected);
  });

  it('dedent keeps YAML structure but removes the snippet indentation', () => {
    expect(dedent('\n    apiVersion: v1\n    metadata:\n      name: a\n  ')).toBe('apiVersion: v1\nmetadata:\n  name: a\n');
  });
});
