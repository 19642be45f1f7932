import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateLaplace } from '../../src/dp/additive.js';
import { dpAggregate } from '../../src/dp/aggregates.js';
import { selectionDelta, selectionThreshold, selectPartitions } from '../../src/dp/partition-selection.js';
import { fromDecimal } from '../../src/dp/rational.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { readSource } from '../../src/io/read.js';
import { seededRandom } from '../../src/random.js';
import { runDp } from '../../src/run/dp.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-dp-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

/** 100 people with one row each, plus (optionally) one person with 1,000 rows. */
function people(heavy: boolean): string {
  const lines = ['pid,city,income'];
  for (let i = 0; i < 100; i++) lines.push(`p${i},${i % 2 ? 'Shanghai' : 'Beijing'},${1000 + i}`);
  if (heavy) for (let j = 0; j < 1000; j++) lines.push(`heavy,Shanghai,90000`);
  return `${lines.join('\n')}\n`;
}

async function load(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readSource(engine, path);
}

describe('contribution bounding', () => {
  it('one person with 1,000 rows moves a count by at most the bound', async () => {
    const without = await load('without.csv', people(false));
    const withHeavy = await load('with.csv', people(true));
    // ε so large that the discrete Laplace noise (scale 5/10^6) is 0 with overwhelming probability
    const run = (rel: typeof without) =>
      dpAggregate(engine, rel, {
        query: { kind: 'count' },
        privacyUnit: 'pid',
        maxContributions: 5,
        epsilon: 1_000_000,
        random: seededRandom(1),
      });
    const a = await run(without);
    const b = await run(withHeavy);
    expect(a.results[0].value).toBe(100);
    expect(b.results[0].value - a.results[0].value).toBe(5);
    // the sum is bounded by 5 rows × the clamp bound, whatever the person's 1,000 rows say
    const sum = (rel: typeof without) =>
      dpAggregate(engine, rel, {
        query: { kind: 'sum', column: 'income', bounds: [0, 2000] },
        privacyUnit: 'pid',
        maxContributions: 5,
        epsilon: 1_000_000,
        random: seededRandom(2),
      });
    const s0 = (await sum(without)).results[0].value;
    const s1 = (await sum(withHeavy)).results[0].value;
    expect(s1 - s0).toBe(5 * 2000);
    // 'row' as the unit: each row counts once and the bound is 1
    const rows = await dpAggregate(engine, withHeavy, {
      query: { kind: 'count' },
      privacyUnit: 'row',
      epsilon: 1_000_000,
      random: seededRandom(3),
    });
    expect(rows.results[0].value).toBe(1100);
    expect(rows.contributionBound).toBe(1);
  });

  it('noise scale follows the bound: scale = C/ε for counts and C·max|bound|/ε for sums', async () => {
    const rel = await load('scale.csv', people(true));
    const r = await dpAggregate(engine, rel, {
      query: { kind: 'count', by: ['city'] },
      privacyUnit: 'pid',
      maxContributions: 5,
      epsilon: 0.5,
      publicKeys: [['Beijing'], ['Shanghai'], ['Guangzhou']],
      random: seededRandom(4),
    });
    expect(r.results.map((x) => x.scale)).toEqual([10, 10, 10]);
    // a public key absent from the data is still released (as noise around 0)
    expect(r.results.map((x) => x.group.city)).toEqual(['Beijing', 'Shanghai', 'Guangzhou']);
    const s = await dpAggregate(engine, rel, {
      query: { kind: 'sum', column: 'income', bounds: [-10, 2000] },
      privacyUnit: 'pid',
      maxContributions: 5,
      epsilon: 0.5,
      random: seededRandom(5),
    });
    expect(s.results[0].scale).toBeCloseTo((5 * 2000) / 0.5, 6);
  });
});

