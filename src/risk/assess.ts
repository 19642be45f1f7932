import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { noProgress, type ProgressFn } from '../progress.js';
import type { ClassPair } from './attacker.js';
import { attackFigures } from './attackers.js';
import { type UniquenessCurve, uniquenessCurve } from './curve.js';
import { classSizeHistogram, recordCount, type SizeHistogram } from './histogram.js';
import { type HistogramRisk, riskFromHistogram } from './model.js';
import { resolvePopulation } from './population.js';

/** One bar of the risk distribution: records whose prosecutor risk 1/f lies in (low, high]. */
export interface RiskBucket {
  label: string;
  low: number;
  high: number;
  records: number;
  share: number;
}

export interface RiskAssessment extends HistogramRisk {
  qi: string[];
  population: HistogramRisk['population'] & { source: string };
  /** The population assumption every population-based figure rests on, in one sentence. */
  assumption: string;
  /** Distribution of records over prosecutor risk ranges (the risk histogram chart). */
  distribution: RiskBucket[];
  uniquenessCurve?: UniquenessCurve;
}

/** Upper bounds of the risk ranges shown in the distribution (a class of size f has risk 1/f). */
const BOUNDS = [1, 0.5, 1 / 3, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01, 0.001, 0];

const pct = (v: number) => `${Number((v * 100).toPrecision(3))}%`;

export function riskDistribution(h: SizeHistogram): RiskBucket[] {
  const n = recordCount(h);
  const out: RiskBucket[] = [];
  for (let b = 0; b < BOUNDS.length - 1; b++) {
    const high = BOUNDS[b];
    const low = BOUNDS[b + 1];
    let records = 0;
    for (let i = 0; i < h.sizes.length; i++) {
      const r = 1 / h.sizes[i];
      if (r > low && r <= high) records += h.sizes[i] * h.counts[i];
    }
    out.push({ label: `(${pct(low)}, ${pct(high)}]`, low, high, records, share: n ? records / n : 0 });
  }
  return out;
}

/**
 * Measure the re-identification risk of a relation in the engine on the given quasi-identifiers.
 * Only the class-size histogram leaves the engine (one GROUP BY plus one GROUP BY size), so the
 * cost is one aggregation whatever the row count. `population` is N, a model name (usa, china)
 * or absent (the data is its own population).
 */
export async function assessRisk(opts: {
  engine: Engine;
  relation: { sql: string; columns: readonly { name: string }[] } | string;
  qi: readonly string[] | 'all';
  population?: number | string;
  thresholds?: readonly number[];
  /**
   * The population itself (a relation with the same quasi-identifier columns), when available:
   * journalist and marketer risk then use the true population class sizes, and N defaults to its
   * row count.
   */
  populationTable?: string;
  /** Also compute the uniqueness curve (d(d+1)/2 GROUP BYs). Default true. */
  curve?: boolean;
  onProgress?: ProgressFn;
}): Promise<RiskAssessment> {
  const { engine } = opts;
  const onProgress = opts.onProgress ?? noProgress;
  const relSql = typeof opts.relation === 'string' ? opts.relation : opts.relation.sql;
  const columns =
    typeof opts.relation === 'string'
      ? (await engine.describe(`SELECT * FROM ${relSql}`)).map((c) => c.name)
      : opts.relation.columns.map((c) => c.name);
  const qi = opts.qi === 'all' ? columns : [...opts.qi];
  for (const c of qi)
    if (!columns.includes(c))
      throw new WumingError('UNKNOWN_COLUMN', 'no such column in the input', {
        kind: 'usage',
        location: { column: c },
      });
  if (new Set(qi).size !== qi.length)
    throw new WumingError('DUPLICATE_COLUMN', 'a quasi-identifier is listed twice', { kind: 'usage' });
  for (const t of opts.thresholds ?? [])
    if (!(t > 0 && t < 1))
      throw new WumingError('BAD_THRESHOLD', 'risk thresholds must be between 0 and 1', { kind: 'usage' });
  onProgress({ stage: 'class sizes', done: 0, total: 1 });
  const hist = await classSizeHistogram(engine, relSql, qi);
  onProgress({ stage: 'class sizes', done: 1, total: 1 });
  let popSpec = opts.population;
  let pairs: ClassPair[] | undefined;
  if (opts.populationTable) {
    const d = engine.dialect;
    const cols = qi.map((c) => d.ident(c));
    const on = cols.map((c) => `s.${c} IS NOT DISTINCT FROM p.${c}`).join(' AND ') || 'true';
    const group = cols.length ? `GROUP BY ${cols.join(', ')}` : '';
    // F is at least f: a sample record missing from the population table is its own population.
    // Ordered, so the sums over the pairs (journalist, marketer) add in the same order every run.
    const rows = await engine.query(
      `SELECT s.size AS f, greatest(coalesce(p.size, 0), s.size) AS pf, count(*) AS classes
       FROM (SELECT ${[...cols, 'count(*) AS size'].join(', ')} FROM ${relSql} ${group}) s
       LEFT JOIN (SELECT ${[...cols, 'count(*) AS size'].join(', ')} FROM ${opts.populationTable} ${group}) p ON ${on}
       GROUP BY s.size, greatest(coalesce(p.size, 0), s.size)
       ORDER BY f, pf`,
    );
    pairs = rows.map((r) => ({ f: Number(r.f), F: Number(r.pf), classes: Number(r.classes) }));
    if (popSpec === undefined) {
      const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${opts.populationTable}`);
      popSpec = Math.max(Number(n), recordCount(hist));
    }
  }
  const pop = resolvePopulation(popSpec, recordCount(hist));
  const risk = riskFromHistogram(hist, { population: pop.size, thresholds: opts.thresholds });
  if (pairs) {
    Object.assign(
      risk,
      attackFigures({
        hist,
        population: {
          size: risk.population.size,
          sampleSize: risk.records,
          fraction: risk.population.samplingFraction,
        },
        thresholds: risk.thresholds,
        classSizes: { model: 'population-table', pairs },
      }),
    );
    risk.journalistModel = 'population-table';
    risk.journalistBasis = {
      model: 'population-table',
      validated: true,
      estimated: true,
      statement: 'journalist and marketer risk use the true class sizes counted in the population table',
    };
  }
  const result: RiskAssessment = {
    qi,
    ...risk,
    population: { ...risk.population, source: pop.source },
    assumption: populationAssumption(risk.records, pop.size, pop.source, Boolean(pairs)),
    distribution: riskDistribution(hist),
  };
  if (opts.curve !== false && qi.length > 0)
    result.uniquenessCurve = await uniquenessCurve({ engine, relation: relSql, qi, onProgress });
  return result;
}

/** The population assumption in words (for `wuming risk`, the report and the library). */
export function populationAssumption(records: number, size: number, source: string, table: boolean): string {
  const N = size.toLocaleString('en-US');
  if (table)
    return `the data is a sample of the given population table (${N} records): journalist and marketer risk use its true class sizes`;
  if (size <= records)
    return 'the data is taken as the whole population (a census): nobody outside it can be matched; if it is a sample, give --population N or --population-table FILE';
  const share = (records / size) * 100;
  const pct = share >= 1 ? share.toPrecision(3) : Number(share.toPrecision(2)).toString();
  return `the data is taken as a uniform random sample of ${pct} % of a population of ${N} (${source})`;
}
