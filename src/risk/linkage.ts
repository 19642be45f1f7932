import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { writeRelation } from '../io/write.js';
import { noProgress, type ProgressFn } from '../progress.js';
import { auxReadingsSql, coverPredicate, eqKey, parseCoverSql } from './cover.js';

export interface LinkageOptions {
  engine: Engine;
  /** The released (anonymized) relation: a quoted name or any FROM-able SQL. */
  released: string;
  /** The attacker's auxiliary relation. */
  auxiliary: string;
  /** Columns present in both, on which the attacker links. */
  on: readonly string[];
  /** Ground-truth identifier present in both (never used for matching, only to score it). */
  id?: string;
  /**
   * Per column, how generalized labels decode to original values: a Hierarchy (as built for a
   * policy or read with readArxHierarchy), or the name of a relation with columns (leaf, label)
   * where the released value `label` covers the original value `leaf` (from `hierarchyPairs` or
   * `loadArxHierarchy`).
   */
  hierarchies?: Readonly<Record<string, string | Hierarchy>>;
  /**
   * Write per-record results (aux_row, [id], matches, unique, correct, success_probability,
   * undecided, matches_min, matches_max).
   */
  out?: string;
  onProgress?: ProgressFn;
}

/** A share that could not be pinned down because some records are undecided: low ≤ true ≤ high. */
export interface ShareBounds {
  low: number;
  high: number;
}

export interface LinkageResult {
  auxiliaryRecords: number;
  releasedRecords: number;
  on: string[];
  /** Share of auxiliary records that match exactly one released record (decided records only). */
  uniqueMatches: number;
  /** Share of auxiliary records whose single match is the right person (null without --id). */
  uniqueCorrectMatches: number | null;
  /** Share of auxiliary records whose true record is surely among their matches (null without --id). */
  correctInMatches: number | null;
  /**
   * Expected share re-identified by an attacker who picks one match at random: mean over
   * auxiliary records of 1/|matches| (counting only records whose true record is among the
   * matches when the id is known; records without a match count 0, undecided records at their
   * least: 1/(most possible matches) when their true record is surely among them, else 0; the
   * upper bound is in `bounds`).
   */
  expectedSuccessRate: number;
  /** Share of auxiliary records with no match at all (decided: no released record can cover them). */
  noMatch: number;
  /** Distribution of match-set sizes: label -> share of auxiliary records ('undecided' last). */
  matchSizes: { label: string; share: number }[];
  /**
   * Released values whose coverage could not be decided, per column: text ranges and labels that
   * are neither an auxiliary value nor decodable through a hierarchy (e.g. 西南 without the region
   * hierarchy), or hierarchy labels met with auxiliary values outside the hierarchy.
   */
  undecided: Record<string, number>;
  /**
   * Share of auxiliary records whose match set cannot be decided because an undecided value could
   * cover them. They are counted neither as matched nor as "no match"; `bounds` says how far the
   * figures could move.
   */
  undecidedRecords: number;
  /** Number of such records. */
  undecidedCount: number;
  /** Per column, released values decoded through the given hierarchy (labels that are not leaves). */
  decoded: Record<string, number>;
  /** Each figure's range over every way the undecided records could turn out (low = the figure). */
  bounds: {
    uniqueMatches: ShareBounds;
    uniqueCorrectMatches: ShareBounds | null;
    expectedSuccessRate: ShareBounds;
  };
  out?: string;
}

let seq = 0;

