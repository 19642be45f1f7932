import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failOnLevel, verdictSeverity } from '../../src/cli/report.js';
import { CLI_ARGS } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-failon-'));
function wuming(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('wuming report --fail-on (CI gate)', () => {
  it('maps verdicts to severities, unknown statuses failing safe', () => {
    expect(verdictSeverity('anonymized')).toBe(0);
    expect(verdictSeverity('de_identified')).toBe(1);
    expect(verdictSeverity('raw_personal_information')).toBe(2);
    expect(verdictSeverity('something_new')).toBe(2);
    expect(failOnLevel('raw_pi')).toBe(2);
    expect(failOnLevel('de-identified')).toBe(1);
    expect(() => failOnLevel('anonymized')).toThrow(/--fail-on must be/);
  });

  it('exits 1 on raw PI, 0 when the verdict is better than the gate, 2 on a bad value', () => {
    const raw = join(dir, 'raw.csv');
    const sample = readFileSync(join(import.meta.dirname, '../../data/sample/people.csv'), 'utf8');
    writeFileSync(raw, `${sample.split('\n').slice(0, 101).join('\n')}\n`);
    const out = join(dir, 'rep');
    const a = wuming('report', raw, '--out', out, '--fail-on', 'raw_pi', '--json');
    expect(a.code).toBe(1);
    expect(JSON.parse(a.out.trim().split('\n').at(-1)!).verdict.status).toBe('raw_personal_information');
    expect(a.err).toContain('fails --fail-on raw_pi');
    expect(wuming('report', raw, '--out', out, '--json').code).toBe(0);
    const clean = join(dir, 'clean.csv');
    writeFileSync(clean, 'colour,count\nred,1\nblue,2\nred,3\nblue,4\nred,5\n');
    const b = wuming('report', clean, '--out', out, '--fail-on', 'raw_pi', '--json');
    expect(JSON.parse(b.out.trim().split('\n').at(-1)!).verdict.status).not.toBe('raw_personal_information');
    expect(b.code).toBe(0);
    expect(wuming('report', clean, '--out', out, '--fail-on', 'nope').code).toBe(2);
    // On the terminal the verdict reads as words, not as the JSON's status id.
    expect(wuming('report', raw, '--out', out).out).toContain('verdict: raw personal information\n');
    expect(wuming('report', clean, '--out', out).out).toMatch(
      /verdict: (?:de-identified \(still personal information\)|anonymized)\n/,
    );
  });
});
