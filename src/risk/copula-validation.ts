import { type Dialect, duckdbDialect } from '../engine/dialect.js';
import type { Engine } from '../engine/engine.js';
import { noProgress, type ProgressFn } from '../progress.js';
import { seededRandom } from '../random.js';
import { conditionedRisk, copulaUniqueness, uniquenessOf } from './copula.js';

interface CopulaValidationRow {
  fraction: number;
  sampleRecords: number;
  /** Share of sampled records whose combination is unique in the population (the truth). */
  trueUniqueness: number;
  /** Mean estimated uniqueness of the sampled records (calibrated, conditioned on the sample). */
  estimatedUniqueness: number;
  /** Mean uniqueness of the pure model, (1 - xi)^(N-1) without calibration or conditioning. */
  modelUniqueness: number;
  /** |modelUniqueness - true|. */
  modelAbsoluteError: number;
  /** Calibration factor applied to the cell probabilities. */
  calibration: number;
  /** |estimated - true| for the data set's uniqueness. */
  absoluteError: number;
  /** Mean over sampled records of |u_x - 1{x unique in the population}|. */
  recordMeanAbsoluteError: number;
  seconds: number;
}

export interface CopulaValidation {
  populationRecords: number;
  qi: string[];
  rows: CopulaValidationRow[];
  /** Mean of the absolute errors over the sampling fractions. */
  meanAbsoluteError: number;
  /** The same for the pure model. */
  modelMeanAbsoluteError: number;
}

/**
 * The validation of Rocher et al. (2019, Fig. 3) on a population whose truth is known: draw
 * samples of the population (each record kept with probability `fraction`, deterministically
 * from a hash of its row number and the seed), fit the copula to each sample, estimate the
 * uniqueness of the sampled records in the full population, and compare with their true
 * uniqueness counted in the population.
 */
export async function validateCopula(opts: {
  engine: Engine;
  population: string;
  qi: readonly string[];
  fractions?: readonly number[];
  seed?: number;
  points?: number;
  /** Passed to copulaUniqueness (default: its defaults). */
  smoothing?: 'good-turing' | 'none';
  onProgress?: ProgressFn;
}): Promise<CopulaValidation> {
  const { engine } = opts;
  const d = engine.dialect;
  const onProgress = opts.onProgress ?? noProgress;
  const fractions = opts.fractions ?? [0.01, 0.05, 0.1];
  const seed = opts.seed ?? 1;
  const cols = opts.qi.map((c) => d.ident(c)).join(', ');
  const tag = `cv_${process.pid}_${Date.now() % 1e6}`;
  const pop = d.ident(`${tag}_pop`);
  const sample = d.ident(`${tag}_sample`);
  await engine.exec(
    d.createTempTable(
      pop,
      `SELECT row_number() OVER () AS rn, ${cols}, count(*) OVER (PARTITION BY ${cols}) AS popcount FROM ${opts.population}`,
    ),
  );
  try {
    const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${pop}`);
    const N = Number(n);
    const rows: CopulaValidationRow[] = [];
    for (const [i, fraction] of fractions.entries()) {
      onProgress({ stage: 'copula validation', done: i, total: fractions.length });
      const started = performance.now();
      const cut = Math.round(fraction * 1_000_000);
      await engine.exec(
        d.createTempTable(
          sample,
          `SELECT * FROM ${pop} WHERE ${d.hash(['rn', d.number(seed), d.number(i)])} % 1000000 < ${d.number(cut)}`,
        ),
      );
      const est = await copulaUniqueness({
        engine,
        relation: sample,
        qi: opts.qi,
        population: N,
        points: opts.points,
        smoothing: opts.smoothing,
        random: seededRandom(seed + i),
      });
      // truth per combination: sampled records with popcount = 1 (count per combination)
      const key = (vals: unknown[]) => JSON.stringify(vals);
      const truth = new Map<string, number>();
      const castCols = opts.qi.map((c) => `CAST(${d.ident(c)} AS VARCHAR)`).join(', ');
      for await (const b of engine.stream(
        `SELECT ${castCols}, ${d.countWhere('popcount = 1')} AS u FROM ${sample}${castCols ? ` GROUP BY ${castCols}` : ''}`,
      )) {
        for (let r = 0; r < b.rowCount; r++)
          truth.set(
            key(b.columns.slice(0, opts.qi.length).map((c) => c[r])),
            Number(b.columns[opts.qi.length][r]),
          );
      }
      const t = est.combinations;
      let trueU = 0;
      let recErr = 0;
      let modelU = 0;
      const m = est.records;
      for (let c = 0; c < t.counts.length; c++) {
        const vals = t.codes.map((codes, j) => t.categories[j][codes[c]]);
        const uniques = truth.get(key(vals)) ?? 0;
        const { u } = conditionedRisk(est.xi[c], t.counts[c], m, N);
        trueU += uniques;
        recErr += uniques * (1 - u) + (t.counts[c] - uniques) * u;
        modelU += t.counts[c] * uniquenessOf(est.xi[c] / est.calibration, N);
      }
      rows.push({
        fraction,
        sampleRecords: m,
        trueUniqueness: trueU / m,
        estimatedUniqueness: est.averageUniqueness,
        modelUniqueness: modelU / m,
        modelAbsoluteError: Math.abs(modelU / m - trueU / m),
        calibration: est.calibration,
        absoluteError: Math.abs(est.averageUniqueness - trueU / m),
        recordMeanAbsoluteError: recErr / m,
        seconds: (performance.now() - started) / 1000,
      });
    }
    onProgress({ stage: 'copula validation', done: fractions.length, total: fractions.length });
    return {
      populationRecords: N,
      qi: [...opts.qi],
      rows,
      meanAbsoluteError: rows.reduce((a, r) => a + r.absoluteError, 0) / rows.length,
      modelMeanAbsoluteError: rows.reduce((a, r) => a + r.modelAbsoluteError, 0) / rows.length,
    };
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${sample}`).catch(() => {});
    await engine.exec(`DROP TABLE IF EXISTS ${pop}`).catch(() => {});
  }
}

