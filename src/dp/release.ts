import { z } from 'zod';

/**
 * The `release:` section of a policy: the differentially private statistics to publish from a
 * dataset, run by `wuming dp INPUT --policy FILE` as one release (all queries charged to the
 * budget ledger together, or none). Validated with the rest of the policy, so a mistake here is
 * reported with the others, each with its file, line and key.
 *
 * ```yaml
 * release:
 *   privacyUnit: person_id        # the person-id column, or "row"; default: the policy's subject
 *   maxContributions: 5           # rows kept per person (contribution bound)
 *   epsilon: 0.5                  # ε of each query that does not state its own
 *   delta: 1e-6                   # δ for private key selection / the Gaussian mechanism
 *   budget: { epsilon: 3 }        # the dataset's total budget in the ledger
 *   keys:                         # public group keys (a grouped query without them selects privately)
 *     sex: [男, 女]
 *     province: { file: hierarchies/province.csv }   # every leaf of an ARX hierarchy
 *   queries:
 *     - { query: count, by: [province, sex] }
 *     - { query: mean, column: income, bounds: [0, 100000], by: [sex], epsilon: 1 }
 *     - { query: histogram, column: age, bounds: [0, 100], bins: 10 }
 *     - { query: quantile, column: age, bounds: [0, 100], quantiles: [0.25, 0.5, 0.75] }
 * ```
 */
const column = z.string().min(1);
const bounds = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo < hi, { message: 'bounds must be [LO, HI] with LO < HI' });
const by = z.array(column).min(1).optional();
const perQuery = {
  /** A label for the query's results (default: the query in words). */
  name: z.string().min(1).optional(),
  epsilon: z.number().positive().optional(),
  delta: z.number().min(0).lt(1).optional(),
};

export const releaseQuerySchema = z.discriminatedUnion('query', [
  z.object({ query: z.literal('count'), by, ...perQuery }).strict(),
  z.object({ query: z.literal('sum'), column, bounds, by, ...perQuery }).strict(),
  z.object({ query: z.literal('mean'), column, bounds, by, ...perQuery }).strict(),
  z
    .object({
      query: z.literal('histogram'),
      column,
      bounds,
      bins: z.number().int().min(1).max(100_000).default(10),
      by,
      ...perQuery,
    })
    .strict(),
  z
    .object({
      query: z.literal('quantile'),
      column,
      bounds,
      quantiles: z.array(z.number().min(0).max(1)).min(1).default([0.5]),
      candidates: z.number().int().min(1).max(100_000).default(1000),
      by,
      ...perQuery,
    })
    .strict(),
]);
export type ReleaseQuery = z.infer<typeof releaseQuerySchema>;

/** Public keys of one group column: the values, or every leaf of an ARX hierarchy (a file). */
export const releaseKeysSchema = z.union([
  z.array(z.union([z.string(), z.number()])).min(1),
  z.object({ file: z.string().min(1) }).strict(),
  z.object({ hierarchy: z.string().min(1) }).strict(),
]);

export const releaseSchema = z
  .object({
    privacyUnit: column.optional(),
    maxContributions: z.number().int().min(1).default(1),
    epsilon: z.number().positive().optional(),
    delta: z.number().min(0).lt(1).optional(),
    mechanism: z.enum(['laplace', 'gaussian']).default('laplace'),
    budget: z
      .object({ epsilon: z.number().positive().optional(), delta: z.number().min(0).max(1).optional() })
      .strict()
      .optional(),
    keys: z.record(column, releaseKeysSchema).default({}),
    queries: z.array(releaseQuerySchema).min(1),
  })
  .strict()
  // `when`: run these checks even when other keys of the section are malformed, so that every
  // problem is reported at once (zod skips refinements of an object with issues by default).
  // The value may then be partly invalid: each check looks only at fields of the right type.
  .superRefine(checkRelease, { when: (payload) => isRecord(payload.value) });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const QUERIES = new Set(['count', 'sum', 'mean', 'histogram', 'quantile']);

function checkRelease(raw: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(raw)) return;
  const keys = isRecord(raw.keys) ? raw.keys : {};
  const mechanism = raw.mechanism ?? 'laplace';
  const queries = Array.isArray(raw.queries) ? raw.queries : [];
  queries.forEach((q: unknown, i) => {
    if (!isRecord(q) || typeof q.query !== 'string' || !QUERIES.has(q.query)) return;
    const at = (...path: (string | number)[]) => ['queries', i, ...path];
    const delta = [q.delta, raw.delta].find((d) => typeof d === 'number') ?? 0;
    if (q.epsilon === undefined && raw.epsilon === undefined)
      ctx.addIssue({
        code: 'custom',
        path: at(),
        message: 'no ε for this query: give it an epsilon, or give release.epsilon',
      });
    const groups = Array.isArray(q.by) ? q.by.filter((c): c is string => typeof c === 'string') : [];
    const withKeys = groups.filter((c) => c in keys);
    if (withKeys.length > 0 && withKeys.length < groups.length)
      ctx.addIssue({
        code: 'custom',
        path: at('by'),
        message: `either every group column has public keys under release.keys or none (keys for ${withKeys.join(', ')}, not for ${groups.filter((c) => !(c in keys)).join(', ')})`,
      });
    const selection = groups.length > 0 && withKeys.length === 0;
    if (selection && delta === 0)
      ctx.addIssue({
        code: 'custom',
        path: at('by'),
        message: `grouping by ${groups.join(', ')} needs public keys (release.keys) or a delta > 0 for private key selection: keys taken from the data would leak`,
      });
    if (mechanism === 'gaussian') {
      if (delta === 0)
        ctx.addIssue({ code: 'custom', path: at(), message: 'the Gaussian mechanism needs a delta > 0' });
      if (selection)
        ctx.addIssue({
          code: 'custom',
          path: at('by'),
          message: 'private key selection uses Laplace noise: give public keys for mechanism gaussian',
        });
      if (q.query === 'quantile')
        ctx.addIssue({
          code: 'custom',
          path: at('query'),
          message: 'quantiles use the exponential mechanism (pure ε): use mechanism laplace',
        });
    }
    if ((q.query === 'histogram' || q.query === 'quantile') && groups.includes(q.column as string))
      ctx.addIssue({
        code: 'custom',
        path: at('by'),
        message: `the ${q.query} column "${String(q.column)}" cannot also be a group column`,
      });
  });
}

export type ReleasePolicy = z.infer<typeof releaseSchema>;
