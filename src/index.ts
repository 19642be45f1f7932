/**
 * Wuming's public library API. The CLI and the server are thin shells over these functions:
 * every command is one job in run/, and every stage it uses is exported here with its types.
 */

import type { DetectOptions, Finding } from './detect/index.js';
import * as detectModule from './detect/index.js';

export {
  type DetectOptions,
  detectLines,
  detectText,
  type Finding,
  type LineFinding,
} from './detect/index.js';
export { type RedactOptions, redactText } from './operators/redact-text.js';
export type { RedactStyle } from './transform/redact-spans.js';

/**
 * Find personal information in a text: `detect('手机 13812345678')` is `detectText` (findings
 * with type, span, confidence; see DetectOptions). Also the detector module as before:
 * `detect.detectLines`, `detect.detectors`, `detect.ALL_TYPES`, ...
 */
export const detect: ((text: string, opts?: DetectOptions) => Finding[]) & typeof detectModule =
  Object.assign((text: string, opts?: DetectOptions) => detectModule.detectText(text, opts), detectModule);

export * as china from './china/index.js';
export * as dp from './dp/index.js';
export * from './engine/index.js';
export { type ErrorKind, type ErrorLocation, WumingError } from './errors.js';
export { type AutoHierarchy, autoHierarchy } from './hierarchy/auto.js';
export { buildHierarchy, hierarchySpecSchema, suggestHierarchy } from './hierarchy/builders/index.js';
export { describeLevel } from './hierarchy/describe.js';
export type { Hierarchy } from './hierarchy/hierarchy.js';
export * as hierarchy from './hierarchy/index.js';
export { loadHierarchies } from './hierarchy/load.js';
export { saveHierarchies } from './hierarchy/save.js';
export * from './io/index.js';
export * as keys from './keys/index.js';
export * as metrics from './metrics/index.js';
export * as operators from './operators/index.js';
export * from './policy/index.js';
export * as privacy from './privacy/index.js';
export type { ProgressEvent, ProgressFn } from './progress.js';
export { type Random, secureRandom, seededRandom } from './random.js';
export * from './report/index.js';
export * as risk from './risk/index.js';
export { assessRisk, type RiskAssessment } from './risk/index.js';
export {
  type AnonymizeOptions,
  type AnonymizeResult,
  type AnonymizeRows,
  anonymize,
  anonymizeRelation,
  type RelationAnonymizeOptions,
  type RunAnonymizeOptions,
  runAnonymize,
} from './run/anonymize.js';
export { anonymizeOn, type PathJobOptions } from './run/anonymize-job.js';
export {
  type AnonymizeFileWithPolicyOptions,
  type AnonymizeFileWithPolicyResult,
  anonymizeFileWithPolicy,
} from './run/anonymize-policy.js';
export { type ApplyPolicyOptions, type ApplyPolicyResult, applyPolicy } from './run/apply.js';
export { type AttackJob, type AttackJobResult, linkageAttackRows, runAttack } from './run/attack.js';
export type {
  DataPath,
  FrequencyRequest,
  OutputRequest,
  VerifyStage,
} from './run/data-path/data-path.js';
export { EngineDataPath, type EnginePathOptions } from './run/data-path/engine.js';
export { verifyOutput } from './run/data-path/engine-verify.js';
export { MemoryDataPath } from './run/data-path/memory.js';
export { deidentify, reidentify, rekey, shorthandPlan } from './run/deidentify.js';
export {
  type DeidentifyFileOptions,
  deidentifyFile,
} from './run/deidentify-file.js';
export { type DemoOptions, type DemoResult, demo } from './run/demo.js';
export { detectFile, detectStream, redactFile, redactStream } from './run/detect.js';
export {
  type DpEvidence,
  type DpJobOptions,
  type DpJobResult,
  type DpPolicyJobOptions,
  runDp,
  runDpPolicy,
} from './run/dp.js';
export { type AssessFileOptions, assessFile } from './run/report.js';
export {
  type Inventory,
  likelySubjectColumns,
  proposePolicy,
  type SubjectCandidate,
  scan,
  scanRelation,
} from './run/scan.js';
export { type VerifyRequest, type VerifyResult, verifyFile, verifyRelation } from './run/verify.js';
export { generate } from './sample/index.js';
export * as search from './search/index.js';
export * as transform from './transform/index.js';
