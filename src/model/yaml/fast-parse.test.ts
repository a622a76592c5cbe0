// Differential proof for the hand-written fast path: on every input it must
// either bail out (null) or give exactly what the js-yaml path gives — the
// same values, the same field positions in the same order, the same roots.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateManifestOfSize } from '../../../bench/generate';
import { fastParseDocuments } from './fast-parse';
import { parseChunkForTest, parseManifestText } from './parse';

/** Returns whether the fast path handled `text` (false: it bailed out). */
function expectSameAsJsYaml(text: string): boolean {
  const fast = fastParseDocuments(text, 0);
  if (fast === null) return false;
  const slow = parseChunkForTest(text, false);
  expect(slow.ok, `js-yaml rejects what the fast path accepted:\n${text}`).toBe(true);
  if (!slow.ok) return true;
  expect(fast.length).toBe(slow.documents.length);
  fast.forEach((doc, i) => {
    const ref = slow.documents[i];
    expect(doc.value).toEqual(ref?.value);
    expect(doc.root).toEqual(ref?.root);
    expect(Object.keys(doc.fields)).toEqual(Object.keys(ref?.fields ?? {}));
    expect(doc.fields).toEqual(ref?.fields);
  });
  return true;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => join(dir, f));
}

describe('fast YAML path: real manifests', () => {
  const files = [...filesUnder('public/examples'), ...filesUnder('src/cli/testdata')];
  it.each(files)('%s reads exactly as with js-yaml', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(expectSameAsJsYaml(text)).toBe(true);
  });

  it('the benchmark manifest reads exactly as with js-yaml, on the fast path', () => {
    expect(expectSameAsJsYaml(generateManifestOfSize(64 * 1024))).toBe(true);
  });

  it('chunks after the first report lines of the whole file', () => {
    expect(fastParseDocuments('b: [x]\n', 2)?.[0]?.fields).toEqual({ b: { line: 3, column: 1 }, 'b[0]': { line: 3, column: 5 } });
    // the first document is broken, so each `---` chunk is parsed on its own
    const r = parseManifestText('a: [\n---\nb: [x]\n', 'f');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.objects[0]?.source).toMatchObject({ doc: 1, line: 3, column: 1 });
    expect(r.objects[0]?.source.fields['b[0]']).toEqual({ line: 3, column: 5 });
  });
});

describe('fast YAML path: tricky snippets', () => {
  // [snippet, must the fast path handle it?]
  const cases: [string, boolean][] = [
    ["key: 'it''s'\n", true],
    ['a: "x\\"y\\\\n"\n', true],
    ['a: "tab\\there \\u00e9 \\x41 \\/ \\0"\n', true],
    ['k: v # comment\n', true],
    ['k: #notacomment\n', true],
    ['k: v#notacomment\n', true],
    ['- - a\n  - b\n- c\n', true],
    ['key:\nother: 1\n', true],
    ['"quoted key": 1\n\'single\': 2\n', true],
    ['a: 0o17\nb: 0x1F\nc: 1e3\nd: .inf\ne: -.Inf\nf: .nan\ng: 012\nh: +1\n', true],
    ['a: ~\nb: null\nc: Null\nd:\n', true],
    ['a: true\nb: True\nc: yes\nd: on\ne: FALSE\n', true],
    ['app.kubernetes.io/name: x\nk8s.io/a-b_c: y\n', true],
    ['1: one\n1.5: x\ntrue: t\n0x10: hex\n', true],
    ['ports:\n- port: 80\n  name: http\n- port: 443\nnext: 1\n', true],
    ['a: [1, b, "c", \'d\', [e], {f: g}]\nb: {x: 1, "y": [2]}\nc: []\nd: {}\ne: [ ]\n', true],
    ['---\na: 1\n---\n---\nb: 2\n', true],
    ['a: 1\n---\n', true],
    ['--- # first\na: 1\n', true],
    ['# only a comment\na: 1\n# trailing\n', true],
    ['  a: 1\n  b: 2\n', true],
    ['-\n  a: 1\n-\n- x\n', true],
    ['a:\n  - b:\n    - c\n    d: 1\n', true],
    ['url: http://x:80/p?q=1#frag\n', true],
    ['cmd: --flag=1\nneg: -1\n', true],
    ['a: "\\u00e9t\\u00e9"\nb: é\n', true],
    // outside the subset: must bail
    ['a: &x 1\nb: *x\n', false],
    ['a: !!str 1\n', false],
    ['a: |\n  text\n', false],
    ['a: >-\n  folded\n', false],
    ['a: multi\n  line\n', false],
    ['a: "multi\n  line"\n', false],
    ['a: [1,\n  2]\n', false],
    ['? complex\n: key\n', false],
    ['a: 1\na: 2\n', false],
    ['%YAML 1.2\n---\na: 1\n', false],
    ['{"a": 1}\n', false],
    ['a:\n\tb: 1\n', false],
    ['a: 1\r\nb: 2\r\n', false],
    ['a: 1\n...\n', false],
    ['<<: {a: 1}\n', false],
    ['~: x\n', false],
    ['a: b: c\n', false],
    ['a : 1\n', false],
    ['plain scalar\n', false],
    ['a:\n  b: 1\n c: 2\n', false],
    ['a: [b,]\n', false],
    ['a: {b}\n', false],
    ['a: "\\N"\n', false],
    ['a: \'x\'y\n', false],
  ];
  it.each(cases)('%j (handled: %s)', (text, handled) => {
    expect(expectSameAsJsYaml(text)).toBe(handled);
  });
});

