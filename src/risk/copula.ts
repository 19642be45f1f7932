import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { noProgress, type ProgressFn } from '../progress.js';
import { type Random, secureRandom } from '../random.js';

/**
 * Individual uniqueness and match correctness from a Gaussian copula, after Rocher, Hendrickx &
 * de Montjoye (2019, "Estimating the success of re-identifications in incomplete datasets using
 * generative models", Nature Communications 10:3069, Methods).
 *
 * The joint distribution of the quasi-identifiers is modelled as a Gaussian copula with the
 * sample's empirical marginals: each column's values are ordered (numerically when every value
 * is a number, else by decreasing frequency), value k occupies the interval (F(k-), F(k)] of the
 * uniform scale, i.e. (Phi^-1(F(k-)), Phi^-1(F(k))] of a latent standard normal Z_j, and the
 * latent normals have correlation matrix R. The probability of a record's combination x is then
 * the multivariate normal rectangle probability
 *   xi_x = P(a_j < Z_j <= b_j for all j),  Z ~ N(0, R),
 * computed with Genz's separation-of-variables algorithm (Genz 1992, "Numerical computation of
 * multivariate normal probabilities", J. Comput. Graph. Stat. 1:141) on a randomly shifted
 * lattice (quasi-Monte Carlo). In a population of N people:
 *   uniqueness    u_x = (1 - xi_x)^(N-1)                       (nobody else shares x)
 *   correctness   kappa_x = E[1/(1+X)], X ~ Bin(N-1, xi_x) = (1 - (1 - xi_x)^N) / (N xi_x)
 *                 (the chance that a match on x is the right person).
 *
 * R is estimated from the data: each value is replaced by its conditional normal score
 * g = E[Z | a < Z <= b] = (phi(a) - phi(b)) / (Phi(b) - Phi(a)), and since for a bivariate normal
 * corr(g_1(Z_1), g_2(Z_2)) ~= rho * sd(g_1) * sd(g_2) to first order in the Hermite expansion,
 * rho is estimated as corr(g_1, g_2) / (sd(g_1) sd(g_2)), clipped to (-0.99, 0.99); if the
 * matrix is not positive definite it is shrunk towards the identity until it is.
 */
export interface CopulaModel {
  columns: string[];
  /** Ordered category labels per column (null is its own category, shown as null). */
  categories: (string | null)[][];
  /** Latent bounds per column and category: z in (lower[k], upper[k]]. */
  lower: Float64Array[];
  upper: Float64Array[];
  correlation: number[][];
  /** Shrinkage towards the identity applied to make R positive definite (0 = none). */
  shrinkage: number;
  /** position[j][code] = rank of the category `code` (as coded in the input table) in the order used. */
  position: Int32Array[];
}

export interface CopulaBucket {
  label: string;
  low: number;
  high: number;
  share: number;
}

export interface CopulaUniquenessResult {
  records: number;
  population: number;
  columns: string[];
  correlation: number[][];
  /** Mean over records of the estimated probability of being unique in the population. */
  averageUniqueness: number;
  /** Mean over records of the probability that a match is correct. */
  averageCorrectness: number;
  /** Share of records with uniqueness above 0.5 / 0.9 / 0.99. */
  recordsLikelyUnique: Record<string, number>;
  /** Distribution of records over individual uniqueness (a chart series). */
  distribution: CopulaBucket[];
  /** Quasi-Monte-Carlo points per combination. */
  points: number;
}

/** Distinct combinations of category codes with their counts (the frequency table). */
export interface CodedCombinations {
  codes: Int32Array[];
  counts: Float64Array;
  categories: (string | null)[][];
  /** Whether a column's categories are all numbers (kept in numeric order). */
  numeric: boolean[];
}

const phi = (x: number) => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);
const Phi = (x: number) =>
  x === Number.POSITIVE_INFINITY ? 1 : x === Number.NEGATIVE_INFINITY ? 0 : normalCdf(x, 0, 1);
const PhiInv = (p: number) =>
  p <= 0 ? Number.NEGATIVE_INFINITY : p >= 1 ? Number.POSITIVE_INFINITY : normalQuantile(p, 0, 1);

