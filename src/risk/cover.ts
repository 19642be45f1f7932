import type { Dialect } from '../engine/dialect.js';

/**
 * When does a released (possibly generalized) value cover an auxiliary (original) value?
 * The released values of a column are parsed once, in SQL, into a small table of "cover
 * specs"; the covering predicate then compares an auxiliary value against the parsed spec.
 *
 * Recognized released forms (everything else is compared for equality, numerically when both
 * sides are numbers, so "25" covers "25.0"):
 *   *, ****                  any value (suppressed)
 *   [20, 25) (20,25] [20,25]  numeric interval with the given bounds; an empty side is unbounded;
 *                            also dates: [2026-01-01, 2026-02-01)
 *   20-24  20~24  20–24      inclusive numeric range (only when low <= high, so 2026-03 is not one)
 *   >=60 ≥60 >60 <20 <=20 60+  open intervals
 *   1008**  138****1234      masks: each * stands for one character (same length)
 *   2026-03  2026/03         a month: covers the dates in it
 *   2026-Q1  2026Q1          a quarter
 *   1990s                    a decade: covers dates and year numbers 1990..1999
 *   2026                     a year: equal to 2026, or covers the dates in 2026
 *   a~b (text)               an ordinal range: decided only by a hierarchy (unknown otherwise)
 */

const NUM = String.raw`[-+]?[0-9]+(?:\.[0-9]+)?`;

/**
 * SELECT producing (v, kind, lo, hi, lo_inc, hi_inc, dlo, dhi, pat) for each distinct value v of
 * `valuesSql` (a query with one column named v).
 */
