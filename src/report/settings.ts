import { z } from 'zod';

/**
 * The thresholds the verdict judges an output by. They are the reviewer's, not the release's:
 * a policy asking for k = 2 is judged against these, so it cannot certify itself (a threshold
 * taken from the policy's own k made k = 1 "anonymized" at risk 1.0). Every report states the
 * thresholds it used.
 *
 * Profiles:
 * - `public` (default): highest prosecutor risk ≤ 0.2 (every class of at least 5, the smallest
 *   cell size of statistical agencies' publication rules and of El Emam & Arbuckle, "Anonymizing
 *   Health Data", O'Reilly 2013, ch. 2, for releases with some controls) and average ≤ 0.05
 *   (El Emam 2013, "Guide to the De-Identification of Personal Health Information", CRC Press,
 *   §16: public releases); at most 5 % of records linked uniquely and correctly, or with a
 *   sensitive value inferable at ≥ 90 % confidence.
 *   A differentially private release counts as anonymized for its privacy unit at ε ≤ 10 (the
 *   order of the total budgets of deployed releases, e.g. the US Census Bureau's 2020
 *   redistricting data, ε ≈ 17.1 for persons; Abowd et al. 2022), with the ε stated.
 * - `strict`: ε ≤ 1 (Dwork & Roth 2014, §1: ε "small", about 1 or less), and highest ≤ 0.05 (classes of 20), average ≤ 0.02, 1 % linked or inferable: for
 *   releases to anyone, without a data-use agreement, of sensitive personal information
 *   (PIPL Art. 28 categories).
 */
export const reportSettingsSchema = z
  .object({
    profile: z.enum(['public', 'strict']).default('public'),
    /** Highest prosecutor risk (1 / smallest class) allowed in an anonymized release. */
    maxHighestRisk: z.number().gt(0).max(1).optional(),
    /** Average prosecutor risk (classes / records) allowed. */
    maxAverageRisk: z.number().gt(0).max(1).optional(),
    /** Share of records a linkage attack may single out (unique, correct match). */
    maxLinkedShare: z.number().min(0).max(1).optional(),
    /** Confidence at which a sensitive value counts as inferred from class membership. */
    inferenceConfidence: z.number().gt(0).max(1).optional(),
    /** Share of records whose sensitive value may be inferable at that confidence. */
    maxInferredShare: z.number().min(0).max(1).optional(),
    /**
     * A column kept as it is whose share of distinct values (among non-empty ones) is at least
     * this singles people out on its own (exact coordinates, timestamps, amounts).
     */
    nearUniqueShare: z.number().gt(0).max(1).optional(),
    /** Largest ε of a differentially private release that counts as anonymized for its unit. */
    maxEpsilon: z.number().positive().optional(),
  })
  .strict();
export type ReportSettingsInput = z.input<typeof reportSettingsSchema>;

/** Resolved thresholds (profile defaults with overrides applied). */
export interface Thresholds {
  profile: 'public' | 'strict';
  maxHighestRisk: number;
  maxAverageRisk: number;
  maxLinkedShare: number;
  inferenceConfidence: number;
  maxInferredShare: number;
  nearUniqueShare: number;
  maxEpsilon: number;
}

const PROFILES: Record<Thresholds['profile'], Omit<Thresholds, 'profile'>> = {
  public: {
    maxHighestRisk: 0.2,
    maxAverageRisk: 0.05,
    maxLinkedShare: 0.05,
    inferenceConfidence: 0.9,
    maxInferredShare: 0.05,
    nearUniqueShare: 0.5,
    maxEpsilon: 10,
  },
  strict: {
    maxHighestRisk: 0.05,
    maxAverageRisk: 0.02,
    maxLinkedShare: 0.01,
    inferenceConfidence: 0.9,
    maxInferredShare: 0.01,
    nearUniqueShare: 0.2,
    maxEpsilon: 1,
  },
};

/** The thresholds for a settings block (undefined: the public profile). */
export function resolveThresholds(input?: ReportSettingsInput): Thresholds {
  const s = reportSettingsSchema.parse(input ?? {});
  const base = PROFILES[s.profile];
  return {
    profile: s.profile,
    maxHighestRisk: s.maxHighestRisk ?? base.maxHighestRisk,
    maxAverageRisk: s.maxAverageRisk ?? base.maxAverageRisk,
    maxLinkedShare: s.maxLinkedShare ?? base.maxLinkedShare,
    inferenceConfidence: s.inferenceConfidence ?? base.inferenceConfidence,
    maxInferredShare: s.maxInferredShare ?? base.maxInferredShare,
    nearUniqueShare: s.nearUniqueShare ?? base.nearUniqueShare,
    maxEpsilon: s.maxEpsilon ?? base.maxEpsilon,
  };
}