/**
 * A synthetic population with dependent categorical attributes, built in SQL from hashes of the
 * row number (no Gaussian copula involved, so the model is not validated on its own kind of
 * data): age skewed young, education depending on age, occupation on education and sex, marital
 * status on age, a region with a heavy-tailed size distribution, and an ethnicity with one
 * dominant group.
 */
export function syntheticPopulationSql(rows: number, seed = 7, d: Dialect = duckdbDialect): string {
  const u = (k: number) => `((${d.hash(['i', d.number(seed), d.number(k)])} % 1000000) / 1000000.0)`;
  return `SELECT i AS person,
      age, sex, edu AS education,
      CAST((edu * 3 + CASE WHEN sex = 'F' THEN 1 ELSE 0 END + floor(${u(4)} * 4)) % 14 AS INTEGER) AS occupation,
      CASE WHEN age < 25 AND ${u(5)} < 0.85 THEN 'single' WHEN age < 35 AND ${u(5)} < 0.4 THEN 'single'
           WHEN age > 70 AND ${u(5)} < 0.35 THEN 'widowed' WHEN ${u(5)} < 0.08 THEN 'divorced' ELSE 'married' END AS marital,
      CAST(floor(40 * pow(${u(6)}, 2.2)) AS INTEGER) AS region,
      CASE WHEN ${u(7)} < 0.91 THEN 'han' ELSE 'minority_' || CAST(floor(${u(8)} * 12) AS INTEGER) END AS ethnicity
    FROM (
      SELECT i, age, sex,
        CAST(least(6, greatest(0, floor(${u(3)} * 5) + CASE WHEN age < 40 THEN 2 WHEN age < 60 THEN 1 ELSE 0 END)) AS INTEGER) AS edu
      FROM (
        SELECT i, CAST(18 + floor(72 * pow(${u(1)}, 1.4)) AS INTEGER) AS age,
          CASE WHEN ${u(2)} < 0.51 THEN 'M' ELSE 'F' END AS sex
        FROM range(${rows}) t(i)
      )
    )`;
}
