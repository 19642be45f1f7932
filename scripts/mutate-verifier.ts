/**
 * Mutation test of the verifier: for every privacy model, force its reference check to always
 * pass (test/mutation-setup.ts) and run the verifier's tests; each mutant must be killed (the
 * suite must fail). A surviving mutant means a model's verification is untested for failure.
 * Usage: npm run test:mutation
 */
import { spawnSync } from 'node:child_process';
import { REFERENCE_CHECKS } from '../src/privacy/registry.js';

const suites = ['test/privacy/registry.test.ts', 'test/privacy/verify.test.ts', 'test/run/verify.test.ts'];
const survivors: string[] = [];
for (const id of Object.keys(REFERENCE_CHECKS)) {
  const r = spawnSync('npx', ['vitest', 'run', ...suites], {
    env: { ...process.env, WUMING_MUTATE: id },
    encoding: 'utf8',
  });
  const killed = r.status !== 0;
  process.stdout.write(`${killed ? 'killed  ' : 'SURVIVED'}  ${id}\n`);
  if (!killed) survivors.push(id);
}
if (survivors.length > 0) {
  process.stderr.write(`mutants survived: ${survivors.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`all ${Object.keys(REFERENCE_CHECKS).length} mutants killed\n`);
