import { z } from 'zod';
import { WumingError } from '../errors.js';
import { betaLikenessModel } from './beta-likeness.js';
import { deltaPresenceModel } from './delta-presence.js';
import { kAnonymityModel } from './k-anonymity.js';
import { kMapModel } from './k-map.js';
import { distinctLDiversityModel } from './l-diversity-distinct.js';
import { entropyLDiversityModel } from './l-diversity-entropy.js';
import { recursiveCLDiversityModel } from './l-diversity-recursive.js';
import type { PrivacyModel, PrivacyModelKind } from './model.js';
import type { ReferenceCheck } from './reference.js';
import { equalDistanceTClosenessModel } from './t-closeness-equal.js';
import { hierarchicalDistanceTClosenessModel } from './t-closeness-hierarchical.js';
import { orderedDistanceTClosenessModel } from './t-closeness-ordered.js';

/**
 * The privacy-model registry: one line per model. A model is one file (its search-side check and
 * its registry entry with options and reference check) plus its line here; the policy's `models:`
 * list, the CLI's per-model flags and the verifier's reference checks are all read from this list.
 */
export const PRIVACY_MODELS: readonly PrivacyModelKind[] = [
  kAnonymityModel,
  distinctLDiversityModel,
  entropyLDiversityModel,
  recursiveCLDiversityModel,
  equalDistanceTClosenessModel,
  orderedDistanceTClosenessModel,
  hierarchicalDistanceTClosenessModel,
  deltaPresenceModel,
  kMapModel,
  betaLikenessModel,
];

/**
 * The verifier's reference check per model id. Mutable on purpose: scripts/mutate-verifier.ts
 * replaces one entry at a time with "always passes" and expects the test suite to go red.
 */
export const REFERENCE_CHECKS: Record<string, ReferenceCheck> = Object.fromEntries(
  PRIVACY_MODELS.map((m) => [m.id, m.reference]),
);

/** One entry of a policy's `models:` list: `{id: beta-likeness, beta: 1, sensitive: diagnosis}`. */
export const modelOptionsSchema = z
  .array(z.record(z.string(), z.unknown()))
  .superRefine((list, ctx) => {
    list.forEach((entry, i) => {
      const kind = PRIVACY_MODELS.find((m) => m.id === entry.id);
      if (!kind) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          message: `unknown privacy model "${String(entry.id)}"; use one of ${PRIVACY_MODELS.map((m) => m.id).join(', ')}`,
        });
        return;
      }
      const { id: _, ...options } = entry;
      const r = kind.options.safeParse(options);
      if (!r.success)
        for (const issue of r.error.issues) {
          const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
          ctx.addIssue({
            code: 'custom',
            path: [i, ...issue.path, ...(key ? [key] : [])],
            message: key ? `unknown option "${key}" of ${kind.id}` : issue.message,
          });
        }
    });
  })
  .meta({
    description: `privacy models by id, each with its options: ${PRIVACY_MODELS.map((m) => `${m.id} (${Object.keys(m.options.shape).join(', ')}): ${m.summary}`).join('; ')}`,
  });
/** A model's id with its options; the id and options are checked by `modelFromOptions`. */
export type ModelOptions = Readonly<Record<string, unknown>>;

/** Build a model from a `models:` entry (or a CLI flag), with the usage error a person can act on. */
export function modelFromOptions(entry: ModelOptions): PrivacyModel {
  const kind = PRIVACY_MODELS.find((m) => m.id === entry.id);
  if (!kind)
    throw new WumingError(
      'BAD_MODEL',
      `unknown privacy model "${String(entry.id)}"; use one of ${PRIVACY_MODELS.map((m) => m.id).join(', ')}`,
      { kind: 'usage' },
    );
  const { id: _, ...options } = entry;
  const r = kind.options.safeParse(options);
  if (!r.success)
    throw new WumingError('BAD_MODEL', `${kind.id}: ${r.error.issues[0].message}`, { kind: 'usage' });
  return kind.create(r.data);
}

/**
 * The flags of `wuming anonymize` and `wuming verify` the models declare, in registry order, each
 * with its model's id; `needsSensitive` for a flag that asks for a model on `--sensitive`.
 */
export const MODEL_FLAGS = PRIVACY_MODELS.flatMap((m) =>
  (m.flags ?? []).map((f) => ({
    ...f,
    id: m.id,
    needsSensitive: 'options' in f && 'sensitive' in m.options.shape,
  })),
);
