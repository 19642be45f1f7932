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
 * The hierarchy a column's name asks for, when it asks for one: the one copy of these rules, used
 * by `autoHierarchy` (anonymize without a hierarchy) and by `wuming scan`'s proposed policy
 * (`isDate`: the scan detected dates of birth in the values).
 */
export function hierarchyRule(
  column: string,
  opts: { isDate?: boolean } = {},
): { spec: HierarchySpec; reason: string } | undefined {
  const name = column.toLowerCase();
  if (/^(age|年龄)$/.test(name))
    return {
      spec: { type: 'intervals', widths: [5, 10, 20, 40] },
      reason: 'an age column: 5/10/20/40-year bands',
    };
  if (opts.isDate || /date|日期|birth|生日/.test(name))
    return { spec: { type: 'dates' }, reason: 'a date column: month > quarter > year > decade' };
  return undefined;
}

/**
 * Build a hierarchy for a column from its distinct values alone, as `wuming scan`'s proposed
 * policy does (src/run/scan.ts, proposePolicy): the rule the column's name asks for
 * (`hierarchyRule`) when the values fit it, else the builder `suggestHierarchy` picks from the
 * values (resident IDs, region codes and names, dates, codes, numbers, else value → *). Used by
 * `anonymize` when no hierarchy is given for a quasi-identifier.
 */
export function autoHierarchy(column: string, leaves: readonly string[]): AutoHierarchy {
  const rule = hierarchyRule(column);
  if (rule) {
    try {
      const spec = parseHierarchySpec(rule.spec);
      return { spec, hierarchy: buildHierarchy(spec, leaves, { column }), reason: rule.reason };
    } catch {
      // the values do not fit what the name suggests: decide from the values
    }
  }
  const s = suggestHierarchy(column, leaves);
  return { spec: s.spec, hierarchy: s.hierarchy, reason: s.reason };
}
