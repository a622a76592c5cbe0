// Manifest text -> plain objects that remember where every field came from.
//
// kubectl accepts multi-document YAML, JSON and `kind: List`; so do we. A
// syntax error in one document must not lose the others, and hostile input
// (huge text, alias bombs, deep nesting) is refused quickly with a located
// message instead of hanging the worker.

import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, constructFromEvents, getScalarValue, parseEvents } from 'js-yaml';
import type { Event } from 'js-yaml';
import type { Diagnostic } from '../diagnostic';
import { indexFieldPath, joinFieldPath } from '../source';
import type { ObjectSource, SourcePos } from '../source';
import { fastParseDocuments } from './fast-parse';
import { createLineIndex } from './line-index';
import type { LineIndex } from './line-index';
import { splitDocuments } from './split-documents';

/** An object as read from the text, before decoding into a typed kind. */
export interface ParsedObject {
  raw: Record<string, unknown>;
  source: ObjectSource;
}

export interface ParseResult {
  objects: ParsedObject[];
  diagnostics: Diagnostic[];
}

/** Documented input limits (README "Input limits"). */
export const PARSE_LIMITS = {
  /** bytes (UTF-16 code units) of manifest text */
  maxTextLength: 5 * 1024 * 1024,
  /** collection nesting depth; real manifests stay far below */
  maxDepth: 64,
  /** `*alias` references per document */
  maxAliases: 200,
  /** nodes after alias expansion, per document (billion-laughs guard) */
  maxExpandedNodes: 500_000,
} as const;

export function parseManifestText(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const objects: ParsedObject[] = [];
  if (text.length > PARSE_LIMITS.maxTextLength) {
    diagnostics.push(
      syntaxError(
        file,
        { line: 1, column: 1 },
        `input is ${text.length} bytes, over the limit of ${PARSE_LIMITS.maxTextLength} bytes; split the manifest into smaller files`,
      ),
    );
    return { objects, diagnostics };
  }
  const lines = createLineIndex(text);
  // Fast path: the whole stream parses. Otherwise parse each `---` chunk on
  // its own so one broken document does not hide the others.
  const whole = tryParse(text, 0, file, lines);
  const chunks = whole.ok ? [whole] : splitDocuments(text).map((c) => tryParse(c.text, c.offset, file, lines));
  let docIndex = 0;
  for (const chunk of chunks) {
    if (!chunk.ok) {
      diagnostics.push(chunk.error);
      docIndex += 1;
      continue;
    }
    for (const doc of chunk.documents) {
      collectObjects(doc, docIndex, file, objects, diagnostics);
      docIndex += 1;
    }
  }
  return { objects, diagnostics };
}

// ------------------------------------------------------------------ parsing

export interface ParsedDocument {
  value: unknown;
  fields: Record<string, SourcePos>;
  root: SourcePos;
}

export type ChunkResult =
  | { ok: true; documents: ParsedDocument[] }
  | { ok: false; error: Diagnostic };

/**
 * Parses one chunk as the real parser does, with or without the hand-written
 * fast path; for the differential test that proves both give the same result.
 */
export function parseChunkForTest(text: string, fast: boolean): ChunkResult {
  return tryParse(text, 0, 'test.yaml', createLineIndex(text), fast);
}

function tryParse(chunk: string, offset: number, file: string, lines: LineIndex, fast = true): ChunkResult {
  // Most manifests are plain indented YAML: a hand-written scanner reads them
  // several times faster than js-yaml's event parser and bails out (null) on
  // anything else, which then takes the js-yaml path below.
  const quick = fast ? fastParseDocuments(chunk, offset === 0 ? 0 : lines.position(offset).line - 1) : null;
  if (quick) return checkNodeBudget(quick, file);
  let events: Event[];
  try {
    events = parseEvents(chunk, { filename: file, maxDepth: PARSE_LIMITS.maxDepth });
  } catch (e) {
    return { ok: false, error: yamlErrorToDiagnostic(e, offset, file, lines) };
  }
  // One pass builds values and positions together. Anything unusual (tags,
  // anchors, aliases, duplicate or non-string keys) makes it bail out to
  // js-yaml's own constructor, which then also produces the exact error.
  let built = buildDocuments(events, chunk, offset, lines);
  if (!built) {
    let values: unknown[];
    try {
      values = constructFromEvents(events, {
        source: chunk,
        filename: file,
        maxAliases: PARSE_LIMITS.maxAliases,
        maxTotalMergeKeys: 1000,
      });
    } catch (e) {
      return { ok: false, error: yamlErrorToDiagnostic(e, offset, file, lines) };
    }
    const positions = collectPositions(events, chunk, offset, lines);
    built = values.map((value, i) => ({ value, ...(positions[i] ?? { fields: {}, root: { line: 1, column: 1 } }) }));
  }
  return checkNodeBudget(built, file);
}

