import type { SizeHistogram } from './histogram.js';

/**
 * What a population-based estimator knows about the population: its size N, the sample size n
 * (records in the histogram) and the sampling fraction pi = n / N. When N = n the data set is
 * its own population (a census) and every population estimate collapses to the sample figure.
 */
export interface PopulationContext {
  readonly size: number;
  readonly sampleSize: number;
  readonly fraction: number;
}

/**
 * One risk model over the class-size histogram. Each estimator is one file beside this one and
 * one line in index.ts; adding a model never touches the engine or the CLI.
 */
export interface RiskEstimator<T> {
  readonly id: string;
  estimate(hist: SizeHistogram, population: PopulationContext): T;
}

/**
 * A population-uniqueness estimator as `wuming risk` shows it: its name in the table and how it
 * extrapolates (one clause of the note printed when the estimators disagree).
 */
export interface PopulationUniquenessEstimator extends RiskEstimator<UniquenessEstimate> {
  readonly label: string;
  readonly method: string;
}

/** Highest / average risk and the share of records whose risk is strictly above each threshold. */
export interface RiskSummary {
  highest: number;
  average: number;
  /** Threshold (as written, e.g. "0.2") → share of records with risk > threshold. */
  recordsAbove: Record<string, number>;
}

/** Population uniqueness estimate: share of the population that is unique, or null when the model fails. */
export interface UniquenessEstimate {
  /** Estimated number of population uniques / N, in 0..1; null when the model did not converge. */
  share: number | null;
  /** Estimated number of population uniques; null when not available. */
  uniques: number | null;
  /** Fitted parameters, for the report (e.g. theta and alpha for Pitman). */
  parameters?: Record<string, number>;
}

/** The thresholds used when none are given (El Emam's commonly used 0.2 / 0.1 / 0.05). */
export const DEFAULT_THRESHOLDS: readonly number[] = [0.2, 0.1, 0.05];

/** @public kept for the estimator registry (issue 21). */
export const thresholdKey = (t: number): string => String(t);
