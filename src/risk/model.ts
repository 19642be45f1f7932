import type { PopulationClassSizes } from './attacker.js';
import { attackFigures } from './attackers.js';
import { dankarUniqueness, type UniquenessModelId } from './dankar.js';
import {
  DEFAULT_THRESHOLDS,
  type PopulationContext,
  type RiskSummary,
  type UniquenessEstimate,
} from './estimator.js';
import {
  POPULATION_UNIQUENESS,
  type PopulationUniquenessId,
  populationUniquenessEstimates,
} from './estimators.js';
import { classCount, recordCount, type SizeHistogram } from './histogram.js';
import { pitmanFit } from './pitman.js';
import { pitmanPopulationUniqueRecords } from './pitman-population.js';
import { sampleUniqueness } from './sample-uniqueness.js';

export type JournalistModel = 'census' | 'negative-binomial' | 'population-table' | 'pitman' | 'prosecutor';

export interface JournalistBasis {
  model: JournalistModel;
  /**
   * True when the figures are exact (census, population table) or come from a model validated
   * against a generated population (bench/evidence.ts); false for the conservative fallback.
   */
  validated: boolean;
  /** False when the prosecutor figures stand in for a model that could not be fitted. */
  estimated: boolean;
  /** One readable sentence for the CLI and the report. */
  statement: string;
  /**
   * The share of the data's records that the journalist model expects to be unique in the
   * population (comparable with the population-uniqueness estimates: under uniform sampling the
   * share of sample records that are population-unique estimates the population's share).
   */
  populationUniqueRecords?: number;
}

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
    /** Dankar's choice; null when the chosen model failed too (not available, never 0). */
    dankar: number | null;
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
  /**
   * How F (population class sizes) was obtained for journalist and marketer risk: the data is the
   * population ('census'), the population table ('population-table'), the Pitman posterior
   * ('pitman', see pitman-population.ts), or not at all ('prosecutor': the model could not be
   * fitted, so the prosecutor figures stand in as an upper bound). 'negative-binomial' (Benedetti &
   * Franconi's flat prior) is no longer chosen: it was 20-10,000× too low on a generated population.
   */
  journalistModel: JournalistModel;
  /** What the journalist and marketer figures rest on, in words and as flags. */
  journalistBasis: JournalistBasis;
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
      ...(Object.fromEntries(POPULATION_UNIQUENESS.map((e) => [e.id, su])) as Record<
        PopulationUniquenessId,
        number
      >),
      dankar: su,
      dankarModel: 'census',
      parameters: {},
    } as HistogramRisk['populationUniqueness'];
  } else {
    // Every registered estimator (risk/estimators.ts), then Dankar's choice among them.
    const estimates = populationUniquenessEstimates(hist, pop);
    const d = dankarUniqueness(hist, pop, { ...estimates });
    const byId = <T>(f: (e: UniquenessEstimate) => T) =>
      Object.fromEntries(POPULATION_UNIQUENESS.map((e) => [e.id, f(estimates[e.id])])) as Record<
        PopulationUniquenessId,
        T
      >;
    populationUniqueness = {
      ...byId((e) => e.share),
      dankar: d.share,
      dankarModel: d.model,
      parameters: byId((e) => e.parameters),
    } as HistogramRisk['populationUniqueness'];
  }
  // How the population's class sizes are known, then every attacker model (attackers.ts) on it.
  let classSizes: PopulationClassSizes;
  let journalistBasis: JournalistBasis;
  if (pop.fraction >= 1) {
    classSizes = { model: 'census' };
    journalistBasis = {
      model: 'census',
      validated: true,
      estimated: true,
      statement:
        'the data is taken as the whole population (census): journalist and marketer risk equal the prosecutor figures',
    };
  } else {
    // The Pitman posterior needs the fit; with no sample uniques pitmanUniqueness skips it.
    const fitted = populationUniqueness.parameters.pitman;
    const fit =
      fitted && Number.isFinite(fitted.theta) && Number.isFinite(fitted.alpha)
        ? { theta: fitted.theta, alpha: fitted.alpha }
        : pitmanFit(hist);
    if (fit && fit.alpha > 0 && fit.alpha < 1 && fit.theta > -fit.alpha) {
      classSizes = { model: 'pitman', ...fit };
      journalistBasis = {
        model: 'pitman',
        validated: true,
        estimated: true,
        statement: `population class sizes from the Pitman model fitted to this ${fmtShare(pop.fraction)} sample (theta ${fit.theta.toPrecision(4)}, alpha ${fit.alpha.toPrecision(3)}), checked against a generated population of 10^6 at 1 % and 10 % sampling (README, "Measured")${
          pop.fraction < 0.005 ? ', so at this smaller sampling fraction it is an extrapolation' : ''
        }`,
        populationUniqueRecords: pitmanPopulationUniqueRecords(hist, {
          ...fit,
          sampleSize: n,
          populationSize: N,
        }),
      };
    } else {
      classSizes = { model: 'prosecutor' };
      journalistBasis = {
        model: 'prosecutor',
        validated: false,
        estimated: false,
        statement:
          'the population model could not be fitted to this data (the Pitman fit did not converge), so journalist and marketer risk are NOT estimated: the prosecutor figures are shown instead, an upper bound (a class is never smaller in the population than in the sample); give --population-table for the true figures',
      };
    }
  }
  const figures = attackFigures({ hist, population: pop, thresholds, classSizes });
  return {
    records: n,
    classes: classCount(hist),
    population: { size: N, samplingFraction: pop.fraction },
    thresholds,
    sampleUniqueness: su,
    populationUniqueness,
    ...figures,
    journalistModel: journalistBasis.model,
    journalistBasis,
    histogram: { sizes: [...hist.sizes], counts: [...hist.counts] },
  };
}

/** A share as a short percentage for sentences: 0.0001 → "0.01 %". */
function fmtShare(v: number): string {
  const pct = v * 100;
  return `${pct >= 1 ? pct.toPrecision(3) : Number(pct.toPrecision(2)).toString()} %`;
}
