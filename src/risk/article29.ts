import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { classSizeHistogram } from './histogram.js';
import type { LinkageResult } from './linkage.js';
import { riskFromHistogram } from './model.js';

export interface InferenceRisk {
  attribute: string;
  classes: number;
  /** Share of classes whose records all have the same sensitive value. */
  homogeneousClasses: number;
  /** Share of records in such classes: their sensitive value is disclosed by class membership. */
  recordsInHomogeneousClasses: number;
  /** Smallest number of distinct sensitive values in a class (distinct l-diversity). */
  minDistinctValues: number;
  /** Highest share of a class taken by its most frequent sensitive value. */
  highestConfidence: number;
  /** Expected success of guessing a record's sensitive value as its class's most frequent one. */
  averageConfidence: number;
  /**
   * Share of records whose class's most frequent value holds at least `confidence` of the class
   * (an attacker placing a person in the class guesses the value that sure); 0.9 unless given.
   */
  inferredRecords: number;
}

/**
 * The three criteria of the Article 29 Working Party (Opinion 05/2014 on Anonymisation
 * Techniques, WP216, section 2.2.2): can an individual still be singled out, can records be
 * linked, can information be inferred? Each is measured, not asserted: the opinion gives no
 * numeric thresholds, so `atRisk` only says whether the measured risk is non-zero.
 */
export interface Article29Assessment {
  singlingOut: {
    /** Share of records unique on the quasi-identifiers. */
    uniqueRecords: number;
    /** Highest prosecutor risk (1 / smallest class). */
    highestRisk: number;
    /**
     * Estimated share of the population unique (Dankar's rule) when a population size is given;
     * null when the estimator failed (not available, never 0).
     */
    populationUniqueness: number | null;
    atRisk: boolean;
  };
  linkability: {
    /** 'attack' when a linkage attack was run, else 'model' (marketer risk: expected share re-identified). */
    source: 'attack' | 'model';
    expectedSuccessRate: number;
    /** Share of auxiliary records with a unique (correct, when known) match; null for 'model'. */
    uniqueMatches: number | null;
    /** 'attack' only: share of auxiliary records the attack could not decide (see linkage.ts). */
    undecidedRecords?: number;
    /** 'attack' only: the expected success if every undecided record turned out the attacker's way. */
    expectedSuccessRateHigh?: number;
    atRisk: boolean;
  };
  inference: { attributes: InferenceRisk[]; atRisk: boolean };
}

/** Attribute disclosure per sensitive attribute, in one aggregation over (QI, sensitive value). */
export async function inferenceRisk(
  engine: Engine,
  relation: string,
  qi: readonly string[],
  sensitive: string,
  confidence = 0.9,
): Promise<InferenceRisk> {
  const d = engine.dialect;
  const q = qi.map((c) => d.ident(c));
  const s = d.ident(sensitive);
  const group = q.length ? `GROUP BY ${q.join(', ')}` : '';
  const [r] = await engine.query(
    `WITH cls AS (SELECT ${[...q, s].join(', ')}, count(*) AS c FROM ${relation} GROUP BY ${[...q, s].join(', ')}),
          per AS (SELECT sum(c) AS size, count(*) AS nd, max(c) AS top FROM cls ${group})
     SELECT count(*) AS classes,
            ${d.countWhere('nd = 1')} AS hom,
            coalesce(${d.sumWhere('size', 'nd = 1')}, 0) AS hom_records,
            sum(CASE WHEN top >= ${d.number(confidence)} * size - 1e-9 THEN size ELSE 0 END) AS inferred,
            sum(size) AS n, min(nd) AS minl, max(top / size) AS maxconf, sum(top) / sum(size) AS avgconf
     FROM per`,
  );
  const classes = Number(r.classes);
  const n = Number(r.n);
  return {
    attribute: sensitive,
    classes,
    homogeneousClasses: classes ? Number(r.hom) / classes : 0,
    recordsInHomogeneousClasses: n ? Number(r.hom_records) / n : 0,
    minDistinctValues: Number(r.minl ?? 0),
    highestConfidence: Number(r.maxconf ?? 0),
    averageConfidence: Number(r.avgconf ?? 0),
    inferredRecords: n ? Number(r.inferred) / n : 0,
  };
}

export async function article29(opts: {
  engine: Engine;
  relation: string;
  qi: readonly string[];
  sensitive?: readonly string[];
  population?: number;
  /** Result of a linkage attack on this release, when one was run. */
  linkage?: LinkageResult;
}): Promise<Article29Assessment> {
  const { engine, relation, qi } = opts;
  const cols = (await engine.describe(`SELECT * FROM ${relation}`)).map((c) => c.name);
  for (const c of [...qi, ...(opts.sensitive ?? [])])
    if (!cols.includes(c))
      throw new WumingError('UNKNOWN_COLUMN', 'no such column in the input', {
        kind: 'usage',
        location: { column: c },
      });
  const h = await classSizeHistogram(engine, relation, qi);
  const risk = riskFromHistogram(h, { population: opts.population });
  const attributes: InferenceRisk[] = [];
  for (const s of opts.sensitive ?? []) attributes.push(await inferenceRisk(engine, relation, qi, s));
  const l = opts.linkage;
  const linkability: Article29Assessment['linkability'] = l
    ? {
        source: 'attack',
        expectedSuccessRate: l.expectedSuccessRate,
        uniqueMatches: l.uniqueCorrectMatches ?? l.uniqueMatches,
        undecidedRecords: l.undecidedRecords,
        expectedSuccessRateHigh: l.bounds.expectedSuccessRate.high,
        atRisk: l.bounds.expectedSuccessRate.high > 0,
      }
    : { source: 'model', expectedSuccessRate: risk.marketer, uniqueMatches: null, atRisk: risk.marketer > 0 };
  return {
    singlingOut: {
      uniqueRecords: risk.sampleUniqueness,
      highestRisk: risk.prosecutor.highest,
      populationUniqueness: risk.populationUniqueness.dankar,
      atRisk: risk.sampleUniqueness > 0,
    },
    linkability,
    inference: { attributes, atRisk: attributes.some((a) => a.recordsInHomogeneousClasses > 0) },
  };
}
