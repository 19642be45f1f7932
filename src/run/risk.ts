import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine } from '../engine/duckdb.js';
import { WumingError } from '../errors.js';
import { readSource } from '../io/read.js';
import { writeFileAtomic } from '../io/write.js';
import type { ProgressFn } from '../progress.js';
import type { Random } from '../random.js';
import { type Article29Assessment, article29 } from '../risk/article29.js';
import { assessRisk, type RiskAssessment } from '../risk/assess.js';
import { type CopulaUniquenessResult, copulaUniqueness } from '../risk/copula.js';

/** The attacker models' rows (`wuming risk` prints each one's), read from the registry. */
export { attackerRows } from '../risk/attackers.js';
/** The population-uniqueness estimators, each with its name and method, for `wuming risk`. */
export { POPULATION_UNIQUENESS } from '../risk/estimators.js';

export interface RiskJob {
  input: string;
  qi: readonly string[] | 'all';
  population?: number | string;
  /** A file holding the whole population (same quasi-identifier columns). */
  populationTable?: string;
  thresholds?: readonly number[];
  curve?: boolean;
  /** Write risk-histogram.svg and uniqueness-curve.svg into this directory. */
  chartsDir?: string;
  /** Also estimate individual uniqueness with the Gaussian copula (Rocher et al. 2019). */
  copula?: boolean;
  /** Sensitive attributes for the Article 29 inference criterion. */
  sensitive?: readonly string[];
  random?: Random;
  onProgress?: ProgressFn;
}

export interface RiskJobResult extends RiskAssessment {
  input: string;
  charts?: string[];
  copula?: CopulaUniquenessResult;
  article29?: Article29Assessment;
}

/** `wuming risk`: read a file, measure its re-identification risk, optionally export charts. */
export async function runRisk(job: RiskJob): Promise<RiskJobResult> {
  const engine = await createEngine();
  try {
    const rel = await readSource(engine, job.input);
    const qi = job.qi;
    const popTable = job.populationTable
      ? (await readSource(engine, job.populationTable, { name: 'population' })).sql
      : undefined;
    if (qi !== 'all' && qi.length === 0)
      throw new WumingError('NO_QI', '--qi needs at least one column (or "all")', { kind: 'usage' });
    const a = await assessRisk({
      engine,
      relation: rel,
      qi,
      population: job.population,
      populationTable: popTable,
      thresholds: job.thresholds,
      curve: job.curve,
      onProgress: job.onProgress,
    });
    const result: RiskJobResult = { input: job.input, ...a };
    if (job.copula) {
      const {
        model: _m,
        xi: _x,
        combinations: _c,
        ...summary
      } = await copulaUniqueness({
        engine,
        relation: rel.sql,
        qi: a.qi,
        population: a.population.size,
        random: job.random,
        onProgress: job.onProgress,
      });
      result.copula = summary;
    }
    if (job.sensitive?.length) {
      result.article29 = await article29({
        engine,
        relation: rel.sql,
        qi: a.qi,
        sensitive: job.sensitive,
        population: a.population.size,
      });
    }
    if (job.chartsDir) {
      // Vega is loaded only when charts are asked for: it is the heaviest import of the CLI.
      const { riskHistogramSvg, uniquenessCurveSvg } = await import('../risk/charts.js');
      await mkdir(job.chartsDir, { recursive: true });
      const hist = join(job.chartsDir, 'risk-histogram.svg');
      await writeFileAtomic(hist, await riskHistogramSvg(a.distribution));
      result.charts = [hist];
      if (a.uniquenessCurve) {
        const curve = join(job.chartsDir, 'uniqueness-curve.svg');
        await writeFileAtomic(curve, await uniquenessCurveSvg(a.uniquenessCurve));
        result.charts.push(curve);
      }
    }
    return result;
  } finally {
    await engine.close();
  }
}
