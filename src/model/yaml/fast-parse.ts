// A hand-written scanner for the subset of YAML that Kubernetes manifests
// use: indented block mappings and sequences (including `- key: v` and a
// sequence at the same indent as its parent key), one-line plain and quoted
// scalars, `#` comments, `---` markers and one-line flow collections.
//
// It must produce exactly what the js-yaml path in parse.ts produces (values
// with YAML 1.2 core-schema scalar resolution, field positions, document
// roots). Anything outside the subset — tags, anchors, aliases, block
// scalars, multi-line scalars or flow collections, complex keys, duplicate
// keys, directives, `...`, tabs, CR, unusual characters — makes it return
// null, and the caller falls back to js-yaml. A bail-out is always safe.

import { CORE_SCHEMA } from 'js-yaml';
import { indexFieldPath, joinFieldPath } from '../source';
import type { SourcePos } from '../source';

export interface FastDocument {
  value: unknown;
  fields: Record<string, SourcePos>;
  root: SourcePos;
}

/** Nesting deeper than this is left to js-yaml (which enforces maxDepth). */
const MAX_DEPTH = 40;

/** Thrown internally to abandon the fast path; never escapes. */
const BAIL = { bail: true };

// Characters js-yaml treats specially or refuses; their presence anywhere
// sends the chunk to js-yaml. Includes TAB, CR, BOM, NEL, LS/PS, surrogates.
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARS = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const SQUOTE = 39;
const DQUOTE = 34;

/**
 * Parses `text` (a chunk starting at 0-based line `firstLine` of its file,
 * column 1) into documents, or returns null when js-yaml must handle it.
 */
export function fastParseDocuments(text: string, firstLine: number): FastDocument[] | null {
  if (UNSUPPORTED_CHARS.test(text)) return null;
  try {
    return new Scanner(text, firstLine).documents();
  } catch (e) {
    if (e === BAIL) return null;
    throw e;
  }
}

function bail(): never {
  throw BAIL;
}

class Scanner {
  // Significant lines (not blank, not comment-only), in order.
  private readonly start: number[] = []; // offset of the line start
  private readonly content: number[] = []; // offset of the first non-space char
  private readonly end: number[] = []; // offset of the line end (before \n)
  private readonly indent: number[] = []; // -1 for a `---` marker line
  private readonly lineNo: number[] = []; // 0-based line within the chunk
  private li = 0;
  private fields: Record<string, SourcePos> = {};

  constructor(
    private readonly text: string,
    private readonly firstLine: number,
  ) {
    let s = 0;
    let n = 0;
    const len = text.length;
    while (s <= len) {
      let e = text.indexOf('\n', s);
      if (e === -1) e = len;
      let c = s;
      while (c < e && text.charCodeAt(c) === SPACE) c++;
      if (c < e && text.charCodeAt(c) !== HASH) {
        let ind = c - s;
        if (ind === 0 && text.startsWith('---', s) && (e === s + 3 || text.charCodeAt(s + 3) === SPACE)) {
          // `---` may only be followed by a comment here; `--- value` bails.
          let r = s + 3;
          while (r < e && text.charCodeAt(r) === SPACE) r++;
          if (r < e && text.charCodeAt(r) !== HASH) bail();
          ind = -1;
        } else if (ind === 0 && text.startsWith('...', s)) bail(); // document end marker
        else if (ind === 0 && text.charCodeAt(s) === 37) bail(); // `%` directive
        this.start.push(s);
        this.content.push(c);
        this.end.push(e);
        this.indent.push(ind);
        this.lineNo.push(n);
      }
      n++;
      s = e + 1;
    }
  }

  documents(): FastDocument[] {
    const docs: FastDocument[] = [];
    const count = this.indent.length;
    // An implicit document exists only when content precedes the first `---`.
    let explicit = false;
    while (this.li < count || explicit) {
      if (this.li < count && this.indent[this.li] === -1) {
        if (explicit) docs.push(this.emptyDocument());
        explicit = true;
        this.li++;
        continue;
      }
      if (this.li >= count) {
        docs.push(this.emptyDocument());
        break;
      }
      this.fields = {};
      const at = this.content[this.li] as number;
      const root = this.pos(this.li, at);
      const c = this.text.charCodeAt(at);
      // JSON text and root scalars are left to js-yaml.
      if (c === 91 || c === 123) bail();
      const value = this.node(at, '', -1, 'newline', 0);
      if (value === null || typeof value !== 'object') bail();
      if (this.li < count && this.indent[this.li] !== -1) bail(); // stray content
      docs.push({ value, fields: this.fields, root });
      explicit = false;
    }
    return docs;
  }

