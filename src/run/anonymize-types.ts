import type { Engine, Relation } from '../engine/engine.js';
import type { HierarchySpec } from '../hierarchy/builders/index.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { MetricId } from '../metrics/index.js';
import type { PrivacyModel } from '../privacy/model.js';
import type { ModelSpec } from '../privacy/spec.js';
import type { Verification } from '../privacy/verify.js';
import type { ProgressFn } from '../progress.js';

/**
 * Options of the engine job `anonymizeRelation` (a relation or file read into a given engine,
 * hierarchies ready, an output file). Most callers want `anonymize`, which takes a path, a
 * relation or in-memory rows and fills in the rest.
 */
export interface RelationAnonymizeOptions {
  engine: Engine;
  /** A relation in `engine`, or a file path read into it. */
  input: Relation | string;
  /** Output file (.csv or .parquet), written atomically. */
  out: string;
  /** One hierarchy per quasi-identifier (and for the sensitive column with hierarchical t-closeness). */
  hierarchies: Record<string, Hierarchy>;
  /** Quasi-identifiers, or 'all' = every column that has a hierarchy, except the sensitive one. */
  qi: readonly string[] | 'all';
  models: ModelSpec | readonly PrivacyModel[];
  /** Suppression limit as a fraction of the records (0.05 = 5 %); `anonymize` takes a percent. */
  suppression: number;
  metric?: MetricId;
  localRecoding?: boolean;
  population?: Relation | string;
  /**
   * The column naming the person each row is about (the privacy unit), for data with several
   * rows per person. Every model then counts distinct subjects (k = 5 means five people, not
   * five rows), the suppression limit is a share of subjects, and a subject's rows are released
   * or suppressed together. Each subject's quasi-identifiers must be the same on all its rows.
   */
  subject?: string;
  /**
   * Input columns read for the job but not written (a subject column the policy drops: the
   * search and the verification count people by it, the release does not carry it).
   */
  exclude?: readonly string[];
  /** Time limit of the search in ms (default 60 s). */
  timeLimitMs?: number;
  onProgress?: ProgressFn;
}

/** In-memory rows: objects keyed by column name, or a header plus arrays of cells. */
export type AnonymizeRows =
  | readonly Readonly<Record<string, unknown>>[]
  | { readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] };

