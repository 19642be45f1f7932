import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WumingError } from '../../src/errors.js';
import { runAttack } from '../../src/run/attack.js';
import { runRisk } from '../../src/run/risk.js';
import { CLI_ARGS } from '../helpers/cli.js';

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, [...CLI_ARGS, ...args], { maxBuffer: 64 << 20 });

describe('risk and attack jobs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wuming-risk-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runRisk reads a file, measures and writes the charts', async () => {
    const r = await runRisk({
      input: 'data/adult/adult.csv',
      qi: ['age', 'sex', 'race'],
      population: 'usa',
      chartsDir: join(dir, 'charts'),
    });
    expect(r.records).toBe(30162);
    expect(r.qi).toEqual(['age', 'sex', 'race']);
    expect(r.charts).toHaveLength(2);
    expect((await readFile(r.charts![0], 'utf8')).startsWith('<svg')).toBe(true);
    expect(r.uniquenessCurve?.points).toHaveLength(3);
  });

  it('wuming risk --json prints the contract object as the last line', async () => {
    const { stdout } = await cli([
      'risk',
      'data/adult/adult.csv',
      '--qi',
      'all',
      '--population',
      '317238626',
      '--json',
    ]);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(last.records).toBe(30162);
    expect(last.sampleUniqueness).toBeCloseTo(0.5143, 4);
    expect(last.populationUniqueness.pitman).toBeCloseTo(0.0389, 4);
    expect(last.populationUniqueness.zayatz).toBeCloseTo(0.2646, 4);
    expect(last.populationUniqueness).toHaveProperty('snb');
    expect(last.populationUniqueness.dankar).toBeCloseTo(0.0389, 4);
    expect(last.prosecutor.highest).toBe(1);
    expect(last.prosecutor.average).toBeCloseTo(0.6466, 4);
    expect(last.prosecutor.recordsAbove['0.2']).toBeCloseTo(0.778, 3);
    expect(last.journalist).toHaveProperty('recordsAbove');
    expect(typeof last.marketer).toBe('number');
  }, 60_000);

  it('rejects an unknown column as a usage error (exit code 2)', async () => {
    const e = await runRisk({ input: 'data/adult/adult.csv', qi: ['nope'] }).catch((x) => x);
    expect(e).toBeInstanceOf(WumingError);
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toContain('column "nope"');
  });

  it('wuming attack --json prints the contract object and writes per-record results', async () => {
    const out = join(dir, 'per.csv');
    const { stdout } = await cli([
      'attack',
      '--released',
      'test/risk/fixtures/released.csv',
      '--auxiliary',
      'test/risk/fixtures/auxiliary.csv',
      '--on',
      'age,zip,edu,birth',
      '--id',
      'id',
      '--hierarchies',
      'test/risk/fixtures/hier',
      '--out',
      out,
      '--json',
    ]);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ auxiliaryRecords: 7 });
    expect(last.uniqueMatches).toBeCloseTo(6 / 7, 12);
    expect(last.uniqueCorrectMatches).toBeCloseTo(5 / 7, 12);
    expect(last.expectedSuccessRate).toBeCloseTo(5 / 7, 12);
    expect(last.noMatch).toBeCloseTo(1 / 7, 12);
    expect((await readFile(out, 'utf8')).split('\n')[0]).toContain('matches');
  }, 60_000);

  it('runAttack without --id reports null correctness', async () => {
    const r = await runAttack({
      released: 'test/risk/fixtures/released.csv',
      auxiliary: 'test/risk/fixtures/auxiliary.csv',
      on: ['age', 'zip'],
    });
    expect(r.uniqueCorrectMatches).toBeNull();
    expect(r.auxiliaryRecords).toBe(7);
  });
});
