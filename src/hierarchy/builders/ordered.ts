import { z } from 'zod';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, type ChainStep, TOP, topStep } from './chain.js';

export const orderedOptionsSchema = z.strictObject({
  /** Every possible value, in order (e.g. 小学, 初中, 高中, 中专, 大专, 本科, 硕士, 博士). */
  order: z.array(z.string()).min(1),
  /**
   * Values per group at each level, counted in original values, each a whole multiple of the
   * previous so groups nest (e.g. [2, 4]). The last group of a level may be shorter.
   */
  groupSizes: z.array(z.number().int().positive()).min(1),
  /** Joins the first and last value of a group in its label (default "~": 小学~初中). */
  separator: z.string().optional(),
  topLabel: z.string().min(1).optional(),
});
export type OrderedOptions = z.input<typeof orderedOptionsSchema>;

const groupLevel = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export const groupsOptionsSchema = z.strictObject({
  /**
   * One mapping per level. Level 1 maps data values, level L maps the groups of level L-1. A
   * mapping is either member → group ({本科: 高等, 硕士: 高等}) or group → members
   * ({高等: [本科, 硕士]}), not both in one level.
   */
  levels: z.array(groupLevel).min(1),
  topLabel: z.string().min(1).optional(),
});
export type GroupsOptions = z.input<typeof groupsOptionsSchema>;

const policyError = (column: string, code: string, message: string) =>
  new WumingError(code, message, { kind: 'policy', location: { column } });

/**
 * Ordered grouping: consecutive runs of an explicit order, with run lengths growing per level,
 * labelled "first~last" (a single-value group keeps its value). Value at position p belongs to
 * group floor(p/size) at each level; sizes are multiples of each other, so groups nest.
 */
export function buildOrdered(column: string, leaves: readonly string[], options: OrderedOptions): Hierarchy {
  const { order, groupSizes } = options;
  const sep = options.separator ?? '~';
  const position = new Map<string, number>();
  order.forEach((v, i) => {
    if (position.has(v)) {
      throw policyError(
        column,
        'HIERARCHY_ORDER_DUPLICATE',
        `ordered grouping for column "${column}": the order lists a value twice`,
      );
    }
    position.set(v, i);
  });
  for (let j = 1; j < groupSizes.length; j++) {
    if (groupSizes[j] <= groupSizes[j - 1] || groupSizes[j] % groupSizes[j - 1] !== 0) {
      throw policyError(
        column,
        'HIERARCHY_ORDER_SIZES',
        `ordered grouping for column "${column}": each group size must be a larger multiple of the previous one (got ${groupSizes[j - 1]} then ${groupSizes[j]})`,
      );
    }
  }
  // Keys are group indices; labels come from the full order, so they do not depend on which
  // values happen to occur in this data.
  const steps: ChainStep[] = groupSizes.map((size, j) => {
    const ratio = j === 0 ? size : size / groupSizes[j - 1];
    return {
      name: `groups of ${size}`,
      next: (key: string) => String(Math.floor(Number(key) / ratio)),
      label: (key: string) => {
        const first = Number(key) * size;
        const last = Math.min(order.length, first + size) - 1;
        return first === last ? order[first] : `${order[first]}${sep}${order[last]}`;
      },
    };
  });
  steps.push(topStep(options.topLabel ?? TOP));
  return buildChain({
    column,
    leaves,
    leafKey: (leaf) => {
      const p = position.get(leaf);
      return p === undefined ? undefined : String(p);
    },
    steps,
    invalid: (count) =>
      new WumingError(
        'HIERARCHY_ORDER_MISSING',
        `column "${column}": ${count} distinct value(s) are not in the order given for the ordered hierarchy`,
        { kind: 'data', location: { column } },
      ),
    origin: `ordered(${order.length} values; groups of ${groupSizes.join('/')})`,
  });
}

/** Normalises one level to member → group, rejecting mixed forms and members in two groups. */
function memberToGroup(
  column: string,
  level: z.infer<typeof groupLevel>,
  index: number,
): Map<string, string> {
  const entries = Object.entries(level);
  const arrays = entries.filter(([, v]) => Array.isArray(v)).length;
  if (arrays !== 0 && arrays !== entries.length) {
    throw policyError(
      column,
      'HIERARCHY_GROUPS_FORM',
      `groups for column "${column}", level ${index + 1}: use either member: group or group: [members], not both`,
    );
  }
  const out = new Map<string, string>();
  if (arrays === 0) {
    for (const [member, group] of entries) out.set(member, group as string);
    return out;
  }
  for (const [group, members] of entries) {
    for (const m of members as string[]) {
      if (out.has(m) && out.get(m) !== group) {
        throw policyError(
          column,
          'HIERARCHY_GROUPS_TWICE',
          `groups for column "${column}", level ${index + 1}: a member is listed in two groups`,
        );
      }
      out.set(m, group);
    }
  }
  return out;
}

/**
 * Explicit grouping: level 1 maps each value to a group, each further level maps the groups of
 * the level below, then the top value. Mapping groups (not values) at every level makes each
 * level a function of the one below by construction. A value or group with no mapping →
 * WumingError naming the column, the level and the count.
 */
export function buildGroups(column: string, leaves: readonly string[], options: GroupsOptions): Hierarchy {
  const maps = options.levels.map((level, i) => memberToGroup(column, level, i));
  // Check coverage level by level so the error names the level; only distinct values are counted.
  let current = new Set(leaves);
  maps.forEach((m, i) => {
    let missing = 0;
    const next = new Set<string>();
    for (const v of current) {
      const g = m.get(v);
      if (g === undefined) missing++;
      else next.add(g);
    }
    if (missing > 0) {
      throw new WumingError(
        'HIERARCHY_GROUPS_MISSING',
        i === 0
          ? `column "${column}": ${missing} distinct value(s) have no group at level 1 of the grouping`
          : `column "${column}": ${missing} group(s) of level ${i} have no group at level ${i + 1} of the grouping`,
        { kind: i === 0 ? 'data' : 'policy', location: { column } },
      );
    }
    current = next;
  });
  const steps: ChainStep[] = maps.map((m, i) => ({ name: `level${i + 1}`, next: (k: string) => m.get(k)! }));
  steps.push(topStep(options.topLabel ?? TOP));
  return buildChain({
    column,
    leaves,
    leafKey: (leaf) => leaf,
    steps,
    invalid: () => new WumingError('HIERARCHY_INTERNAL', 'unreachable', { kind: 'internal' }),
    origin: `groups(${maps.length} level(s))`,
  });
}
