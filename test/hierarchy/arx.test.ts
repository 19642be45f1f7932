import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WumingError } from '../../src/errors.js';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import { buildHierarchy } from '../../src/hierarchy/builders/index.js';
import { describeLevel } from '../../src/hierarchy/describe.js';
import { loadHierarchies, matchHierarchyFiles } from '../../src/hierarchy/load.js';
import { validateHierarchy } from '../../src/hierarchy/validate.js';

const ADULT = join(import.meta.dirname, '../../data/adult');

describe('ARX hierarchy import', () => {
  it('reads the Adult hierarchies with the level counts ARX reports', async () => {
    const cols = [
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
    const hs = await loadHierarchies(ADULT, cols);
    expect(cols.map((c) => hs[c].maps.length)).toEqual([2, 5, 2, 3, 4, 3, 3, 3, 2]);
    expect(cols.map((c) => hs[c].maps.length).reduce((a, b) => a * b, 1)).toBe(12960);
    const age = hs.age;
    expect(age.leaves.length).toBe(100);
    const i = age.leaves.indexOf('39');
    expect(age.labels[1][age.maps[1][i]]).toBe('35-39');
    expect(age.labels[4][age.maps[4][i]]).toBe('*');
  });

  it('accepts BOM, CRLF, blank lines and quoted fields', () => {
    const h = parseArxHierarchy('\ufeffa;"x;y";*\r\nb;"x;y";*\r\n\r\n"c""";z;*\r\n', 'col', 'mem');
    expect(h.leaves).toEqual(['a', 'b', 'c"']);
    expect(h.labels[1]).toEqual(['x;y', 'z']);
    expect(Array.from(h.maps[1])).toEqual([0, 0, 1]);
    expect(h.labels[2]).toEqual(['*']);
  });

  it('rejects a level that is not a function of the level below, naming the line', () => {
    const text = 'a;x;P\nb;x;Q\nc;y;Q\n';
    try {
      parseArxHierarchy(text, 'col', 'h.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WumingError);
      const err = e as WumingError;
      expect(err.message).toMatch(/level 2 is not a function of level 1/);
      expect(err.location.line).toBe(2);
      expect(err.message).not.toMatch(/\bP\b|\bQ\b/);
    }
  });

  it('rejects ragged rows and a value with two different generalizations, naming both lines', () => {
    expect(() => parseArxHierarchy('a;*\nb\n', 'c', 'f')).toThrow(/levels/);
    expect(() => parseArxHierarchy('', 'c', 'f')).toThrow(/no rows/);
    try {
      parseArxHierarchy('a;x;*\nb;x;*\na;y;*\n', 'c', 'f');
      expect.unreachable();
    } catch (e) {
      const err = e as WumingError;
      expect(err.code).toBe('HIERARCHY_DUPLICATE');
      expect(err.message).toContain('lines 1 and 3');
      expect(err.location.line).toBe(3);
      expect(err.message).not.toMatch(/\b[xy]\b/);
    }
  });

  it('accepts identical duplicate rows with a warning (as ARX does), keeping the value once', () => {
    const warnings: string[] = [];
    const h = parseArxHierarchy('a;x;*\nb;x;*\n\na;x;*\nb;x;*\n', 'c', 'f', {
      onWarning: (m) => warnings.push(m),
    });
    expect(h.leaves).toEqual(['a', 'b']);
    expect(h.labels[1]).toEqual(['x']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^f:4: .*2 rows repeat earlier rows \(first: line 4 repeats line 1\)/);
    expect(parseArxHierarchy('a;*\na;*\n', 'c', 'f').leaves).toEqual(['a']);
  });

  it('names both lines when a level is not a function of the level below', () => {
    try {
      parseArxHierarchy('a;p;*\nb;p;*\nc;q;X\nd;q;Y\n', 'c', 'f');
      expect.unreachable();
    } catch (e) {
      expect((e as WumingError).message).toContain('lines 3 and 4');
    }
  });

  it('validateHierarchy catches out-of-range codes', () => {
    const h = parseArxHierarchy('a;*\nb;*\n', 'c', 'f');
    const bad = { ...h, maps: [h.maps[0], Int32Array.from([0, 3])] };
    expect(() => validateHierarchy(bad)).toThrow(/outside/);
  });
});

describe('hierarchy directory matching', () => {
  it('matches <anything>_hierarchy_<column>.csv and <column>.csv exactly', () => {
    const m = matchHierarchyFiles(
      ['adult_hierarchy_age.csv', 'sex.csv', 'x_hierarchy_agent.csv', 'notes.txt', 'marital-status.csv'],
      ['age', 'sex', 'marital-status', 'zip'],
    );
    expect(Object.fromEntries(m)).toEqual({
      age: 'adult_hierarchy_age.csv',
      sex: 'sex.csv',
      'marital-status': 'marital-status.csv',
    });
  });

  it('refuses two files for one column', () => {
    expect(() => matchHierarchyFiles(['age.csv', 'a_hierarchy_age.csv'], ['age'])).toThrow(/2 files/);
  });

  it('loads from a directory and skips columns without a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wuming-h-'));
    writeFileSync(join(dir, 'zip.csv'), '100101;1001**;*\n100102;1001**;*\n200101;2001**;*\n');
    const hs = await loadHierarchies(dir, ['zip', 'name']);
    expect(Object.keys(hs)).toEqual(['zip']);
    expect(hs.zip.labels[1]).toEqual(['1001**', '2001**']);
  });

  it('finds the columns itself from ARX file names, leaving the data files beside them alone', async () => {
    const hs = await loadHierarchies(ADULT);
    expect(Object.keys(hs).sort()).toEqual([
      'age',
      'education',
      'marital-status',
      'native-country',
      'occupation',
      'race',
      'salary-class',
      'sex',
      'workclass',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'wuming-h-'));
    writeFileSync(join(dir, 'zip.csv'), '100101;1001**;*\n');
    writeFileSync(join(dir, 'sex.csv'), 'M;*\nF;*\n');
    expect(Object.keys(await loadHierarchies(dir)).sort()).toEqual(['sex', 'zip']);
  });
});

describe('describeLevel', () => {
  it('says what a level means: builder names, groups of an ARX file, the top', async () => {
    const age = buildHierarchy({ type: 'intervals', widths: [5, 10, 20, 40] }, ['17', '23', '38', '61'], {
      column: 'age',
    });
    expect(describeLevel(age, 0)).toBe('level 0 of 5 = original values');
    expect(describeLevel(age, 3)).toMatch(/^level 3 of 5 = bands of 20, e\.g\. \[\d+, \d+\)$/);
    expect(describeLevel(age, 5)).toBe('level 5 of 5 = *');
    const d = buildHierarchy({ type: 'dates' }, ['1984-03-02', '1991-07-30'], { column: 'd' });
    expect(describeLevel(d, 4)).toMatch(/^level 4 of 5 = decade, e\.g\. 19[89]0s$/);
    const zip = buildHierarchy({ type: 'prefix' }, ['100081', '200030'], { column: 'zip' });
    expect(describeLevel(zip, 2)).toMatch(/= last 2 characters masked, e\.g\. \d{4}\*\*$/);
    const hs = await loadHierarchies(ADULT, ['age']);
    expect(describeLevel(hs.age, 1)).toMatch(/^level 1 of 4 = \d+ groups, e\.g\. /);
  });
});
