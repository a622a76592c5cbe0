// Where each chain and rule sits in the formatted payload (format.ts layout:
// per table `*name`, the chain declarations, the rules chain by chain,
// `COMMIT`). Derived on demand and cached, so re-programming never has to
// renumber 100k rules it did not touch.

import type { IptablesData } from './types';

export interface PayloadLines {
  /** `${table}/${chain}` -> 0-based line of `:CHAIN - [0:0]` */
  decl: Map<string, number>;
  /** `${table}/${chain}` -> 0-based line of the chain's first rule (a chain's rules are contiguous) */
  firstRule: Map<string, number>;
  /** table -> [line of `*table`, line of `COMMIT`] */
  table: Map<string, [number, number]>;
  lineCount: number;
}

const cache = new WeakMap<IptablesData, PayloadLines>();

export function payloadLines(data: IptablesData): PayloadLines {
  let l = cache.get(data);
  if (!l) {
    l = { decl: new Map(), firstRule: new Map(), table: new Map(), lineCount: 0 };
    let line = 0;
    for (const t of data.tables) {
      const header = line++;
      for (const c of t.chains) l.decl.set(`${t.name}/${c.name}`, line++);
      for (const c of t.chains) {
        l.firstRule.set(`${t.name}/${c.name}`, line);
        line += c.rules.length;
      }
      l.table.set(t.name, [header, line++]);
    }
    l.lineCount = line;
    cache.set(data, l);
  }
  return l;
}

/** 0-based payload line of rule `index` of `chain` in `table`. */
export function ruleLine(data: IptablesData, table: string, chain: string, index: number): number | undefined {
  const first = payloadLines(data).firstRule.get(`${table}/${chain}`);
  return first === undefined ? undefined : first + index;
}
