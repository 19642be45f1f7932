import type { Thresholds } from './settings.js';

/**
 * The typed assessment every job produces: what went in, what was done to each column, which
 * privacy properties were promised and independently verified, the risk before and after, and
 * the verdict. report.json is this object serialized; report.html renders the same object.
 */

/** PIPL Art. 73: raw PI; de-identified (still PI, linkable with extra information); anonymized (out of scope, Art. 4). */
export type VerdictStatus = 'raw_personal_information' | 'de_identified' | 'anonymized';

/** The verdict as a person reads it on a terminal (the JSON keeps the status ids above). */
export const VERDICT_WORDS: Record<VerdictStatus, string> = {
  raw_personal_information: 'raw personal information',
  de_identified: 'de-identified (still personal information)',
  anonymized: 'anonymized',
};

export interface SourceSummary {
  path: string;
  rows: number;
  columns: number;
  format: string;
  encoding?: string;
  /** SHA-256 of the file bytes, so the evidence is tied to exactly this file. */
  sha256?: string;
}

export interface ColumnDecision {
  name: string;
  role: 'direct_identifier' | 'quasi_identifier' | 'sensitive' | 'insensitive';
  action: string;
  /** PI types detected in the column by the scan (types only, never values). */
  detected?: string[];
  /** For generalized columns: the level applied and the hierarchy's height. */
  level?: number;
  levels?: number;
  /** What the applied level means, e.g. `level 4 = decade, e.g. 1980-1989` (see describeLevel). */
  levelMeaning?: string;
  /** PIPL category from the scan, e.g. sensitive_personal_information/medical_health. */
  piplCategory?: string;
  /**
   * The column was transformed by a reversible operator (token vault, FPE, date shift) under a
   * key, as recorded in the de-identification manifest: the key holder can undo it.
   */
  reversible?: boolean;
}

export interface ModelCheck {
  /** e.g. "5-anonymity", "distinct-2-diversity on diagnosis". */
  model: string;
  /** Property promised by the search. */
  promised: boolean;
  /** Recomputed from the written output by an independent re-read. */
  verified: boolean;
  detail: string;
}

export interface RiskSummary {
  records: number;
  qi: string[];
  sampleUniqueness: number;
  prosecutor: { highest: number; average: number; recordsAbove: Record<string, number> };
  journalist?: { highest: number; average: number; recordsAbove?: Record<string, number> };
  marketer?: number;
  populationUniqueness?: {
    pitman?: number | null;
    zayatz?: number | null;
    snb?: number | null;
    dankar?: number | null;
    model?: string;
  };
  population?: number;
  classes: number;
  smallestClass: number;
}

export interface PrivacySummary {
  transformation: Record<string, number>;
  /** What each column's level means, e.g. `region_code: level 4 of 4 = *` (see describeLevel). */
  levelMeanings?: Record<string, string>;
  suppressed: number;
  suppressionLimit: number;
  classes: number;
  metric: string;
  score: number;
  utility: Record<string, number>;
  searchSeconds: number;
  algorithm: string;
}

/**
 * What re-reading the written output found, whatever the policy calls the column: identifiers
 * or free-text PI the detectors still recognise, values that pass an identifier's check digit
 * (raw, or format-preserving encrypted: reversible either way), and columns kept as they are
 * whose values are nearly all different (exact coordinates, timestamps, amounts).
 */
export interface DataFinding {
  column: string;
  kind: 'identifier_in_data' | 'near_unique' | 'repeated_subjects';
  /** Detected PI types (identifier_in_data), never values. */
  types?: string[];
  /** Share of the column's values behind the finding. */
  share: number;
  detail: string;
}

/**
 * The three tests of the Article 29 Working Party (Opinion 05/2014, WP216, §2.2.2), each with
 * its measured figure and the threshold it was judged by.
 */
export interface Article29Tests {
  singlingOut: {
    highestRisk: number;
    averageRisk: number;
    /** Share of released records in classes above the highest-risk threshold. */
    recordsAboveThreshold: number;
    /** Share of records the linkage attack matched uniquely and correctly (null when not run). */
    linkedUniquely: number | null;
    passed: boolean;
    detail: string;
  };
  linkability: {
    /** 'attack': the output linked against the input itself; 'model': marketer risk only. */
    source: 'attack' | 'model';
    /** The auxiliary data the attacker was given, in words. */
    auxiliary: string;
    /** Share of records linked uniquely and correctly (attack), or expected share (model). */
    linkedShare: number | null;
    /** Expected share re-identified by an attacker picking one match at random. */
    expectedSuccess: number;
    /** Records whose match could not be decided (counted apart, never as "not matched"). */
    undecided?: number;
    passed: boolean;
    detail: string;
  };
  inference: {
    attributes: {
      attribute: string;
      /** Share of records whose value is inferable at ≥ the confidence threshold from their class. */
      inferredShare: number;
      /** Share of records in classes with one value only. */
      homogeneousShare: number;
      /** A verified model addressing inference on this attribute (l-diversity, t-closeness), if any. */
      coveredBy?: string;
      passed: boolean;
    }[];
    passed: boolean;
    detail: string;
  };
}

export interface Chart {
  id: string;
  title: string;
  svg: string;
}

export interface Assessment {
  tool: { name: 'wuming'; version: string };
  job: string;
  generatedAt: string;
  input: SourceSummary;
  output?: SourceSummary;
  columns: ColumnDecision[];
  privacy?: PrivacySummary;
  checks: ModelCheck[];
  risk: { before?: RiskSummary; after?: RiskSummary };
  /** The thresholds the verdict used (report settings, not the policy's own models). */
  thresholds?: Thresholds;
  /** What the re-read output showed, column by column. */
  findings?: DataFinding[];
  /** Singling out, linkability and inference, measured. */
  article29?: Article29Tests;
  /** The privacy unit column, when rows are counted as people. */
  subject?: string;
  verdict: {
    status: VerdictStatus;
    /** The attacker the verdict holds against, stated in words. */
    attackerModel: string;
    reasons: string[];
    caveats: string[];
  };
  /** Fingerprint of the key used by keyed operators; never the key itself. */
  keyId?: string;
  timings: Record<string, number>;
  charts: Chart[];
}
