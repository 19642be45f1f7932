import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { type Random, secureRandom } from '../random.js';
import { zcdpToApprox } from './accountant.js';
import {
  addNoise,
  type Calibration,
  calibrateGaussian,
  calibrateLaplace,
  type NoiseMechanism,
  rhoFor,
} from './additive.js';
import { boundedRowsSql, clampedSql, sumGrid } from './bounding.js';
import { exponentialUtilityLoss, sampleExponential } from './exponential.js';
import { selectPartitions } from './partition-selection.js';
import { fromDecimal, mul, type Rational, rational, toNumber } from './rational.js';

/**
 * Differentially private aggregates over the engine. The data work (contribution bounding,
 * clamping, grouping, counting, summing) is one SQL query; only the exact per-group statistics
 * cross into TypeScript, where calibrated integer noise is added with the exact samplers.
 *
 * Neighbouring datasets differ by one privacy unit (all of its rows, at most `maxContributions`
 * after bounding); every sensitivity below is stated in those terms.
 */
export type DpQuery =
  | { kind: 'count'; by?: string[] }
  | { kind: 'sum'; column: string; bounds: [number, number]; by?: string[] }
  | { kind: 'mean'; column: string; bounds: [number, number]; by?: string[] }
  | { kind: 'histogram'; column: string; bounds: [number, number]; bins: number; by?: string[] }
  | {
      kind: 'quantile';
      column: string;
      bounds: [number, number];
      quantiles: number[];
      candidates?: number;
      by?: string[];
    };

export interface DpCost {
  epsilon: number;
  delta: number;
  rho?: number;
}

export interface DpAggregateOptions {
  query: DpQuery;
  /** The privacy-unit column (a person id), or 'row' when each row is a different person. */
  privacyUnit: string;
  /** Rows kept per privacy unit (default 1); ignored (1) for 'row'. */
  maxContributions?: number;
  epsilon: number;
  delta?: number;
  /** Additive noise for counts and sums (default laplace: pure ε-DP). */
  mechanism?: NoiseMechanism;
  /** Public group keys for `by` (one array of values per key); without them keys are selected privately. */
  publicKeys?: readonly (readonly (string | null)[])[];
  /** Randomness: secureRandom() unless a test injects a seeded source. */
  random?: Random;
  /**
   * Called once the data work is done and before any noise is drawn or anything is returned,
   * with what the release will spend: the place to charge a budget ledger (throw to refuse).
   */
  beforeRelease?: (cost: DpCost) => Promise<void>;
}

export interface DpResult {
  group: Record<string, string | null>;
  value: number;
  /** Noise scale in the value's units (Laplace b, Gaussian σ); for quantiles in ranks (see scaleUnit). */
  scale: number;
  /** 95 % confidence interval for the true (bounded) value. */
  ci95: [number, number];
  query: string;
  /** The query's name, in a release of several queries (a policy's release section). */
  name?: string;
  quantile?: number;
  scaleUnit?: 'value' | 'rank';
}

export interface MeasurementStatement {
  what: string;
  mechanism: string;
  sensitivity: number;
  scale: number;
  epsilon?: number;
  rho?: number;
  /** Grid the values were rounded to before summing (sums and means). */
  grid?: number;
}

export interface DpRelease {
  epsilon: number;
  delta: number;
  rho?: number;
  privacyUnit: string;
  contributionBound: number;
  query: DpQuery;
  results: DpResult[];
  measurements: MeasurementStatement[];
  keys:
    | { kind: 'none' }
    | { kind: 'public'; count: number }
    | { kind: 'bins'; count: number }
    | { kind: 'private'; method: string; threshold: number; delta: number; epsilon: number };
}

const MAX_KEY_CELLS = 1_000_000;

/** Run one differentially private aggregate over a relation. */
export async function dpAggregate(
  engine: Engine,
  rel: Relation,
  opts: DpAggregateOptions,
): Promise<DpRelease> {
  const prepared = await prepareDpAggregate(engine, rel, opts);
  await opts.beforeRelease?.(prepared.cost);
  return prepared.release();
}

/**
 * A DP aggregate with its data work done and no noise drawn yet: `cost` is what releasing it
 * spends, `release()` draws the noise (once). Several prepared aggregates can be charged to the
 * ledger together, so a multi-query release is refused or made as a whole.
 */
export interface PreparedDpAggregate {
  cost: DpCost;
  release(): DpRelease;
}