  /** A document with no content; js-yaml reports its null at the chunk start. */
  private emptyDocument(): FastDocument {
    return { value: null, fields: {}, root: { line: this.firstLine + 1, column: 1 } };
  }

  private pos(li: number, offset: number): SourcePos {
    return { line: (this.lineNo[li] as number) + this.firstLine + 1, column: offset - (this.start[li] as number) + 1 };
  }

  /** Indent of the current significant line; -1 at a marker or the end. */
  private curIndent(): number {
    return this.li < this.indent.length ? (this.indent[this.li] as number) : -1;
  }

  private isDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /**
   * The node that starts at offset `at` on the current line. `mode`:
   * 'newline' — it begins its own line; 'compact' — after `- `; 'inline' —
   * after `key: ` (only a scalar or flow collection may follow there).
   * `parentCol` is the column of the enclosing collection: a scalar's next
   * line indented past it would be a multi-line scalar, which bails.
   */
  private node(at: number, path: string, parentCol: number, mode: 'newline' | 'compact' | 'inline', depth: number): unknown {
    if (depth > MAX_DEPTH) bail();
    const li = this.li;
    const end = this.end[li] as number;
    const col = at - (this.start[li] as number);
    const c = this.text.charCodeAt(at);
    if (this.isDash(at, end)) {
      if (mode === 'inline') bail();
      return this.sequence(at, col, path, depth + 1);
    }
    if (c === 91 || c === 123) {
      const r = this.flow(at, end, path, depth + 1);
      this.expectLineEnd(r.next, end);
      this.li++;
      if (this.curIndent() > parentCol) bail();
      return r.value;
    }
    const s = this.scalar(at, end, false);
    if (s.isKey) {
      if (mode === 'inline') bail();
      return this.mapping(at, col, path, depth + 1);
    }
    this.expectLineEnd(s.next, end);
    this.li++;
    if (this.curIndent() > parentCol) bail();
    return s.value;
  }

  /** After a value only spaces and a `# comment` may follow on the line. */
  private expectLineEnd(from: number, end: number): void {
    let i = from;
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    if (i < end && !(this.text.charCodeAt(i) === HASH && i > from)) bail();
  }

  /** A block sequence whose first `-` is at offset `at` (column `col`). */
  private sequence(at: number, col: number, path: string, depth: number): unknown[] {
    const items: unknown[] = [];
    let dash = at;
    for (;;) {
      const li = this.li;
      const end = this.end[li] as number;
      const p = indexFieldPath(path, items.length);
      let v = dash + 1;
      while (v < end && this.text.charCodeAt(v) === SPACE) v++;
      if (v === end || this.text.charCodeAt(v) === HASH) {
        if (v < end && v === dash + 1) bail();
        this.li++;
        if (this.curIndent() > col) {
          const next = this.content[this.li] as number;
          this.fields[p] = this.pos(this.li, next);
          items.push(this.node(next, p, col, 'newline', depth));
        } else {
          // js-yaml gives an empty node no position: it reports the chunk start
          this.fields[p] = { line: this.firstLine + 1, column: 1 };
          items.push(null);
        }
      } else {
        this.fields[p] = this.pos(li, v);
        items.push(this.node(v, p, col, 'compact', depth));
      }
      const ind = this.curIndent();
      if (ind > col) bail();
      if (ind < col) return items;
      const next = this.content[this.li] as number;
      if (!this.isDash(next, this.end[this.li] as number)) return items; // parent mapping continues
      dash = next;
    }
  }

