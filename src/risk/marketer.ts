import { defineAttacker } from './attacker.js';
import type { RiskSummary } from './estimator.js';
import { journalistFromPairs } from './journalist.js';

/**
 * Marketer risk: the expected share of records an attacker re-identifies when linking every
 * record of the data to an identification database of the population and picking a match at
 * random in each class (El Emam 2013): (1/n) * sum over classes of f_k / F_k. With the
 * population table F_k is counted; otherwise each record's E[1/F_k] comes from the journalist's
 * population model, so the marketer figure is the journalist's average (the census: classes / n,
 * ARX's marketer risk without a population table).
 */
export const marketer = defineAttacker({
  id: 'marketer',
  knows: "every person of the release is in the attacker's identification database of the population",
  estimate: (ctx, earlier): number =>
    ctx.classSizes.model === 'population-table'
      ? journalistFromPairs(ctx.classSizes.pairs, ctx.thresholds).marketer
      : (earlier.journalist as RiskSummary).average,
  rows: (v) => [{ label: 'marketer (expected share re-identified)', value: v, as: 'share' }],
  reportRows: (v) => [{ label: 'marketer risk', value: v, as: 'probability' }],
});