/** Validate the query and run its SQL (contribution bounding, clamping, grouping); no noise yet. */
export async function prepareDpAggregate(
  engine: Engine,
  rel: Relation,
  opts: Omit<DpAggregateOptions, 'beforeRelease'>,
): Promise<PreparedDpAggregate> {
  const d = engine.dialect;
  const q = opts.query;
  const unit = opts.privacyUnit;
  const C = unit === 'row' ? 1 : (opts.maxContributions ?? 1);
  const delta = opts.delta ?? 0;
  const mechanism = opts.mechanism ?? 'laplace';
  const rng = opts.random ?? secureRandom();
  const have = new Set(rel.columns.map((c) => c.name));
  const need = (col: string, what: string) => {
    if (!have.has(col))
      throw new WumingError('UNKNOWN_COLUMN', `${what} column "${col}" is not in the data`, {
        kind: 'usage',
        location: { file: rel.source, column: col },
      });
  };
  if (unit !== 'row') need(unit, 'privacy-unit');
  if (!(Number.isInteger(C) && C >= 1)) throw usage('the contribution bound must be an integer ≥ 1');
  if (!(opts.epsilon > 0 && Number.isFinite(opts.epsilon))) throw usage('ε must be a positive number');
  if (!(delta >= 0 && delta < 1)) throw usage('δ must be in [0, 1)');
  const by = q.by ?? [];
  for (const c of by) need(c, 'group');
  if ('column' in q) need(q.column, 'value');
  if ((q.kind === 'histogram' || q.kind === 'quantile') && by.includes(q.column))
    throw usage(`the ${q.kind} column "${q.column}" cannot also be a group column`);
  if ('bounds' in q) {
    const [lo, hi] = q.bounds;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
      throw usage('--bounds must be LO,HI with LO < HI');
  }
  const selection = by.length > 0 && !opts.publicKeys;
  if (selection && delta === 0)
    throw usage(
      'grouping by data values needs public group keys (--groups FILE or --hierarchies DIR) or a δ > 0 for private partition selection',
    );
  if (mechanism === 'gaussian' && delta === 0) throw usage('the Gaussian mechanism needs --delta > 0');
  if (mechanism === 'gaussian' && selection)
    throw usage(
      'private partition selection uses Laplace noise; give public group keys for --mechanism gaussian',
    );
  if (mechanism === 'gaussian' && q.kind === 'quantile')
    throw usage('quantiles use the exponential mechanism (pure ε); drop --mechanism gaussian');
  if (opts.publicKeys) {
    for (const k of opts.publicKeys)
      if (k.length !== by.length) throw usage(`each public group key needs ${by.length} values`);
    if (opts.publicKeys.length * Math.max(1, by.length) > MAX_KEY_CELLS)
      throw usage('too many public group keys');
  }

  const eps = fromDecimal(opts.epsilon);
  const rho = mechanism === 'gaussian' ? rhoFor(opts.epsilon, delta) : 0;
  /** A share of the budget for one measurement: ε·w (Laplace) or ρ·w (Gaussian). */
  const share = (sensitivity: bigint, w: Rational): Calibration =>
    mechanism === 'laplace'
      ? calibrateLaplace(sensitivity, mul(eps, w))
      : calibrateGaussian(sensitivity, rho * toNumber(w));
  const half = rational(1n, 2n);
  const all = rational(1n);
  const cost: DpCost =
    mechanism === 'gaussian'
      ? { epsilon: opts.epsilon, delta, rho }
      : { epsilon: opts.epsilon, delta: selection ? delta : 0 };
  const names = by.map((_, i) => `g${i}`);
  const keyCols = by.map((c, i) => `${d.asText(d.ident(c))} AS ${d.ident(names[i])}`);
  const groupBy = by.length ? ` GROUP BY ${names.map((n) => d.ident(n)).join(', ')}` : '';
  const cols = [...new Set([...by, ...('column' in q ? [q.column] : [])])];
  const bounded = `(${boundedRowsSql(d, rel.sql, cols, unit, C)})`;
  const keyOf = (row: Record<string, unknown>) => JSON.stringify(names.map((n) => row[n] ?? null));
  const groupOf = (values: readonly (string | null)[]) =>
    Object.fromEntries(by.map((c, i) => [c, values[i] ?? null])) as Record<string, string | null>;
  const measurements: MeasurementStatement[] = [];
  const results: DpResult[] = [];
  let draw: () => void = () => {};
  let drawn = false;
  let keys: DpRelease['keys'] = { kind: 'none' };
  const ci = (c: Calibration, v: number, unitSize = 1): [number, number] => {
    const h = c.halfWidth(0.05) * unitSize;
    return [v - h, v + h];
  };
  const state = (c: Calibration, what: string, grid?: number): MeasurementStatement => ({
    what,
    mechanism: c.mechanism === 'laplace' ? 'discrete Laplace (CKS 2020)' : 'discrete Gaussian (CKS 2020)',
    sensitivity: Number(c.sensitivity) * (grid ?? 1),
    scale: c.scale * (grid ?? 1),
    ...(c.loss.epsilon !== undefined ? { epsilon: c.loss.epsilon } : {}),
    ...(c.loss.rho !== undefined ? { rho: c.loss.rho } : {}),
    ...(grid !== undefined ? { grid } : {}),
  });
  /** Keys to release: the public ones, or those whose noisy count passes the threshold. */
  const chooseKeys = (
    counts: Map<string, bigint>,
    countCal: Calibration,
    noisyCounts: Map<string, bigint>,
  ): (string | null)[][] => {
    if (!selection) {
      keys = by.length ? { kind: 'public', count: opts.publicKeys!.length } : { kind: 'none' };
      return by.length ? opts.publicKeys!.map((k) => [...k]) : [[]];
    }
    const sel = selectPartitions(rng, counts, countCal, C, delta);
    keys = {
      kind: 'private',
      method: 'noisy count ≥ threshold (discrete Laplace), Wilson et al. 2020',
      threshold: sel.threshold,
      delta: sel.delta,
      epsilon: countCal.loss.epsilon!,
    };
    for (const [k, v] of sel.released) noisyCounts.set(k, v);
    return [...sel.released.keys()].map((k) => JSON.parse(k));
  };

  /**
   * Rows per group and bucket (bucket NULL for a non-numeric cell: not counted in any bucket,
   * but in the group's total of rows, which is what private selection counts).
   */
  const bucketCounts = async (value: string, bucket: string) => {
    // The CASE because DuckDB's least/greatest skip NULLs: least(m, NULL) is m, not NULL.
    const rows = await engine.query(
      `SELECT ${[...keyCols, `CASE WHEN ${value} IS NULL THEN NULL ELSE ${bucket} END AS dp_bucket`, 'count(*) AS n'].join(', ')} FROM ${bounded} AS b GROUP BY ${[...names.map((n) => d.ident(n)), 'dp_bucket'].join(', ')}`,
    );
    const buckets = new Map<string, Map<number, bigint>>();
    const totals = new Map<string, bigint>();
    for (const r of rows) {
      const id = keyOf(r);
      const n = BigInt(r.n as number);
      totals.set(id, (totals.get(id) ?? 0n) + n);
      if (r.dp_bucket === null || r.dp_bucket === undefined) continue;
      const m = buckets.get(id) ?? new Map<number, bigint>();
      m.set(Number(r.dp_bucket), n);
      buckets.set(id, m);
    }
    return { buckets, totals };
  };

  if (q.kind === 'count') {
    const rows = await engine.query(
      `SELECT ${[...keyCols, 'count(*) AS n'].join(', ')} FROM ${bounded}${by.length ? ' AS b' : ''}${groupBy}`,
    );
    const counts = new Map(rows.map((r) => [keyOf(r), BigInt(r.n as number)]));
    draw = () => {
      const cal = share(BigInt(C), all);
      measurements.push(state(cal, by.length ? `count by ${by.join(', ')}` : 'count'));
      const noisy = new Map<string, bigint>();
      const chosen = chooseKeys(counts, cal, noisy);
      for (const k of chosen) {
        const id = JSON.stringify(k);
        const v = Number(noisy.get(id) ?? addNoise(rng, cal, counts.get(id) ?? 0n));
        results.push({ group: groupOf(k), value: v, scale: cal.scale, ci95: ci(cal, v), query: 'count' });
      }
    };
  } else if (q.kind === 'sum' || q.kind === 'mean') {
    const [lo, hi] = q.bounds;
    const mid = q.kind === 'mean' ? (lo + hi) / 2 : 0;
    const magnitude = q.kind === 'mean' ? (hi - lo) / 2 : Math.max(Math.abs(lo), Math.abs(hi));
    const g = sumGrid(magnitude);
    const x = clampedSql(d, q.column, lo, hi);
    const centred = q.kind === 'mean' ? `(${x} - ${d.number(mid)})` : x;
    const rows = await engine.query(
      `SELECT ${[
        ...keyCols,
        `CAST(coalesce(sum(CAST(round(${centred} / ${d.number(g)}) AS BIGINT)), 0) AS VARCHAR) AS s`,
        `count(${x}) AS n`,
        'count(*) AS r',
      ].join(', ')} FROM ${bounded} AS b${groupBy}`,
    );
    const sums = new Map(rows.map((r) => [keyOf(r), BigInt(r.s as string)]));
    const ns = new Map(rows.map((r) => [keyOf(r), BigInt(r.n as number)]));
    const rowCounts = new Map(rows.map((r) => [keyOf(r), BigInt(r.r as number)]));
    draw = () => {
      // One unit moves the grid sum by at most C·⌈magnitude/g⌉ (rounding is monotone).
      const sumSens = BigInt(C) * BigInt(Math.ceil(magnitude / g));
      const what = `${q.kind}(${q.column}) clamped to [${lo}, ${hi}]${by.length ? ` by ${by.join(', ')}` : ''}`;
      // Budget: the mean spends half on the sum and half on the count (which also selects keys);
      // a grouped sum with private keys spends half on a selection count.
      const countShare = q.kind === 'mean' || selection ? half : undefined;
      const sumCal = share(sumSens, countShare ? half : all);
      const countCal = countShare ? share(BigInt(C), countShare) : undefined;
      measurements.push(state(sumCal, `${q.kind === 'mean' ? 'centred sum' : 'sum'} for ${what}`, g));
      if (countCal) measurements.push(state(countCal, `count for ${what}`));
      const noisy = new Map<string, bigint>();
      // The selection count: the mean's own count of numeric rows; for a sum, a count of rows.
      const chosen = chooseKeys(q.kind === 'mean' ? ns : rowCounts, countCal ?? sumCal, noisy);
      for (const k of chosen) {
        const id = JSON.stringify(k);
        const s = Number(addNoise(rng, sumCal, sums.get(id) ?? 0n)) * g;
        if (q.kind === 'sum') {
          results.push({
            group: groupOf(k),
            value: s,
            scale: sumCal.scale * g,
            ci95: ci(sumCal, s, g),
            query: 'sum',
          });
          continue;
        }
        const n = Number(noisy.get(id) ?? addNoise(rng, countCal!, ns.get(id) ?? 0n));
        const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
        const value = clamp(mid + s / Math.max(n, 1));
        // Bonferroni: 97.5 % intervals for the sum and the count; the mean's range over that box.
        const a = sumCal.halfWidth(0.025) * g;
        const b = countCal!.halfWidth(0.025);
        const nLo = Math.max(1, n - b);
        const nHi = n + b;
        let ciLo = lo;
        let ciHi = hi;
        if (nHi >= 1) {
          const ends = [(s - a) / nLo, (s - a) / nHi, (s + a) / nLo, (s + a) / nHi];
          ciLo = clamp(mid + Math.min(...ends));
          ciHi = clamp(mid + Math.max(...ends));
        }
        results.push({
          group: groupOf(k),
          value,
          // delta method: the sum's noise over the (noisy) count
          scale: (sumCal.scale * g) / Math.max(n, 1),
          ci95: [ciLo, ciHi],
          query: 'mean',
        });
      }
    };
  } else if (q.kind === 'histogram') {
    const [lo, hi] = q.bounds;
    const bins = q.bins;
    if (!(Number.isInteger(bins) && bins >= 1 && bins <= 100_000))
      throw usage('--bins must be an integer from 1 to 100000');
    if (opts.publicKeys && opts.publicKeys.length * bins > MAX_KEY_CELLS)
      throw usage('too many cells (public group keys × bins)');
    const w = (hi - lo) / bins;
    const x = clampedSql(d, q.column, lo, hi);
    const { buckets, totals } = await bucketCounts(
      x,
      `least(${bins - 1}, CAST(floor((${x} - ${d.number(lo)}) / ${d.number(w)}) AS INTEGER))`,
    );
    draw = () => {
      // With private keys, half the budget selects the groups (on each group's count of rows) and
      // half goes to the bins; a unit's C rows move the bin counts by at most C in L1 either way.
      const cal = share(BigInt(C), selection ? half : all);
      const selCal = selection ? share(BigInt(C), half) : undefined;
      const what = `histogram of ${q.column} over [${lo}, ${hi}] in ${bins} bins${by.length ? ` by ${by.join(', ')}` : ''}`;
      measurements.push(state(cal, what));
      if (selCal)
        measurements.push(state(selCal, `count of rows per group for selecting the groups of ${what}`));
      const chosen = chooseKeys(totals, selCal ?? cal, new Map());
      if (!by.length) keys = { kind: 'bins', count: bins };
      for (const k of chosen) {
        const counts = buckets.get(JSON.stringify(k));
        for (let i = 0; i < bins; i++) {
          const v = Number(addNoise(rng, cal, counts?.get(i) ?? 0n));
          const a = lo + i * w;
          const label = `[${fmt(a)}, ${fmt(i === bins - 1 ? hi : a + w)}${i === bins - 1 ? ']' : ')'}`;
          results.push({
            group: { ...groupOf(k), [q.column]: label },
            value: v,
            scale: cal.scale,
            ci95: ci(cal, v),
            query: 'count',
          });
        }
      }
    };
  } else {
    const [lo, hi] = q.bounds;
    const m = q.candidates ?? 1000;
    if (!(Number.isInteger(m) && m >= 1 && m <= 100_000))
      throw usage('the number of quantile candidates must be 1 to 100000');
    if (q.quantiles.length === 0 || q.quantiles.some((p) => !(p >= 0 && p <= 1)))
      throw usage('quantiles must be in [0, 1]');
    const w = (hi - lo) / m;
    const x = clampedSql(d, q.column, lo, hi);
    // Bucket j holds the values in (c_{j−1}, c_j], candidates c_j = lo + j·w, j = 0..m.
    const { buckets, totals } = await bucketCounts(
      x,
      `least(${m}, greatest(0, CAST(ceil((${x} - ${d.number(lo)}) / ${d.number(w)} - 1e-9) AS INTEGER)))`,
    );
    draw = () => {
      const k = q.quantiles.length;
      // With private keys, half the budget selects the groups; the rest is shared by the quantiles.
      // Within it each group's quantiles are calibrated to a unit's whole bound C: a unit whose
      // rows fall c_g in group g loses at most ε·c_g/C there (McSherry & Talwar's bound with the
      // utility moved by c_g instead of C), ε over all groups together, as for counts.
      const selCal = selection ? share(BigInt(C), half) : undefined;
      const quantileEps = selection ? mul(eps, half) : eps;
      if (selCal)
        measurements.push(
          state(selCal, `count of rows per group for selecting the groups of quantiles of ${q.column}`),
        );
      const chosen = chooseKeys(totals, selCal ?? share(BigInt(C), all), new Map());
      // Rounded to 12 digits so 0.1-steps print as 47.8, not 47.800000000000004 (candidates are public).
      const candidate = (j: number) => Number((lo + j * w).toPrecision(12));
      const byText = by.length ? ` by ${by.join(', ')}` : '';
      for (const p of q.quantiles) {
        const pr = fromDecimal(p);
        // u_j = −|qd·#(x ≤ c_j) − qn·n − shift|: one unit moves #(x ≤ c_j) and n by at most C in
        // the same direction, so the utility's sensitivity is C·max(qn, qd − qn).
        const sens = BigInt(C) * maxBig(pr.num, pr.den - pr.num);
        const epsEach = mul(quantileEps, rational(1n, BigInt(k)));
        const ePoint = mul(epsEach, half);
        const eEnd = mul(epsEach, rational(1n, 4n));
        // Interval ends: see endUtilities. λ is the exponential mechanism's 97.5 % utility loss
        // over m + 2 candidates; the margin R (in ranks) covers it plus the largest handicap.
        const lambda = exponentialUtilityLoss(m + 2, toNumber(eEnd), Number(sens), 0.025);
        const D = BigInt(Math.max(1, Math.ceil(lambda / 2)));
        const R = BigInt(Math.ceil((Number(endHandicapMax(D)) + lambda) / Number(pr.den)));
        const scale = (2 * Number(sens)) / toNumber(ePoint) / Number(pr.den);
        measurements.push({
          what: `${p}-quantile of ${q.column}${byText} over ${m + 1} candidates in [${lo}, ${hi}] (point, lower and upper end)`,
          mechanism: 'exponential mechanism (exact rejection sampling)',
          sensitivity: Number(sens),
          scale,
          epsilon: toNumber(epsEach),
        });
        for (const key of chosen) {
          const per = buckets.get(JSON.stringify(key));
          const atMost: bigint[] = [];
          let acc = 0n;
          for (let j = 0; j <= m; j++) {
            acc += per?.get(j) ?? 0n;
            atMost.push(acc);
          }
          const n = acc;
          const util = (shift: bigint) =>
            atMost.map((c) => {
              const v = pr.den * c - pr.num * n - shift;
              return v < 0n ? v : -v;
            });
          const point = candidate(sampleExponential(rng, util(0n), ePoint, sens));
          const target = pr.num * n;
          const ranks = atMost.map((c) => pr.den * c);
          const below = [
            -(endHandicapMax(D) * END_SCALE),
            ...endUtilities(ranks, target - pr.den * R, D, 1n),
          ];
          const above = [
            ...endUtilities(ranks, target + pr.den * R, D, -1n),
            -(endHandicapMax(D) * END_SCALE),
          ];
          const loEnd = candidate(Math.max(0, sampleExponential(rng, below, eEnd, sens * END_SCALE) - 1));
          const hiEnd = candidate(Math.min(m, sampleExponential(rng, above, eEnd, sens * END_SCALE)));
          results.push({
            group: groupOf(key),
            value: point,
            scale,
            scaleUnit: 'rank',
            ci95: [Math.min(loEnd, point), Math.max(hiEnd, point)],
            query: 'quantile',
            quantile: p,
          });
        }
      }
    };
  }
  return {
    cost,
    release: () => {
      if (drawn) throw new Error('a prepared DP aggregate is released once');
      drawn = true;
      draw();
      return {
        epsilon: cost.epsilon,
        delta: cost.delta,
        ...(cost.rho !== undefined ? { rho: cost.rho } : {}),
        privacyUnit: unit,
        contributionBound: C,
        query: q,
        results,
        measurements,
        keys,
      };
    },
  };
}

