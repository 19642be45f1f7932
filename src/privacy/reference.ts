import type { Hierarchy } from '../hierarchy/hierarchy.js';

/**
 * Reference checks: the textbook definition of each privacy model, evaluated on one equivalence
 * class of a written output. They are the verifier's half of every model and deliberately share
 * nothing with the search's fast checks (`prepare` in each model file): plain Maps keyed by the
 * values' text, the formulas as the papers state them, no typed arrays, no codes. A bug in the
 * search's model cannot vouch for itself here.
 *
 * Each model's reference check sits in its file (`reference` of its registry entry, below its
 * search-side `prepare`); this file holds what they share: the class and context they read and
 * small textbook helpers. The registry (registry.ts) collects them into REFERENCE_CHECKS, which the
 * verifier reads; the registry test (test/privacy/registry.test.ts) asks every model for a case
 * that must pass and one that must fail. A model without a reference check fails verification
 * (the verifier fails closed).
 */

/** One class of the output as the reference checks see it. */
export interface ReferenceClass {
  /** Members of the class: records, or distinct subjects when the data has a subject column. */
  readonly size: number;
  /** Members per sensitive value of the model's column (subjects holding it, or records). */
  readonly freqs: ReadonlyMap<string, number>;
  /** Records of the population table in the class (δ-presence, k-map); 0 when none. */
  readonly population: number;
}

/** Table-wide facts: the model's parameters and its sensitive column's overall distribution. */
interface ReferenceContext {
  readonly params: Readonly<Record<string, number>>;
  /** Overall share of each sensitive value (sums to 1). */
  readonly overall: ReadonlyMap<string, number>;
  /** Hierarchy of the sensitive column (hierarchical t-closeness). */
  readonly hierarchy?: Hierarchy;
}

export type ReferenceCheck = (cls: ReferenceClass, ctx: ReferenceContext) => boolean;

/** Tolerance for float sums compared against a threshold given by a person (t = 0.2 is 0.2). */
export const EPS = 1e-9;

/** Shares of a class's sensitive values (each frequency over their sum). */
export function shares(freqs: ReadonlyMap<string, number>): Map<string, number> {
  let n = 0;
  for (const f of freqs.values()) n += f;
  return new Map([...freqs].map(([v, f]) => [v, n > 0 ? f / n : 0]));
}

/** True when every value reads as a finite number: the ordered distance then sorts numerically. */
export const allNumeric = (values: readonly string[]) =>
  values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