  /** A block mapping whose first key starts at offset `at` (column `col`). */
  private mapping(at: number, col: number, path: string, depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let keyAt = at;
    for (;;) {
      const li = this.li;
      const end = this.end[li] as number;
      const k = this.scalar(keyAt, end, true);
      if (!k.isKey) bail();
      const key = k.key;
      if (Object.prototype.hasOwnProperty.call(map, key)) bail(); // duplicate key
      const p = joinFieldPath(path, key);
      this.fields[p] = this.pos(li, keyAt);
      let v = k.next + 1; // past ':'
      while (v < end && this.text.charCodeAt(v) === SPACE) v++;
      let value: unknown = null;
      if (v === end || this.text.charCodeAt(v) === HASH) {
        this.li++;
        const ind = this.curIndent();
        const next = this.content[this.li] as number;
        if (ind > col) value = this.node(next, p, col, 'newline', depth);
        else if (ind === col && this.isDash(next, this.end[this.li] as number)) {
          // a sequence may sit at the same indent as its parent key
          value = this.sequence(next, col, p, depth + 1);
        }
      } else {
        value = this.node(v, p, col, 'inline', depth);
      }
      map[key] = value;
      const ind = this.curIndent();
      if (ind > col) bail();
      if (ind < col) return map;
      keyAt = this.content[this.li] as number;
      if (this.isDash(keyAt, this.end[this.li] as number)) bail();
    }
  }