/**
 * Utilities of the exponential mechanism that picks one end of a quantile's 95 % interval.
 *
 * The true p-quantile q* is the smallest candidate c with #(x ≤ c) ≥ p·n. The lower end is wrong
 * only on a candidate with qd·#(x ≤ c) ≥ target (= qn·n), the upper end only on one below it.
 * With f = dir·(qd·#(x ≤ c) − aim), the aim R ranks on the safe side of the target, a candidate
 * past the aim (f ≥ 0) loses f, so a wrong end loses at least qd·R; a candidate short of the aim
 * by x loses a concave handicap g(x): x up to D, then half as fast up to 2D, a quarter up to 4D, …
 * and nothing more beyond D·2^L. g is 1-Lipschitz (the sensitivity is unchanged) and bounded by
 * g_max = D(1 + L/2), so with a constant candidate −g_max at the bound (lo ≤ q* ≤ hi always) the
 * best utility is ≥ −g_max whatever the data, and R = (g_max + λ)/qd makes a wrong end rarer than
 * 2.5 % (McSherry & Talwar's tail bound). The handicap keeps the end near the aim when candidates
 * sit there, and still prefers the nearer side of a gap when ties leave none (integer ages on a
 * 0.1 grid): a plain two-sided utility aimed R ranks off covered only 21 % there, picking a
 * candidate past q* across a gap. Scaled by END_SCALE = 2^L to stay in integers.
 */
