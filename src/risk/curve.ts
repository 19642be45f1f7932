import type { Engine } from '../engine/engine.js';
import { noProgress, type ProgressFn } from '../progress.js';

let seq = 0;

export interface UniquenessCurvePoint {
  /** Number of attributes combined (1 = the first one alone). */
  attributes: number;
  /** The attribute added at this step. */
  added: string;
  /** Share of records unique on the attributes so far. */
  uniqueShare: number;
  /** Number of equivalence classes on the attributes so far. */
  classes: number;
}

export interface UniquenessCurve {
  records: number;
  /** Attributes in the order they were added (most identifying first). */
  order: string[];
  points: UniquenessCurvePoint[];
  /**
   * Where the greedy order was chosen: on all records, or on a sample of records (large inputs;
   * the points are exact for the order either way). Absent from the reference curve.
   */
  orderFrom?: 'all records' | 'sample';
}

/**
 * The straightforward curve: every candidate of every step is one GROUP BY over all the
 * (dictionary-encoded) rows, d(d+1)/2 in all. Kept as the reference `uniquenessCurve` is tested
 * and benchmarked against (10 M rows, 8 QIs: 133 s on a loaded 2-core machine).
 */
export async function uniquenessCurveReference(opts: {
  engine: Engine;
  relation: string;
  qi: readonly string[];
  maxAttributes?: number;
  onProgress?: ProgressFn;
}): Promise<UniquenessCurve> {
  const { engine, relation } = opts;
  const d = engine.dialect;
  const onProgress = opts.onProgress ?? noProgress;
  const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${relation}`);
  const records = Number(n);
  const remaining = [...opts.qi];
  const chosen: string[] = [];
  const points: UniquenessCurvePoint[] = [];
  const steps = Math.min(opts.maxAttributes ?? remaining.length, remaining.length);
  // Dictionary-encode the quasi-identifiers to integers once: the d(d+1)/2 GROUP BYs below then
  // hash integers instead of text (3 M rows, 8 text columns: 8 GROUP BYs took 17.3 s on the text,
  // 4.1 s to encode + 10.0 s on the codes; the curve runs 36 of them).
  const enc = d.ident(`curve_${process.pid}_${++seq}`);
  const code = new Map(remaining.map((c, i) => [c, `c${i}`]));
  const dicts = remaining.map(
    (c, i) =>
      `(SELECT v, (row_number() OVER ())::INTEGER AS code FROM (SELECT DISTINCT ${d.ident(c)} AS v FROM ${relation})) d${i}`,
  );
  await engine.exec(
    d.createTempTable(
      enc,
      `SELECT ${remaining.map((_, i) => `d${i}.code AS c${i}`).join(', ')} FROM ${relation} r ${remaining
        .map((c, i) => `JOIN ${dicts[i]} ON r.${d.ident(c)} IS NOT DISTINCT FROM d${i}.v`)
        .join(' ')}`,
    ),
  );
  try {
    for (let step = 0; step < steps; step++) {
      onProgress({ stage: 'uniqueness curve', done: step, total: steps });
      let best = -1;
      let bestU = -1;
      let bestC = -1;
      for (let idx = 0; idx < remaining.length; idx++) {
        const cols = [...chosen, remaining[idx]].map((x) => code.get(x)).join(', ');
        const [r] = await engine.query(
          `SELECT ${d.countWhere('s = 1')} AS uniques, count(*) AS classes FROM (SELECT count(*) AS s FROM ${enc} GROUP BY ${cols})`,
        );
        const u = Number(r.uniques);
        const c = Number(r.classes);
        if (u > bestU || (u === bestU && c > bestC)) {
          best = idx;
          bestU = u;
          bestC = c;
        }
      }
      if (best < 0) break;
      const [col] = remaining.splice(best, 1);
      chosen.push(col);
      points.push({
        attributes: chosen.length,
        added: col,
        uniqueShare: records ? bestU / records : 0,
        classes: bestC,
      });
    }
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${enc}`).catch(() => {});
  }
  onProgress({ stage: 'uniqueness curve', done: steps, total: steps });
  return { records, order: chosen, points };
}

/**
 * How uniqueness grows as attributes are combined (the curve of Sweeney 2000 and of Rocher et
 * al. 2019, Fig. 2): greedily add, at each step, the attribute that makes the most records
 * unique together with those already chosen (ties: more classes, then column order).
 *
 * Cheaper than `uniquenessCurveReference`, which runs d(d+1)/2 GROUP BYs over every row:
 * 1. The rows are dictionary-encoded to integers (which hash faster) and, when a HyperLogLog
 *    estimate says it at least halves the rows, grouped once into the table of distinct
 *    combinations with their counts w; every later GROUP BY sums w over it.
 * 2. The cost of a GROUP BY is driven by the number of groups it builds. A step whose
 *    candidates can build at most `fullGroups` groups (classes so far x largest candidate
 *    cardinality; the early steps, where the choice is decided by class counts) is evaluated on
 *    all records. A later step of an input with more than `sampleRows` distinct combinations
 *    is evaluated on a uniform sample of `sampleRows` records (Bernoulli, fixed seed), and only
 *    the chosen attribute is then counted on all records: 1 GROUP BY over everything per step
 *    instead of d - step. The order can then differ from the exact greedy one where two
 *    candidates are close on the sample; `orderFrom` says so. Every reported share and class
 *    count is exact for the order shown.
 */
