/**
 * Privacy models: one file per model (its search-side check and its registry entry), one line in
 * registry.ts. `modelsFromSpec` builds them from the flat options of the CLI and the policy file,
 * `modelFromOptions` from a `models:` entry (options.ts: the zod schemas of the models' options).
 */
export { deltaPresence } from './delta-presence.js';
export { Checker, type Evaluation, evaluate, type ModelVerdict, modelContext } from './evaluate.js';
export { kAnonymity } from './k-anonymity.js';
export { kMap } from './k-map.js';
export { distinctLDiversity } from './l-diversity-distinct.js';
export { entropyLDiversity } from './l-diversity-entropy.js';
export { recursiveCLDiversity } from './l-diversity-recursive.js';
export {
  type ClassStats,
  defineModelKind,
  definePrivacyModel,
  type ModelContext,
  type PrivacyModel,
  type PrivacyModelKind,
  type Requirement,
} from './model.js';
export { modelFromOptions, modelOptionsSchema, modelsFromSpec, optionsSchema } from './options.js';
export { MODEL_FLAGS, type ModelOptions, PRIVACY_MODELS, REFERENCE_CHECKS } from './registry.js';
export type { ModelSpec } from './spec.js';
export { equalDistanceTCloseness } from './t-closeness-equal.js';
export { hierarchicalDistanceTCloseness } from './t-closeness-hierarchical.js';
export { orderedDistanceTCloseness } from './t-closeness-ordered.js';
export type { Verification, VerifyOptions } from './verify.js';
