import type { z } from 'zod';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { ReferenceCheck } from './reference.js';

/**
 * What a privacy model sees of one equivalence class. Plain data, no engine types, so models can
 * be checked against class statistics from anywhere (the search, local recoding, verification).
 */
export interface ClassStats {
  /** Records of the data set in the class. */
  count: number;
  /** Records of the population table in the class (δ-presence, k-map); NaN when there is none. */
  publicCount: number;
  /**
   * The class's sensitive-value distribution, sparse: `codes[0..size)` are distinct sensitive
   * codes and `freqs[0..size)` their record counts. Present for models that require 'distribution'.
   */
  sensitive?: { size: number; codes: Int32Array; freqs: Float64Array };
}

/** Table-wide facts a model may need before checking classes (the overall distribution for t-closeness). */
export interface ModelContext {
  /** Records in the data set. */
  n: number;
  sensitive?: {
    column: string;
    /** Number of distinct sensitive codes. */
    domain: number;
    /** Records per sensitive code over the whole data set. */
    totals: Float64Array;
    /** code → rank in the value order (ordered distance). */
    order: Int32Array;
    /** Hierarchy over sensitive codes (hierarchical distance): codes are its leaf codes. */
    hierarchy?: Hierarchy;
  };
}

export type Requirement = 'sizes' | 'distribution' | 'population';

/**
 * A privacy model (ARX: PrivacyCriterion). Per-class models implement `prepare(ctx)` returning
 * the per-class check. The two monotonicity flags tell the search when a verdict on one
 * transformation predicts its neighbours' (predictive tagging): monotonic with generalization
 * means merging two classes that both pass gives a class that passes; monotonic with suppression
 * additionally means merging a passing and a failing class gives a passing class, so the number
 * of records that must be suppressed can only shrink as the transformation gets coarser.
 */
export interface PrivacyModel {
  readonly id: string;
  /** Human-readable, e.g. "5-anonymity", "entropy-3-diversity on disease". */
  readonly label: string;
  readonly requires: Requirement;
  readonly monotonicWithGeneralization: boolean;
  readonly monotonicWithSuppression: boolean;
  /** A class smaller than this can never pass (fast path before `check`). */
  readonly minClassSize?: number;
  readonly supportsLocalRecoding: boolean;
  /** The sensitive column the model is about, when it has one. */
  readonly sensitive?: string;
  /** The model's parameters (k, l, c, t, δmin, δmax), for reports and independent verification. */
  readonly params: Readonly<Record<string, number>>;
  /**
   * The model reads its `sensitive` column through that column's hierarchy (hierarchical
   * t-closeness: the ground distance is the level of two values' lowest common ancestor), so the
   * job loads it, codes the sensitive values by its leaves and hands it over in `ModelContext`.
   */
  readonly needsHierarchyOf?: 'sensitive';
  prepare(ctx: ModelContext): (cls: ClassStats) => boolean;
}

/** Defaults for optional capability flags, so adding a flag later does not break existing models. */
export function definePrivacyModel(
  m: Omit<PrivacyModel, 'supportsLocalRecoding'> & { supportsLocalRecoding?: boolean },
): PrivacyModel {
  return { supportsLocalRecoding: true, ...m };
}

/**
 * A privacy model as the registry (registry.ts) knows it: its id, the options a policy's
 * `models:` list (or a CLI flag) gives it, the search-side model it builds, and the verifier's
 * reference check. One per model file, one line in the registry: the policy schema, the CLI and
 * the verifier are read from there.
 */
export interface PrivacyModelKind<S extends z.ZodObject = z.ZodObject> {
  readonly id: string;
  /** One line for people (README, the policy's JSON Schema). */
  readonly summary: string;
  readonly options: S;
  create(options: z.output<S>): PrivacyModel;
  /** The textbook definition on one class of a written output (reference.ts explains the rules). */
  readonly reference: ReferenceCheck;
  /**
   * A flag of `wuming anonymize` and `wuming verify` (`--<flag> <value>`, on the column given by
   * `--sensitive`), for models with one numeric parameter; the options it gives are checked by `options`.
   */
  readonly cli?: {
    readonly flag: string;
    readonly description: string;
    options(value: number, sensitive: string | undefined): Record<string, unknown>;
  };
}

export function defineModelKind<S extends z.ZodObject>(k: PrivacyModelKind<S>): PrivacyModelKind<S> {
  return k;
}
