import { z } from 'zod';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildCoordinates, coordinatesOptionsSchema, parseCoordinate } from './coordinates.js';
import { buildDates, datesOptionsSchema, parseDate } from './dates.js';
import { buildFlat, flatOptionsSchema } from './flat.js';
import { buildIntervals, intervalsOptionsSchema, parseNumber } from './intervals.js';
import { buildGroups, buildOrdered, groupsOptionsSchema, orderedOptionsSchema } from './ordered.js';
import { buildPrefix, prefixOptionsSchema } from './prefix.js';
import { buildRegion, regionOptionsSchema } from './region.js';
import { buildResidentId, parseResidentId, residentIdOptionsSchema } from './resident-id.js';

export { labelOf } from './validate.js';

/**
 * A hierarchy as a policy file states it, discriminated on `type`, e.g. in YAML
 * `hierarchy: { type: intervals, widths: [5, 10, 20] }`. Objects are strict so a misspelt option
 * is reported instead of silently ignored.
 */
export const hierarchySpecSchema = z.discriminatedUnion('type', [
  intervalsOptionsSchema.extend({ type: z.literal('intervals') }),
  datesOptionsSchema.extend({ type: z.literal('dates') }),
  prefixOptionsSchema.extend({ type: z.literal('prefix') }),
  orderedOptionsSchema.extend({ type: z.literal('ordered') }),
  groupsOptionsSchema.extend({ type: z.literal('groups') }),
  regionOptionsSchema.extend({
    type: z.literal('region'),
    /**
     * Column holding each row's province or city, used to place bare district names that exist
     * in several places; the caller turns it into `parentValues` for `buildHierarchy`.
     */
    parentColumn: z.string().min(1).optional(),
  }),
  residentIdOptionsSchema.extend({ type: z.literal('resident_id') }),
  flatOptionsSchema.extend({ type: z.literal('flat') }),
  coordinatesOptionsSchema.extend({ type: z.literal('coordinates') }),
]);
export type HierarchySpec = z.output<typeof hierarchySpecSchema>;
export type HierarchySpecInput = z.input<typeof hierarchySpecSchema>;

/** Validates a spec read from a policy; errors are WumingError kind 'policy' at `key`. */
export function parseHierarchySpec(raw: unknown, key?: string): HierarchySpec {
  const r = hierarchySpecSchema.safeParse(raw);
  if (r.success) return r.data;
  const details = r.error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw new WumingError('POLICY_HIERARCHY', `invalid hierarchy specification: ${details}`, {
    kind: 'policy',
    location: key === undefined ? {} : { key },
  });
}

export interface BuildContext {
  /** Column name, for the Hierarchy and for error messages (default "value"). */
  column?: string;
  /** Region only: leaf → province/city name, see `RegionOptions.parentValues`. */
  parentValues?: ReadonlyMap<string, string>;
  /** Policy key the spec came from, for error locations. */
  key?: string;
}

/**
 * Builds the hierarchy a spec describes over a column's distinct values (read as text). The spec
 * is validated first, so raw policy objects may be passed.
 */
export function buildHierarchy(
  spec: HierarchySpecInput,
  leaves: readonly string[],
  ctx: BuildContext = {},
): Hierarchy {
  const s = parseHierarchySpec(spec, ctx.key);
  const column = ctx.column ?? 'value';
  try {
    switch (s.type) {
      case 'intervals':
        return buildIntervals(column, leaves, s);
      case 'dates':
        return buildDates(column, leaves, s);
      case 'prefix':
        return buildPrefix(column, leaves, s);
      case 'ordered':
        return buildOrdered(column, leaves, s);
      case 'groups':
        return buildGroups(column, leaves, s);
      case 'region': {
        const { type: _t, parentColumn: _p, ...regionOptions } = s;
        return buildRegion(column, leaves, { ...regionOptions, parentValues: ctx.parentValues });
      }
      case 'resident_id':
        return buildResidentId(column, leaves, s);
      case 'flat':
        return buildFlat(column, leaves, s);
      case 'coordinates':
        return buildCoordinates(column, leaves, s);
    }
  } catch (e) {
    // Policy mistakes found while building (widths that do not nest …) point at the policy key.
    if (e instanceof WumingError && e.kind === 'policy' && ctx.key && !e.location.key) {
      throw new WumingError(e.code, e.message, {
        kind: e.kind,
        location: { ...e.location, key: ctx.key },
        cause: e,
      });
    }
    throw e;
  }
}

export interface Suggestion {
  spec: HierarchySpec;
  hierarchy: Hierarchy;
  /** Why this builder was chosen, for the report. */
  reason: string;
}

const CODE_RE = /^[0-9A-Za-z]+$/;

/**
 * Picks a builder from the values alone, most specific first: resident IDs (all valid, at least
 * one 18-digit) → resident_id; 6-digit codes all in the region table → region; region names all
 * resolving to one place → region; latitude,longitude pairs → coordinates; all dates → dates; fixed-length digit codes of 5+ digits
 * (postal codes, account numbers: numbers in form only) → prefix; other numbers → intervals;
 * fixed-length alphanumeric codes → prefix; anything else → flat (value → "*").
 */
export function suggestHierarchy(column: string, leaves: readonly string[]): Suggestion {
  const make = (spec: HierarchySpecInput, reason: string): Suggestion => {
    const parsed = parseHierarchySpec(spec);
    return { spec: parsed, hierarchy: buildHierarchy(parsed, leaves, { column }), reason };
  };
  const attempt = (spec: HierarchySpecInput, reason: string): Suggestion | undefined => {
    try {
      return make(spec, reason);
    } catch (e) {
      if (e instanceof WumingError && e.kind === 'data') return undefined;
      throw e;
    }
  };
  const values = leaves.map((v) => v.trim());
  const nonEmpty = values.length > 0 && values.every((v) => v !== '');
  if (!nonEmpty) return make({ type: 'flat' }, 'empty values present or no values: value → *');

  if (values.some((v) => v.length === 18) && values.every((v) => parseResidentId(v) !== undefined)) {
    const s = attempt({ type: 'resident_id' }, 'all values are valid resident ID numbers');
    if (s) return s;
  }
  const allDigits = values.every((v) => /^\d+$/.test(v));
  const sameLength = values.every((v) => v.length === values[0].length);
  if (allDigits && sameLength && values[0].length === 6) {
    const s = attempt({ type: 'region' }, 'all values are 6-digit administrative division codes (GB/T 2260)');
    if (s) return s;
  }
  if (values.every((v) => parseCoordinate(v) !== undefined)) {
    return make({ type: 'coordinates' }, 'all values are latitude,longitude pairs: grid cells');
  }
  if (values.every((v) => parseDate(v) !== undefined)) {
    return make({ type: 'dates' }, 'all values are dates');
  }
  if (allDigits && sameLength && values[0].length >= 5) {
    return make({ type: 'prefix' }, `all values are ${values[0].length}-digit codes`);
  }
  if (values.every((v) => parseNumber(v) !== undefined)) {
    return make({ type: 'intervals' }, 'all values are numbers');
  }
  if (!allDigits && values.every((v) => !/\d/.test(v))) {
    const s = attempt({ type: 'region' }, 'all values are Chinese region names');
    if (s) return s;
  }
  if (sameLength && values[0].length >= 4 && values.every((v) => CODE_RE.test(v))) {
    return make({ type: 'prefix' }, `all values are ${values[0].length}-character codes`);
  }
  return make({ type: 'flat' }, `${values.length} categorical values: value → *`);
}