/** Order categories: numerically when all non-null values are numbers, else by frequency. */
export function orderCategories(values: (string | null)[], freq: number[]): number[] {
  const idx = values.map((_, i) => i);
  const numeric = isNumericColumn(values);
  idx.sort((i, j) => {
    const a = values[i];
    const b = values[j];
    if (a === null) return b === null ? 0 : 1;
    if (b === null) return -1;
    if (numeric) return Number(a) - Number(b);
    return freq[j] - freq[i] || (a < b ? -1 : a > b ? 1 : 0);
  });
  return idx;
}

function cholesky(r: number[][]): Float64Array[] | null {
  const d = r.length;
  const l = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = r[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 1e-10)) return null;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}

const isNumericColumn = (values: (string | null)[]) => {
  const nonNull = values.filter((v) => v !== null) as string[];
  return nonNull.length > 0 && nonNull.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
};

/** Latent bounds and conditional normal scores of one column's categories in a given order. */
function margins(freq: Float64Array, order: Int32Array, n: number) {
  const k = freq.length;
  const lo = new Float64Array(k);
  const hi = new Float64Array(k);
  const g = new Float64Array(k);
  let cum = 0;
  for (let r = 0; r < k; r++) {
    const c = order[r];
    lo[c] = PhiInv(cum / n);
    cum += freq[c];
    hi[c] = PhiInv(Math.min(1, cum / n));
    const p = Phi(hi[c]) - Phi(lo[c]);
    g[c] = p > 0 ? (phi(lo[c]) - phi(hi[c])) / p : 0;
  }
  return { lo, hi, g };
}

/**
 * Fit the copula to a frequency table of coded combinations.
 *
 * A Gaussian copula only models monotone dependence, so the order of a nominal column's
 * categories matters. Numeric columns keep their numeric order; nominal columns start in
 * frequency order and are then re-ordered a few times by the mean, within each category, of the
 * records' score on the first principal component of the other columns' normal scores (the
 * first dimension of homogeneity analysis / optimal scaling, Gifi 1990), which turns the
 * strongest association of each nominal column into a monotone one the copula can represent.
 */
export function fitCopula(
  columns: string[],
  t: CodedCombinations,
  opts: { reorder?: number } = {},
): CopulaModel {
  const d = columns.length;
  const m = t.counts.length;
  let n = 0;
  for (let i = 0; i < m; i++) n += t.counts[i];
  const freqs: Float64Array[] = [];
  const orders: Int32Array[] = [];
  for (let j = 0; j < d; j++) {
    const k = t.categories[j].length;
    const freq = new Float64Array(k);
    for (let i = 0; i < m; i++) freq[t.codes[j][i]] += t.counts[i];
    freqs.push(freq);
    orders.push(Int32Array.from(orderCategories(t.categories[j], [...freq])));
  }
  let marg = orders.map((o, j) => margins(freqs[j], o, n));
  const correlationOf = () => {
    const mean = new Float64Array(d);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) mean[j] += t.counts[i] * marg[j].g[t.codes[j][i]];
    for (let j = 0; j < d; j++) mean[j] /= n;
    const cov = Array.from({ length: d }, () => new Float64Array(d));
    for (let i = 0; i < m; i++) {
      const w = t.counts[i];
      for (let a = 0; a < d; a++) {
        const xa = marg[a].g[t.codes[a][i]] - mean[a];
        for (let b = a; b < d; b++) cov[a][b] += w * xa * (marg[b].g[t.codes[b][i]] - mean[b]);
      }
    }
    return { mean, cov };
  };
  const nominal = t.numeric.map((x, j) => !x && t.categories[j].length > 2);
  const rounds = nominal.some(Boolean) && d > 1 ? (opts.reorder ?? 4) : 0;
  for (let round = 0; round < rounds; round++) {
    const { mean, cov } = correlationOf();
    const sd = Array.from({ length: d }, (_, a) => Math.sqrt(Math.max(cov[a][a] / n, 1e-12)));
    const corr = (a: number, b: number) => (a <= b ? cov[a][b] : cov[b][a]) / n / (sd[a] * sd[b]);
    for (let j = 0; j < d; j++) {
      if (!nominal[j]) continue;
      // first principal component of the other columns (power iteration on their correlations)
      const others = [...Array(d).keys()].filter((k) => k !== j);
      let v = others.map(() => 1 / Math.sqrt(others.length));
      for (let it = 0; it < 50; it++) {
        const nv = others.map((a) => others.reduce((s, b, bi) => s + corr(a, b) * v[bi], 0));
        const norm = Math.hypot(...nv) || 1;
        v = nv.map((x) => x / norm);
      }
      const k = t.categories[j].length;
      const sum = new Float64Array(k);
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let oi = 0; oi < others.length; oi++) {
          const a = others[oi];
          s += (v[oi] * (marg[a].g[t.codes[a][i]] - mean[a])) / sd[a];
        }
        sum[t.codes[j][i]] += t.counts[i] * s;
      }
      const avg = Array.from(sum, (x, c) => (freqs[j][c] > 0 ? x / freqs[j][c] : 0));
      orders[j] = Int32Array.from([...Array(k).keys()].sort((a, b) => avg[a] - avg[b] || a - b));
      marg[j] = margins(freqs[j], orders[j], n);
    }
  }
  marg = orders.map((o, j) => margins(freqs[j], o, n));
  const { cov } = correlationOf();
  const r: number[][] = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => (a === b ? 1 : 0)),
  );
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      const va = cov[a][a] / n;
      const vb = cov[b][b] / n;
      let rho = 0;
      // corr(g_a, g_b) ~= rho sd_a sd_b  =>  rho = cov / (var_a var_b)
      if (va > 1e-12 && vb > 1e-12) rho = cov[a][b] / n / (va * vb);
      rho = Math.max(-0.99, Math.min(0.99, rho));
      r[a][b] = rho;
      r[b][a] = rho;
    }
  }
  let shrinkage = 0;
  let R = r;
  while (!cholesky(R) && shrinkage < 1) {
    shrinkage = Math.min(1, shrinkage + 0.02);
    R = r.map((row, a) => row.map((v, b) => (a === b ? 1 : (1 - shrinkage) * v)));
  }
  const position = orders.map((o) => {
    const p = new Int32Array(o.length);
    o.forEach((c, rank) => {
      p[c] = rank;
    });
    return p;
  });
  return {
    columns,
    categories: orders.map((o, j) => Array.from(o, (c) => t.categories[j][c])),
    lower: marg.map((x) => x.lo),
    upper: marg.map((x) => x.hi),
    correlation: R,
    shrinkage,
    position,
  };
}

