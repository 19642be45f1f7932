import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WumingError } from '../errors.js';
import { readArxHierarchy } from './arx.js';
import type { Hierarchy } from './hierarchy.js';

/**
 * Which file in a directory holds the hierarchy of `column`: `<anything>_hierarchy_<column>.csv`
 * (ARX's naming, e.g. adult_hierarchy_age.csv) or `<column>.csv`. Matching is exact on the column
 * name (case-sensitive, as column names are). Two candidate files for one column is an error
 * rather than a silent pick.
 */
export function matchHierarchyFiles(
  files: readonly string[],
  columns: readonly string[],
  dir = '.',
): Map<string, string> {
  const out = new Map<string, string>();
  for (const column of columns) {
    const hits = files.filter((f) => {
      if (!f.toLowerCase().endsWith('.csv')) return false;
      const base = f.slice(0, -4);
      return base === column || base.endsWith(`_hierarchy_${column}`);
    });
    if (hits.length > 1) {
      throw new WumingError(
        'HIERARCHY_AMBIGUOUS',
        `${hits.length} files in the hierarchy directory match column "${column}": ${hits.join(', ')}`,
        { kind: 'usage', location: { file: dir, column } },
      );
    }
    if (hits.length === 1) out.set(column, hits[0]);
  }
  return out;
}

/**
 * The column a hierarchy file is for, from its name alone: `<anything>_hierarchy_<column>.csv`
 * (ARX's naming) or `<column>.csv`; undefined for other files.
 */
export function hierarchyFileColumn(file: string): string | undefined {
  if (!file.toLowerCase().endsWith('.csv')) return undefined;
  const base = file.slice(0, -4);
  const at = base.lastIndexOf('_hierarchy_');
  const column = at >= 0 ? base.slice(at + '_hierarchy_'.length) : base;
  return column === '' ? undefined : column;
}

/**
 * Load the ARX-format hierarchies in `dir`. With `columns`, only those columns' files are read
 * and columns without a file are left out of the result (the caller decides whether that is an
 * error: `--qi all` means "every column that has a hierarchy", an explicit QI list requires one
 * for each). Without, the columns come from the file names: the `<anything>_hierarchy_<column>.csv`
 * files (ARX's naming; other CSV files beside them, such as the data, are not hierarchies), or,
 * when there are none, every `<column>.csv` file.
 * `onWarning` hears about harmless problems (identical duplicate rows, which are ignored).
 */
export async function loadHierarchies(
  dir: string,
  columns?: readonly string[],
  opts: { onWarning?: (message: string) => void } = {},
): Promise<Record<string, Hierarchy>> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    throw new WumingError('HIERARCHY_DIR', 'cannot read the hierarchy directory', {
      kind: 'io',
      location: { file: dir },
    });
  }
  files.sort();
  let wanted = columns;
  if (!wanted) {
    const arxNamed = files.filter((f) => f.includes('_hierarchy_'));
    const candidates = arxNamed.length > 0 ? arxNamed : files;
    wanted = [...new Set(candidates.map(hierarchyFileColumn).filter((c): c is string => c !== undefined))];
  }
  const matched = matchHierarchyFiles(files, wanted, dir);
  const out: Record<string, Hierarchy> = {};
  for (const [column, file] of matched) out[column] = await readArxHierarchy(join(dir, file), column, opts);
  return out;
}
