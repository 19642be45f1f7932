import type { FrequencyTable } from '../../core/table.js';
import type { Hierarchy } from '../../hierarchy/hierarchy.js';
import type { Verification, VerifyGroupsOptions } from '../../privacy/verify.js';
import type { ProgressFn } from '../../progress.js';
import type { SearchResult } from '../../search/index.js';
import type { LocalRecodingResult } from '../../search/local.js';

/**
 * Where the rows of an anonymization are: a table held in memory (`MemoryDataPath`), a relation
 * in DuckDB (`EngineDataPath`), later a remote engine. The job (`anonymizeOn` in
 * ../anonymize-job.ts) is the same on every path: resolve the columns and models, ask the path
 * for the frequency table, search in memory, ask the path to apply the chosen transformation,
 * write it atomically and re-read what it wrote for the independent verification. A new engine
 * is one more implementation of this interface; nothing else changes.
 *
 * Reading is the path's constructor or `open` function (a CSV read into memory, a file read
 * into the engine): a DataPath exists only once its rows can be reached.
 */
export interface DataPath {
  /** As reported in `AnonymizeResult.dataPath`. */
  readonly kind: 'memory' | 'engine';
  /** The input's column names, in order. */
  readonly columns: readonly string[];
  /**
   * The column's distinct non-missing values as text, to build a hierarchy from (the order is
   * the path's own; the hierarchy builders do not depend on it).
   */
  distinct(column: string): Promise<string[]>;
  /**
   * Whether every non-missing value of the column is a number, as the engine decides it
   * (`TRY_CAST(v AS DOUBLE)`); false when there is none. Picks t-closeness's ordered distance.
   */
  allNumeric(column: string): Promise<boolean>;
  /** The job's frequency table (see FrequencyRequest). */
  frequencies(request: FrequencyRequest): Promise<FrequencyTable>;
  /**
   * Apply the search's transformation to every row and write `request.out` atomically: the
   * complete temporary file is re-read by the path (with no code from the search) and handed
   * to `verified` before it replaces `out`. Returns the verification.
   */
  write(request: OutputRequest, verified: VerifyStage): Promise<Verification>;
}

/** What the search needs counted. */
export interface FrequencyRequest {
  qi: readonly string[];
  /** One per quasi-identifier, in `qi` order. */
  hierarchies: readonly Hierarchy[];
  /** The sensitive column, when a model needs its distribution. */
  sensitive?: string;
  /** Its hierarchy, for hierarchical t-closeness. */
  sensitiveHierarchy?: Hierarchy;
  /**
   * Several sensitive columns (instead of `sensitive`): the table's sensitive codes are then of
   * each row's joint key over them (`jointKey` in ../joint-sensitive.ts), for `jointMarginals`.
   */
  jointSensitive?: readonly string[];
  /**
   * Rows in the canonical order (`canonicalOrder`): local recoding depends on the row order, and
   * every path must give the same one for the same output.
   */
  canonical: boolean;
  /** Progress of the count ('frequencies' events), when the path can tell. */
  onProgress?: ProgressFn;
}

/** The transformation to apply and what the written output must satisfy. */
export interface OutputRequest {
  out: string;
  /** The table `frequencies` returned (its row numbering links the search's result to rows). */
  table: FrequencyTable;
  result: SearchResult;
  /** Per-class levels, when local recoding ran; else the global `result.levels`. */
  local?: LocalRecodingResult;
  /** The verifier's options common to every path; a path adds what only it knows (subject, population). */
  check: VerifyGroupsOptions;
  /** Progress of the writing ('write' events) and of the re-read ('verify' events). */
  onProgress?: ProgressFn;
}

/**
 * The job's side of the verification: called by the writer with a function that re-reads the
 * temporary file and verifies it; records the stages and throws when the check fails, so
 * nothing unverified is ever published.
 */
export type VerifyStage = (reread: () => Promise<Verification>) => Promise<Verification>;