  /**
   * A one-line scalar at `at`, in block context. If it is followed by `:`
   * and a space (or the line end) it is a mapping key: `key` is its string
   * form and `next` the offset of the `:`. Otherwise `value` is the scalar
   * and `next` the offset after it.
   */
  private scalar(
    at: number,
    end: number,
    wantKey: boolean,
  ): { isKey: boolean; key: string; value: unknown; next: number } {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === SQUOTE || c === DQUOTE) {
      const q = c === SQUOTE ? this.singleQuoted(at, end) : this.doubleQuoted(at, end);
      let i = q.next;
      // `"k" : v` (space before the colon) is valid YAML but rare: bail.
      if (i < end && t.charCodeAt(i) === COLON && (i + 1 === end || t.charCodeAt(i + 1) === SPACE)) {
        if (q.value === '__proto__') bail();
        return { isKey: true, key: q.value, value: q.value, next: i };
      }
      while (i < end && t.charCodeAt(i) === SPACE) i++;
      if (i < end && t.charCodeAt(i) === COLON) bail();
      return { isKey: false, key: '', value: q.value, next: q.next };
    }
    if (!plainStart(t, at, end)) bail();
    let i = at;
    let stop = end;
    let colon = -1;
    for (; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (ch === COLON && (i + 1 === end || t.charCodeAt(i + 1) === SPACE)) {
        colon = i;
        break;
      }
      if (ch === HASH && t.charCodeAt(i - 1) === SPACE) {
        stop = i;
        break;
      }
    }
    if (colon !== -1) {
      if (t.charCodeAt(colon - 1) === SPACE) bail(); // `key : v`
      const raw = t.slice(at, colon);
      if (raw === '__proto__' || raw === '<<') bail();
      const v = CORE_SCHEMA.resolveImplicitScalarTag(raw).value;
      // null keys (`~:`, `null:`) and other non-string keys need js-yaml
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') bail();
      return { isKey: true, key: String(v), value: v, next: colon };
    }
    if (wantKey) bail();
    let e = stop;
    while (e > at && t.charCodeAt(e - 1) === SPACE) e--;
    const raw = t.slice(at, e);
    if (raw.endsWith(':')) bail();
    return { isKey: false, key: '', value: CORE_SCHEMA.resolveImplicitScalarTag(raw).value, next: e };
  }

  /** `'...'` on one line, `''` standing for one quote. */
  private singleQuoted(at: number, end: number): { value: string; next: number } {
    const t = this.text;
    let out = '';
    let from = at + 1;
    for (;;) {
      const q = t.indexOf("'", from);
      if (q === -1 || q >= end) bail(); // multi-line or unterminated
      out += t.slice(from, q);
      if (q + 1 < end && t.charCodeAt(q + 1) === SQUOTE) {
        out += "'";
        from = q + 2;
        continue;
      }
      return { value: out, next: q + 1 };
    }
  }

  /** `"..."` on one line with the common escapes; others bail. */
  private doubleQuoted(at: number, end: number): { value: string; next: number } {
    const t = this.text;
    let out = '';
    let from = at + 1;
    let i = from;
    for (; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (ch === DQUOTE) {
        out += t.slice(from, i);
        return { value: out, next: i + 1 };
      }
      if (ch !== 92) continue; // backslash
      out += t.slice(from, i);
      const e = t[i + 1];
      if (i + 1 >= end || e === undefined) bail();
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 1;
      } else if (e === 'x' || e === 'u') {
        const n = e === 'x' ? 2 : 4;
        const hex = t.slice(i + 2, i + 2 + n);
        if (i + 2 + n > end || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) bail();
        const code = parseInt(hex, 16);
        if (code >= 0xd800 && code <= 0xdfff) bail();
        out += String.fromCharCode(code);
        i += 1 + n;
      } else bail();
      from = i + 1;
    }
    return bail(); // not closed on this line
  }

  /** A flow collection that must close on this line. */
  private flow(at: number, end: number, path: string, depth: number): { value: unknown; next: number } {
    if (depth > MAX_DEPTH) bail();
    const t = this.text;
    const li = this.li;
    const isSeq = t.charCodeAt(at) === 91;
    const close = isSeq ? 93 : 125;
    let i = skipSpaces(t, at + 1, end);
    if (t.charCodeAt(i) === close && i < end) return { value: isSeq ? [] : {}, next: i + 1 };
    const seq: unknown[] = [];
    const map: Record<string, unknown> = {};
    for (;;) {
      if (i >= end) bail();
      if (isSeq) {
        const p = indexFieldPath(path, seq.length);
        this.fields[p] = this.pos(li, i);
        const r = this.flowNode(i, end, p, depth, false);
        seq.push(r.value);
        i = r.next;
      } else {
        const k = this.flowNode(i, end, '', depth, true);
        if (typeof k.value !== 'string') bail();
        const key = k.value;
        if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(map, key)) bail();
        // the key must be followed directly by `: `
        if (t.charCodeAt(k.next) !== COLON || t.charCodeAt(k.next + 1) !== SPACE || k.next + 1 >= end) bail();
        const p = joinFieldPath(path, key);
        this.fields[p] = this.pos(li, i);
        const vAt = skipSpaces(t, k.next + 2, end);
        const r = this.flowNode(vAt, end, p, depth, false);
        map[key] = r.value;
        i = r.next;
      }
      i = skipSpaces(t, i, end);
      if (i >= end) bail();
      const ch = t.charCodeAt(i);
      if (ch === close) return { value: isSeq ? seq : map, next: i + 1 };
      if (ch !== 44) bail(); // ','
      i = skipSpaces(t, i + 1, end);
      if (i >= end) bail();
      const n = t.charCodeAt(i);
      if (n === 44 || n === 93 || n === 125) bail(); // empty entry or trailing comma
    }
  }

  /** One node inside a flow collection. Keys are returned as their string form. */
  private flowNode(at: number, end: number, path: string, depth: number, asKey: boolean): { value: unknown; next: number } {
    const t = this.text;
    if (at >= end) bail();
    const c = t.charCodeAt(at);
    if (c === 91 || c === 123) {
      if (asKey) bail();
      return this.flow(at, end, path, depth + 1);
    }
    if (c === SQUOTE) return this.singleQuoted(at, end);
    if (c === DQUOTE) return this.doubleQuoted(at, end);
    if (!plainStart(t, at, end)) bail();
    // in flow context `-` must be followed by a character a plain scalar may hold
    if (c === DASH && isFlowIndicator(t.charCodeAt(at + 1))) bail();
    let i = at;
    for (; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === COLON) {
        if (asKey && t.charCodeAt(i + 1) === SPACE) break;
        bail();
      }
      if (ch === HASH) bail();
    }
    let e = i;
    while (e > at && t.charCodeAt(e - 1) === SPACE) e--;
    if (e === at) bail();
    const raw = t.slice(at, e);
    const v = CORE_SCHEMA.resolveImplicitScalarTag(raw).value;
    if (asKey) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') bail();
      return { value: String(v), next: e };
    }
    return { value: v, next: e };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

function skipSpaces(t: string, i: number, end: number): number {
  while (i < end && t.charCodeAt(i) === SPACE) i++;
  return i;
}

/**
 * Whether a plain scalar may start at `at`: not with an indicator character,
 * except `-` followed by a non-space (`-1`, `--flag`).
 */
function plainStart(t: string, at: number, end: number): boolean {
  const c = t.charCodeAt(at);
  if (c === DASH) return at + 1 < end && t.charCodeAt(at + 1) !== SPACE;
  // ? : , [ ] { } # & * ! | > ' " % @ `
  return !(
    c === 63 ||
    c === COLON ||
    c === 44 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === HASH ||
    c === 38 ||
    c === 42 ||
    c === 33 ||
    c === 124 ||
    c === 62 ||
    c === SQUOTE ||
    c === DQUOTE ||
    c === 37 ||
    c === 64 ||
    c === 96
  );
}
