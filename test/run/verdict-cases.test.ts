import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../../src/china/checksums.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { readSource } from '../../src/io/read.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { applyPolicy } from '../../src/run/apply.js';
import { assessFile } from '../../src/run/report.js';
import { verifyFile } from '../../src/run/verify.js';

/** A valid resident ID (GB 11643) of Beijing Dongcheng, born 1980-1989, sequence from i. */
function residentIdWithCheckDigit(i: number): string {
  const first17 = `110101${1980 + (i % 10)}0${1 + (i % 9)}1${i % 10}${String(100 + (i % 900)).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

/**
 * The cases of issue 16, each reproduced through the real jobs (applyPolicy = `wuming anonymize
 * --policy` and the demo; assessFile = `wuming report`). Each printed "verified": true and the
 * verdict "anonymized" before the verifier and the verdict were rebuilt.
 */

const dir = mkdtempSync(join(tmpdir(), 'wuming-verdict-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

/** A deterministic pseudo-random sequence (tests must not depend on Math.random). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳'];
const DX = ['高血压', '糖尿病', '哮喘', '胃炎', '无'];

/** n people with age, sex, a region, a diagnosis and an income; `extra` adds columns per row. */
function people(n: number, seed: number, extra?: (i: number, r: () => number) => Record<string, string>) {
  const r = lcg(seed);
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      age: String(20 + Math.floor(r() * 50)),
      sex: r() < 0.5 ? '男' : '女',
      region: ['东区', '西区', '南区', '北区'][Math.floor(r() * 4)],
      diagnosis: DX[Math.floor(r() * DX.length)],
      income: String(1000 + Math.floor(r() * 40) * 250),
      ...extra?.(i, r),
    });
  }
  return rows;
}

function csv(name: string, rows: Record<string, string>[]): string {
  const cols = Object.keys(rows[0]);
  const path = join(dir, name);
  writeFileSync(
    path,
    `${cols.join(',')}\n${rows
      .map((row) =>
        cols
          .map((c) => JSON.stringify(row[c]).slice(1, -1))
          .map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v))
          .join(','),
      )
      .join('\n')}\n`,
  );
  return path;
}

const HIER = [
  'hierarchies:',
  '  age: { type: intervals, widths: [10, 20, 40] }',
  '  sex: { type: flat }',
  '  region: { type: flat }',
].join('\n');
const QI = [
  '  age: { role: quasi_identifier, action: generalize, hierarchy: age }',
  '  sex: { role: quasi_identifier, action: generalize, hierarchy: sex }',
  '  region: { role: quasi_identifier, action: generalize, hierarchy: region }',
].join('\n');

async function apply(input: string, policyText: string) {
  const source = await readSource(engine, input);
  const policy = parsePolicy(policyText, 'policy.yaml');
  return applyPolicy({
    engine,
    source,
    policy,
    out: join(dir, `out-${Math.random().toString(36).slice(2)}.csv`),
  });
}

describe('issue 16: the verdict judged from the data', () => {
  it('case 1: models on two sensitive columns are each enforced on their own column', async () => {
    const input = csv('case1.csv', people(400, 1));
    const text = `columns:\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: sensitive }\n${HIER}\nprivacy: { k: 5, l: { l: 3, sensitive: diagnosis }, t: { t: 0.15, sensitive: income, distance: ordered }, suppression: 5 }`;
    const { assessment } = await apply(input, text);
    const models = assessment.checks.map((c) => [c.model, c.promised, c.verified]);
    expect(models).toEqual(
      expect.arrayContaining([
        ['distinct-3-diversity on diagnosis', true, true],
        ['ordered-distance 0.15-closeness on income', true, true],
      ]),
    );
    // Either model alone is not enough: the optimum for l alone breaks t on income and the
    // optimum for t alone breaks l on diagnosis, so the joint search enforced both.
    const only = async (privacy: string) => {
      const out = join(dir, `case1-${privacy.slice(0, 1)}.csv`);
      const source = await readSource(engine, input);
      const policy = parsePolicy(
        `columns:\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: sensitive }\n${HIER}\nprivacy: { k: 5, ${privacy}, suppression: 5 }`,
        'policy.yaml',
      );
      await applyPolicy({ engine, source, policy, out });
      return verifyFile(
        out,
        {
          qi: ['age', 'sex', 'region'],
          l: { l: 3, variant: 'distinct', sensitive: 'diagnosis' },
          t: { t: 0.15, distance: 'ordered', sensitive: 'income' },
          maxSuppressed: 20,
        },
        { engine },
      );
    };
    const lOnly = await only('l: { l: 3, sensitive: diagnosis }');
    expect(lOnly.checks.map((c) => c.verified)).toEqual([true, false]);
    const tOnly = await only('t: { t: 0.15, sensitive: income, distance: ordered }');
    expect(tOnly.checks.map((c) => c.verified)).toEqual([false, true]);
  });

  it('case 2: `report` verifies a promised t-closeness on its own column and fails the release that breaks it', async () => {
    // Class a holds only low incomes, class b only high: EMD 0.5 per class on income.
    const rows: Record<string, string>[] = [];
    for (let i = 0; i < 40; i++)
      rows.push({
        grp: i < 20 ? 'a' : 'b',
        diagnosis: DX[i % 4],
        income: String(i < 20 ? 1000 + i : 9000 + i),
      });
    const input = csv('case2.csv', rows);
    const policy = parsePolicy(
      'columns:\n  grp: { role: quasi_identifier }\n  diagnosis: { role: sensitive }\n  income: { role: sensitive }\nprivacy: { k: 5, l: { l: 2, sensitive: diagnosis }, t: { t: 0.2, sensitive: income, distance: ordered } }',
      'p.yaml',
    );
    const a = await assessFile({ input, policy, engine });
    const t = a.checks.find((c) => /closeness on income/.test(c.model));
    expect(t).toBeDefined();
    expect(t!.verified).toBe(false);
    expect(a.checks.find((c) => /diversity on diagnosis/.test(c.model))!.verified).toBe(true);
    expect(a.verdict.status).not.toBe('anonymized');
    expect(a.verdict.reasons.join(' ')).toMatch(/closeness on income/);
  });

  it('case 4: k = 1 and k = 2 are not anonymized, whatever the policy asks', async () => {
    const input = csv('case4.csv', people(300, 4));
    for (const k of [1, 2]) {
      const text = `columns:\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: sensitive }\n${HIER}\nprivacy: { k: ${k}, suppression: 0 }`;
      const { assessment } = await apply(input, text);
      expect(assessment.verdict.status).toBe('de_identified');
      expect(assessment.thresholds!.maxHighestRisk).toBe(0.2);
    }
  });

  it('case 5: five rows per person — without a subject column it is refused, with one k counts people', async () => {
    // 60 people, 5 visits each; age, sex and region are the person's; diagnosis varies per visit.
    const persons = people(60, 5, (i) => ({ id_number: residentIdWithCheckDigit(i) }));
    const rows: Record<string, string>[] = [];
    for (const p of persons)
      for (let v = 0; v < 5; v++) rows.push({ ...p, diagnosis: DX[(v + p.age.length) % 5] });
    const input = csv('case5.csv', rows);
    const base = `columns:\n  id_number: { role: direct_identifier, action: drop }\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: insensitive, action: drop }\n${HIER}\nprivacy: { k: 5, suppression: 10 }`;
    const rowsOnly = (await apply(input, base)).assessment;
    expect(rowsOnly.verdict.status).not.toBe('anonymized');
    expect(rowsOnly.verdict.reasons.join(' ')).toMatch(/person key repeats/);
    const { assessment, anonymization } = await apply(input, `${base}\nsubject: id_number`);
    // Every released class holds at least 5 people (25 rows at least), verified on the file.
    expect(assessment.checks[0]).toMatchObject({ model: '5-anonymity', verified: true });
    expect(assessment.checks[0].detail).toMatch(/subjects \(id_number\)/);
    expect(anonymization!.verification.smallestClass).toBeGreaterThanOrEqual(5);
    expect(assessment.verdict.reasons.join(' ')).not.toMatch(/person key repeats/);
  });

  it('cases 1 and 5 together: models on two sensitive columns, counted in people', async () => {
    const persons = people(80, 15, (i) => ({ id_number: residentIdWithCheckDigit(i) }));
    const rows: Record<string, string>[] = [];
    for (const p of persons) for (let v = 0; v < 3; v++) rows.push({ ...p, visit: String(v) });
    const policy = `columns:\n  id_number: { role: direct_identifier, action: drop }\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: sensitive }\n  visit: { role: insensitive }\n${HIER}\nprivacy: { k: 4, l: { l: 2, sensitive: diagnosis }, t: { t: 0.3, sensitive: income, distance: ordered }, suppression: 10 }\nsubject: id_number`;
    const { assessment, anonymization } = await apply(csv('case1-5.csv', rows), policy);
    expect(assessment.checks.map((c) => [c.model, c.verified])).toEqual([
      ['4-anonymity', true],
      ['distinct-2-diversity on diagnosis', true],
      ['ordered-distance 0.3-closeness on income', true],
    ]);
    expect(assessment.checks[0].detail).toMatch(/subjects \(id_number\)/);
    expect(anonymization!.dataPath).toBe('engine');
    // A diagnosis per visit is several sensitive values per person: refused with the column
    // named, not searched with class sizes that count a person once per value.
    const perVisit = rows.map((r, i) => ({ ...r, diagnosis: DX[i % 5] }));
    await expect(apply(csv('case1-5v.csv', perVisit), policy)).rejects.toThrow(
      /sensitive column "diagnosis" takes more than one value for some subjects/,
    );
  });

  it('case 6: identifiers in free text and exact coordinates kept by the policy block "anonymized"', async () => {
    const r = lcg(6);
    const input = csv(
      'case6.csv',
      people(300, 6, (i) => ({
        notes: `客户${SURNAMES[i % 10]}${GIVEN[i % 12]}来电，手机${13800000000 + Math.floor(r() * 99999999)}，要求回访`,
        gps: `${(30 + r()).toFixed(6)},${(120 + r()).toFixed(6)}`,
      })),
    );
    const text = `columns:\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: insensitive, action: drop }\n  notes: { role: insensitive }\n  gps: { role: insensitive }\n${HIER}\nprivacy: { k: 5, l: { l: 2, sensitive: diagnosis }, suppression: 10 }`;
    const { assessment } = await apply(input, text);
    expect(assessment.verdict.status).toBe('raw_personal_information');
    const notes = assessment.findings!.find((f) => f.column === 'notes');
    expect(notes?.types).toEqual(expect.arrayContaining(['CN_MOBILE']));
    expect(assessment.findings!.find((f) => f.column === 'gps')?.kind).toBe('near_unique');
    expect(assessment.verdict.reasons.join(' ')).toMatch(/"notes"/);
  });

  it('case 6: a resident-ID column labelled insensitive still shows valid check digits: not anonymized', async () => {
    const input = csv(
      'case6b.csv',
      people(300, 7, (i) => ({ token: residentIdWithCheckDigit(1000 + i) })),
    );
    const text = `columns:\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: insensitive, action: drop }\n  token: { role: insensitive }\n${HIER}\nprivacy: { k: 5, l: { l: 2, sensitive: diagnosis }, suppression: 10 }`;
    const { assessment } = await apply(input, text);
    expect(assessment.verdict.status).not.toBe('anonymized');
    expect(assessment.verdict.reasons.join(' ')).toMatch(/"token".*CN_RESIDENT_ID/);
  });

  it('case 7: income kept exact singles people out by linkage; one-diagnosis classes fail inference', async () => {
    const input = csv('case7.csv', people(500, 8));
    const text = `columns:\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: sensitive }\n${HIER}\nprivacy: { k: 5, suppression: 10 }`;
    const { assessment } = await apply(input, text);
    expect(assessment.verdict.status).toBe('de_identified');
    const a29 = assessment.article29!;
    expect(a29.linkability.source).toBe('attack');
    expect(a29.linkability.linkedShare!).toBeGreaterThan(0.05);
    expect(a29.linkability.passed).toBe(false);
    expect(assessment.verdict.reasons.join(' ')).toMatch(/linkability/);

    // Every class shares one diagnosis: class membership discloses it.
    const rows = people(200, 9).map((p) => ({ ...p, diagnosis: p.sex === '男' ? '高血压' : '糖尿病' }));
    const hom = csv('case7b.csv', rows);
    const text2 = `columns:\n${QI}\n  diagnosis: { role: sensitive }\n  income: { role: insensitive, action: drop }\n${HIER}\nprivacy: { k: 5, suppression: 10 }`;
    const b = (await apply(hom, text2)).assessment;
    const inf = b.article29!.inference;
    expect(inf.passed).toBe(false);
    expect(inf.attributes[0]).toMatchObject({ attribute: 'diagnosis' });
    expect(inf.attributes[0].inferredShare).toBeGreaterThan(0.9);
    expect(b.verdict.status).toBe('de_identified');
    expect(b.verdict.reasons.join(' ')).toMatch(/inference: diagnosis/);
  });
});
