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
/** The zod namespace, as a model's options schema is built from it (see PrivacyModelKind.options). */
export type Zod = typeof z;

export interface PrivacyModelKind<S extends z.ZodObject = z.ZodObject> {
  readonly id: string;
  /** One line for people (README, the policy's JSON Schema). */
  readonly summary: string;
  /**
   * Its options schema, built from zod on first use (privacy/options.ts): the registry, the CLI's
   * flags and the search load without zod (~60 ms of start-up), which only parsing options needs.
   */
  readonly options: (zod: Zod) => S;
  create(options: z.output<S>): PrivacyModel;
  /** The textbook definition on one class of a written output (reference.ts explains the rules). */
  readonly reference: ReferenceCheck;
  /**
   * The flags of `wuming anonymize` and `wuming verify` that ask for this model (for a family of
   * models, such as the l-diversity variants, declared once by the family's default member). The
   * commands add them in registry order and read them back with `modelSpecFromFlags`.
   */
  readonly flags?: readonly ModelFlag[];
}

/** The commands whose privacy-model flags the models declare. */
export type ModelFlagCommand = 'anonymize' | 'verify';

/**
 * A command-line flag a privacy model declares: `--<name> <arg>`, with its --help text per
 * command (a command without a text does not get the flag). Its value either sets a key of the
 * flat `ModelSpec` (`--k 5` → `k: 5`, the keys the library and the policy's `privacy:` use, read
 * as a number within `number`'s bounds or as a word), or asks for the model by id with the
 * options `options` returns (`--beta 1` → `{id: 'beta-likeness', beta: 1, sensitive}`, checked
 * by the model's own options schema).
 */
type ModelFlag = {
  readonly name: string;
  readonly arg: string;
  readonly help: Readonly<Partial<Record<ModelFlagCommand, string>>>;
  readonly default?: string;
} & (
  | {
      readonly spec: Exclude<keyof ModelSpec, 'models' | 'sensitive' | 'lSensitive' | 'tSensitive'>;
      /** A number within these bounds (`--k` an integer ≥ 1); a word when absent (`--l-variant`). */
      readonly number?: { readonly min?: number; readonly max?: number; readonly integer?: boolean };
    }
  | { options(value: number, sensitive: string | undefined): Record<string, unknown> }
);

/**
 * The flat model options of the library, the CLI (`--k`, `--l` ...) and the policy file; any
 * combination may be required at once. Errors name these option names.
 */
export interface ModelSpec {
  /** k-anonymity: every record shares its quasi-identifiers with at least k-1 others (integer ≥ 1). */
  k?: number;
  /** l-diversity of the `sensitive` column: at least l distinct (or entropy-l, recursive) values per class. */
  l?: number;
  /** Which l-diversity: 'distinct' (default), 'entropy' or 'recursive' (needs `c`). */
  lVariant?: 'distinct' | 'entropy' | 'recursive';
  /** c of recursive (c,l)-diversity. */
  c?: number;
  /** t-closeness of the `sensitive` column: each class's distribution within t (0..1) of the whole table's. */
  t?: number;
  /** Ground distance for t-closeness; resolved by the caller when 'auto'. */
  tDistance?: 'equal' | 'hierarchical' | 'ordered';
  /** The sensitive column of l-diversity and t-closeness, unless one of the two below names its own. */
  sensitive?: string;
  /** The sensitive column of l-diversity, when it differs from `sensitive`. */
  lSensitive?: string;
  /** The sensitive column of t-closeness, when it differs from `sensitive`. */
  tSensitive?: string;
  /** δ-presence bounds (0 ≤ deltaMin ≤ deltaMax ≤ 1; needs a population table). */
  deltaMin?: number;
  deltaMax?: number;
  /** k of k-map (needs a population table). */
  kMap?: number;
  /**
   * Any model of the registry (privacy/registry.ts) by id with its options, as the policy's
   * `models:` list gives them: `[{id: 'beta-likeness', beta: 1, sensitive: 'diagnosis'}]`.
   */
  models?: readonly Readonly<Record<string, unknown>>[];
}

export function defineModelKind<S extends z.ZodObject>(k: PrivacyModelKind<S>): PrivacyModelKind<S> {
  return k;
}
