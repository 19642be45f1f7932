import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { writeRelation } from '../io/write.js';
import { noProgress, type ProgressFn } from '../progress.js';
import { coverPredicate, eqKey, parseCoverSql } from './cover.js';

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
   * Per column, a relation with columns (leaf, label): the released value `label` covers the
   * original value `leaf`. Build it with `hierarchyPairs` or `loadArxHierarchy`.
   */
  hierarchies?: Readonly<Record<string, string>>;
  /** Write per-record results (aux_row, [id], matches, unique, correct, success_probability). */
  out?: string;
  onProgress?: ProgressFn;
}

export interface LinkageResult {
  auxiliaryRecords: number;
  releasedRecords: number;
  on: string[];
  /** Share of auxiliary records that match exactly one released record. */
  uniqueMatches: number;
  /** Share of auxiliary records whose single match is the right person (null without --id). */
  uniqueCorrectMatches: number | null;
  /** Share of auxiliary records whose true record is among their matches (null without --id). */
  correctInMatches: number | null;
  /**
   * Expected share re-identified by an attacker who picks one match at random: mean over
   * auxiliary records of 1/|matches| (counting only records whose true record is among the
   * matches when the id is known; records without a match count 0).
   */
  expectedSuccessRate: number;
  /** Share of auxiliary records with no match at all. */
  noMatch: number;
  /** Distribution of match-set sizes: label -> share of auxiliary records. */
  matchSizes: { label: string; share: number }[];
  /** Released values whose coverage could not be decided (text ranges without a hierarchy), per column. */
  undecided: Record<string, number>;
  out?: string;
}

let seq = 0;

/**
 * The linkage attack: an attacker holding an auxiliary table (a sample of the population with
 * some attributes) links each of its records to the released table, where a released value
 * matches an auxiliary value when it covers it (see cover.ts). Everything runs in the engine as
 * hash joins: per column a small "coverage" relation (released value, auxiliary value) is built
 * from the distinct values only, then auxiliary combinations are joined through them to the
 * released combinations (with their counts), so the cost is driven by distinct combinations, not
 * by rows times rows.
 */
