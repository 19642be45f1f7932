import { defineAttacker, summaryRows } from './attacker.js';
import type { RiskSummary } from './estimator.js';
import { classCount, recordCount, type SizeHistogram } from './histogram.js';

/**
 * Prosecutor risk (El Emam, "Guide to the De-Identification of Personal Health Information",
 * 2013, ch. "Measuring the Probability of Re-Identification"): the attacker knows the target is
 * in the data, so a record in a class of f records is re-identified with probability 1/f.
 * highest = 1 / smallest class; average = classes / records (the mean of 1/f over records);
 * records above t = share of records in classes with 1/f > t (strictly, as ARX counts).
 */
function prosecutorRisk(h: SizeHistogram, thresholds: readonly number[]): RiskSummary {
  const n = recordCount(h);
  const recordsAbove: Record<string, number> = {};
  for (const t of thresholds) {
    let at = 0;
    for (let i = 0; i < h.sizes.length; i++) if (1 / h.sizes[i] > t) at += h.sizes[i] * h.counts[i];
    recordsAbove[String(t)] = n === 0 ? 0 : at / n;
  }
  return {
    highest: n === 0 ? 0 : 1 / h.sizes[0],
    average: n === 0 ? 0 : classCount(h) / n,
    recordsAbove,
  };
}

export const prosecutor = defineAttacker({
  id: 'prosecutor',
  knows: "the target is in the release, and the target's quasi-identifiers",
  estimate: (ctx): RiskSummary => prosecutorRisk(ctx.hist, ctx.thresholds),
  rows: (v, r) => summaryRows('prosecutor', v, r.thresholds),
  reportRows: (v) => [
    { label: 'highest prosecutor risk', value: v.highest, as: 'probability' },
    { label: 'average prosecutor risk', value: v.average, as: 'probability' },
    ...Object.keys(v.recordsAbove).map((t) => ({
      label: `records at risk > ${t}`,
      value: v.recordsAbove[t],
      as: 'share' as const,
    })),
  ],
});
