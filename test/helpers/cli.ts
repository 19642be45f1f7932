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
 * CPU-second each, over some sixty children); a dist/ older than any source file (a run of
 * `npx vitest` after an edit, without a build) falls back to the sources through tsx.
 */
export const CLI_ARGS: readonly string[] =
  existsSync(DIST) && statSync(DIST).mtimeMs >= newestSource(join(ROOT, 'src'))
    ? [DIST]
    : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
