// CIDR text: `<ip>/<prefix>` as Go's net.ParseCIDR splits it. The address
// part is left to the caller's parser (sloppy or strict, bytes, bigint or
// numbers), which also checks the prefix against the family's bit length.

/** Splits `<ip>/<prefix>` at the first `/`; the prefix is 1-3 ASCII digits. Null otherwise. */
export function splitCIDR(text: string): { ip: string; prefix: number } | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const p = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(p)) return null;
  return { ip: text.slice(0, slash), prefix: Number(p) };
}
