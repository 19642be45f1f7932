import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_ARGS } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-cli-anon-'));
const SAMPLE = join(import.meta.dirname, '../../data/sample/people.csv');
function wuming(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '80' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('wuming anonymize without --hierarchies', () => {
  it('builds, prints and saves the hierarchies (ARX format), then reuses the saved ones with the same result', () => {
    const saved = join(dir, 'h');
    const a = wuming(
      'anonymize',
      SAMPLE,
      '--qi',
      'age,sex,region_code',
      '--k',
      '5',
      '--suppression',
      '5',
      '--out',
      join(dir, 'a.csv'),
      '--save-hierarchies',
      saved,
    );
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/age: level \d of 5 = /);
    expect(a.out).toMatch(/hierarchy built for age\s+│ intervals widths=5,10,20,40/);
    // The table fits COLUMNS=80.
    for (const line of a.out.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(readdirSync(saved).sort()).toEqual([
      'people_hierarchy_age.csv',
      'people_hierarchy_region_code.csv',
      'people_hierarchy_sex.csv',
    ]);
    // A duplicate row in a saved file is accepted with a warning naming its line.
    const ageFile = join(saved, 'people_hierarchy_age.csv');
    const first = readFileSync(ageFile, 'utf8').split('\n')[0];
    writeFileSync(ageFile, `${readFileSync(ageFile, 'utf8')}${first}\n`);
    const b = wuming(
      'anonymize',
      SAMPLE,
      '--qi',
      'age,sex,region_code',
      '--k',
      '5',
      '--suppression',
      '5',
      '--out',
      join(dir, 'b.csv'),
      '--hierarchies',
      saved,
      '--json',
    );
    expect(b.code).toBe(0);
    expect(b.err).toMatch(/warning: .*people_hierarchy_age\.csv:\d+: .*repeats line 1; duplicates ignored/);
    const j = JSON.parse(b.out.trim().split('\n').at(-1)!);
    expect(j.builtHierarchies).toEqual({});
    expect(j.levels.age).toMatch(/^level \d of 5 = /);
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a.csv'), 'utf8'));
  });

  it('asks for --qi when there is nothing to go on (exit 2)', () => {
    const r = wuming('anonymize', SAMPLE, '--k', '5', '--out', join(dir, 'c.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('--qi');
  });
});
