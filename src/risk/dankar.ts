import type { PopulationContext, RiskEstimator, UniquenessEstimate } from './estimator.js';
import type { SizeHistogram } from './histogram.js';
import { pitmanUniqueness } from './pitman.js';
import { snbUniqueness } from './snb.js';
import { zayatzUniqueness } from './zayatz.js';

export type UniquenessModelId = 'pitman' | 'zayatz' | 'snb' | 'none';

export interface DankarEstimate extends UniquenessEstimate {
  /** The model the rule chose ('none' when there are no sample uniques). */
  model: UniquenessModelId;
}

/**
 * Dankar, El Emam, Neisa & Roffey (2012, "Estimating the re-identification risk of clinical
 * data sets", BMC Med Inform Decis Mak 12:66) compared the estimators on clinical data and
 * derived a decision rule: for sampling fractions up to 10 % use Pitman (falling back to Zayatz
 * when Pitman does not converge); above it use the smaller of Zayatz and SNB (Zayatz when SNB
 * does not converge). Estimates that are computed once are passed in to avoid refitting.
 */
export function dankarUniqueness(
  h: SizeHistogram,
  pop: PopulationContext,
  known: { pitman?: UniquenessEstimate; zayatz?: UniquenessEstimate; snb?: UniquenessEstimate } = {},
): DankarEstimate {
  const zayatz = () => {
    if (!known.zayatz) known.zayatz = zayatzUniqueness(h, pop);
    return known.zayatz;
  };
  if (zayatz().uniques === 0) return { share: 0, uniques: 0, model: 'none' };
  const valid = (e: UniquenessEstimate) => e.share !== null && e.share !== 0;
  if (pop.fraction <= 0.1) {
    if (!known.pitman) known.pitman = pitmanUniqueness(h, pop);
    if (valid(known.pitman)) return { ...known.pitman, model: 'pitman' };
    return { ...zayatz(), model: 'zayatz' };
  }
  if (!known.snb) known.snb = snbUniqueness(h, pop);
  const s = known.snb;
  const z = zayatz();
  if (valid(s) && (z.share === null || (s.share as number) <= z.share)) return { ...s, model: 'snb' };
  return { ...z, model: 'zayatz' };
}

export const dankar: RiskEstimator<DankarEstimate> = {
  id: 'dankar',
  estimate: (h, p) => dankarUniqueness(h, p),
};
