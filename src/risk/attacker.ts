import type { PopulationContext } from './estimator.js';
import type { SizeHistogram } from './histogram.js';

/** One group of sample classes with the same sample size f and population size F. */
export interface ClassPair {
  f: number;
  F: number;
  classes: number;
}

/**
 * How the population's class sizes F are known, decided once per data set before the attacker
 * models run: the data is the population ('census'), the population table was counted
 * ('population-table', `pairs` of sample and population sizes), the Pitman posterior fitted to
 * the sample ('pitman'), or not at all ('prosecutor': no model could be fitted, so the models
 * that need F fall back to the prosecutor's figures, an upper bound).
 */
export type PopulationClassSizes =
  | { readonly model: 'census' }
  | { readonly model: 'prosecutor' }
  | { readonly model: 'pitman'; readonly theta: number; readonly alpha: number }
  | { readonly model: 'population-table'; readonly pairs: readonly ClassPair[] };

/** What every attacker model reads. */
export interface AttackContext {
  readonly hist: SizeHistogram;
  readonly population: PopulationContext;
  readonly thresholds: readonly number[];
  readonly classSizes: PopulationClassSizes;
}

/**
 * One figure of a table a person reads: `wuming risk` formats a probability as "0.2" and a share
 * as "20 %"; the report the same way (its own number format).
 */
export interface RiskRow {
  readonly label: string;
  readonly value: number | string | null | undefined;
  readonly as: 'probability' | 'share' | 'text';
}

/**
 * An attacker model of re-identification risk (El Emam 2013, "Guide to the De-Identification of
 * Personal Health Information": prosecutor, journalist, marketer): what the attacker knows and
 * the figure that follows from the class sizes. One file each, one line in attackers.ts; `risk`,
 * `report` and the JSON (`<id>: figure`) loop over the registry.
 */
export interface AttackerModel<Id extends string = string, T = unknown> {
  readonly id: Id;
  /** What the attacker knows, in one sentence (docs, report). */
  readonly knows: string;
  /** The figure; `earlier` holds the figures of the models listed before this one, by id. */
  estimate(ctx: AttackContext, earlier: Readonly<Record<string, unknown>>): T;
  /** The rows of `wuming risk`'s table (`journalistModel`: where F came from). */
  rows(value: T, r: { readonly thresholds: readonly number[]; readonly journalistModel: string }): RiskRow[];
  /** The rows of the report's before/after risk table; none when the report leaves it out. */
  reportRows?(value: T): RiskRow[];
}

/** The rows of a summary (highest, average, records above each threshold) as `wuming risk` prints them. */
export function summaryRows(
  model: string,
  v: { highest: number; average: number; recordsAbove: Record<string, number> },
  thresholds: readonly number[],
): RiskRow[] {
  return [
    { label: `${model}: highest`, value: v.highest, as: 'probability' },
    { label: `${model}: average`, value: v.average, as: 'probability' },
    ...thresholds.map((t) => ({
      label: `${model}: records above ${t}`,
      value: v.recordsAbove[String(t)],
      as: 'share' as const,
    })),
  ];
}

export function defineAttacker<Id extends string, T>(m: AttackerModel<Id, T>): AttackerModel<Id, T> {
  return m;
}
