// Splits a YAML stream at document markers (`---` at the start of a line) so
// each document can be parsed, and fail, on its own. Only used when the whole
// stream does not parse: a marker inside a block scalar would be mis-split,
// but then the stream was already broken somewhere.

export interface DocumentChunk {
  text: string;
  /** offset of the chunk in the original text */
  offset: number;
}

const MARKER = /^(---|\.\.\.)(?=\s|$)/;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    if (MARKER.test(line) && lineStart > start) {
      chunks.push({ text: text.slice(start, lineStart), offset: start });
      start = lineStart;
    }
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  chunks.push({ text: text.slice(start), offset: start });
  // A chunk starting with `...` ends the previous document: keep its rest.
  return chunks.filter((c) => c.text.trim() !== '' && c.text.trim() !== '---' && c.text.trim() !== '...');
}