/** Options of `anonymize`. Only `input`, `models` and (without hierarchies) `qi` are required. */
export interface AnonymizeOptions {
  /**
   * The table: a file path (CSV, TSV, Parquet or JSON; small UTF-8 CSV files are anonymized in
   * memory without starting a database), a relation in `engine`, or in-memory rows (objects keyed
   * by column name, or `{columns, rows}`). Cells are read as text; null, undefined and '' are
   * missing values.
   */
  input: string | Relation | AnonymizeRows;
  /**
   * The engine holding `input` when it is a relation, or to read a path into. Without one, a
   * path or rows are anonymized in memory when they can be, else in an engine created (and
   * closed) for this call.
   */
  engine?: Engine;
  /**
   * Output file (.csv, .tsv or .parquet), written atomically and then verified from disk. Without
   * it, the anonymized table is returned as `result.rows` (it is still written to a private
   * temporary file, verified from there, read back and deleted).
   */
  out?: string;
  /**
   * Quasi-identifiers to generalize: column names, or 'all' = every column that has a hierarchy
   * (default 'all' when hierarchies are given; required otherwise).
   */
  qi?: readonly string[] | 'all';
  /**
   * Generalization hierarchies: per column (from `loadHierarchies`, `buildHierarchy`,
   * `autoHierarchy`), or a directory of ARX-format files (`<anything>_hierarchy_<column>.csv` or
   * `<column>.csv`). A quasi-identifier without one gets one built from its values by
   * `autoHierarchy` (the builders `wuming scan` proposes); `result.autoHierarchies` says which.
   */
  hierarchies?: Record<string, Hierarchy> | string;
  /**
   * Privacy models, all of which must hold at once: `{k, l, lVariant, c, t, tDistance, sensitive,
   * deltaMin, deltaMax, kMap}` (e.g. `{k: 5}`, `{k: 5, l: 2, sensitive: 'diagnosis'}`), or ready
   * PrivacyModel objects from `privacy`.
   */
  models: ModelSpec | readonly PrivacyModel[];
  /**
   * Largest share of the records that may be suppressed (their quasi-identifiers set to '*'), in
   * percent: 5 = 5 %. Default 0. The same unit as the CLI's `--suppression` and the policy's
   * `privacy.suppression`.
   */
  suppressionPercent?: number;
  /**
   * @deprecated The suppression limit as a fraction (0.05 = 5 %), as before 0.2; use
   * `suppressionPercent`. Giving both is an error.
   */
  suppression?: number;
  /** Utility metric minimized: 'loss' (default) | 'entropy' | 'precision' | 'discernibility' | 'aecs' | 'height'. */
  metric?: MetricId;
  /** Local recoding (per-class levels) instead of one global transformation. */
  localRecoding?: boolean;
  /** Population table (path or relation in `engine`) for δ-presence and k-map. */
  population?: Relation | string;
  /**
   * The column naming the person each row is about (the privacy unit): models count distinct
   * people, the suppression limit is a share of people, a person's rows go together (see
   * RelationAnonymizeOptions.subject). Runs on the engine path.
   */
  subject?: string;
  /** Input columns read (e.g. a dropped subject column) but not written. */
  exclude?: readonly string[];
  /** Time limit of the search in ms (default 60 s); past it the best transformation found is used. */
  timeLimitMs?: number;
  /** Progress of each stage (read, frequencies, search, write, verify); never PI. */
  onProgress?: ProgressFn;
  /** Harmless problems (e.g. duplicate hierarchy rows); also listed in `result.warnings`. */
  onWarning?: (message: string) => void;
  /**
   * Data path for a file or rows: 'auto' (default: in memory when eligible, else the engine),
   * 'memory' (in memory or an error saying why not), 'engine' (always DuckDB).
   */
  dataPath?: 'auto' | 'memory' | 'engine';
}

export interface AnonymizeResult {
  /**
   * Generalization level per QI of the chosen full-domain transformation (with local recoding:
   * of the best global transformation it is compared with; the output then has per-class levels).
   */
  transformation: Record<string, number>;
  suppressed: number;
  classes: number;
  metric: MetricId;
  score: number;
  /** Every utility metric on the output (lower = less loss), plus granularity (higher = better). */
  metrics: Record<MetricId, number> & { granularity: number };
  optimal: boolean;
  algorithm: 'optimal' | 'heuristic' | 'local-recoding';
  latticeSize: number;
  evaluated: number;
  models: string[];
  qi: string[];
  /**
   * The suppression limit in percent and in records (`budget`); suppressed records are written,
   * with every QI replaced by '*' (as ARX does).
   */
  suppression: { limitPercent: number; budget: number; representation: '*' };
  rowsIn: number;
  rowsOut: number;
  distinctCombinations: number;
  verification: Verification;
  /** Local recoding, when asked: its classes and utility against the best global transformation. */
  local?: {
    classes: number;
    suppressed: number;
    granularity: number;
    globalGranularity: number;
    loss: number;
  };
  /** The output file; undefined when the table was returned in `rows`. */
  out?: string;
  /** The anonymized table, when no `out` was given: one object per record, cells as text (null = missing). */
  rows?: Record<string, string | null>[];
  /** The hierarchies used, per quasi-identifier (set by `anonymize`). */
  hierarchies?: Record<string, Hierarchy>;
  /** Quasi-identifiers whose hierarchy was built from the values, with the builder and why. */
  autoHierarchies?: Record<string, { spec: HierarchySpec; reason: string }>;
  /** What each QI's chosen level means, e.g. `level 3 of 5 = bands of 20, e.g. [20, 40)`. */
  levelMeanings?: Record<string, string>;
  /** Harmless problems met on the way (also given to `onWarning`). */
  warnings?: string[];
  seconds: number;
  /** Wall seconds per stage (read, frequencies, search, local recoding, write, verify). */
  stages: Record<string, number>;
  /** Which data path ran: the table held in memory (small CSV files) or the engine (DuckDB). */
  dataPath: 'memory' | 'engine';
}