export async function linkageAttack(opts: LinkageOptions): Promise<LinkageResult> {
  const { engine, released, auxiliary } = opts;
  const onProgress = opts.onProgress ?? noProgress;
  const d = engine.dialect;
  const on = [...opts.on];
  if (on.length === 0)
    throw new WumingError('NO_COLUMNS', '--on needs at least one column', { kind: 'usage' });
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
      throw new WumingError('UNKNOWN_COLUMN', 'a hierarchy was given for a column not in --on', {
        kind: 'usage',
        location: { column: c },
      });

  const tag = `lk${++seq}_${process.pid}`;
  const t = (name: string) => d.ident(`${tag}_${name}`);
  const temps: string[] = [];
  const table = async (name: string, sql: string) => {
    await engine.exec(`CREATE OR REPLACE TEMP TABLE ${t(name)} AS ${sql}`);
    temps.push(t(name));
    return t(name);
  };
  const total = on.length + 3;
  try {
    // Auxiliary rows with a stable 1-based row number in file order: a table's rowid is its
    // insertion order; row_number() OVER () is only the fallback for views and subqueries.
    const hasRowid = await engine
      .describe(`SELECT rowid FROM ${auxiliary}`)
      .then(() => true)
      .catch(() => false);
    const aux = await table(
      'aux',
      `SELECT ${hasRowid ? 'rowid + 1' : 'row_number() OVER ()'} AS aux_row, ${on.map((c, i) => `CAST(${d.ident(c)} AS VARCHAR) AS a${i}`).join(', ')}${
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
    const cov: string[] = [];
    for (let i = 0; i < on.length; i++) {
      onProgress({ stage: 'coverage', done: i, total });
      const parsed = await table(`p${i}`, parseCoverSql(d, `SELECT DISTINCT r${i} AS v FROM ${rel}`));
      const avals = await table(`av${i}`, `SELECT DISTINCT a${i} AS a FROM ${aux}`);
      const h = opts.hierarchies?.[on[i]];
      if (!h) {
        const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${parsed} WHERE kind = 'textrange'`);
        if (Number(n) > 0) undecided[on[i]] = Number(n);
      }
      // A text range without a hierarchy cannot be decided: count it as covering (the attacker
      // cannot exclude it), and report how many such values there were.
      const pred = coverPredicate('p', 'x.a');
      const parts = [
        // equality covers, for every kind (numbers compare as numbers)
        `SELECT p.v AS rv, x.a AS av FROM ${parsed} p JOIN ${avals} x ON ${eqKey('p.v')} = ${eqKey('x.a')}`,
        // released NULL covers only auxiliary NULL; an auxiliary NULL (attribute unknown to the
        // attacker) is covered by every released value
        `SELECT p.v AS rv, x.a AS av FROM ${parsed} p, ${avals} x WHERE x.a IS NULL`,
        `SELECT p.v AS rv, x.a AS av FROM ${parsed} p, ${avals} x WHERE p.kind NOT IN ('eq', 'null'${h ? ", 'textrange'" : ''}) AND x.a IS NOT NULL AND ${
          h ? pred : `(p.kind = 'textrange' OR ${pred})`
        }`,
      ];
      if (h)
        parts.push(
          `SELECT p.v AS rv, x.a AS av FROM ${parsed} p JOIN (SELECT DISTINCT CAST(leaf AS VARCHAR) AS leaf, CAST(label AS VARCHAR) AS label FROM ${h}) hp ON hp.label = trim(p.v) JOIN ${avals} x ON hp.leaf = trim(x.a)`,
        );
      cov.push(await table(`c${i}`, `SELECT DISTINCT rv, av FROM (${parts.join(' UNION ALL ')})`));
    }
    onProgress({ stage: 'coverage', done: on.length, total });

    const nd = (a: string, b: string) => `${a} IS NOT DISTINCT FROM ${b}`;
    const relCombos = await table(
      'rc',
      `SELECT ${on.map((_, i) => `r${i}`).join(', ')}, count(*) AS cnt FROM ${rel} GROUP BY ALL`,
    );
    const auxCombos = await table(
      'ac',
      `SELECT ${on.map((_, i) => `a${i}`).join(', ')}, count(*) AS cnt FROM ${aux} GROUP BY ALL`,
    );
    // Matches per auxiliary combination: through every column's coverage to released combinations.
    const joins = on.map((_, i) => `JOIN ${cov[i]} c${i} ON ${nd(`c${i}.av`, `ac.a${i}`)}`).join(' ');
    const relJoin = on.map((_, i) => nd(`rc.r${i}`, `c${i}.rv`)).join(' AND ');
    const matches = await table(
      'm',
      `SELECT ${on.map((_, i) => `ac.a${i}`).join(', ')}, sum(rc.cnt) AS matches
       FROM ${auxCombos} ac ${joins} JOIN ${relCombos} rc ON ${relJoin} GROUP BY ALL`,
    );
    onProgress({ stage: 'linking', done: on.length + 1, total });
    // Ground truth: is the auxiliary record's own released record (same id) among its matches?
    let correctSql = 'NULL::BOOLEAN';
    let correctJoin = '';
    if (opts.id) {
      const covChecks = on.map(
        (_, i) =>
          `EXISTS (SELECT 1 FROM ${cov[i]} c WHERE ${nd('c.rv', `r.r${i}`)} AND ${nd('c.av', `a.a${i}`)})`,
      );
      const truth = await table(
        'truth',
        `SELECT DISTINCT a.aux_row FROM ${aux} a JOIN ${rel} r ON a.id = r.id WHERE ${covChecks.join(' AND ')}`,
      );
      correctJoin = `LEFT JOIN ${truth} tr ON tr.aux_row = a.aux_row`;
      correctSql = `(tr.aux_row IS NOT NULL)`;
    }
    const mJoin = on.map((_, i) => nd(`m.a${i}`, `a.a${i}`)).join(' AND ');
    const perRecord = await table(
      'per',
      `SELECT a.aux_row${opts.id ? ', a.id' : ''}, coalesce(m.matches, 0)::BIGINT AS matches,
         coalesce(m.matches, 0) = 1 AS "unique", ${correctSql} AS correct,
         CASE WHEN coalesce(m.matches, 0) = 0 THEN 0.0
              ${opts.id ? `WHEN NOT ${correctSql} THEN 0.0` : ''}
              ELSE 1.0 / m.matches END AS success_probability
       FROM ${aux} a LEFT JOIN ${matches} m ON ${mJoin} ${correctJoin}`,
    );
    onProgress({ stage: 'linking', done: on.length + 2, total });
    const [s] = await engine.query(
      `SELECT count(*) AS n,
         avg(CASE WHEN matches = 1 THEN 1.0 ELSE 0.0 END) AS uniq,
         avg(CASE WHEN matches = 1 AND correct THEN 1.0 ELSE 0.0 END) AS uniq_correct,
         avg(CASE WHEN correct THEN 1.0 ELSE 0.0 END) AS correct,
         avg(success_probability) AS success,
         avg(CASE WHEN matches = 0 THEN 1.0 ELSE 0.0 END) AS none,
         avg(CASE WHEN matches BETWEEN 2 AND 5 THEN 1.0 ELSE 0.0 END) AS m2_5,
         avg(CASE WHEN matches BETWEEN 6 AND 20 THEN 1.0 ELSE 0.0 END) AS m6_20,
         avg(CASE WHEN matches BETWEEN 21 AND 100 THEN 1.0 ELSE 0.0 END) AS m21_100,
         avg(CASE WHEN matches > 100 THEN 1.0 ELSE 0.0 END) AS m101
       FROM ${perRecord}`,
    );
    const [{ rn }] = await engine.query(`SELECT count(*) AS rn FROM ${rel}`);
    if (opts.out) await writeRelation(engine, `SELECT * FROM ${perRecord} ORDER BY aux_row`, opts.out);
    onProgress({ stage: 'linking', done: total, total });
    const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
    return {
      auxiliaryRecords: num(s.n),
      releasedRecords: num(rn),
      on,
      uniqueMatches: num(s.uniq),
      uniqueCorrectMatches: opts.id ? num(s.uniq_correct) : null,
      correctInMatches: opts.id ? num(s.correct) : null,
      expectedSuccessRate: num(s.success),
      noMatch: num(s.none),
      matchSizes: [
        { label: '0', share: num(s.none) },
        { label: '1', share: num(s.uniq) },
        { label: '2-5', share: num(s.m2_5) },
        { label: '6-20', share: num(s.m6_20) },
        { label: '21-100', share: num(s.m21_100) },
        { label: '>100', share: num(s.m101) },
      ],
      undecided,
      ...(opts.out ? { out: opts.out } : {}),
    };
  } finally {
    for (const x of temps.reverse()) await engine.exec(`DROP TABLE IF EXISTS ${x}`).catch(() => {});
  }
}

/** A (leaf, label) relation in the engine from a Hierarchy: label at any level covers the leaf. */
export async function hierarchyPairs(engine: Engine, name: string, h: Hierarchy): Promise<string> {
  const d = engine.dialect;
  const q = d.ident(name);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${q} (leaf VARCHAR, label VARCHAR)`);
  const rows: string[] = [];
  const flush = async () => {
    if (rows.length) await engine.exec(`INSERT INTO ${q} VALUES ${rows.join(', ')}`);
    rows.length = 0;
  };
  for (let level = 0; level < h.maps.length; level++) {
    for (let i = 0; i < h.leaves.length; i++) {
      rows.push(`(${d.string(h.leaves[i])}, ${d.string(h.labels[level][h.maps[level][i]])})`);
      if (rows.length >= 1000) await flush();
    }
  }
  await flush();
  return q;
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
  const src = `read_csv(${d.string(path)}, delim=${d.string(delimiter)}, header=false, all_varchar=true, auto_detect=true)`;
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
    `CREATE OR REPLACE TEMP TABLE ${q} AS SELECT DISTINCT leaf, label FROM (${parts.join(' UNION ALL ')}) WHERE leaf IS NOT NULL AND label IS NOT NULL`,
  );
  return q;
}