export function parseCoverSql(d: Dialect, valuesSql: string): string {
  const s = (x: string) => d.string(x);
  const bracket = String.raw`^([\[(])\s*([^,]*?)\s*,\s*([^\])]*?)\s*([\])])$`;
  const dash = `^(${NUM})\\s*[-~–]\\s*(${NUM})$`;
  const ge = `^(>=|≥|>)\\s*(${NUM})$`;
  const le = `^(<=|≤|<)\\s*(${NUM})$`;
  const plus = `^(${NUM})\\s*\\+$`;
  const month = '^([0-9]{4})[-/]([0-9]{1,2})$';
  const quarter = '^([0-9]{4})-?[Qq]([1-4])$';
  const decade = '^([0-9]{3})0s$';
  const num = (x: string) => `TRY_CAST(${x} AS DOUBLE)`;
  const date = (x: string) => `TRY_CAST(${x} AS DATE)`;
  const ex = (re: string, g: number) => `regexp_extract(t, ${s(re)}, ${g})`;
  const nullIfEmpty = (x: string) => `NULLIF(${x}, '')`;
  const bLo = nullIfEmpty(ex(bracket, 2));
  const bHi = nullIfEmpty(ex(bracket, 3));
  const isNumOrEmpty = (x: string) => `(${x} IS NULL OR ${num(x)} IS NOT NULL)`;
  const isDateOrEmpty = (x: string) => `(${x} IS NULL OR ${date(x)} IS NOT NULL)`;
  const kind = `CASE
    WHEN v IS NULL THEN 'null'
    WHEN regexp_full_match(t, '\\*+') THEN 'any'
    WHEN regexp_matches(t, ${s(bracket)}) AND ${isNumOrEmpty(bLo)} AND ${isNumOrEmpty(bHi)} THEN 'interval'
    WHEN regexp_matches(t, ${s(bracket)}) AND ${isDateOrEmpty(bLo)} AND ${isDateOrEmpty(bHi)} THEN 'dinterval'
    WHEN regexp_matches(t, ${s(dash)}) AND ${num(ex(dash, 1))} <= ${num(ex(dash, 2))} THEN 'interval'
    WHEN regexp_matches(t, ${s(ge)}) OR regexp_matches(t, ${s(le)}) OR regexp_matches(t, ${s(plus)}) THEN 'interval'
    WHEN regexp_matches(t, ${s(month)}) AND ${num(ex(month, 2))} BETWEEN 1 AND 12 THEN 'month'
    WHEN regexp_matches(t, ${s(quarter)}) THEN 'quarter'
    WHEN regexp_matches(t, ${s(decade)}) THEN 'decade'
    WHEN regexp_full_match(t, '[0-9]{4}') THEN 'year'
    WHEN strpos(t, '*') > 0 THEN 'mask'
    WHEN regexp_matches(t, '^[^~]+~[^~]+$') THEN 'textrange'
    ELSE 'eq' END`;
  const lo = `CASE
    WHEN regexp_matches(t, ${s(bracket)}) THEN ${num(bLo)}
    WHEN regexp_matches(t, ${s(dash)}) THEN ${num(ex(dash, 1))}
    WHEN regexp_matches(t, ${s(ge)}) THEN ${num(ex(ge, 2))}
    WHEN regexp_matches(t, ${s(plus)}) THEN ${num(ex(plus, 1))}
    WHEN regexp_matches(t, ${s(decade)}) THEN ${num(ex(decade, 1))} * 10
    END`;
  const hi = `CASE
    WHEN regexp_matches(t, ${s(bracket)}) THEN ${num(bHi)}
    WHEN regexp_matches(t, ${s(dash)}) THEN ${num(ex(dash, 2))}
    WHEN regexp_matches(t, ${s(le)}) THEN ${num(ex(le, 2))}
    WHEN regexp_matches(t, ${s(decade)}) THEN ${num(ex(decade, 1))} * 10 + 10
    END`;
  const loInc = `CASE
    WHEN regexp_matches(t, ${s(bracket)}) THEN ${ex(bracket, 1)} = '['
    WHEN regexp_matches(t, ${s(ge)}) THEN ${ex(ge, 1)} <> '>'
    ELSE true END`;
  const hiInc = `CASE
    WHEN regexp_matches(t, ${s(bracket)}) THEN ${ex(bracket, 4)} = ']'
    WHEN regexp_matches(t, ${s(le)}) THEN ${ex(le, 1)} <> '<'
    WHEN regexp_matches(t, ${s(decade)}) THEN false
    ELSE true END`;
  const dlo = `CASE
    WHEN regexp_matches(t, ${s(bracket)}) THEN ${date(bLo)}
    WHEN regexp_matches(t, ${s(month)}) THEN TRY_CAST(make_date(CAST(${ex(month, 1)} AS INTEGER), CAST(${ex(month, 2)} AS INTEGER), 1) AS DATE)
    WHEN regexp_matches(t, ${s(quarter)}) THEN make_date(CAST(${ex(quarter, 1)} AS INTEGER), 3 * CAST(${ex(quarter, 2)} AS INTEGER) - 2, 1)
    WHEN regexp_matches(t, ${s(decade)}) THEN make_date(CAST(${ex(decade, 1)} AS INTEGER) * 10, 1, 1)
    WHEN regexp_full_match(t, '[0-9]{4}') THEN make_date(CAST(t AS INTEGER), 1, 1)
    END`;
  const dhi = `CASE
    WHEN regexp_matches(t, ${s(bracket)}) THEN ${date(bHi)}
    WHEN regexp_matches(t, ${s(month)}) THEN TRY_CAST(make_date(CAST(${ex(month, 1)} AS INTEGER), CAST(${ex(month, 2)} AS INTEGER), 1) + INTERVAL 1 MONTH AS DATE)
    WHEN regexp_matches(t, ${s(quarter)}) THEN CAST(make_date(CAST(${ex(quarter, 1)} AS INTEGER), 3 * CAST(${ex(quarter, 2)} AS INTEGER) - 2, 1) + INTERVAL 3 MONTH AS DATE)
    WHEN regexp_matches(t, ${s(decade)}) THEN make_date(CAST(${ex(decade, 1)} AS INTEGER) * 10 + 10, 1, 1)
    WHEN regexp_full_match(t, '[0-9]{4}') THEN make_date(CAST(t AS INTEGER) + 1, 1, 1)
    END`;
  // A mask becomes a LIKE pattern: escape LIKE's own wildcards, then * -> _ (one character).
  const pat = `replace(replace(replace(replace(t, '\\', '\\\\'), '%', '\\%'), '_', '\\_'), '*', '_')`;
  return `SELECT v, kind, CASE WHEN kind = 'interval' THEN ${lo} END AS lo, CASE WHEN kind = 'interval' THEN ${hi} END AS hi,
      ${loInc} AS lo_inc, ${hiInc} AS hi_inc,
      CASE WHEN kind IN ('dinterval','month','quarter','decade','year') THEN ${dlo} END AS dlo,
      CASE WHEN kind IN ('dinterval','month','quarter','decade','year') THEN ${dhi} END AS dhi,
      CASE WHEN kind = 'mask' THEN ${pat} END AS pat,
      CASE WHEN kind = 'decade' THEN ${lo} END AS ylo
    FROM (SELECT v, t, ${kind} AS kind FROM (SELECT v, trim(CAST(v AS VARCHAR)) AS t FROM (${valuesSql})))`;
}

