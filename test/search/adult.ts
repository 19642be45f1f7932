import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';

/** The vendored Adult data and ARX hierarchies, parsed in memory for fast tests. */
export const ADULT_DIR = join(import.meta.dirname, '../../data/adult');
export const ADULT_QI = [
  'sex',
  'age',
  'race',
  'marital-status',
  'education',
  'native-country',
  'workclass',
  'occupation',
  'salary-class',
];

export function adultHierarchy(column: string): Hierarchy {
  const path = join(ADULT_DIR, `adult_hierarchy_${column}.csv`);
  return parseArxHierarchy(readFileSync(path, 'utf8'), column, path);
}

export function adultRecords(): { header: string[]; records: string[][] } {
  const lines = readFileSync(join(ADULT_DIR, 'adult.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  return { header: lines[0].split(';'), records: lines.slice(1).map((l) => l.split(';')) };
}