/**
 * The linkage attack: an attacker holding an auxiliary table (a sample of the population with
 * some attributes) links each of its records to the released table, where a released value
 * matches an auxiliary value when it covers it (see cover.ts, or the column's hierarchy).
 * Everything runs in the engine as hash joins: per column a small "coverage" relation
 * (released value, auxiliary value, sure) is built from the distinct values only, then auxiliary
 * combinations are joined through them to the released combinations (with their counts), so the
 * cost is driven by distinct combinations, not by rows times rows.
 *
 * Coverage is three-valued. A pair is *sure* when the values are equal, the label's text decides
 * it (interval, mask, date ...), or the hierarchy maps the leaf to the label. It is *undecided*
 * when the released value is a label the attack cannot read: a text range or a text value that
 * is no auxiliary value, without a hierarchy that contains it (西南 against region codes), or a
 * hierarchy label against an auxiliary value the hierarchy does not know. An auxiliary record
 * whose match set depends on an undecided pair is reported as undecided, never as "no match"
 * (counting it as either would under- or over-report silently). A number that is no auxiliary
 * value is taken as a value, not a label: pass a hierarchy when a hierarchy's labels are numbers.
 */
export async function linkageAttack(opts: LinkageOptions): Promise<LinkageResult> {
  const { engine, released, auxiliary } = opts;
  const onProgress = opts.onProgress ?? noProgress;
  const d = engine.dialect;
  const on = [...opts.on];
  if (on.length === 0)
    throw new WumingError('NO_COLUMNS', 'the attack needs at least one column to link on', {
      kind: 'usage',
    });
  const relCols = (await engine.describe(`SELECT * FROM ${released}`)).map((c) => c.name);
  const auxCols = (await engine.describe(`SELECT * FROM ${auxiliary}`)).map((c) => c.name);
  for (const c of [...on, ...(opts.id ? [opts.id] : [])]) {
    if (!relCols.includes(c))
      throw new WumingError('UNKNOWN_COLUMN', 'no such column in the released file', {
        kind: 'usage',
        location: { column: c },
      });
    if (!auxCols.includes(c))
      throw new WumingError('UNKNOWN_COLUMN', 'no such column in the auxiliary file', {
        kind: 'usage',
        location: { column: c },
      });
  }
  for (const c of Object.keys(opts.hierarchies ?? {}))
    if (!on.includes(c))
      throw new WumingError('UNKNOWN_COLUMN', 'a hierarchy was given for a column not linked on', {
        kind: 'usage',
        location: { column: c },
      });

  const tag = `lk${++seq}_${process.pid}`;
  const t = (name: string) => d.ident(`${tag}_${name}`);
  const temps: string[] = [];
  const table = async (name: string, sql: string) => {
    await engine.exec(d.createTempTable(t(name), sql));
    temps.push(t(name));
    return t(name);
  };
  const total = on.length + 3;
  try {
    // Hierarchy objects become (leaf, label) relations in the engine.
    const hier: Record<string, string> = {};
    for (const [c, h] of Object.entries(opts.hierarchies ?? {})) {
      if (typeof h === 'string') hier[c] = h;
      else {
        const name = `${tag}_h${on.indexOf(c)}`;
        hier[c] = await hierarchyPairs(engine, name, h);
        temps.push(hier[c]);
      }
    }
    // Auxiliary rows with a stable 1-based row number in file order: a table's stored row
    // position is its insertion order; row_number() OVER () is only the fallback for views and
    // subqueries (the engine says which the relation is).
    const rowId = await engine.rowOrder(auxiliary);
    const aux = await table(
      'aux',
      `SELECT ${rowId ? `${rowId} + 1` : 'row_number() OVER ()'} AS aux_row, ${on.map((c, i) => `CAST(${d.ident(c)} AS VARCHAR) AS a${i}`).join(', ')}${
        opts.id ? `, CAST(${d.ident(opts.id)} AS VARCHAR) AS id` : ''
      } FROM ${auxiliary}`,
    );
    const rel = await table(
      'rel',
      `SELECT ${on.map((c, i) => `CAST(${d.ident(c)} AS VARCHAR) AS r${i}`).join(', ')}${
        opts.id ? `, CAST(${d.ident(opts.id)} AS VARCHAR) AS id` : ''
      } FROM ${released}`,
    );
    const undecided: Record<string, number> = {};
    const decoded: Record<string, number> = {};
    const cov: string[] = [];
    // Every cross product of released and auxiliary values below joins two tables filtered
    // beforehand, each materialized on its own: with a one-sided filter beside the cover predicate
    // in one WHERE (or in a subquery, which the engine flattens), the engine evaluated the
    // predicate on every pair (16 M pairs, 6 CPU-s, for 4,000 distinct incomes none of which is a
    // range or a label).
    const only = (name: string, rel: string, cond: string) =>
      table(name, `SELECT * FROM ${rel} WHERE ${cond}`);
    /** Coverage pairs every released reading gives, with or without a hierarchy. */
    const commonParts = async (i: number, modes: string, avals: string, known: string) => [
      // equality covers, for every kind (numbers compare as numbers)
      `SELECT p.v AS rv, x.a AS av, true AS sure FROM ${modes} p JOIN ${avals} x ON ${eqKey('p.v')} = x.k`,
      // released NULL covers only auxiliary NULL; an auxiliary NULL (attribute unknown to the
      // attacker) is covered by every released value
      `SELECT p.v AS rv, x.a AS av, true AS sure FROM ${modes} p, ${await only(`xn${i}`, avals, 'a IS NULL')} x`,
      // a text range surely covers its own end points: one equi-join per end, so both are hashed
      ...[1, 2].map(
        (e) =>
          `SELECT p.v AS rv, x.a AS av, true AS sure FROM ${modes} p JOIN ${avals} x ON p.kind = 'textrange' AND x.atext = trim(split_part(trim(p.v), '~', ${e}))`,
      ),
      // a label nothing decodes might cover any value: undecided
      `SELECT p.v AS rv, x.a AS av, false AS sure FROM ${await only(`op${i}`, modes, "mode = 'opaque'")} p, ${known} x`,
    ];
    /** Released values whose own syntax (a range, an interval, a prefix, *) decides what they cover. */
    const syntactic = (i: number, modes: string) =>
      only(`sy${i}`, modes, "kind NOT IN ('eq', 'null', 'textrange')");
    const isNumber = (x: string) => `regexp_full_match(trim(${x}), '[-+]?[0-9]+(\\.[0-9]+)?')`;
    for (let i = 0; i < on.length; i++) {
      onProgress({ stage: 'coverage', done: i, total });
      const parsed = await table(`p${i}`, parseCoverSql(d, `SELECT DISTINCT r${i} AS v FROM ${rel}`));
      const avals = await table(
        `av${i}`,
        `SELECT a, k, ${auxReadingsSql('a')} FROM (SELECT DISTINCT a${i} AS a, ${eqKey(`a${i}`)} AS k FROM ${aux})`,
      );
      const h = hier[on[i]];
      const pred = coverPredicate('p', 'x');
      // Released values and how they are read: 'label' = a hierarchy label that is not a leaf
      // (decoded through the hierarchy), 'opaque' = a label nothing can decode, else 'text'
      // (equality and the label's own syntax decide).
      let modes: string;
      if (h) {
        const leaves = await table(`hl${i}`, `SELECT DISTINCT CAST(leaf AS VARCHAR) AS leaf FROM ${h}`);
        const labels = await table(
          `hb${i}`,
          `SELECT DISTINCT CAST(label AS VARCHAR) AS label FROM ${h} EXCEPT SELECT leaf FROM ${leaves}`,
        );
        const pairs = await table(
          `hp${i}`,
          `SELECT DISTINCT CAST(leaf AS VARCHAR) AS leaf, CAST(label AS VARCHAR) AS label FROM ${h}`,
        );
        modes = await table(
          `md${i}`,
          `SELECT p.*, CASE
             WHEN EXISTS (SELECT 1 FROM ${labels} b WHERE b.label = trim(p.v)) THEN 'label'
             WHEN EXISTS (SELECT 1 FROM ${leaves} l WHERE l.leaf = trim(p.v)) THEN 'text'
             WHEN p.kind = 'textrange' THEN 'opaque'
             WHEN p.kind = 'eq' AND NOT ${isNumber('p.v')}
               AND NOT EXISTS (SELECT 1 FROM ${avals} x WHERE x.k = ${eqKey('p.v')}) THEN 'opaque'
             ELSE 'text' END AS mode
           FROM ${parsed} p`,
        );
        const known = await only(`xa${i}`, avals, 'a IS NOT NULL');
        const parts = [
          ...(await commonParts(i, modes, avals, known)),
          // text the label's syntax decides (a hierarchy label too, for values outside the hierarchy)
          `SELECT p.v AS rv, x.a AS av, true AS sure FROM ${await syntactic(i, modes)} p, ${known} x
             WHERE ${pred} AND (p.mode <> 'label' OR NOT EXISTS (SELECT 1 FROM ${leaves} l WHERE l.leaf = x.atext))`,
          // the hierarchy decides its labels for its leaves
          `SELECT p.v AS rv, x.a AS av, true AS sure FROM ${modes} p JOIN ${pairs} hp ON hp.label = trim(p.v) JOIN ${avals} x ON hp.leaf = x.atext WHERE p.mode = 'label'`,
          // a label the hierarchy cannot place an auxiliary value under, when its text cannot either
          `SELECT p.v AS rv, x.a AS av, false AS sure
             FROM ${await only(`lb${i}`, modes, "mode = 'label' AND kind IN ('eq', 'textrange')")} p,
               ${await only(`xu${i}`, known, `NOT EXISTS (SELECT 1 FROM ${leaves} l WHERE l.leaf = atext)`)} x`,
        ];
        cov.push(
          await table(
            `c${i}`,
            `SELECT rv, av, bool_or(sure) AS sure FROM (${parts.join(' UNION ALL ')}) GROUP BY rv, av`,
          ),
        );
        const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${modes} WHERE mode = 'label'`);
        if (Number(n) > 0) decoded[on[i]] = Number(n);
      } else {
        modes = await table(
          `md${i}`,
          `SELECT p.*, CASE
             WHEN p.kind = 'textrange' THEN 'opaque'
             WHEN p.kind = 'eq' AND NOT ${isNumber('p.v')}
               AND NOT EXISTS (SELECT 1 FROM ${avals} x WHERE x.k = ${eqKey('p.v')}) THEN 'opaque'
             ELSE 'text' END AS mode
           FROM ${parsed} p`,
        );
        const known = await only(`xa${i}`, avals, 'a IS NOT NULL');
        const parts = [
          ...(await commonParts(i, modes, avals, known)),
          `SELECT p.v AS rv, x.a AS av, true AS sure FROM ${await syntactic(i, modes)} p, ${known} x WHERE ${pred}`,
        ];
        cov.push(
          await table(
            `c${i}`,
            `SELECT rv, av, bool_or(sure) AS sure FROM (${parts.join(' UNION ALL ')}) GROUP BY rv, av`,
          ),
        );
      }
      const [{ n }] = await engine.query(`SELECT count(DISTINCT rv) AS n FROM ${cov[i]} WHERE NOT sure`);
      if (Number(n) > 0) undecided[on[i]] = Number(n);
    }
    onProgress({ stage: 'coverage', done: on.length, total });

    const nd = (a: string, b: string) => `${a} IS NOT DISTINCT FROM ${b}`;
    const relCombos = await table(
      'rc',
      `SELECT ${on.map((_, i) => `r${i}`).join(', ')}, count(*) AS cnt FROM ${rel} GROUP BY ${on.map((_, i) => `r${i}`).join(', ')}`,
    );
    const auxCombos = await table(
      'ac',
      `SELECT ${on.map((_, i) => `a${i}`).join(', ')}, count(*) AS cnt FROM ${aux} GROUP BY ${on.map((_, i) => `a${i}`).join(', ')}`,
    );
    // Matches per auxiliary combination, through every column's coverage to released
    // combinations: `pos` counts every released record that may cover it, `def` those that surely do.
    const joins = on.map((_, i) => `JOIN ${cov[i]} c${i} ON ${nd(`c${i}.av`, `ac.a${i}`)}`).join(' ');
    const relJoin = on.map((_, i) => nd(`rc.r${i}`, `c${i}.rv`)).join(' AND ');
    const allSure = on.map((_, i) => `c${i}.sure`).join(' AND ');
    const matches = await table(
      'm',
      `SELECT ${on.map((_, i) => `ac.a${i}`).join(', ')}, sum(rc.cnt) AS pos,
         coalesce(${d.sumWhere('rc.cnt', allSure)}, 0) AS def
       FROM ${auxCombos} ac ${joins} JOIN ${relCombos} rc ON ${relJoin} GROUP BY ${on.map((_, i) => `ac.a${i}`).join(', ')}`,
    );
    onProgress({ stage: 'linking', done: on.length + 1, total });
    // Ground truth: is the auxiliary record's own released record (same id) surely (sure) or
    // possibly (maybe) among its matches?
    let truthJoin = '';
    let sureSql = 'false';
    let maybeSql = 'false';
    if (opts.id) {
      const covJoins = on
        .map(
          (_, i) => `JOIN ${cov[i]} c${i} ON ${nd(`c${i}.rv`, `r.r${i}`)} AND ${nd(`c${i}.av`, `a.a${i}`)}`,
        )
        .join(' ');
      const truth = await table(
        'truth',
        `SELECT a.aux_row, bool_or(${allSure}) AS sure FROM ${aux} a JOIN ${rel} r ON a.id = r.id ${covJoins} GROUP BY a.aux_row`,
      );
      truthJoin = `LEFT JOIN ${truth} tr ON tr.aux_row = a.aux_row`;
      sureSql = 'coalesce(tr.sure, false)';
      maybeSql = '(tr.aux_row IS NOT NULL)';
    }
    const mJoin = on.map((_, i) => nd(`m.a${i}`, `a.a${i}`)).join(' AND ');
    const base = await table(
      'base',
      `SELECT a.aux_row${opts.id ? ', a.id' : ''}, coalesce(m.def, 0)::BIGINT AS mn, coalesce(m.pos, 0)::BIGINT AS mx,
         ${sureSql} AS tsure, ${maybeSql} AS tmaybe
       FROM ${aux} a LEFT JOIN ${matches} m ON ${mJoin} ${truthJoin}`,
    );
    const id = Boolean(opts.id);
    // Per record: decided when no undecided pair could add a match (mn = mx).
    const success = id
      ? 'CASE WHEN mn = mx AND tsure THEN 1.0 / mn WHEN mn = mx THEN 0.0 END'
      : 'CASE WHEN mn = mx AND mn > 0 THEN 1.0 / mn WHEN mn = mx THEN 0.0 END';
    const perRecord = await table(
      'per',
      `SELECT aux_row${id ? ', id' : ''},
         CASE WHEN mn = mx THEN mn END AS matches,
         CASE WHEN mn = mx THEN mn = 1 END AS "unique",
         ${id ? 'CASE WHEN tsure THEN true WHEN tmaybe THEN NULL ELSE false END' : 'NULL::BOOLEAN'} AS correct,
         ${success} AS success_probability,
         mn <> mx AS undecided, mn AS matches_min, mx AS matches_max
       FROM ${base}`,
    );
    onProgress({ stage: 'linking', done: on.length + 2, total });
    // Bounds over the undecided records (mn < mx): the unique (correct) match is possible when
    // at most one sure match exists (and, with the id, it can be the true one); the attacker's
    // success lies between 1/mx and 1/mn for a surely included true record, and up to 1/(mn+1)
    // when the true record is only possibly included.
    // Every figure below is a mean over auxiliary records of a function of (mn, mx, tsure,
    // tmaybe), so the engine only counts records per combination (integers, exact in any order)
    // and the means are summed here in a fixed order: a floating-point avg() summed by parallel
    // threads changed the last digits of the figures from one run to the next.
    const groups = (
      await engine.query(
        `SELECT mn, mx, tsure, tmaybe, count(*) AS c FROM ${base} GROUP BY mn, mx, tsure, tmaybe`,
      )
    ).map((g) => ({
      mn: Number(g.mn),
      mx: Number(g.mx),
      sure: g.tsure === true,
      maybe: g.tmaybe === true,
      c: Number(g.c),
    }));
    const s = linkageShares(groups, id);
    const [{ rn }] = await engine.query(`SELECT count(*) AS rn FROM ${rel}`);
    if (opts.out) await writeRelation(engine, `SELECT * FROM ${perRecord} ORDER BY aux_row`, opts.out);
    onProgress({ stage: 'linking', done: total, total });
    const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
    return {
      auxiliaryRecords: s.n,
      releasedRecords: num(rn),
      on,
      uniqueMatches: s.uniq,
      uniqueCorrectMatches: id ? s.uniq_correct : null,
      correctInMatches: id ? s.correct : null,
      expectedSuccessRate: s.success_lo,
      noMatch: s.none,
      matchSizes: [
        { label: '0', share: s.none },
        { label: '1', share: s.uniq },
        { label: '2-5', share: s.m2_5 },
        { label: '6-20', share: s.m6_20 },
        { label: '21-100', share: s.m21_100 },
        { label: '>100', share: s.m101 },
        { label: 'undecided', share: s.undecided },
      ],
      undecided,
      undecidedRecords: s.undecided,
      undecidedCount: s.und,
      decoded,
      bounds: {
        uniqueMatches: { low: s.uniq, high: s.uniq_hi },
        uniqueCorrectMatches: id ? { low: s.uniq_correct, high: s.uniq_correct_hi } : null,
        expectedSuccessRate: { low: s.success_lo, high: s.success_hi },
      },
      ...(opts.out ? { out: opts.out } : {}),
    };
  } finally {
    for (const x of temps.reverse()) await engine.exec(`DROP TABLE IF EXISTS ${x}`).catch(() => {});
  }
}

/** Records of one (matches at least, matches at most, true record surely / possibly in them) kind. */
interface MatchGroup {
  mn: number;
  mx: number;
  sure: boolean;
  maybe: boolean;
  c: number;
}

/**
 * The shares of `linkageAttack` from counts of records per kind, summed in a fixed order (the
 * kinds sorted), so the same data gives the same figures to the last digit. A record is decided
 * when no undecided pair could add a match (mn = mx). With the ground-truth id, success is 1/m
 * when the true record is surely among its m matches; without it, 1/m for any m > 0. Undecided
 * records count at their least (1/mx) in the low bound and at their most (1/mn, or 1/(mn + 1)
 * when the true record is only possibly included) in the high bound.
 */
export function linkageShares(groups: readonly MatchGroup[], id: boolean) {
  const sorted = [...groups].sort(
    (a, b) =>
      a.mn - b.mn || a.mx - b.mx || Number(a.sure) - Number(b.sure) || Number(a.maybe) - Number(b.maybe),
  );
  const sum = {
    und: 0,
    uniq: 0,
    uniq_hi: 0,
    uniq_correct: 0,
    uniq_correct_hi: 0,
    correct: 0,
    success_lo: 0,
    success_hi: 0,
    none: 0,
    m2_5: 0,
    m6_20: 0,
    m21_100: 0,
    m101: 0,
  };
  let n = 0;
  const inv = (m: number) => (m > 0 ? 1 / m : 0);
  for (const { mn, mx, sure, maybe, c } of sorted) {
    n += c;
    const decided = mn === mx;
    if (!decided) sum.und += c;
    if (decided && mn === 1) sum.uniq += c;
    if (mn === 1 || (!decided && mn === 0)) sum.uniq_hi += c;
    if (decided && mn === 1 && sure) sum.uniq_correct += c;
    if ((mn === 1 && sure) || (!decided && mn === 0 && maybe)) sum.uniq_correct_hi += c;
    if (sure) sum.correct += c;
    if (decided) {
      const success = id ? (sure ? inv(mn) : 0) : inv(mn);
      sum.success_lo += c * success;
      sum.success_hi += c * success;
    } else if (id) {
      sum.success_lo += sure ? c * inv(mx) : 0;
      sum.success_hi += sure ? c * inv(mn) : maybe ? c * inv(mn + 1) : 0;
    } else {
      sum.success_lo += mn > 0 ? c * inv(mx) : 0;
      sum.success_hi += mn > 0 ? c * inv(mn) : c;
    }
    if (mx === 0) sum.none += c;
    if (decided && mn >= 2 && mn <= 5) sum.m2_5 += c;
    if (decided && mn >= 6 && mn <= 20) sum.m6_20 += c;
    if (decided && mn >= 21 && mn <= 100) sum.m21_100 += c;
    if (decided && mn > 100) sum.m101 += c;
  }
  const share = (x: number) => (n > 0 ? x / n : 0);
  return {
    n,
    und: sum.und,
    uniq: share(sum.uniq),
    uniq_hi: share(sum.uniq_hi),
    uniq_correct: share(sum.uniq_correct),
    uniq_correct_hi: share(sum.uniq_correct_hi),
    correct: share(sum.correct),
    success_lo: share(sum.success_lo),
    success_hi: share(sum.success_hi),
    none: share(sum.none),
    m2_5: share(sum.m2_5),
    m6_20: share(sum.m6_20),
    m21_100: share(sum.m21_100),
    m101: share(sum.m101),
    undecided: share(sum.und),
  };
}

/** A (leaf, label) relation in the engine from a Hierarchy: label at any level covers the leaf. */
export async function hierarchyPairs(engine: Engine, name: string, h: Hierarchy): Promise<string> {
  const rows: string[][] = [];
  for (let level = 0; level < h.maps.length; level++)
    for (let i = 0; i < h.leaves.length; i++) rows.push([h.leaves[i], h.labels[level][h.maps[level][i]]]);
  await engine.loadTable(
    name,
    [
      { name: 'leaf', type: 'VARCHAR' },
      { name: 'label', type: 'VARCHAR' },
    ],
    rows,
  );
  return engine.dialect.ident(name);
}

/**
 * A (leaf, label) relation from an ARX-format hierarchy file (one row per leaf: the leaf, then
 * its value at each level; ';'-separated, no header).
 */
export async function loadArxHierarchy(
  engine: Engine,
  name: string,
  path: string,
  delimiter = ';',
): Promise<string> {
  const d = engine.dialect;
  const src = d.readFile(path, { type: 'csv', delimiter, header: false });
  let cols: string[];
  try {
    cols = (await engine.describe(`SELECT * FROM ${src}`)).map((c) => c.name);
  } catch (e) {
    throw new WumingError('BAD_HIERARCHY', 'cannot read the hierarchy file', {
      location: { file: path },
      cause: e,
    });
  }
  const q = d.ident(name);
  const parts = cols.map((c) => `SELECT ${d.ident(cols[0])} AS leaf, ${d.ident(c)} AS label FROM ${src}`);
  await engine.exec(
    d.createTempTable(
      q,
      `SELECT DISTINCT leaf, label FROM (${parts.join(' UNION ALL ')}) WHERE leaf IS NOT NULL AND label IS NOT NULL`,
    ),
  );
  return q;
}