/**
 * An auxiliary value's readings as a number, a date and trimmed text, as columns `anum`, `adate` and
 * `atext` beside it: computed once per distinct value, since the covering predicate compares every
 * released spec with every auxiliary value (4,000 four-digit incomes read as years: 16 M pairs,
 * each casting its auxiliary value twice, took 6 CPU-s; with the casts done once, 0.1 s).
 */
export function auxReadingsSql(a: string): string {
  return `trim(${a}) AS atext, TRY_CAST(trim(${a}) AS DOUBLE) AS anum, TRY_CAST(trim(${a}) AS DATE) AS adate`;
}

/**
 * The covering predicate for a parsed released spec `p` and an auxiliary relation `x` with the
 * columns of auxReadingsSql, for every kind except 'eq' and 'null' (those are joined by equality).
 */
export function coverPredicate(p: string, x: string): string {
  const an = `${x}.anum`;
  const ad = `${x}.adate`;
  const inNum = `(${an} IS NOT NULL AND (${p}.lo IS NULL OR ${an} > ${p}.lo OR (${p}.lo_inc AND ${an} = ${p}.lo))
      AND (${p}.hi IS NULL OR ${an} < ${p}.hi OR (${p}.hi_inc AND ${an} = ${p}.hi)))`;
  const inDate = (hiInc: string) =>
    `(${ad} IS NOT NULL AND (${p}.dlo IS NULL OR ${ad} > ${p}.dlo OR (${p}.lo_inc AND ${ad} = ${p}.dlo))
      AND (${p}.dhi IS NULL OR ${ad} < ${p}.dhi OR (${hiInc} AND ${ad} = ${p}.dhi)))`;
  return `(CASE ${p}.kind
    WHEN 'any' THEN true
    WHEN 'interval' THEN ${inNum}
    WHEN 'dinterval' THEN ${inDate(`${p}.hi_inc`)}
    WHEN 'month' THEN ${inDate('false')}
    WHEN 'quarter' THEN ${inDate('false')}
    WHEN 'year' THEN ${inDate('false')}
    WHEN 'decade' THEN ${inDate('false')} OR (${an} IS NOT NULL AND ${an} >= ${p}.ylo AND ${an} < ${p}.ylo + 10)
    WHEN 'mask' THEN ${x}.atext LIKE ${p}.pat ESCAPE '\\'
    ELSE false END)`;
}

/**
 * Key for equality coverage: numbers compare as numbers ("25" = "25.0"), text as trimmed text.
 * Codes with leading zeros ("010101") stay text, so they never equal "10101".
 */
export const eqKey = (x: string): string =>
  `CASE WHEN regexp_full_match(trim(${x}), '[-+]?(0|[1-9][0-9]*)(\\.[0-9]+)?') THEN CAST(CAST(trim(${x}) AS DOUBLE) AS VARCHAR) ELSE trim(${x}) END`;