describe('fast YAML path: generated manifests', () => {
  const key = fc.oneof(
    fc.constantFrom(
      'apiVersion', 'kind', 'name', 'app.kubernetes.io/name', 'quoted key', 'yes', 'true', '1', '0x1F', 'a:b',
      'x#y', '-dash', 'on', 'null', '~', '', ' lead', 'k: v', '[a]', 'é',
    ),
    fc.string({ maxLength: 8 }),
  );
  const scalar = fc.oneof(
    fc.constantFrom(
      'it\'s', 'x"y\\n', 'v # c', '#x', 'a: b', '- a', '', ' ', 'yes', 'True', '0o17', '0x1F', '1e3', '.inf', '~',
      'null', '012', '+1', '1_000', 'http://x:1/#y', '[a]', '{b}', 'a,b', '*x', '&y', '!z', '|', '>', '%', '@', '`',
      'multi\nline', 'tab\there', 'é', '---', '...', "'", '"',
    ),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    ),
  }));
  const options = fc.record({
    flowLevel: fc.constantFrom(-1, 0, 1, 2),
    quotingType: fc.constantFrom<"'" | '"'>("'", '"'),
    indent: fc.constantFrom(2, 4),
    noArrayIndent: fc.boolean(),
    forceQuotes: fc.boolean(),
    lineWidth: fc.constantFrom(-1, 40, 80),
  });
  const doc = fc.oneof(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), fc.array(value, { minLength: 1, maxLength: 4 }));

  it('every generated stream is read exactly as js-yaml reads it, or left to js-yaml', () => {
    let handled = 0;
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), options, fc.boolean(), (docs, opts, leadingMarker) => {
        const text = (leadingMarker ? '---\n' : '') + docs.map((d) => dump(d, opts)).join('---\n');
        if (expectSameAsJsYaml(text)) handled++;
      }),
      { numRuns: 3000, seed: 20261128 },
    );
    // the generator must exercise the fast path, not only its bail-outs
    expect(handled).toBeGreaterThan(500);
  });

  // Damaged text (stray indicators, spaces, line breaks) must never be
  // accepted by the fast path unless js-yaml accepts it the same way.
  const edit = fc.record({
    at: fc.nat(),
    del: fc.nat({ max: 2 }),
    insert: fc.constantFrom(' ', '  ', ':', ': ', '- ', '-', '#', ' #', '\n', '\n  ', '"', "'", '[', ']', '{', '}', ',', 'a', '---\n', '? ', '&a ', '*a', '\\', 'é'),
  });
  it('damaged streams are read exactly as js-yaml reads them, or left to js-yaml', () => {
    let handled = 0;
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 2 }), options, fc.array(edit, { minLength: 1, maxLength: 3 }), (docs, opts, edits) => {
        let text = docs.map((d) => dump(d, opts)).join('---\n');
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        }
        if (expectSameAsJsYaml(text)) handled++;
      }),
      { numRuns: 3000, seed: 20261128 },
    );
    expect(handled).toBeGreaterThan(200);
  });

  it('damaged example manifests are read exactly as js-yaml reads them, or left to js-yaml', () => {
    const texts = [...filesUnder('public/examples'), ...filesUnder('src/cli/testdata')].map((f) => readFileSync(f, 'utf8'));
    let handled = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 2 }), (which, edits) => {
        let text = texts[which % texts.length] as string;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        }
        if (expectSameAsJsYaml(text)) handled++;
      }),
      { numRuns: 2000, seed: 20261129 },
    );
    expect(handled).toBeGreaterThan(200);
  });
});
