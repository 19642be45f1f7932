import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { estimatorNote, pct, prob, wrap } from '../../src/cli/risk.js';
import { CLI_ARGS } from '../helpers/cli.js';

const run = promisify(execFile);

describe('risk output a person can read (issue 20)', () => {
  it('never prints an exponent or 0 for what was not computed', () => {
    expect(pct(1.152e-99)).toBe('< 0.001 %');
    expect(pct(null)).toBe('not available');
    expect(pct(0)).toBe('0 %');
    expect(pct(0.0389)).toBe('3.89 %');
    expect(pct(0.51432)).toBe('51.43 %');
    expect(pct(0.99999999)).toBe('> 99.999 %');
    expect(prob(8.4e-12)).toBe('< 0.0001');
    expect(prob(0.000796)).toBe('0.0008');
    expect(prob(0.01449)).toBe('0.01449');
    for (const v of [1e-300, 3.3e-7, 2e-5, 0.5]) {
      expect(pct(v)).not.toMatch(/e/);
      expect(prob(v)).not.toMatch(/e/);
    }
  });

  it('explains the estimators when they disagree or one has no solution', () => {
    const base = { population: { samplingFraction: 0.0001 } };
    const agree = { pitman: 0.04, zayatz: 0.05, snb: 0.06, dankarModel: 'pitman' };
    expect(estimatorNote({ ...base, populationUniqueness: agree })).toBeUndefined();
    const note = estimatorNote({
      ...base,
      populationUniqueness: { pitman: 0.0389, zayatz: 0.2646, snb: null, dankarModel: 'pitman' },
    })!;
    expect(note).toMatch(/disagree \(Pitman 3.89 %, Zayatz 26.46 %, SNB not available\)/);
    expect(note).toMatch(/Dankar row \(pitman\)/);
    expect(
      wrap(note, 100)
        .split('\n')
        .every((l) => l.length <= 100),
    ).toBe(true);
  });

  it('wuming risk states the population assumption and the journalist basis', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        ...CLI_ARGS,
        'risk',
        'data/sample/people.csv',
        '--qi',
        'region_code,birth_date,sex,ethnicity,education,occupation,marital_status',
        '--population',
        'china',
        '--no-curve',
      ],
      { maxBuffer: 16 << 20 },
    );
    expect(stdout).toMatch(/population assumption: the data is taken as a uniform random sample/);
    expect(stdout).toMatch(/journalist and marketer: .*NOT estimated/s);
    expect(stdout).toMatch(/not available/);
    expect(stdout).not.toMatch(/\de-\d/);
  }, 60_000);
});