/**
 * Cell probabilities for every combination with Genz's algorithm on a shifted Kronecker lattice
 * (the same points for every combination: common random numbers keep comparisons smooth).
 */
export function cellProbabilities(
  model: CopulaModel,
  codes: Int32Array[],
  points: number,
  random: Random,
): Float64Array {
  const d = model.columns.length;
  const m = codes[0]?.length ?? 0;
  const l = cholesky(model.correlation);
  if (!l) throw new Error('correlation matrix is not positive definite');
  // Kronecker lattice: w_k,i = frac(k * sqrt(p_i) + shift_i), p_i the i-th prime.
  const primes = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103,
    107, 109, 113,
  ];
  const alpha = Array.from(
    { length: d },
    (_, i) => Math.sqrt(primes[i % primes.length]) * (1 + Math.floor(i / primes.length)),
  );
  const w = new Float64Array(points * d);
  const shift = Array.from({ length: d }, () => random.next());
  for (let k = 0; k < points; k++)
    for (let i = 0; i < d; i++) w[k * d + i] = ((k + 1) * alpha[i] + shift[i]) % 1;
  const out = new Float64Array(m);
  const y = new Float64Array(d);
  for (let c = 0; c < m; c++) {
    let sum = 0;
    for (let k = 0; k < points; k++) {
      let f = 1;
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < i; j++) s += l[i][j] * y[j];
        const code = codes[i][c];
        const di = Phi((model.lower[i][code] - s) / l[i][i]);
        const ei = Phi((model.upper[i][code] - s) / l[i][i]);
        const width = ei - di;
        f *= width;
        if (f <= 0) break;
        y[i] = PhiInv(di + w[k * d + i] * width);
        if (!Number.isFinite(y[i])) y[i] = y[i] > 0 ? 8 : -8;
      }
      sum += Math.max(f, 0);
    }
    out[c] = sum / points;
  }
  return out;
}

export const uniquenessOf = (xi: number, N: number): number =>
  xi <= 0 ? 1 : Math.exp((N - 1) * Math.log1p(-Math.min(xi, 1)));
export function correctnessOf(xi: number, N: number): number {
  if (xi <= 0) return 1;
  if (xi >= 1) return 1 / N;
  return -Math.expm1(N * Math.log1p(-xi)) / (N * xi);
}

