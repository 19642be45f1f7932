import {
  buildHierarchy,
  type HierarchySpec,
  parseHierarchySpec,
  suggestHierarchy,
} from './builders/index.js';
import type { Hierarchy } from './hierarchy.js';

/** A hierarchy built from a column's values, with what was built and why (for people and reports). */
export interface AutoHierarchy {
  hierarchy: Hierarchy;
  spec: HierarchySpec;
  reason: string;
}

/**
 * Build a hierarchy for a column from its distinct values alone, as `wuming scan`'s proposed
 * policy does (src/run/scan.ts, proposePolicy): a column named like an age gets 5/10/20/40-year
 * bands, one named like a date gets the date builder, and every other column the builder
 * `suggestHierarchy` picks from the values (resident IDs, region codes and names, dates, codes,
 * numbers, else value → *). Used by `anonymize` when no hierarchy is given for a quasi-identifier.
 */
export function autoHierarchy(column: string, leaves: readonly string[]): AutoHierarchy {
  const name = column.toLowerCase();
  const byName = (spec: unknown, reason: string): AutoHierarchy | undefined => {
    try {
      const parsed = parseHierarchySpec(spec);
      return { spec: parsed, hierarchy: buildHierarchy(parsed, leaves, { column }), reason };
    } catch {
      return undefined; // the values do not fit what the name suggests: decide from the values
    }
  };
  if (/^(age|年龄)$/.test(name)) {
    const s = byName({ type: 'intervals', widths: [5, 10, 20, 40] }, 'an age column: 5/10/20/40-year bands');
    if (s) return s;
  }
  if (/date|日期|birth|生日/.test(name)) {
    const s = byName({ type: 'dates' }, 'a date column: month > quarter > year > decade');
    if (s) return s;
  }
  const s = suggestHierarchy(column, leaves);
  return { spec: s.spec, hierarchy: s.hierarchy, reason: s.reason };
}