describe('partition selection', () => {
  it('matches its threshold formula and achieves δ', () => {
    for (const [C, b, d] of [
      [1, 1, 1e-6],
      [5, 10, 1e-8],
      [3, 0.5, 0.01],
    ]) {
      const tau = selectionThreshold(C, b, d);
      expect(selectionDelta(C, b, tau)).toBeLessThanOrEqual(d);
      expect(selectionDelta(C, b, tau - 1)).toBeGreaterThan(d);
    }
  });

  it("releases a key held by one person at δ's rate and never below the threshold", () => {
    const rng = seededRandom(6);
    const counts = new Map([
      ['["common"]', 300n],
      ['["rare"]', 1n],
    ]);
    const cal = calibrateLaplace(1n, fromDecimal(1));
    const delta = 0.05;
    const trials = 20_000;
    let rare = 0;
    let common = 0;
    let tau = 0;
    for (let t = 0; t < trials; t++) {
      const sel = selectPartitions(rng, counts, cal, 1, delta);
      tau = sel.threshold;
      for (const [k, v] of sel.released) {
        expect(v).toBeGreaterThanOrEqual(BigInt(tau));
        if (k === '["rare"]') rare++;
        else common++;
      }
    }
    expect(common).toBe(trials);
    // the rare key (true count 1) passes with probability P[Z ≥ τ − 1] = δ(τ) ≤ δ
    const p = selectionDelta(1, 1, tau);
    expect(p).toBeLessThanOrEqual(delta);
    expect(Math.abs(rare / trials - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / trials));
  });

  it('through the engine: data-only keys pass only by selection, and public keys shut them out', async () => {
    const lines = ['pid,key'];
    for (let i = 0; i < 300; i++) lines.push(`p${i},common`);
    lines.push('lonely,rare');
    const rel = await load('keys.csv', `${lines.join('\n')}\n`);
    const rng = seededRandom(12);
    const r = await dpAggregate(engine, rel, {
      query: { kind: 'count', by: ['key'] },
      privacyUnit: 'pid',
      epsilon: 1,
      delta: 1e-9,
      random: rng,
    });
    expect(r.keys).toMatchObject({ kind: 'private', threshold: selectionThreshold(1, 1, 1e-9) });
    expect(r.results.map((x) => x.group.key)).toEqual(['common']);
    const pub = await dpAggregate(engine, rel, {
      query: { kind: 'count', by: ['key'] },
      privacyUnit: 'pid',
      epsilon: 1,
      publicKeys: [['common']],
      random: rng,
    });
    expect(pub.results.map((x) => x.group.key)).toEqual(['common']);
  });
});

describe('accuracy statements', () => {
  it('95 % intervals of noisy counts cover the truth about 95 % of the time', async () => {
    const lines = ['v'];
    for (let i = 0; i < 500; i++) lines.push(String(i % 50));
    const rel = await load('cover.csv', `${lines.join('\n')}\n`);
    const rng = seededRandom(7);
    let inside = 0;
    let total = 0;
    for (let t = 0; t < 40; t++) {
      const r = await dpAggregate(engine, rel, {
        query: { kind: 'histogram', column: 'v', bounds: [0, 50], bins: 50 },
        privacyUnit: 'row',
        epsilon: 0.3,
        random: rng,
      });
      for (const x of r.results) {
        total++;
        if (x.ci95[0] <= 10 && 10 <= x.ci95[1]) inside++;
      }
    }
    expect(inside / total).toBeGreaterThan(0.93);
    expect(inside / total).toBeLessThan(0.99);
  });

  it('mean and quantile land near the truth with their intervals around them', async () => {
    const lines = ['pid,x'];
    for (let i = 0; i < 2000; i++) lines.push(`p${i},${i % 101}`);
    const rel = await load('mean.csv', `${lines.join('\n')}\n`);
    const m = await dpAggregate(engine, rel, {
      query: { kind: 'mean', column: 'x', bounds: [0, 100] },
      privacyUnit: 'pid',
      epsilon: 1,
      random: seededRandom(8),
    });
    const truth = 49.5;
    expect(Math.abs(m.results[0].value - truth)).toBeLessThan(1);
    expect(m.results[0].ci95[0]).toBeLessThanOrEqual(truth);
    expect(m.results[0].ci95[1]).toBeGreaterThanOrEqual(truth);
    const q = await dpAggregate(engine, rel, {
      query: { kind: 'quantile', column: 'x', bounds: [0, 100], quantiles: [0.5], candidates: 100 },
      privacyUnit: 'pid',
      epsilon: 1,
      random: seededRandom(9),
    });
    expect(Math.abs(q.results[0].value - 50)).toBeLessThanOrEqual(3);
    expect(q.results[0].ci95[0]).toBeLessThanOrEqual(q.results[0].value);
  });
});