/** Read the frequency table of the quasi-identifiers from the engine and code it in category order. */
export async function codeCombinations(
  engine: Engine,
  relation: string,
  qi: readonly string[],
): Promise<CodedCombinations> {
  const d = engine.dialect;
  const categories: (string | null)[][] = [];
  const numeric: boolean[] = [];
  const lookup: Map<string | null, number>[] = [];
  for (const c of qi) {
    const b = await engine.queryColumns(
      `SELECT CAST(${d.ident(c)} AS VARCHAR) AS v, count(*) AS n FROM ${relation} GROUP BY 1`,
    );
    const values = b.columns[0].map((v) => (v === null ? null : String(v)));
    categories.push(values);
    numeric.push(isNumericColumn(values));
    lookup.push(new Map(values.map((v, i) => [v, i])));
  }
  const cols = qi.map((c) => `CAST(${d.ident(c)} AS VARCHAR)`).join(', ');
  const codesArr: number[][] = qi.map(() => []);
  const counts: number[] = [];
  for await (const batch of engine.stream(`SELECT ${cols}, count(*) AS n FROM ${relation} GROUP BY ALL`)) {
    for (let r = 0; r < batch.rowCount; r++) {
      for (let j = 0; j < qi.length; j++) {
        const v = batch.columns[j][r];
        codesArr[j].push(lookup[j].get(v === null ? null : String(v))!);
      }
      counts.push(Number(batch.columns[qi.length][r]));
    }
  }
  return {
    codes: codesArr.map((a) => Int32Array.from(a)),
    counts: Float64Array.from(counts),
    categories,
    numeric,
  };
}

const BUCKETS = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.000001];

/**
 * Fit the copula to a relation's quasi-identifiers and estimate, for its records, the
 * probability of being unique in a population of `population` people and of a match being
 * correct.
 */
export async function copulaUniqueness(opts: {
  engine: Engine;
  relation: string;
  qi: readonly string[];
  population: number;
  points?: number;
  random?: Random;
  onProgress?: ProgressFn;
}): Promise<
  CopulaUniquenessResult & { model: CopulaModel; xi: Float64Array; combinations: CodedCombinations }
> {
  const onProgress = opts.onProgress ?? noProgress;
  if (opts.qi.length === 0)
    throw new WumingError('NO_QI', 'the copula needs at least one quasi-identifier', { kind: 'usage' });
  onProgress({ stage: 'copula fit', done: 0, total: 2 });
  const t = await codeCombinations(opts.engine, opts.relation, opts.qi);
  let n = 0;
  for (const c of t.counts) n += c;
  if (opts.population < n)
    throw new WumingError('BAD_POPULATION', 'the population is smaller than the number of records', {
      kind: 'usage',
    });
  const model = fitCopula([...opts.qi], t);
  onProgress({ stage: 'copula fit', done: 1, total: 2 });
  const points = opts.points ?? 128;
  const xi = cellProbabilities(model, t.codes, points, opts.random ?? secureRandom());
  onProgress({ stage: 'copula fit', done: 2, total: 2 });
  const N = opts.population;
  let su = 0;
  let sk = 0;
  const likely: Record<string, number> = { '0.5': 0, '0.9': 0, '0.99': 0 };
  const dist = new Float64Array(BUCKETS.length - 1);
  for (let i = 0; i < xi.length; i++) {
    const u = uniquenessOf(xi[i], N);
    const w = t.counts[i];
    su += w * u;
    sk += w * correctnessOf(xi[i], N);
    for (const k of Object.keys(likely)) if (u > Number(k)) likely[k] += w;
    for (let b = 0; b < dist.length; b++) if (u >= BUCKETS[b] && u < BUCKETS[b + 1]) dist[b] += w;
  }
  for (const k of Object.keys(likely)) likely[k] /= n;
  return {
    records: n,
    population: N,
    columns: [...opts.qi],
    correlation: model.correlation,
    averageUniqueness: su / n,
    averageCorrectness: sk / n,
    recordsLikelyUnique: likely,
    distribution: [...dist].map((c, b) => ({
      label: `[${BUCKETS[b]}, ${Math.min(1, BUCKETS[b + 1])}${b === dist.length - 1 ? ']' : ')'}`,
      low: BUCKETS[b],
      high: Math.min(1, BUCKETS[b + 1]),
      share: c / n,
    })),
    points,
    model,
    xi,
    combinations: t,
  };
}
