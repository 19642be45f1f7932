import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../src/dp/ledger.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { PolicyError, parsePolicy } from '../../src/policy/index.js';
import { seededRandom } from '../../src/random.js';
import { runDpPolicy } from '../../src/run/dp.js';

/** The policy's `release:` section: validation (every problem at once, with lines), and runs. */
const dir = mkdtempSync(join(tmpdir(), 'wuming-dp-policy-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

const problemsOf = (f: () => unknown): PolicyError => {
  try {
    f();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('no error');
};

const good = `release:
  privacyUnit: pid
  maxContributions: 2
  epsilon: 0.5
  delta: 1e-6
  budget: { epsilon: 3 }
  keys:
    city: [Beijing, Shanghai, Guangzhou]
  queries:
    - { query: count, by: [city] }
    - { query: mean, column: income, bounds: [0, 5000], by: [band], epsilon: 1, name: mean income by band }
    - { query: histogram, column: income, bounds: [0, 5000], bins: 5 }
    - { query: quantile, column: income, bounds: [0, 5000], quantiles: [0.5], candidates: 500, by: [city] }
`;

describe('release: in the policy', () => {
  it('a release-only file needs no columns for dp, and defaults are filled in', () => {
    const p = parsePolicy(good, 'r.yaml', { releaseOnly: true });
    expect(p.release?.queries).toHaveLength(4);
    expect(p.release?.mechanism).toBe('laplace');
    expect(p.release?.queries[2]).toMatchObject({ query: 'histogram', bins: 5 });
    // anonymize still needs its columns
    expect(problemsOf(() => parsePolicy(good, 'r.yaml')).problems.map((x) => x.key)).toEqual(['columns']);
  });

  it('reports every problem at once, each with its line and key', () => {
    const bad = `release:
  privacyUnit: pid
  mechanism: laplace
  keys:
    city: { hierarchy: city }
  queries:
    - { query: count, by: [city] }
    - { query: sum, column: income, bounds: [10, 0], epsilon: 1 }
    - { query: mean, column: income, bounds: [0, 10], by: [band], epsilon: 1 }
    - { query: median, column: income, epsilon: 1 }
    - { query: histogram, column: income, bounds: [0, 10], bins: 0, epsilon: 1, colour: red }
hierarchies:
  city: { type: auto }
`;
    const e = problemsOf(() => parsePolicy(bad, 'bad.yaml', { releaseOnly: true }));
    const got = e.problems.map((p) => `${p.line} ${p.key}: ${p.message}`);
    expect(got).toEqual([
      expect.stringMatching(
        /^5 release\.keys\.city\.hierarchy: hierarchy "city" is built from the data's values/,
      ),
      expect.stringMatching(/^7 release\.queries\.0: no ε for this query/),
      expect.stringMatching(/^8 release\.queries\.1\.bounds: bounds must be \[LO, HI\] with LO < HI/),
      expect.stringMatching(/^9 release\.queries\.2\.by: grouping by band needs public keys/),
      expect.stringMatching(/^10 release\.queries\.3\.query: /),
      expect.stringMatching(/^11 release\.queries\.4\.bins: /),
      expect.stringMatching(/^11 release\.queries\.4\.colour: unknown key "colour"/),
    ]);
    expect(e.describe()).toContain('bad.yaml:8 key "release.queries.1.bounds"');
  });

  it('needs a privacy unit, from the release or the subject', () => {
    const e = problemsOf(() =>
      parsePolicy('release:\n  epsilon: 1\n  queries:\n    - { query: count }\n', 'u.yaml', {
        releaseOnly: true,
      }),
    );
    expect(e.problems[0]).toMatchObject({
      line: 2,
      key: 'release',
      message: expect.stringMatching(/privacy unit/),
    });
  });
});

/** 300 people in Beijing and Shanghai (band a/b), one alone in Lhasa, one with 500 rows. */
function data(): string {
  const lines = ['pid,city,band,income'];
  for (let i = 0; i < 300; i++)
    lines.push(`p${i},${i % 2 ? 'Shanghai' : 'Beijing'},${i % 3 ? 'a' : 'b'},${1000 + (i % 7) * 100}`);
  lines.push('lonely,Lhasa,a,4000');
  for (let j = 0; j < 500; j++) lines.push('heavy,Beijing,a,4900');
  return `${lines.join('\n')}\n`;
}

describe('wuming dp --policy', () => {
  const sub = join(dir, 'run');
  mkdirSync(sub, { recursive: true });
  const input = join(sub, 'people.csv');
  writeFileSync(input, data());

  it('runs every query as one release: one charge, keys public or selected, results named', async () => {
    const policy = join(sub, 'release.yaml');
    writeFileSync(policy, good);
    const ledger = join(sub, 'ledger.json');
    const out = join(sub, 'stats.csv');
    const r = await runDpPolicy({ input, policy, ledger, out, engine, random: seededRandom(1) });
    // 0.5 + 1 + 0.5 + 0.5 by sequential composition; δ spent only by the mean's private selection
    expect(r.epsilon).toBe(2.5);
    expect(r.delta).toBe(1e-6);
    expect(r.budgetRemaining).toBeCloseTo(0.5, 12);
    const l = await readLedger(ledger);
    const ds = Object.values(l.datasets)[0];
    expect(ds.releases.map((x) => x.epsilon)).toEqual([0.5, 1, 0.5, 0.5]);
    expect(ds.releases.map((x) => x.query)).toContain('mean income by band');
    // a key only in the data (Lhasa) is never released where the keys are public
    const counts = r.results.filter((x) => x.name === 'count by city');
    expect(counts.map((x) => x.group.city)).toEqual(['Beijing', 'Shanghai', 'Guangzhou']);
    const medians = r.results.filter((x) => x.query === 'quantile');
    expect(medians.map((x) => x.group.city)).toEqual(['Beijing', 'Shanghai', 'Guangzhou']);
    expect(r.results.filter((x) => x.query === 'count' && 'income' in x.group)).toHaveLength(5);
    for (const x of r.results) {
      expect(x.name).toBeTruthy();
      expect(x.scale).toBeGreaterThan(0);
      expect(x.ci95[0]).toBeLessThanOrEqual(x.ci95[1]);
    }
    const ev = JSON.parse(readFileSync(`${out}.dp.json`, 'utf8'));
    expect(ev).toMatchObject({
      kind: 'dp-release',
      policy,
      privacyUnit: 'pid',
      contributionBound: 2,
      guarantee: { epsilon: 2.5, delta: 1e-6 },
    });
    expect(ev.queries).toHaveLength(4);
    expect(ev.query).toBeUndefined();
    expect(ev.statement).toMatch(/^This release of 4 queries satisfies \(ε = 2\.5, δ = 0\.000001\)/);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'name,city,band,income,query,quantile,value,scale,ci95_low,ci95_high',
    );
  });

  it('refuses over budget as a whole: ledger unchanged, nothing written', async () => {
    const policy = join(sub, 'release.yaml');
    const ledger = join(sub, 'ledger.json');
    const before = readFileSync(ledger);
    const out = join(sub, 'again.csv');
    await expect(runDpPolicy({ input, policy, ledger, out, engine })).rejects.toMatchObject({
      code: 'DP_BUDGET_EXCEEDED',
      message: expect.stringMatching(/needs ε = 2\.5, δ = 0\.000001 \(4 queries\) but 0\.5 ε of 3 remains/),
    });
    expect(readFileSync(ledger).equals(before)).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.dp.json`)).toBe(false);
  });

  it('names every column the data lacks at once, with its line, and charges nothing', async () => {
    const policy = join(sub, 'typos.yaml');
    writeFileSync(
      policy,
      good.replace(
        'column: income, bounds: [0, 5000], by: [band]',
        'column: incme, bounds: [0, 5000], by: [bnd]',
      ),
    );
    const ledger = join(sub, 'typos-ledger.json');
    const e = await runDpPolicy({ input, policy, ledger, engine }).catch((x) => x);
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).problems.map((p) => `${p.line} ${p.key}`)).toEqual([
      '11 release.queries.1.column',
      '11 release.queries.1.by.0',
    ]);
    expect(existsSync(ledger)).toBe(false);
  });

  it('public keys from an ARX hierarchy file named in the policy', async () => {
    mkdirSync(join(sub, 'h'), { recursive: true });
    writeFileSync(join(sub, 'h', 'city.csv'), 'Beijing;North;*\nShanghai;East;*\nChengdu;West;*\n');
    const policy = join(sub, 'hier.yaml');
    writeFileSync(
      policy,
      `release:
  privacyUnit: pid
  epsilon: 1000000
  keys:
    city: { hierarchy: city }
  queries:
    - { query: count, by: [city] }
hierarchies:
  city: { file: h/city.csv }
`,
    );
    const r = await runDpPolicy({
      input,
      policy,
      ledger: join(sub, 'h-ledger.json'),
      engine,
      random: seededRandom(2),
    });
    expect(r.results.map((x) => [x.group.city, x.value])).toEqual([
      ['Beijing', 151],
      ['Shanghai', 150],
      ['Chengdu', 0],
    ]);
  });

  it('the CLI keeps the --json contract with --policy and refuses flags that would contradict it', () => {
    const policy = join(sub, 'release.yaml');
    const ledger = join(sub, 'cli-ledger.json');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['dist/cli/main.js', 'dp', input, '--ledger', ledger, ...args], {
        encoding: 'utf8',
      });
    const ok = cli('--policy', policy, '--json');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const last = JSON.parse(ok.stdout.trim().split('\n').pop()!);
    expect(Object.keys(last).slice(0, 4)).toEqual(['epsilon', 'delta', 'results', 'budgetRemaining']);
    expect(last.epsilon).toBe(2.5);
    const clash = cli('--policy', policy, '--epsilon', '1', '--count');
    expect(clash.status).toBe(2);
    expect(clash.stderr).toMatch(/drop --epsilon, --count/);
    const none = cli('--epsilon', '1', '--count');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/required option '--privacy-unit <col\|row>' not specified/);
  });
});
