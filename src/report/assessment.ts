/**
 * The typed assessment every job produces: what went in, what was done to each column, which
 * privacy properties were promised and independently verified, the risk before and after, and
 * the verdict. report.json is this object serialized; report.html renders the same object.
 */

/** PIPL Art. 73: raw PI; de-identified (still PI, linkable with extra information); anonymized (out of scope, Art. 4). */
export type VerdictStatus = 'raw_personal_information' | 'de_identified' | 'anonymized';

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
  /** PIPL category from the scan, e.g. sensitive_personal_information/medical_health. */
  piplCategory?: string;
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
  suppressed: number;
  suppressionLimit: number;
  classes: number;
  metric: string;
  score: number;
  utility: Record<string, number>;
  searchSeconds: number;
  algorithm: string;
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
