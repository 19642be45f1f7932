/**
 * Re-identification risk: estimators over the class-size histogram (one file each), the
 * uniqueness curve, the Gaussian-copula uniqueness of Rocher et al., the linkage attack and the
 * Article 29 Working Party criteria.
 */
import { dankar } from './dankar.js';
import type { RiskEstimator } from './estimator.js';
import { POPULATION_UNIQUENESS } from './estimators.js';
import { sampleUniquenessEstimator } from './sample-uniqueness.js';

export { type Article29Assessment, article29, type InferenceRisk, inferenceRisk } from './article29.js';
export {
  assessRisk,
  populationAssumption,
  type RiskAssessment,
  type RiskBucket,
  riskDistribution,
} from './assess.js';
export {
  renderSvg,
  riskHistogramSpec,
  riskHistogramSvg,
  uniquenessCurveSpec,
  uniquenessCurveSvg,
} from './charts.js';
export { type CopulaModel, type CopulaUniquenessResult, copulaUniqueness, fitCopula } from './copula.js';
export { type CopulaValidation, syntheticPopulationSql, validateCopula } from './copula-validation.js';
export { type UniquenessCurve, type UniquenessCurvePoint, uniquenessCurve } from './curve.js';
export type { DankarEstimate, UniquenessModelId } from './dankar.js';
export type { PopulationContext, RiskEstimator, RiskSummary, UniquenessEstimate } from './estimator.js';
export {
  classSizeHistogram,
  histogramFromClassSizes,
  histogramFromPairs,
  type SizeHistogram,
} from './histogram.js';
export {
  hierarchyPairs,
  type LinkageOptions,
  type LinkageResult,
  linkageAttack,
  loadArxHierarchy,
  type ShareBounds,
} from './linkage.js';
export {
  type HistogramRisk,
  type JournalistBasis,
  type JournalistModel,
  riskFromHistogram,
} from './model.js';
export {
  type PitmanPopulation,
  pitmanClassRisk,
  pitmanExtraProbabilities,
  pitmanJournalist,
} from './pitman-population.js';
export { POPULATION_MODELS, type PopulationSpec, resolvePopulation } from './population.js';

/**
 * Every uniqueness estimator: sample uniqueness, the registered population-uniqueness estimators
 * (estimators.ts, the list `riskFromHistogram` runs) and Dankar's rule over them (prosecutor and
 * journalist take thresholds: see model.ts).
 */
export const UNIQUENESS_ESTIMATORS: readonly RiskEstimator<unknown>[] = [
  sampleUniquenessEstimator,
  ...POPULATION_UNIQUENESS,
  dankar,
];
export { POPULATION_UNIQUENESS } from './estimators.js';
