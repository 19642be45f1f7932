/**
 * Registry of privacy models: one file per model, one line here. `createModel` builds one from
 * the flat options the CLI and the policy file use.
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
  definePrivacyModel,
  type ModelContext,
  type PrivacyModel,
  type Requirement,
} from './model.js';
export { type ModelSpec, modelsFromSpec } from './spec.js';
export { equalDistanceTCloseness } from './t-closeness-equal.js';
export { hierarchicalDistanceTCloseness } from './t-closeness-hierarchical.js';
export { orderedDistanceTCloseness } from './t-closeness-ordered.js';
export type { Verification, VerifyOptions } from './verify.js';