function checkNodeBudget(built: ParsedDocument[], file: string): ChunkResult {
  const documents: ParsedDocument[] = [];
  for (const doc of built) {
    if (exceedsNodeBudget(doc.value, PARSE_LIMITS.maxExpandedNodes)) {
      return {
        ok: false,
        error: syntaxError(
          file,
          doc.root,
          `document expands to more than ${PARSE_LIMITS.maxExpandedNodes} nodes through aliases; refusing it (possible "billion laughs" input)`,
        ),
      };
    }
    documents.push(doc);
  }
  return { ok: true, documents };
}

/**
 * Fast path: constructs plain YAML (no tags, anchors or aliases) straight
 * from the events, with CORE_SCHEMA scalar resolution, recording positions
 * on the way. Returns null when the input needs js-yaml's full constructor.
 */
function buildDocuments(events: Event[], text: string, offset: number, lines: LineIndex): ParsedDocument[] | null {
  type Frame = {
    seq: unknown[] | null;
    map: Record<string, unknown> | null;
    path: string;
    key: string | null;
    keyPos: SourcePos | null;
  };
  const docs: ParsedDocument[] = [];
  let fields: Record<string, SourcePos> = {};
  let root: SourcePos = { line: 1, column: 1 };
  let rootValue: unknown = null;
  const stack: Frame[] = [];
  const at = (o: number): SourcePos => lines.position(o + offset);

  // Places a finished value into its parent; returns false to bail out.
  const place = (value: unknown, pos: SourcePos, container: Frame | null): string | false => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = pos;
      rootValue = value;
      return '';
    }
    if (top.seq) {
      const p = indexFieldPath(top.path, top.seq.length);
      fields[p] = pos;
      top.seq.push(value);
      if (container) container.path = p;
      return p;
    }
    const map = top.map as Record<string, unknown>;
    const key = top.key as string;
    if (Object.prototype.hasOwnProperty.call(map, key)) return false; // duplicate key
    const p = joinFieldPath(top.path, key);
    fields[p] = top.keyPos as SourcePos;
    map[key] = value;
    top.key = null;
    top.keyPos = null;
    if (container) container.path = p;
    return p;
  };

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        fields = {};
        root = { line: 1, column: 1 };
        rootValue = null;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (ev.tagStart !== -1 || ev.anchorStart !== -1) return null;
        const top = stack[stack.length - 1];
        if (top && top.map && top.key === null) return null; // complex key
        const frame: Frame =
          ev.type === EVENT_ID.MAPPING
            ? { seq: null, map: {}, path: '', key: null, keyPos: null }
            : { seq: [], map: null, path: '', key: null, keyPos: null };
        if (place(frame.map ?? frame.seq, at(ev.start), frame) === false) return null;
        stack.push(frame);
        break;
      }
      case EVENT_ID.SCALAR: {
        if (ev.tagStart !== -1 || ev.anchorStart !== -1) return null;
        const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const pos = at(Math.max(0, ev.valueStart - (quoted ? 1 : 0)));
        const raw = getScalarValue(text, ev);
        const value = ev.style === SCALAR_STYLE.PLAIN ? CORE_SCHEMA.resolveImplicitScalarTag(raw).value : raw;
        const top = stack[stack.length - 1];
        if (top && top.map && top.key === null) {
          if (typeof value !== 'string' && ev.style === SCALAR_STYLE.PLAIN && !(typeof value === 'number' || typeof value === 'boolean')) return null;
          if (raw === '__proto__') return null;
          top.key = ev.style === SCALAR_STYLE.PLAIN ? String(value) : raw;
          top.keyPos = pos;
        } else if (place(value, pos, null) === false) return null;
        break;
      }
      case EVENT_ID.ALIAS:
        return null;
      case EVENT_ID.POP:
        if (stack.length > 0) stack.pop();
        else docs.push({ value: rootValue, fields, root });
        break;
    }
  }
  return docs;
}