export async function uniquenessCurve(opts: {
  engine: Engine;
  relation: string;
  qi: readonly string[];
  maxAttributes?: number;
  /** Distinct combinations above which late steps are chosen on a sample (default 1,000,000). */
  sampleRows?: number;
  /** Largest number of groups a step may build to be evaluated on all records (default 2,000,000). */
  fullGroups?: number;
  onProgress?: ProgressFn;
}): Promise<UniquenessCurve> {
  const { engine, relation } = opts;
  const d = engine.dialect;
  const onProgress = opts.onProgress ?? noProgress;
  const qi = [...opts.qi];
  const steps = Math.min(opts.maxAttributes ?? qi.length, qi.length);
  const sampleRows = opts.sampleRows ?? 1_000_000;
  const fullGroups = opts.fullGroups ?? 2_000_000;
  const tag = `curve_${process.pid}_${++seq}`;
  const coded = d.ident(`${tag}_c`);
  const sample = d.ident(`${tag}_s`);
  const columns = qi.map((_, i) => `c${i}`);
  // every row weighs 1 when the rows were not grouped: count(*) then skips reading w
  let weight = 'sum(w)';
  const count = async (table: string, cols: readonly number[]) => {
    const [r] = await engine.query(
      `SELECT ${d.countWhere('s = 1')} AS uniques, count(*) AS classes FROM (SELECT ${weight} AS s FROM ${table} GROUP BY ${cols.map((x) => columns[x]).join(', ')})`,
    );
    return { uniques: Number(r.uniques), classes: Number(r.classes) };
  };
  try {
    const [{ rows, approx }] = await engine.query(
      `SELECT count(*) AS rows, ${d.approxCountDistinct(d.hash(qi.map((c) => d.ident(c))))} AS approx FROM ${relation}`,
    );
    // Group into distinct combinations only when that shrinks the table (HyperLogLog estimate):
    // with 10 M rows in 9 M combinations the extra GROUP BY costs more than it saves.
    const group = Number(approx) < 0.5 * Number(rows);
    if (!group) weight = 'count(*)';
    const dicts = qi.map(
      (c, i) =>
        `(SELECT v, (row_number() OVER ())::INTEGER AS code FROM (SELECT DISTINCT ${d.ident(c)} AS v FROM ${relation})) d${i}`,
    );
    const joins = qi
      .map((c, i) => `JOIN ${dicts[i]} ON r.${d.ident(c)} IS NOT DISTINCT FROM d${i}.v`)
      .join(' ');
    const codes = columns.map((c, i) => `d${i}.code AS ${c}`).join(', ');
    const from = `${relation} r ${joins}`;
    await engine.exec(
      group
        ? d.createTempTable(
            coded,
            `SELECT ${codes}, count(*) AS w FROM ${from} GROUP BY ${columns.map((_, i) => `d${i}.code`).join(', ')}`,
          )
        : d.createTempTable(coded, `SELECT ${codes}, 1 AS w FROM ${from}`),
    );
    const [{ n, m, ...cards }] = await engine.query(
      `SELECT coalesce(sum(w), 0) AS n, count(*) AS m, ${columns.map((c) => `max(${c}) AS ${c}`).join(', ')} FROM ${coded}`,
    );
    const records = Number(n);
    const cardinality = columns.map((c) => Number(cards[c] ?? 0)); // codes run 1..k
    const sampled = Number(group ? m : approx) > sampleRows;
    if (sampled) {
      // Record k of a combination (or the row, ungrouped) is kept when hash(codes, k) falls
      // below p: each combination keeps Binomial(w, p) of its records, reproducibly.
      const all = columns.join(', ');
      const cut = d.number(Math.max(1, Math.round((sampleRows / records) * 1e6)));
      // Ungrouped rows are told apart by their stored position in the table just written.
      const rowId = d.tableRowId ?? 'NULL';
      await engine.exec(
        group
          ? d.createTempTable(
              sample,
              `SELECT ${all}, count(*) AS w FROM (SELECT ${all}, ${d.seriesBelow('w')} AS k FROM ${coded}) WHERE ${d.hash([...columns, 'k'])} % 1000000 < ${cut} GROUP BY ${all}`,
            )
          : d.createTempTable(
              sample,
              `SELECT ${all}, w FROM ${coded} WHERE ${d.hash([...columns, rowId])} % 1000000 < ${cut}`,
            ),
      );
    }
    const remaining = qi.map((_, i) => i);
    const order: number[] = [];
    const points: UniquenessCurvePoint[] = [];
    let classesSoFar = 1;
    let orderFrom: UniquenessCurve['orderFrom'] = 'all records';
    for (let step = 0; step < steps; step++) {
      onProgress({ stage: 'uniqueness curve', done: step, total: steps });
      const widest = Math.max(...remaining.map((x) => cardinality[x]));
      const onSample = sampled && classesSoFar * widest > fullGroups;
      if (onSample) orderFrom = 'sample';
      let best = -1;
      let bestU = -1;
      let bestC = -1;
      for (let idx = 0; idx < remaining.length; idx++) {
        const { uniques: u, classes: c } = await count(onSample ? sample : coded, [...order, remaining[idx]]);
        if (u > bestU || (u === bestU && c > bestC)) {
          best = idx;
          bestU = u;
          bestC = c;
        }
      }
      if (best < 0) break;
      order.push(...remaining.splice(best, 1));
      if (onSample) ({ uniques: bestU, classes: bestC } = await count(coded, order));
      classesSoFar = bestC;
      points.push({
        attributes: order.length,
        added: qi[order[order.length - 1]],
        uniqueShare: records ? bestU / records : 0,
        classes: bestC,
      });
    }
    onProgress({ stage: 'uniqueness curve', done: steps, total: steps });
    return { records, order: order.map((x) => qi[x]), points, orderFrom };
  } finally {
    for (const t of [coded, sample]) await engine.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
  }
}
