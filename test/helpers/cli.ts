import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist/cli/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Node arguments that start the CLI in a child process. `npm test` builds dist/ first, and the
 * built CLI starts in a fraction of the time tsx needs to compile src/ in every child (about a
 * CPU-second each, over some sixty children); a build older than any source file (a run of
 * `npx vitest` after an edit, without a build) falls back to the sources through tsx. The build is
 * incremental (`tsc -b`): it rewrites only the outputs of changed files, but it stamps its
 * .tsbuildinfo on every build that finds the sources newer, so that file dates the build.
 */
const BUILD_INFO = join(ROOT, 'dist/.tsbuildinfo');
export const CLI_ARGS: readonly string[] =
  existsSync(DIST) &&
  existsSync(BUILD_INFO) &&
  statSync(BUILD_INFO).mtimeMs >= newestSource(join(ROOT, 'src'))
    ? [DIST]
    : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
