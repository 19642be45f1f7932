import { REFERENCE_CHECKS } from '../src/privacy/registry.js';

// Loaded only by scripts/mutate-verifier.ts (WUMING_MUTATE=<model id>): the named reference check
// is forced to pass, and the suite is expected to fail.
const id = process.env.WUMING_MUTATE;
if (id) {
  if (!Object.hasOwn(REFERENCE_CHECKS, id)) throw new Error(`no reference check "${id}" to mutate`);
  REFERENCE_CHECKS[id] = () => true;
}
