/**
 * Wuming's public library API. The CLI and the server are thin shells over these functions.
 */
export * from './engine/index.js';
export { type ErrorKind, type ErrorLocation, WumingError } from './errors.js';
export type { Hierarchy } from './hierarchy/hierarchy.js';
export * from './io/index.js';
export type { ProgressEvent, ProgressFn } from './progress.js';
export { type Random, secureRandom, seededRandom } from './random.js';