const END_L = 12n;
const END_SCALE = 1n << END_L;
const endHandicapMax = (D: bigint) => D + (END_L * D) / 2n + 1n;

function endUtilities(ranks: readonly bigint[], aim: bigint, D: bigint, dir: bigint): bigint[] {
  return ranks.map((r) => {
    const f = dir * (r - aim);
    if (f >= 0n) return -f * END_SCALE;
    const x = -f;
    if (x <= D) return -x * END_SCALE;
    // segment k: D·2^(k−1) < x ≤ D·2^k, slope 2^−k
    let k = 1n;
    while (k <= END_L && x > D << k) k++;
    if (k > END_L) return -(D * END_SCALE + (END_L * D * END_SCALE) / 2n);
    return -(D * END_SCALE + ((k - 1n) * D * END_SCALE) / 2n + ((x - (D << (k - 1n))) << (END_L - k)));
  });
}

/** Math.max does not take bigints. */
function maxBig(a: bigint, b: bigint): bigint {
  if (a >= b) return a;
  return b;
}

const usage = (message: string) => new WumingError('BAD_FLAG', message, { kind: 'usage' });
const fmt = (v: number) => String(Number(v.toPrecision(6)));

/** The ε a Gaussian release of ρ converts to at δ (for statements). */
export const gaussianEpsilon = (rho: number, delta: number) => zcdpToApprox(rho, delta);
