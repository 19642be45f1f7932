import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The programs in examples/ are what a newcomer copies: they import the package by its name
 * ('wuming' resolves to this package's dist/ through its "exports"), so type-checking them with
 * skipLibCheck off is the check that the published .d.ts files compile in a consumer without
 * extras, and running them is the check that they still work. `npm test` builds dist first.
 */
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const EXAMPLES = ['detect', 'anonymize', 'deidentify', 'risk'];

describe('examples/', () => {
  it('type-check against the built .d.ts files as a consumer would (no skipLibCheck, no DOM lib)', async () => {
    expect(existsSync(join(ROOT, 'dist/index.d.ts')), 'run `npm run build` first').toBe(true);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = await run(process.execPath, [tsc, '-p', 'examples/tsconfig.json'], { cwd: ROOT }).catch(
      (e: { stdout: string; stderr: string }) => ({ stdout: e.stdout, stderr: e.stderr, failed: true }),
    );
    expect(`${r.stdout}${r.stderr}`).toBe('');
  });

  it('run, each exiting 0 with its expected output', async () => {
    const outputs = await Promise.all(
      EXAMPLES.map((name) =>
        run(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], { cwd: ROOT }).then(
          (r) => r.stdout,
        ),
      ),
    );
    const [detect, anonymize, deidentify, risk] = outputs;
    expect(detect).toMatch(/CN_MOBILE\s+characters 8-19/);
    expect(detect).not.toContain('13812345678');
    expect(anonymize).toMatch(/^age: level \d of 5 = /m);
    expect(anonymize).toContain('verified: true');
    expect(deidentify).toContain('mobile numbers restored exactly: true');
    expect(risk).toMatch(/prosecutor risk: highest [\d.]+ %/);
  });
});