describe('runDp and `wuming dp` (ledger, evidence, refusal)', () => {
  it('charges the ledger, writes evidence, and refuses over budget with nothing released', async () => {
    const input = join(dir, 'people.csv');
    writeFileSync(input, people(true));
    const ledger = join(dir, 'ledger.json');
    const out = join(dir, 'counts.csv');
    const r = await runDp({
      input,
      query: { kind: 'count', by: ['city'] },
      privacyUnit: 'pid',
      maxContributions: 5,
      epsilon: 0.6,
      delta: 1e-6,
      budget: 1,
      ledger,
      out,
      engine,
      random: seededRandom(10),
    });
    expect(r.budgetRemaining).toBeCloseTo(0.4, 12);
    const ev = JSON.parse(readFileSync(`${out}.dp.json`, 'utf8'));
    expect(ev).toMatchObject({
      kind: 'dp-release',
      privacyUnit: 'pid',
      contributionBound: 5,
      guarantee: { epsilon: 0.6, delta: 1e-6 },
      keys: { kind: 'private' },
    });
    expect(ev.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'city,query,quantile,value,scale,ci95_low,ci95_high',
    );
    const before = readFileSync(ledger);
    const refused = join(dir, 'refused.csv');
    await expect(
      runDp({
        input,
        query: { kind: 'count' },
        privacyUnit: 'pid',
        epsilon: 0.5,
        ledger,
        out: refused,
        engine,
      }),
    ).rejects.toMatchObject({ code: 'DP_BUDGET_EXCEEDED' });
    expect(readFileSync(ledger).equals(before)).toBe(true);
    expect(existsSync(refused)).toBe(false);
    expect(existsSync(`${refused}.dp.json`)).toBe(false);
  });

  it('the CLI keeps the --json contract and exits non-zero with no stdout when over budget', () => {
    const input = join(dir, 'cli.csv');
    writeFileSync(input, people(false));
    const ledger = join(dir, 'cli-ledger.json');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['dist/cli/main.js', 'dp', input, '--ledger', ledger, ...args], {
        encoding: 'utf8',
      });
    const ok = cli(
      '--privacy-unit',
      'pid',
      '--epsilon',
      '0.7',
      '--count-by',
      'city',
      '--delta',
      '1e-5',
      '--budget',
      '1',
      '--json',
    );
    expect(ok.status).toBe(0);
    const last = JSON.parse(ok.stdout.trim().split('\n').pop()!);
    expect(Object.keys(last).slice(0, 4)).toEqual(['epsilon', 'delta', 'results', 'budgetRemaining']);
    expect(last.epsilon).toBe(0.7);
    expect(last.delta).toBe(1e-5);
    expect(last.budgetRemaining).toBeCloseTo(0.3, 12);
    for (const x of last.results) {
      expect(Object.keys(x.group)).toEqual(['city']);
      expect(x.ci95[0]).toBeLessThanOrEqual(x.value);
      expect(x.ci95[1]).toBeGreaterThanOrEqual(x.value);
      expect(x.scale).toBe(1 / 0.7);
    }
    const before = readFileSync(ledger);
    // negative bounds pass through commander as a value
    const over = cli(
      '--privacy-unit',
      'pid',
      '--epsilon',
      '0.31',
      '--mean',
      'income',
      '--bounds',
      '-5,2000',
      '--json',
    );
    expect(over.status).not.toBe(0);
    expect(over.stdout).toBe('');
    expect(over.stderr).toMatch(/privacy budget exceeded/);
    expect(readFileSync(ledger).equals(before)).toBe(true);
    const bad = cli('--privacy-unit', 'nobody', '--epsilon', '0.01', '--count');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/column "nobody"/);
  });
});
