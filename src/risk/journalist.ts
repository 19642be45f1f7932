import { type ClassPair, defineAttacker, summaryRows } from './attacker.js';
import type { PopulationContext, RiskSummary } from './estimator.js';
import { recordCount, type SizeHistogram } from './histogram.js';
import { adaptiveSimpson } from './integrate.js';
import { pitmanJournalist } from './pitman-population.js';

/**
 * Journalist risk when only the population *size* is known, not the population table.
 *
 * The journalist does not know whether the target is in the released sample, so a sample record
 * in a class of f sample records is re-identified with probability 1/F, F the size of the same
 * class in the population. F is unknown; we use its posterior expectation under the model of
 * Benedetti & Franconi (1998, "Statistical and technological solutions for controlled data
 * dissemination"; Franconi & Polettini 2004, "Individual risk estimation in mu-Argus"), the
 * model behind sdcMicro's individual risk: with uniform sampling fraction p = n/N,
 *   P(F = h | f) = C(h-1, f-1) p^f (1-p)^(h-f),  h >= f   (negative binomial),
 *   r(f) = E[1/F | f] = integral_0^1 p^f t^(f-1) / (1 - (1-p) t)^f dt.
 * For f = 1 this is p/(1-p) * ln(1/p). When N = n (p = 1) F = f and the journalist risk equals
 * the prosecutor risk, as in ARX when no population table is given.
 */
export function journalistClassRisk(f: number, p: number): number {
  if (p >= 1) return 1 / f;
  if (f === 1) return (p / (1 - p)) * -Math.log(p);
  // Substituting w = 1 - (1-p) t = e^v turns the integral into
  //   r = p/(1-p) * integral_{ln p}^{0} g(v) dv,   g(v) = (p (e^-v - 1) / (1-p))^(f-1),
  // with g(ln p) = 1, decreasing to 0 at v = 0; adaptive Simpson integrates it to 1e-12.
  const a = Math.log(p);
  const k = f - 1;
  const q = p / (1 - p);
  const g = (v: number) => {
    const h = q * (Math.exp(-v) - 1);
    return h <= 0 ? 0 : Math.exp(k * Math.log(h));
  };
  // g decays like exp(-k (v - a) / (1 - p)) near a: beyond where it is below 1e-300 it is zero.
  const b = Math.min(0, a + (700 * (1 - p)) / k + 1e-12);
  // Absolute tolerance relative to the integral's scale (about (1-p)/k), far above rounding.
  return q * adaptiveSimpson(g, a, b, 1e-11 * Math.min(-a, (1 - p) / k), 40);
}

export function journalistRisk(
  h: SizeHistogram,
  pop: PopulationContext,
  thresholds: readonly number[],
): RiskSummary {
  const n = recordCount(h);
  const p = Math.min(1, pop.fraction);
  const risks = h.sizes.map((f) => journalistClassRisk(f, p));
  let avg = 0;
  for (let i = 0; i < risks.length; i++) avg += h.sizes[i] * h.counts[i] * risks[i];
  const recordsAbove: Record<string, number> = {};
  for (const t of thresholds) {
    let at = 0;
    for (let i = 0; i < risks.length; i++) if (risks[i] > t) at += h.sizes[i] * h.counts[i];
    recordsAbove[String(t)] = n === 0 ? 0 : at / n;
  }
  return { highest: n === 0 ? 0 : Math.max(...risks), average: n === 0 ? 0 : avg / n, recordsAbove };
}

/**
 * Journalist and marketer risk when the population table itself is available (El Emam 2013,
 * "Guide to the De-Identification of Personal Health Information", journalist risk): each
 * sample class of f records has F >= f records in the population. highest = 1 / min F;
 * average = max(J / sum_j F_j, (1/n) sum_j f_j / F_j) over the J sample classes; records above
 * t = share of sample records with 1/F > t; marketer = (1/n) sum_j f_j / F_j.
 */
export function journalistFromPairs(
  pairs: readonly ClassPair[],
  thresholds: readonly number[],
): { journalist: RiskSummary; marketer: number } {
  let n = 0;
  let J = 0;
  let sumF = 0;
  let ratio = 0;
  let minF = Number.POSITIVE_INFINITY;
  for (const p of pairs) {
    n += p.f * p.classes;
    J += p.classes;
    sumF += p.F * p.classes;
    ratio += (p.f / p.F) * p.classes;
    if (p.classes > 0) minF = Math.min(minF, p.F);
  }
  const recordsAbove: Record<string, number> = {};
  for (const t of thresholds) {
    let at = 0;
    for (const p of pairs) if (1 / p.F > t) at += p.f * p.classes;
    recordsAbove[String(t)] = n ? at / n : 0;
  }
  const marketer = n ? ratio / n : 0;
  return {
    journalist: { highest: n ? 1 / minF : 0, average: n ? Math.max(J / sumF, marketer) : 0, recordsAbove },
    marketer,
  };
}

/**
 * The journalist: does not know whether the target is in the release, so a record in a class
 * of f records is re-identified with probability E[1/F], F the class's size in the population,
 * from where the population's class sizes come (attacker.ts: the census, the population table,
 * the fitted Pitman population, or the prosecutor's figures as an upper bound).
 */
export const journalist = defineAttacker({
  id: 'journalist',
  knows: "the target's quasi-identifiers, not whether the target is in the release",
  estimate: (ctx, earlier): RiskSummary => {
    const c = ctx.classSizes;
    if (c.model === 'population-table') return journalistFromPairs(c.pairs, ctx.thresholds).journalist;
    if (c.model === 'pitman') {
      const { populationUniqueRecords: _, ...summary } = pitmanJournalist(
        ctx.hist,
        {
          theta: c.theta,
          alpha: c.alpha,
          sampleSize: ctx.population.sampleSize,
          populationSize: ctx.population.size,
        },
        ctx.thresholds,
      );
      return summary;
    }
    return earlier.prosecutor as RiskSummary;
  },
  rows: (v, r) => [
    { label: 'journalist: F from', value: r.journalistModel, as: 'text' },
    ...summaryRows('journalist', v, r.thresholds),
  ],
});