/** Walks the event stream once, recording the position of every field path. */
function collectPositions(
  events: Event[],
  text: string,
  offset: number,
  lines: LineIndex,
): { fields: Record<string, SourcePos>; root: SourcePos }[] {
  type Frame = { kind: 'map' | 'seq'; path: string; index: number; key: string | null; keyPos: SourcePos | null };
  const docs: { fields: Record<string, SourcePos>; root: SourcePos }[] = [];
  let fields: Record<string, SourcePos> = {};
  let root: SourcePos = { line: 1, column: 1 };
  let stack: Frame[] = [];
  const at = (o: number): SourcePos => lines.position(o + offset);

  // Returns the path of the node that starts now (and records its position).
  const enterNode = (pos: SourcePos): string | null => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = pos;
      return '';
    }
    if (top.kind === 'seq') {
      const p = indexFieldPath(top.path, top.index++);
      fields[p] = pos;
      return p;
    }
    // mapping: alternate key / value
    if (top.key === null) return null; // this node is a key
    const p = joinFieldPath(top.path, top.key);
    if (top.keyPos) fields[p] = top.keyPos;
    top.key = null;
    top.keyPos = null;
    return p;
  };

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        fields = {};
        stack = [];
        root = { line: 1, column: 1 };
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const pos = at(ev.start);
        const top = stack[stack.length - 1];
        if (top && top.kind === 'map' && top.key === null) {
          // complex key: give it a placeholder so the value is still tracked
          top.key = '?';
          top.keyPos = pos;
          stack.push({ kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq', path: '?', index: 0, key: null, keyPos: null });
          break;
        }
        const path = enterNode(pos) ?? '?';
        stack.push({ kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq', path, index: 0, key: null, keyPos: null });
        break;
      }
      case EVENT_ID.SCALAR:
      case EVENT_ID.ALIAS: {
        const start = ev.type === EVENT_ID.SCALAR ? ev.valueStart : ev.anchorStart;
        const pos = at(Math.max(0, start - (ev.type === EVENT_ID.SCALAR && ev.style > 1 && ev.style < 4 ? 1 : 0)));
        const top = stack[stack.length - 1];
        if (top && top.kind === 'map' && top.key === null) {
          top.key = ev.type === EVENT_ID.SCALAR ? getScalarValue(text, ev) : '*';
          top.keyPos = pos;
        } else {
          enterNode(pos);
        }
        break;
      }
      case EVENT_ID.POP:
        if (stack.length > 0) stack.pop();
        else docs.push({ fields, root });
        break;
    }
  }
  return docs;
}

function exceedsNodeBudget(value: unknown, budget: number): boolean {
  let left = budget;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (--left < 0) return true;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') for (const k in v) stack.push((v as Record<string, unknown>)[k]);
  }
  return false;
}

// ------------------------------------------------------------------ objects

function collectObjects(
  doc: ParsedDocument,
  docIndex: number,
  file: string,
  out: ParsedObject[],
  diagnostics: Diagnostic[],
): void {
  const { value } = doc;
  if (value === null || value === undefined) return; // empty document
  if (Array.isArray(value)) {
    // a JSON array of objects, as some tools print
    const buckets = bucketFields(doc.fields, '');
    value.forEach((item, i) => addObject(item, buckets[i], doc.fields[`[${i}]`] ?? doc.root, docIndex, file, out, diagnostics));
    return;
  }
  if (isRecord(value) && typeof value.kind === 'string' && /List$/.test(value.kind) && Array.isArray(value.items)) {
    // `kubectl get … -o yaml` prints `kind: List` with the objects in items
    const buckets = bucketFields(doc.fields, 'items');
    value.items.forEach((item, i) =>
      addObject(item, buckets[i], doc.fields[`items[${i}]`] ?? doc.root, docIndex, file, out, diagnostics),
    );
    return;
  }
  addObject(value, doc.fields, doc.root, docIndex, file, out, diagnostics);
}

/** Splits `<list>[i].rest` paths into one item-relative map per index, in one pass. */
function bucketFields(fields: Record<string, SourcePos>, list: string): Record<string, SourcePos>[] {
  const buckets: Record<string, SourcePos>[] = [];
  const head = `${list}[`;
  for (const k in fields) {
    if (!k.startsWith(head)) continue;
    const close = k.indexOf(']', head.length);
    const i = Number(k.slice(head.length, close));
    if (!Number.isInteger(i)) continue;
    const rest = k.slice(close + 1);
    if (rest === '') continue;
    const rel = rest[0] === '.' ? rest.slice(1) : rest;
    (buckets[i] ??= {})[rel] = fields[k] as SourcePos;
  }
  return buckets;
}

function addObject(
  value: unknown,
  fields: Record<string, SourcePos> | undefined,
  here: SourcePos,
  docIndex: number,
  file: string,
  out: ParsedObject[],
  diagnostics: Diagnostic[],
): void {
  if (!isRecord(value)) {
    diagnostics.push(
      syntaxError(file, here, `expected a Kubernetes object (a mapping with apiVersion and kind), found ${describe(value)}`),
    );
    return;
  }
  const f = fields ?? {};
  const first = firstKeyPos(f) ?? here;
  out.push({ raw: value, source: { file, doc: docIndex, line: first.line, column: first.column, fields: f } });
}

function firstKeyPos(fields: Record<string, SourcePos>): SourcePos | undefined {
  // paths are recorded in text order, so the first one is the first key
  for (const k in fields) return fields[k];
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return `a ${typeof v} (${JSON.stringify(v).slice(0, 40)})`;
}

// ------------------------------------------------------------------ errors

function syntaxError(file: string, pos: SourcePos, message: string): Diagnostic {
  return { severity: 'error', file, line: pos.line, column: pos.column, message };
}

function yamlErrorToDiagnostic(e: unknown, offset: number, file: string, lines: LineIndex): Diagnostic {
  const err = e as { reason?: string; message?: string; mark?: { position?: number } };
  const pos = typeof err.mark?.position === 'number' ? lines.position(err.mark.position + offset) : lines.position(offset);
  const reason = err.reason ?? (e instanceof Error ? e.message : String(e));
  return syntaxError(file, pos, `YAML syntax error: ${reason}`);
}
