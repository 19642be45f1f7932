import type { RiskSummary } from './estimator.js';
import { recordCount, type SizeHistogram } from './histogram.js';
import { adaptiveSimpson } from './integrate.js';

/**
 * The population behind a sample, as the Pitman (Pitman-Yor) model fitted to the sample sees it.
 *
 * Under a Pitman partition with parameters (theta, alpha) the sample of n records is the start of
 * a Chinese-restaurant sequence; the remaining M = N - n population records join a sample class of
 * f records with a share P ~ Beta(f - alpha, theta + n - f + alpha) (Pitman 2006, "Combinatorial
 * Stochastic Processes", Thm 3.8 / Cor 20; the posterior of the two-parameter Poisson-Dirichlet
 * process). The class's population size is F = f + X with X | P ~ Binomial(M, P); for M large and
 * P small (the cases where N >> n) X is Poisson(M P) and P is Gamma(f - alpha, theta + n), so
 * X ~ NegBin(a = f - alpha, q = b / (b + M)), b = theta + n (a Gamma-Poisson mixture). Then
 *   P(F = f + x)  = Gamma(x + a) / (Gamma(a) x!) q^a (1 - q)^x,
 *   E[1 / F]      = integral_0^1 t^(f-1) (q / (1 - (1 - q) t))^a dt.
 * With alpha = 0 and theta = 0 this is the model of Benedetti & Franconi (E[1/F | f = 1] =
 * p/(1-p) ln(1/p)); a positive alpha, which the fit gives when the quasi-identifiers are many and
 * most sample classes are small, moves mass to F = f: sample uniques that are population uniques.
 * This is what the journalist / marketer figures from a population *size* use; it is validated
 * against a generated population in bench/evidence.ts (README, "Measured").
 */
export interface PitmanPopulation {
  theta: number;
  alpha: number;
  /** n and N. */
  sampleSize: number;
  populationSize: number;
}

/** P(F = f + x) for x = 0..K, with F the population size of a sample class of f records. */
export function pitmanExtraProbabilities(f: number, m: PitmanPopulation, K: number): number[] {
  const M = m.populationSize - m.sampleSize;
  const a = f - m.alpha;
  const b = m.theta + m.sampleSize;
  const out: number[] = [];
  if (M <= 0) {
    for (let x = 0; x <= K; x++) out.push(x === 0 ? 1 : 0);
    return out;
  }
  // log q = log(b / (b + M)), log(1 - q) = log(M / (b + M)), kept in logs for N in the billions.
  const lq = Math.log(b) - Math.log(b + M);
  const l1q = Math.log(M) - Math.log(b + M);
  let lp = a * lq;
  for (let x = 0; x <= K; x++) {
    out.push(Math.exp(lp));
    lp += Math.log(x + a) - Math.log(x + 1) + l1q;
  }
  return out;
}

/** E[1/F] for a sample class of f records (the journalist's risk for each of its records). */
export function pitmanClassRisk(f: number, m: PitmanPopulation): number {
  const M = m.populationSize - m.sampleSize;
  if (M <= 0) return 1 / f;
  const a = f - m.alpha;
  const c = M / (m.theta + m.sampleSize);
  // Substituting 1 - t = (e^v - 1) / c: E[1/F] = (1/c) integral_0^{ln(1+c)} (1 - (e^v-1)/c)^(f-1) e^((1-a) v) dv,
  // a smooth integrand on a range of a few tens even for c = 10^9.
  if (f === 1) return a === 1 ? Math.log1p(c) / c : Math.expm1((1 - a) * Math.log1p(c)) / ((1 - a) * c);
  const L = Math.log1p(c);
  const g = (v: number) => {
    const w = 1 - Math.expm1(v) / c;
    return w <= 0 ? 0 : Math.exp((f - 1) * Math.log(w) + (1 - a) * v);
  };
  return adaptiveSimpson(g, 0, L, 1e-12 * L, 50) / c;
}

/** Journalist risk of every sample record under the fitted Pitman population (see above). */
export function pitmanJournalist(
  h: SizeHistogram,
  m: PitmanPopulation,
  thresholds: readonly number[],
): RiskSummary & {
  /** Expected share of the sample's records that are unique in the population. */
  populationUniqueRecords: number;
} {
  const n = recordCount(h);
  const risks = h.sizes.map((f) => pitmanClassRisk(f, m));
  let avg = 0;
  for (let i = 0; i < risks.length; i++) avg += h.sizes[i] * h.counts[i] * risks[i];
  const recordsAbove: Record<string, number> = {};
  for (const t of thresholds) {
    // 1/F > t  <=>  F < 1/t  <=>  X <= ceil(1/t) - 1 - f
    let at = 0;
    for (let i = 0; i < h.sizes.length; i++) {
      const K = Math.ceil(1 / t) - 1 - h.sizes[i];
      if (K < 0) continue;
      const p = pitmanExtraProbabilities(h.sizes[i], m, K).reduce((s, v) => s + v, 0);
      at += h.sizes[i] * h.counts[i] * Math.min(1, p);
    }
    recordsAbove[String(t)] = n === 0 ? 0 : at / n;
  }
  return {
    highest: n === 0 ? 0 : Math.max(...risks),
    average: n === 0 ? 0 : avg / n,
    recordsAbove,
    populationUniqueRecords: pitmanPopulationUniqueRecords(h, m),
  };
}

/**
 * Expected share of the sample's records that are unique in the population: a sample unique
 * stays unique when none of the population's unseen people share its class (X = 0 extra).
 */
export function pitmanPopulationUniqueRecords(h: SizeHistogram, m: PitmanPopulation): number {
  const n = recordCount(h);
  const one = h.sizes.indexOf(1);
  const pu = one >= 0 ? h.counts[one] * pitmanExtraProbabilities(1, m, 0)[0] : 0;
  return n === 0 ? 0 : pu / n;
}
