/**
 * `npm run bench:dp`: differential privacy, accuracy and scale.
 *
 * 1. Accuracy on the bundled Adult data (30,162 rows, privacy unit = row) at ε = 0.1, 0.3, 1, 3:
 *    count, sum(age) and mean(age) with bounds [17, 90], a 10-bin histogram of age and the
 *    median age, each released `reps` times through the library job (SQL + exact noise) and
 *    compared with the exact answer. Mean absolute error is printed beside the error the
 *    mechanism promises: E|Z| = 2q/(1 − q²), q = e^(−1/b), for discrete Laplace noise of scale b
 *    (counts, histogram bins, sums), the sum's E|Z| over n for the mean, and the exponential
 *    mechanism's bound (2Δ/ε)(ln m + 1) in ranks for the median. They must agree: a sampler or
 *    sensitivity bug shows here first.
 *    A grouped histogram (age by sex, public keys) checks the per-group calibration the same way.
 * 2. OpenDP side by side when a Python with `opendp` is importable; otherwise a note says why not,
 *    and the scales and 95 % accuracies used above are set beside OpenDP's documented formulas
 *    (privacy map ε = Δ/s; discrete_laplacian_scale_to_accuracy = s·ln(2/(α(e^{1/s}+1))) + 1).
 * 3. 10 M rows from the sample generator (Parquet, made once and cached in the temp directory),
 *    `wuming dp --count-by province --privacy-unit person_id --max-contributions 5` as a whole
 *    CLI process: wall time, CPU time and peak RSS (/usr/bin/time). Goal: < 15 s and < 1 GB.
 *
 * Run: npx tsx bench/dp.ts [--quick] [--rows N]   → bench/results/dp.json
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrateLaplace } from '../src/dp/additive.js';
import { type DpQuery, dpAggregate } from '../src/dp/aggregates.js';
import { exponentialProbabilities } from '../src/dp/exponential.js';
import { fromDecimal } from '../src/dp/rational.js';
import { createEngine } from '../src/engine/duckdb.js';
import { readSource } from '../src/io/read.js';
import { secureRandom } from '../src/random.js';
import { writeSample } from '../src/run/sample.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : quick ? 1_000_000 : 10_000_000;
const REPS = quick ? 30 : 200;
const EPSILONS = [0.1, 0.3, 1, 3];
const CLI = 'dist/cli/main.js';

const expAbsLaplace = (b: number) => {
  const q = Math.exp(-1 / b);
  return (2 * q) / (1 - q * q);
};

async function accuracy() {
  const engine = await createEngine();
  const rel = await readSource(engine, 'data/adult/adult.csv');
  const [truth] = await engine.query(
    `SELECT count(*) AS n, sum(least(greatest(CAST(age AS DOUBLE), 17), 90)) AS s, median(CAST(age AS DOUBLE)) AS med FROM ${rel.sql}`,
  );
  const n = Number(truth.n);
  const sum = Number(truth.s);
  const median = Number(truth.med);
  const hist = await engine.query(
    `SELECT least(9, CAST(floor((least(greatest(CAST(age AS DOUBLE), 17), 90) - 17) / 7.3) AS INTEGER)) AS bin, count(*) AS c FROM ${rel.sql} GROUP BY bin ORDER BY bin`,
  );
  const histTruth = new Array(10).fill(0);
  for (const h of hist) histTruth[Number(h.bin)] = Number(h.c);
  const bySex = await engine.query(
    `SELECT sex, least(9, CAST(floor((least(greatest(CAST(age AS DOUBLE), 17), 90) - 17) / 7.3) AS INTEGER)) AS bin, count(*) AS c FROM ${rel.sql} GROUP BY ALL`,
  );
  // public keys Female, Male, then 10 bins each: the release's order
  const sexTruth = new Array(20).fill(0);
  for (const h of bySex) sexTruth[(h.sex === 'Male' ? 10 : 0) + Number(h.bin)] = Number(h.c);
  // #(age ≤ v), for the exponential mechanism's utilities
  const ages = (await engine.query(`SELECT CAST(age AS DOUBLE) AS a FROM ${rel.sql} ORDER BY a`)).map((r) =>
    Number(r.a),
  );
  const rankOf = (v: number) => {
    let lo = 0;
    let hi = ages.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ages[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const rng = secureRandom();
  const rows: Record<string, unknown>[] = [];
  for (const eps of EPSILONS) {
    const run = async (query: DpQuery) =>
      dpAggregate(engine, rel, {
        query,
        privacyUnit: 'row',
        epsilon: eps,
        random: rng,
        ...(query.by ? { publicKeys: [['Female'], ['Male']] } : {}),
      });
    const queries: {
      name: string;
      query: DpQuery;
      reps: number;
      err: (r: Awaited<ReturnType<typeof run>>) => number[];
    }[] = [
      { name: 'count', query: { kind: 'count' }, reps: REPS, err: (r) => [r.results[0].value - n] },
      {
        name: 'sum(age) [17,90]',
        query: { kind: 'sum', column: 'age', bounds: [17, 90] },
        reps: REPS,
        err: (r) => [r.results[0].value - sum],
      },
      {
        name: 'mean(age) [17,90]',
        query: { kind: 'mean', column: 'age', bounds: [17, 90] },
        reps: REPS,
        err: (r) => [r.results[0].value - sum / n],
      },
      {
        name: 'histogram(age) 10 bins',
        query: { kind: 'histogram', column: 'age', bounds: [17, 90], bins: 10 },
        reps: REPS,
        err: (r) => r.results.map((x, i) => x.value - histTruth[i]),
      },
      {
        name: 'histogram(age) by sex, public keys',
        query: { kind: 'histogram', column: 'age', bounds: [17, 90], bins: 10, by: ['sex'] },
        reps: Math.ceil(REPS / 2),
        err: (r) => r.results.map((x, i) => x.value - sexTruth[i]),
      },
      {
        name: 'median(age) [0,100] 1001 cand.',
        query: { kind: 'quantile', column: 'age', bounds: [0, 100], quantiles: [0.5] },
        reps: Math.ceil(REPS / 2),
        err: (r) => [r.results[0].value - median],
      },
    ];
    for (const q of queries) {
      const errs: number[] = [];
      let scale = 0;
      let coverHits = 0;
      let coverTotal = 0;
      const t0 = performance.now();
      for (let i = 0; i < q.reps; i++) {
        const r = await run(q.query);
        errs.push(...q.err(r).map(Math.abs));
        scale = r.results[0].scale;
        {
          const truths =
            q.query.kind === 'histogram'
              ? q.query.by
                ? sexTruth
                : histTruth
              : [
                  q.query.kind === 'count'
                    ? n
                    : q.query.kind === 'sum'
                      ? sum
                      : q.query.kind === 'mean'
                        ? sum / n
                        : median,
                ];
          r.results.forEach((x, j) => {
            coverTotal++;
            if (x.ci95[0] <= truths[j] && truths[j] <= x.ci95[1]) coverHits++;
          });
        }
      }
      const ms = (performance.now() - t0) / q.reps;
      const mae = errs.reduce((a, b) => a + b, 0) / errs.length;
      // what the mechanism promises
      let expected: number;
      let unit = '';
      if (q.query.kind === 'quantile') {
        // The mechanism's exact expected |error|: candidates c_j = j/10, utility
        // −|2·#(age ≤ c_j) − n| (q = 1/2), sensitivity 1, ε/2 for the point.
        const cands = Array.from({ length: 1001 }, (_, j) => j / 10);
        const p = exponentialProbabilities(
          cands.map((c) => -Math.abs(2 * rankOf(c) - n)),
          eps / 2,
          1,
        );
        expected = p.reduce((a, pj, j) => a + pj * Math.abs(cands[j] - median), 0);
        unit = 'exact';
      } else if (q.query.kind === 'mean') {
        // the sum's noise over n (the count's noise adds ~ mean·E|Z|/n, smaller still)
        expected = expAbsLaplace((90 - 17) / 2 / (eps / 2)) / n;
      } else expected = expAbsLaplace(scale);
      rows.push({
        epsilon: eps,
        query: q.name,
        reps: q.reps,
        meanAbsError: mae,
        expectedAbsError: expected,
        ratio: mae / expected,
        ci95Coverage: coverTotal ? coverHits / coverTotal : undefined,
        scale,
        unit,
        msPerRelease: ms,
      });
    }
  }
  await engine.close();
  return { n, rows };
}

function opendp(): {
  available: boolean;
  note: string;
  documented: {
    epsilon: number;
    scale: number;
    openDpEpsilon: number;
    halfWidth: number;
    openDpAccuracy: number;
  }[];
} {
  // OpenDP's documented formulas (rust/src/measurements/noise/…/laplace and rust/src/accuracy in
  // github.com/opendp/opendp): discrete Laplace of scale s spends ε = Δ/s, and its accuracy at
  // level α, defined by α = P[|Y| ≥ a], is a = s·ln(2/(α(e^{1/s} + 1))) + 1. Our 95 % interval's
  // half-width k (smallest with P[|Y| > k] ≤ α) must be ⌈a⌉ − 1.
  const documented = EPSILONS.map((eps) => {
    const c = calibrateLaplace(1n, fromDecimal(eps));
    const a = c.scale * Math.log(2 / (0.05 * (Math.exp(1 / c.scale) + 1))) + 1;
    return {
      epsilon: eps,
      scale: c.scale,
      openDpEpsilon: 1 / c.scale,
      halfWidth: c.halfWidth(0.05),
      openDpAccuracy: a,
    };
  });
  const r = spawnSync('python3', ['-c', 'import opendp; print(opendp.__version__)'], { encoding: 'utf8' });
  if (r.status === 0)
    return {
      available: true,
      note: `opendp ${r.stdout.trim()} found; run-time comparison not scripted`,
      documented,
    };
  return {
    available: false,
    note:
      'no Python with opendp here, so no side-by-side run: its wheels are on PyPI, which this machine cannot reach (only the npm and Debian registries); ' +
      "building its Rust core from source needs crates.io crates (dashu, dashu-float =0.4.4, statrs 0.13, rand 0.7, num 0.3, bitvec, …): `cargo build --offline` fails without a registry cache, and Debian packages neither opendp nor those versions. Compared instead with OpenDP's documented privacy map and accuracy formula:",
    documented,
  };
}

async function scale() {
  const file = join(tmpdir(), `wuming-bench-dp-${ROWS}.parquet`);
  if (!existsSync(file)) {
    process.stdout.write(`generating ${ROWS.toLocaleString()} rows (cached at ${file}) …\n`);
    await writeSample({ rows: ROWS, seed: 20261202, out: file });
  }
  const ledger = join(tmpdir(), `wuming-bench-dp-ledger-${process.pid}.json`);
  const evidence = join(tmpdir(), `wuming-bench-dp-evidence-${process.pid}.json`);
  const cli = [
    CLI,
    'dp',
    file,
    '--privacy-unit',
    'person_id',
    '--max-contributions',
    '5',
    '--epsilon',
    '1',
    '--delta',
    '1e-6',
    '--count-by',
    'province',
    '--ledger',
    ledger,
    '--evidence',
    evidence,
    '--json',
  ];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'node', ...cli], { encoding: 'utf8' });
  rmSync(ledger, { force: true });
  rmSync(evidence, { force: true });
  if (r.status !== 0) throw new Error(`wuming dp failed: ${r.stderr}`);
  const [wall, user, sys, rssKB] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return {
    rows: ROWS,
    fileMB: Math.round(statSync(file).size / 2 ** 20),
    wallSeconds: wall,
    cpuSeconds: user + sys,
    peakMB: Math.round(rssKB / 1024),
    groupsReleased: out.results.length,
    loadAverage: loadavg()[0],
  };
}

const acc = await accuracy();
const od = opendp();
const sc = await scale();

const fx = (v: number, d = 2) => v.toFixed(d);
process.stdout.write(
  `\nAccuracy on Adult (${acc.n} rows, unit = row), ${REPS} releases per query (median: ${Math.ceil(REPS / 2)})\n`,
);
process.stdout.write(
  `${'ε'.padEnd(6)}${'query'.padEnd(34)}${'MAE'.padEnd(12)}${'expected'.padEnd(12)}${'ratio'.padEnd(8)}${'CI cover'.padEnd(10)}ms/release\n`,
);
for (const r of acc.rows as {
  epsilon: number;
  query: string;
  meanAbsError: number;
  expectedAbsError: number;
  ratio: number;
  ci95Coverage?: number;
  unit: string;
  msPerRelease: number;
}[]) {
  process.stdout.write(
    `${String(r.epsilon).padEnd(6)}${r.query.padEnd(34)}${fx(r.meanAbsError, 4).padEnd(12)}${`${fx(r.expectedAbsError, 4)}${r.unit ? ` (${r.unit})` : ''}`.padEnd(12)}${fx(r.ratio).padEnd(8)}${(r.ci95Coverage === undefined ? '' : `${fx(r.ci95Coverage * 100, 1)} %`).padEnd(10)}${fx(r.msPerRelease, 1)}\n`,
  );
}
process.stdout.write(`\nOpenDP: ${od.note}\n`);
process.stdout.write(
  `${'ε'.padEnd(6)}${'scale'.padEnd(12)}${'OpenDP ε=1/s'.padEnd(14)}${'our k95'.padEnd(9)}OpenDP a95 (k = ⌈a⌉−1)\n`,
);
for (const d of od.documented)
  process.stdout.write(
    `${String(d.epsilon).padEnd(6)}${fx(d.scale, 4).padEnd(12)}${fx(d.openDpEpsilon, 4).padEnd(14)}${String(d.halfWidth).padEnd(9)}${fx(d.openDpAccuracy, 4)} ${d.halfWidth === Math.ceil(d.openDpAccuracy) - 1 ? 'agree' : 'DISAGREE'}\n`,
  );
process.stdout.write(
  `\n${sc.rows.toLocaleString()} rows (${sc.fileMB} MB Parquet), count by province, unit person_id capped at 5, whole CLI process: ${sc.wallSeconds} s wall, ${fx(sc.cpuSeconds, 1)} CPU-s, peak ${sc.peakMB} MB, ${sc.groupsReleased} provinces released (load average ${fx(sc.loadAverage, 1)})\n`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/dp.json',
  `${JSON.stringify({ date: new Date().toISOString(), accuracy: acc, opendp: od, scale: sc }, null, 2)}\n`,
);
