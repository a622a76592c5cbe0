// Go's fmt verbs as the API server uses them in error messages. Field errors
// print strings with %q (strconv.Quote) and composite values with %#v, so a
// simulator must reproduce both byte-for-byte.

/** Go's strconv.Quote / fmt %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/**
 * A value whose Go `%#v` rendering is given verbatim, for composite values
 * (structs, pointers to generated types) that have no natural JS shape.
 * Plain data, so FieldErrors stay structured-clone safe.
 */
export interface GoRepr {
  goRepr: string;
}

export function goRepr(text: string): GoRepr {
  return { goRepr: text };
}

export function isGoRepr(v: unknown): v is GoRepr {
  return typeof v === 'object' && v !== null && typeof (v as GoRepr).goRepr === 'string';
}

/** `%#v` of a []string: `[]string{"a", "b"}`, nil -> `[]string(nil)`. */
export function goStringSlice(list: readonly string[] | null | undefined): GoRepr {
  if (list == null) return goRepr('[]string(nil)');
  return goRepr(`[]string{${list.map(goQuote).join(', ')}}`);
}

/** `%#v` of a map[string]string: keys sorted, `{"k":"v", "k2":"v2"}`. */
export function goStringMap(m: Readonly<Record<string, string>> | null | undefined): GoRepr {
  if (m == null) return goRepr('map[string]string(nil)');
  const keys = Object.keys(m).sort();
  return goRepr(`map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`).join(', ')}}`);
}

/** Go's %v of a number: integers plainly, floats in Go's shortest 'g' form. */
export function goNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(n);
  if (abs < 1e-4 || abs >= 1e21) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}
