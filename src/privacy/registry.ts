import { betaLikenessModel } from './beta-likeness.js';
import { deltaPresenceModel } from './delta-presence.js';
import { kAnonymityModel } from './k-anonymity.js';
import { kMapModel } from './k-map.js';
import { distinctLDiversityModel } from './l-diversity-distinct.js';
import { entropyLDiversityModel } from './l-diversity-entropy.js';
import { recursiveCLDiversityModel } from './l-diversity-recursive.js';
import type { PrivacyModelKind } from './model.js';
import type { ReferenceCheck } from './reference.js';
import { equalDistanceTClosenessModel } from './t-closeness-equal.js';
import { hierarchicalDistanceTClosenessModel } from './t-closeness-hierarchical.js';
import { orderedDistanceTClosenessModel } from './t-closeness-ordered.js';

/**
 * The privacy-model registry: one line per model. A model is one file (its search-side check and
 * its registry entry with options and reference check) plus its line here; the policy's `models:`
 * list, the CLI's per-model flags and the verifier's reference checks are all read from this list
 * (the options' zod schemas in options.ts, so that the registry loads without zod).
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

/** A model's id with its options; the id and options are checked by `modelFromOptions` (options.ts). */
export type ModelOptions = Readonly<Record<string, unknown>>;

/**
 * The flags of `wuming anonymize` and `wuming verify` the models declare, in registry order, each
 * with its model's id; `needsSensitive` for a flag that asks for a model on `--sensitive`.
 */
export const MODEL_FLAGS = PRIVACY_MODELS.flatMap((m) =>
  (m.flags ?? []).map((f) => ({
    ...f,
    id: m.id,
    // A flag whose model options carry the column (`--beta 1` → {beta, sensitive}).
    needsSensitive: 'options' in f && 'sensitive' in f.options(1, 'sensitive'),
  })),
);
