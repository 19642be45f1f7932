import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WumingError } from '../errors.js';
import { writeFileAtomic } from '../io/write.js';
import { toArxCsv } from './arx.js';
import type { Hierarchy } from './hierarchy.js';

/**
 * Write hierarchies in ARX's format, one file per column named as ARX names them
 * (`<prefix>_hierarchy_<column>.csv`), so `loadHierarchies(dir)` and ARX itself read them back.
 * Each file is written atomically; the directory is created when missing. Returns the paths.
 * The files hold the columns' values (level 0): keep them with the data they came from.
 */
export async function saveHierarchies(
  dir: string,
  hierarchies: Record<string, Hierarchy>,
  prefix = 'wuming',
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [column, h] of Object.entries(hierarchies)) {
    if (/[/\\\0]/.test(column) || column === '' || column === '.' || column === '..') {
      throw new WumingError('HIERARCHY_NAME', 'the column name cannot be part of a file name', {
        kind: 'usage',
        location: { column },
      });
    }
    const path = join(dir, `${prefix}_hierarchy_${column}.csv`);
    await writeFileAtomic(path, toArxCsv(h));
    paths.push(path);
  }
  return paths;
}
