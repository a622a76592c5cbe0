// Offset -> 1-based line/column, by binary search over line starts.

import type { SourcePos } from '../source';

export interface LineIndex {
  position(offset: number): SourcePos;
}

export function createLineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  // Lookups come in increasing offset order while walking events: remember
  // the last line and scan forward from it before falling back to bisection.
  let last = 0;
  return {
    position(offset) {
      const start = starts[last] as number;
      if (offset >= start) {
        let i = last;
        while (i + 1 < starts.length && (starts[i + 1] as number) <= offset) {
          i++;
          if (i - last > 64) break;
        }
        if (i + 1 >= starts.length || (starts[i + 1] as number) > offset) {
          last = i;
          return { line: i + 1, column: offset - (starts[i] as number) + 1 };
        }
      }
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= offset) lo = mid;
        else hi = mid - 1;
      }
      last = lo;
      return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
    },
  };
}
