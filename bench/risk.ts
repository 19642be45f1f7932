/**
 * Benchmark of `wuming risk` at scale and of the copula validation.
 *
 * 1. Risk on 10 M rows with 8 quasi-identifiers, generated inside DuckDB from range() and hashes
 *    (VARCHAR columns, as readSource loads them): seconds for the class-size histogram (the one
 *    GROUP BY that crosses into Node), for all histogram models (Pitman, Zayatz, SNB, journalist
 *    ...), for the uniqueness curve, and peak RSS of the process (DuckDB runs in-process).
 *    Peer in the same script: the naive way, streaming every row into Node and counting the
 *    combinations in a Map, on the first 1 M rows.
 * 2. Copula validation (Rocher et al. 2019): a population of 200,000 people from the sample
 *    generator (src/sample), samples of 1 %, 5 %, 10 %, estimated vs true population uniqueness.
 *
 *    Each row reports the calibrated, sample-conditioned estimate (the default of
 *    copulaUniqueness) and the pure model (1 - xi)^(N-1).
 *
 * Run: npx tsx bench/risk.ts [rows] [--copula-only] [--no-reference]
 *   → prints tables, writes bench/results/risk.json (a --copula-only run keeps the last scale
 *     figures in the file and replaces the copula ones, and the other way round).
 * The uniqueness curve is timed twice on the same table in the same process: the current
 * algorithm (distinct combinations, records already unique dropped after each step) and the
 * reference (one GROUP BY over all rows per candidate), unless --no-reference.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createEngine } from '../src/engine/duckdb.js';
import { syntheticPopulationSql, validateCopula } from '../src/risk/copula-validation.js';
import { uniquenessCurve, uniquenessCurveReference } from '../src/risk/curve.js';
import { classSizeHistogram } from '../src/risk/histogram.js';
import { riskFromHistogram } from '../src/risk/model.js';

const args = process.argv.slice(2);
const copulaOnly = args.includes('--copula-only');
const withReference = !args.includes('--no-reference');
const rows = Number(args.find((a) => !a.startsWith('--')) ?? 10_000_000);
const QI = ['age', 'sex', 'region', 'education', 'occupation', 'marital', 'ethnicity', 'birth_month'];
const t0 = () => performance.now();
const secs = (t: number) => Number(((performance.now() - t) / 1000).toFixed(3));
const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function scaleBench() {
  const engine = await createEngine();
  const u = (k: number) => `((hash(i, ${k}) % 1000000) / 1000000.0)`;
  let t = t0();
  await engine.exec(`CREATE TABLE people AS SELECT
    CAST(18 + floor(72 * pow(${u(1)}, 1.3)) AS VARCHAR) AS age,
    CASE WHEN ${u(2)} < 0.51 THEN 'M' ELSE 'F' END AS sex,
    CAST(floor(300 * pow(${u(3)}, 2.5)) AS VARCHAR) AS region,
    CAST(floor(7 * ${u(4)}) AS VARCHAR) AS education,
    CAST(floor(20 * pow(${u(5)}, 1.5)) AS VARCHAR) AS occupation,
    CASE WHEN ${u(6)} < 0.6 THEN 'married' WHEN ${u(6)} < 0.85 THEN 'single' WHEN ${u(6)} < 0.95 THEN 'divorced' ELSE 'widowed' END AS marital,
    CASE WHEN ${u(7)} < 0.9 THEN 'han' ELSE 'e' || CAST(floor(55 * ${u(8)}) AS VARCHAR) END AS ethnicity,
    CAST(1 + floor(12 * ${u(9)}) AS VARCHAR) AS birth_month
  FROM range(${rows}) t(i)`);
  const generate = secs(t);

  t = t0();
  const hist = await classSizeHistogram(engine, 'people', QI);
  const histogramSeconds = secs(t);
  t = t0();
  const risk = riskFromHistogram(hist, { population: 1_408_280_000 });
  const modelSeconds = secs(t);
  t = t0();
  const curve = await uniquenessCurve({ engine, relation: 'people', qi: QI });
  const curveSeconds = secs(t);
  const peakAfterRisk = rssMB();
  let referenceCurveSeconds: number | null = null;
  let sameCurve: boolean | null = null;
  let referenceOrder: string[] | null = null;
  if (withReference) {
    t = t0();
    const ref = await uniquenessCurveReference({ engine, relation: 'people', qi: QI });
    referenceCurveSeconds = secs(t);
    sameCurve = JSON.stringify(ref.points) === JSON.stringify(curve.points);
    referenceOrder = ref.order;
  }

  // Peer: stream the first 1 M rows into Node and count combinations in a Map.
  const peerRows = Math.min(rows, 1_000_000);
  t = t0();
  const counts = new Map<string, number>();
  for await (const b of engine.stream(`SELECT ${QI.join(', ')} FROM people LIMIT ${peerRows}`)) {
    for (let r = 0; r < b.rowCount; r++) {
      let k = '';
      for (let c = 0; c < QI.length; c++) k += `${b.columns[c][r]}\u0001`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  const peerSeconds = secs(t);
  t = t0();
  const histPeer = await classSizeHistogram(engine, `(SELECT * FROM people LIMIT ${peerRows})`, QI);
  const engineSameRows = secs(t);
  const peerClasses = counts.size;
  await engine.close();

  const scale = {
    rows,
    qi: QI,
    classes: risk.classes,
    distinctSizes: hist.sizes.length,
    generateSeconds: generate,
    histogramSeconds,
    modelSeconds,
    curveSeconds,
    referenceCurveSeconds,
    curveOrderFrom: curve.orderFrom,
    sameCurve,
    referenceOrder,
    peakRssMB: peakAfterRisk,
    sampleUniqueness: risk.sampleUniqueness,
    pitman: risk.populationUniqueness.pitman,
    zayatz: risk.populationUniqueness.zayatz,
    snb: risk.populationUniqueness.snb,
    dankar: risk.populationUniqueness.dankar,
    dankarModel: risk.populationUniqueness.dankarModel,
    prosecutorAverage: risk.prosecutor.average,
    curve: curve.points.map((p) => ({ added: p.added, uniqueShare: p.uniqueShare })),
    peer: {
      rows: peerRows,
      naiveNodeMapSeconds: peerSeconds,
      engineHistogramSeconds: engineSameRows,
      sameClasses: peerClasses === histPeer.counts.reduce((a, b) => a + b, 0),
    },
  };
  console.log(`risk on ${rows.toLocaleString()} rows, ${QI.length} QIs`);
  console.table({
    'generate (DuckDB)': { seconds: generate },
    'class-size histogram (GROUP BY)': { seconds: histogramSeconds },
    'all histogram models': { seconds: modelSeconds },
    'uniqueness curve (8 steps)': { seconds: curveSeconds },
    ...(referenceCurveSeconds === null
      ? {}
      : { 'reference curve (36 GROUP BYs over all rows)': { seconds: referenceCurveSeconds } }),
    [`peer: Node Map over ${peerRows.toLocaleString()} rows`]: { seconds: peerSeconds },
    [`engine histogram over ${peerRows.toLocaleString()} rows`]: { seconds: engineSameRows },
  });
  if (sameCurve !== null)
    console.log(
      `curve (order chosen on ${curve.orderFrom}) identical to the reference: ${sameCurve}; order ${curve.order.join(' > ')}; reference ${referenceOrder?.join(' > ')}`,
    );
  console.log(
    `peak RSS (histogram + curve, before the reference) ${peakAfterRisk} MB; classes ${risk.classes.toLocaleString()}; sample uniqueness ${(risk.sampleUniqueness * 100).toFixed(2)} %`,
  );

  return scale;
}

// 2. Copula validation
async function copulaBench() {
  const validations: Record<string, unknown>[] = [];
  const population = 200_000;
  const e2 = await createEngine();
  let source = 'sample generator (src/sample/generate.ts)';
  try {
    const { generate: gen } = await import('../src/sample/generate.js');
    const cols = [
      'age',
      'sex',
      'province',
      'region_code',
      'ethnicity',
      'education',
      'occupation',
      'marital_status',
    ] as const;
    await e2.exec(`CREATE TABLE pop (${cols.map((c) => `"${c}" VARCHAR`).join(', ')})`);
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length) await e2.exec(`INSERT INTO pop VALUES ${batch.join(',')}`);
      batch = [];
    };
    for (const r of gen({ rows: population, seed: 1 })) {
      batch.push(`(${cols.map((c) => e2.dialect.string(String(r[c]))).join(',')})`);
      if (batch.length >= 2000) await flush();
    }
    await flush();
  } catch {
    source = 'synthetic SQL population (the sample generator was not available)';
    await e2.materialize('pop', syntheticPopulationSql(population));
  }
  const sets = source.startsWith('sample')
    ? [
        ['age', 'sex', 'province', 'education', 'marital_status'],
        ['age', 'sex', 'region_code', 'education'],
        ['age', 'sex', 'province', 'ethnicity', 'education', 'occupation', 'marital_status'],
      ]
    : [['age', 'sex', 'region', 'marital', 'ethnicity']];
  for (const qi of sets) {
    const v = await validateCopula({ engine: e2, population: 'pop', qi, seed: 1, points: 128 });
    validations.push({
      qi,
      meanAbsoluteError: v.meanAbsoluteError,
      modelMeanAbsoluteError: v.modelMeanAbsoluteError,
      rows: v.rows,
    });
    console.log(
      `copula validation on ${population.toLocaleString()} people (${source}), QIs ${qi.join(', ')}`,
    );
    console.table(
      v.rows.map((r) => ({
        sample: `${r.fraction * 100} %`,
        records: r.sampleRecords,
        'true uniqueness': r.trueUniqueness.toFixed(4),
        estimated: r.estimatedUniqueness.toFixed(4),
        'abs. error': r.absoluteError.toFixed(4),
        'pure model': r.modelUniqueness.toFixed(4),
        'model error': r.modelAbsoluteError.toFixed(4),
        calibration: r.calibration.toFixed(3),
        'per-record MAE': r.recordMeanAbsoluteError.toFixed(4),
        seconds: r.seconds.toFixed(1),
      })),
    );
    console.log(
      `mean absolute error ${v.meanAbsoluteError.toFixed(4)} (pure model ${v.modelMeanAbsoluteError.toFixed(4)})`,
    );
  }
  await e2.close();

  return { population, source, validations };
}

const previous = await readFile('bench/results/risk.json', 'utf8')
  .then((x) => JSON.parse(x) as Record<string, unknown>)
  .catch(() => ({}) as Record<string, unknown>);
const scale = copulaOnly ? previous.scale : await scaleBench();
// keep the scale figures of every row count measured (1 M and 10 M), the latest in `scale`
const scaleByRows = {
  ...((previous.scaleByRows as Record<string, unknown> | undefined) ?? {}),
  ...(scale && !copulaOnly ? { [String(rows)]: scale } : {}),
};
const copula = await copulaBench();
await mkdir('bench/results', { recursive: true });
await writeFile(
  'bench/results/risk.json',
  `${JSON.stringify({ date: new Date().toISOString(), scale, scaleByRows, copula, peakRssMB: rssMB() }, null, 2)}\n`,
);
console.log('wrote bench/results/risk.json');
