// Where an object or one of its fields came from in the user's text.
// Lines and columns are 1-based, as editors and compilers print them.

export interface SourcePos {
  line: number;
  column: number;
}

export interface ObjectSource {
  /** file name as given (e.g. "manifest.yaml", "-", "editor") */
  file: string;
  /** 0-based index of the YAML document within the file */
  doc: number;
  /** position of the object itself (its first key) */
  line: number;
  column: number;
  /**
   * Field path -> position of that field's key (or of the item, for list
   * items). Paths use the API server's field-path syntax:
   * `spec.ports[0].targetPort`, `metadata.labels[app.kubernetes.io/name]`
   * (keys that are not plain identifiers go in brackets).
   */
  fields: Record<string, SourcePos>;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends a mapping key to a field path in the API server's syntax. */
export function joinFieldPath(parent: string, key: string): string {
  if (IDENT.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${key}]`;
}

/** Appends a list index to a field path. */
export function indexFieldPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * Position of a field path, falling back to its nearest located ancestor
 * (an error about `spec.ports[0].name` when the name is missing points at
 * `spec.ports[0]`), then to the object itself.
 */
export function locateField(source: ObjectSource, path: string): SourcePos {
  let p = path;
  for (;;) {
    const hit = source.fields[p] ?? findCaseInsensitive(source.fields, p);
    if (hit) return hit;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return { line: source.line, column: source.column };
    p = p.slice(0, cut);
  }
}

function findCaseInsensitive(fields: Record<string, SourcePos>, path: string): SourcePos | undefined {
  // The API server reports a few fields with odd capitalisation
  // (`spec.LoadBalancerSourceRanges`); match them to the real key.
  const lower = path.toLowerCase();
  for (const k in fields) if (k.toLowerCase() === lower) return fields[k];
  return undefined;
}
