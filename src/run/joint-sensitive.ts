import { type FrequencyTable, valueOrder } from '../core/table.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { Marginal } from '../privacy/marginal.js';

/**
 * Several sensitive columns in one search: each row gets one text key for its combination of
 * values (the "joint" sensitive value) and the frequency table counts (quasi-identifiers, joint
 * key) as it counts one sensitive column; `jointMarginals` then splits the keys back into each
 * column's codes. Both data paths build the same key, so both give the same marginals.
 *
 * Key: per column "0" for a missing value or "1" followed by the value, joined by U+001F (the
 * ASCII unit separator), so a missing value and an empty text stay apart.
 */
export const JOINT_COLUMN = '__wuming_joint_sensitive';
export const UNIT_SEPARATOR = '\u001f';

export function jointKey(values: readonly (string | null)[]): string {
  return values.map((v) => (v === null ? '0' : `1${v}`)).join(UNIT_SEPARATOR);
}

/**
 * The marginal of each sensitive column over the table's joint codes. Codes follow the
 * single-column convention of the frequency builders: the column's hierarchy leaves when it has
 * one (hierarchical t-closeness; a value outside it is an error naming the column), else its
 * distinct values in code-point order with a missing value last (shown as "").
 */
export function jointMarginals(
  table: FrequencyTable,
  columns: readonly string[],
  hierarchies: Readonly<Record<string, Hierarchy>>,
): Record<string, Marginal> {
  const joint = table.sensitive;
  if (!joint) throw new WumingError('INTERNAL', 'joint sensitive codes missing', { kind: 'internal' });
  const parts = joint.values.map((key) => {
    const p = key.split(UNIT_SEPARATOR);
    if (p.length !== columns.length)
      throw new WumingError(
        'SENSITIVE_SEPARATOR',
        `a value of the sensitive columns ${columns.join(', ')} contains the control character U+001F, which the joint sensitive code reserves`,
        { kind: 'data', location: { column: columns[0] } },
      );
    return p.map((x) => (x.startsWith('1') ? x.slice(1) : null));
  });
  const out: Record<string, Marginal> = {};
  columns.forEach((column, j) => {
    const h = hierarchies[column];
    const map = new Int32Array(parts.length);
    let values: string[];
    if (h) {
      const leaf = new Map(h.leaves.map((v, i) => [v, i]));
      parts.forEach((p, code) => {
        const v = p[j];
        const c = v === null ? undefined : leaf.get(v);
        if (c === undefined)
          throw new WumingError(
            'SENSITIVE_NOT_IN_HIERARCHY',
            `column "${column}": records have ${v === null ? 'empty values' : 'values'} not in its hierarchy`,
            { kind: 'data', location: { column } },
          );
        map[code] = c;
      });
      values = [...h.leaves];
    } else {
      const present = new Set<string>();
      let missing = false;
      for (const p of parts) {
        const v = p[j];
        if (v === null) missing = true;
        else present.add(v);
      }
      // Code-point order, as DuckDB orders text and the in-memory builder sorts.
      values = [...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const rank = new Map(values.map((v, i) => [v, i]));
      parts.forEach((p, code) => {
        const v = p[j];
        map[code] = v === null ? values.length : (rank.get(v) as number);
      });
      if (missing) values.push('');
    }
    out[column] = { column, values, order: valueOrder(values), hierarchy: h, map };
  });
  return out;
}
