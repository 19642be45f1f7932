/**
 * Issue 16, case 8: `wuming attack` on an output whose region column holds macro-region labels
 * (西南 ...) matched them against the original region codes as plain text: no auxiliary record
 * matched a generalized row, so the attack reported about 2.5 % correct unique matches where
 * linking through the hierarchy finds 60-85 % (income kept at full precision singles people out),
 * and flagged nothing as undecided.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import { readSource } from '../../src/io/read.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { applyPolicy } from '../../src/run/apply.js';
import { runAttack } from '../../src/run/attack.js';
import { generate } from '../../src/sample/generate.js';

const ON = ['region_code', 'birth_date', 'sex', 'education', 'income'];
const POLICY = `version: 1
columns:
  person_id: {role: insensitive, action: keep}
  region_code: {role: quasi_identifier, action: generalize, hierarchy: region_code}
  birth_date: {role: quasi_identifier, action: generalize, hierarchy: birth_date}
  sex: {role: quasi_identifier, action: generalize, hierarchy: sex}
  education: {role: quasi_identifier, action: generalize, hierarchy: education}
  income: {role: sensitive, action: keep}
hierarchies:
  region_code: {type: auto}
  birth_date: {type: dates}
  sex: {type: auto}
  education: {type: auto}
privacy:
  k: 2
  suppression: 5
`;

describe('attack on macro-region labels (issue 16 case 8)', () => {
  let dir: string;
  let raw: string;
  let released: string;
  let policy: string;
  let decoded: Awaited<ReturnType<typeof runAttack>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wuming-case8-'));
    raw = join(dir, 'people.csv');
    released = join(dir, 'released.csv');
    policy = join(dir, 'policy.yaml');
    const lines = ['person_id,region_code,birth_date,sex,education,income'];
    for (const p of generate({ rows: 4000, seed: 8 }))
      lines.push([p.person_id, p.region_code, p.birth_date, p.sex, p.education, p.income].join(','));
    await writeFile(raw, `${lines.join('\n')}\n`);
    await writeFile(policy, POLICY);
    const engine = await createEngine();
    try {
      await applyPolicy({
        engine,
        source: await readSource(engine, raw),
        policy: parsePolicy(POLICY, policy),
        policyFile: policy,
        out: released,
      });
    } finally {
      await engine.close();
    }
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the release really carries macro-region labels', async () => {
    const engine = await createEngine();
    try {
      const rows = await engine.query(
        `SELECT DISTINCT region_code AS r FROM read_csv('${released}', all_varchar=true) ORDER BY 1`,
      );
      expect(rows.map((r) => r.r)).toContain('西南');
    } finally {
      await engine.close();
    }
  });

  it('decodes the labels through the policy hierarchies: most records singled out', async () => {
    const r = await runAttack({ released, auxiliary: raw, on: ON, id: 'person_id', policy });
    decoded = r;
    expect(r.undecidedRecords).toBe(0);
    expect(r.decoded.region_code).toBeGreaterThanOrEqual(6);
    expect(r.correctInMatches).toBe(1);
    // every auxiliary record's true record is among its matches: unique ⇒ correct
    expect(r.uniqueCorrectMatches).toBe(r.uniqueMatches);
    expect(r.uniqueCorrectMatches!).toBeGreaterThan(0.5);
    expect(r.uniqueCorrectMatches!).toBeLessThan(0.95);
    expect(r.noMatch).toBe(0);
  }, 60_000);

  it('without hierarchies the labels are undecided, never "no match", and the upper bound shows the risk', async () => {
    const r = await runAttack({ released, auxiliary: raw, on: ON, id: 'person_id' });
    expect(r.noMatch).toBe(0);
    expect(r.undecided.region_code).toBeGreaterThanOrEqual(6);
    // only rows whose region was suppressed to * are decided
    expect(r.undecidedRecords).toBeGreaterThan(0.9);
    expect(r.uniqueMatches + r.undecidedRecords + r.matchSizes[2].share).toBeLessThanOrEqual(1 + 1e-12);
    expect(r.bounds.uniqueCorrectMatches!.low).toBeLessThanOrEqual(decoded.uniqueCorrectMatches!);
    expect(r.bounds.uniqueCorrectMatches!.high).toBeGreaterThanOrEqual(decoded.uniqueCorrectMatches!);
    expect(r.bounds.expectedSuccessRate.high).toBeGreaterThanOrEqual(decoded.expectedSuccessRate);
  }, 60_000);

  it('the same through --hierarchies DIR (ARX files the user saved)', async () => {
    // the region hierarchy as an ARX file: code;macro-region;* for the codes in the data
    const engine = await createEngine();
    try {
      const src = await readSource(engine, raw);
      const { policyHierarchies } = await import('../../src/run/attack.js');
      const built = await policyHierarchies(engine, src, policy, ['region_code']);
      const { toArxCsv } = await import('../../src/hierarchy/arx.js');
      await writeFile(join(dir, 'region_code.csv'), toArxCsv(built.region_code.hierarchy));
    } finally {
      await engine.close();
    }
    const r = await runAttack({
      released,
      auxiliary: raw,
      on: ON,
      id: 'person_id',
      hierarchiesDir: dir,
      policy,
    });
    expect(r.hierarchies.region_code).toBe(join(dir, 'region_code.csv'));
    expect(r.undecidedRecords).toBe(0);
    expect(r.uniqueCorrectMatches!).toBeGreaterThan(0.5);
  }, 60_000);
});
