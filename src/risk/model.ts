import { dankarUniqueness, type UniquenessModelId } from './dankar.js';
import { DEFAULT_THRESHOLDS, type PopulationContext, type RiskSummary } from './estimator.js';
import { classCount, recordCount, type SizeHistogram } from './histogram.js';
import { journalistRisk } from './journalist.js';
import { pitmanUniqueness } from './pitman.js';
import { prosecutorRisk } from './prosecutor.js';
import { sampleUniqueness } from './sample-uniqueness.js';
import { snbUniqueness } from './snb.js';
import { zayatzUniqueness } from './zayatz.js';

/** Everything the histogram-based models say about one data set. Shares are in 0..1. */
export interface HistogramRisk {
  records: number;
  classes: number;
  population: { size: number; samplingFraction: number };
  thresholds: number[];
  sampleUniqueness: number;
  populationUniqueness: {
    pitman: number | null;
    zayatz: number | null;
    snb: number | null;
    dankar: number;
    /** Which model Dankar's rule chose ('census' when N = n, 'none' without sample uniques). */
    dankarModel: UniquenessModelId | 'census';
    parameters: {
      pitman?: Record<string, number>;
      zayatz?: Record<string, number>;
      snb?: Record<string, number>;
    };
  };
  prosecutor: RiskSummary;
  journalist: RiskSummary;
  marketer: number;
  /** How F (population class sizes) was obtained for journalist and marketer risk. */
  journalistModel: 'census' | 'negative-binomial' | 'population-table';
  /** The histogram itself (sizes ascending), for charts and the report. */
  histogram: { sizes: number[]; counts: number[] };
}

/**
 * Pure risk assessment from a class-size histogram. `population` is N (defaults to the number
 * of records: the data is its own population).
 */
export function riskFromHistogram(
  hist: SizeHistogram,
  opts: { population?: number; thresholds?: readonly number[] } = {},
): HistogramRisk {
  const n = recordCount(hist);
  const N = opts.population ?? n;
  if (N < n) throw new RangeError('population smaller than the sample');
  const thresholds = [...(opts.thresholds ?? DEFAULT_THRESHOLDS)];
  const pop: PopulationContext = { size: N, sampleSize: n, fraction: n === 0 ? 1 : n / N };
  const su = sampleUniqueness(hist);
  let populationUniqueness: HistogramRisk['populationUniqueness'];
  if (pop.fraction >= 1) {
    // A census: the population classes are the data's classes, every model is exact.
    populationUniqueness = {
      pitman: su,
      zayatz: su,
      snb: su,
      dankar: su,
      dankarModel: 'census',
      parameters: {},
    };
  } else {
    const pitman = pitmanUniqueness(hist, pop);
    const zayatz = zayatzUniqueness(hist, pop);
    const snb = snbUniqueness(hist, pop);
    const d = dankarUniqueness(hist, pop, { pitman, zayatz, snb });
    populationUniqueness = {
      pitman: pitman.share,
      zayatz: zayatz.share,
      snb: snb.share,
      dankar: d.share ?? 0,
      dankarModel: d.model,
      parameters: { pitman: pitman.parameters, zayatz: zayatz.parameters, snb: snb.parameters },
    };
  }
  const journalist = journalistRisk(hist, pop, thresholds);
  const journalistModel = pop.fraction >= 1 ? 'census' : 'negative-binomial';
  return {
    records: n,
    classes: classCount(hist),
    population: { size: N, samplingFraction: pop.fraction },
    thresholds,
    sampleUniqueness: su,
    populationUniqueness,
    prosecutor: prosecutorRisk(hist, thresholds),
    journalist,
    marketer: journalist.average,
    journalistModel,
    histogram: { sizes: [...hist.sizes], counts: [...hist.counts] },
  };
}
