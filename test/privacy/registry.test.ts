import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { betaLikeness } from '../../src/privacy/beta-likeness.js';
import {
  deltaPresence,
  distinctLDiversity,
  entropyLDiversity,
  equalDistanceTCloseness,
  hierarchicalDistanceTCloseness,
  kAnonymity,
  kMap,
  orderedDistanceTCloseness,
  type PrivacyModel,
  recursiveCLDiversity,
} from '../../src/privacy/index.js';
import { REFERENCE_CHECKS } from '../../src/privacy/registry.js';
import { type OutputGroups, type VerifyGroupsOptions, verifyGroups } from '../../src/privacy/verify.js';

/**
 * Every privacy model must have a reference check in the verifier, and a case that must pass and
 * one that must fail it: a verifier tested only on outputs that pass proves nothing (issue 16,
 * case 3: forcing the hierarchical t-closeness, δ-presence or k-map check to pass failed no test).
 * scripts/mutate-verifier.ts forces each check to pass in turn and expects this suite to go red.
 */

/** Groups from rows of [qi, sensitive] (one row = one record). */
function groups(rows: [string, string][]): OutputGroups {
  const counts = new Map<string, number>();
  for (const [q, s] of rows) counts.set(`${q}\u0000${s}`, (counts.get(`${q}\u0000${s}`) ?? 0) + 1);
  const keys = [...counts.keys()].map((k) => k.split('\u0000'));
  return {
    rowCount: keys.length,
    columns: [keys.map((k) => k[0]), keys.map((k) => k[1])],
    counts: [...counts.values()],
  };
}
const rows = (cls: string, values: string[]): [string, string][] => values.map((v) => [cls, v]);

// A taxonomy of diagnoses: leaves → organ group → '*'.
const dx: Hierarchy = {
  column: 'dx',
  leaves: ['flu', 'cold', 'ulcer', 'gastritis'],
  maps: [Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 0, 0, 0])],
  labels: [['flu', 'cold', 'ulcer', 'gastritis'], ['respiratory', 'digestive'], ['*']],
  origin: 'test',
};

interface Case {
  model: PrivacyModel;
  pass: OutputGroups;
  fail: OutputGroups;
  opts?: Partial<VerifyGroupsOptions>;
  /** Population counts per class for the passing and the failing case (δ-presence, k-map). */
  population?: [Map<string, number>, Map<string, number>];
}

const CASES: Record<string, Case> = {
  'k-anonymity': {
    model: kAnonymity(3),
    pass: groups([...rows('a', ['x', 'x', 'x']), ...rows('b', ['x', 'y', 'z'])]),
    fail: groups([...rows('a', ['x', 'x', 'x']), ...rows('b', ['x', 'y'])]),
  },
  'distinct-l-diversity': {
    model: distinctLDiversity('dx', 2),
    pass: groups([...rows('a', ['flu', 'cold']), ...rows('b', ['ulcer', 'flu', 'flu'])]),
    fail: groups([...rows('a', ['flu', 'cold']), ...rows('b', ['ulcer', 'ulcer'])]),
  },
  'entropy-l-diversity': {
    // Two equally frequent values: entropy log 2, exactly l = 2. 3:1 has entropy < log 2.
    model: entropyLDiversity('dx', 2),
    pass: groups([...rows('a', ['flu', 'cold']), ...rows('b', ['ulcer', 'flu', 'ulcer', 'flu'])]),
    fail: groups([...rows('a', ['flu', 'cold']), ...rows('b', ['ulcer', 'ulcer', 'ulcer', 'flu'])]),
  },
  'recursive-cl-diversity': {
    // (c=2, l=2): r1 < 2 · (r2 + …). 2 < 2·(1+1) holds; 3 < 2·1 does not.
    model: recursiveCLDiversity('dx', 2, 2),
    pass: groups(rows('a', ['flu', 'flu', 'cold', 'ulcer'])),
    fail: groups(rows('a', ['flu', 'flu', 'flu', 'cold'])),
  },
  't-closeness-equal': {
    // Overall flu/cold 1/2 each. Class (1/2, 1/2): distance 0; class (1, 0): 1/2 > 0.3.
    model: equalDistanceTCloseness('dx', 0.3),
    pass: groups([...rows('a', ['flu', 'cold']), ...rows('b', ['flu', 'cold'])]),
    fail: groups([...rows('a', ['flu', 'flu']), ...rows('b', ['cold', 'cold'])]),
  },
  't-closeness-ordered': {
    // Incomes 1,2,3,10 one each overall. Classes {1,3},{2,10}: cumulative diffs ¼,0,¼ /3 = 1/6;
    // classes {1,2},{3,10}: ¼,½,¼ /3 = 1/3 > 0.2.
    model: orderedDistanceTCloseness('dx', 0.2),
    pass: groups([...rows('a', ['1', '3']), ...rows('b', ['2', '10'])]),
    fail: groups([...rows('a', ['1', '2']), ...rows('b', ['3', '10'])]),
  },
  't-closeness-hierarchical': {
    // Overall: one of each leaf. Class {flu, ulcer}: the extra mass moves within no subtree… each
    // organ group has +¼/−¼, matched at level 1 (cost ½): EMD ¼·½·2 = ¼ ≤ 0.3. Class {flu, cold}:
    // the respiratory surplus ½ must cross the root (cost 1): EMD ½ > 0.3.
    model: hierarchicalDistanceTCloseness('dx', 0.3),
    pass: groups([...rows('a', ['flu', 'ulcer']), ...rows('b', ['cold', 'gastritis'])]),
    fail: groups([...rows('a', ['flu', 'cold']), ...rows('b', ['ulcer', 'gastritis'])]),
    opts: { sensitiveHierarchy: dx },
  },
  'delta-presence': {
    // Two released records per class; 4 population records make δ = 0.5, 2 make δ = 1 > 0.6.
    model: deltaPresence(0.1, 0.6),
    pass: groups([...rows('a', ['x', 'y']), ...rows('b', ['x', 'y'])]),
    fail: groups([...rows('a', ['x', 'y']), ...rows('b', ['x', 'y'])]),
    population: [
      new Map([
        ['a', 4],
        ['b', 4],
      ]),
      new Map([
        ['a', 4],
        ['b', 2],
      ]),
    ],
  },
  'beta-likeness': {
    // Overall flu and cold 1/2 each; β = 1, so each share may reach 1/2 · (1 + min(1, ln 2)) ≈ 0.85.
    // Passing classes reach 3/4; failing ones 1 (a gain of 1: within basic β-likeness with β = 1,
    // over the enhanced cap −ln p ≈ 0.69).
    model: betaLikeness('dx', 1),
    pass: groups([
      ...rows('a', ['flu', 'flu', 'flu', 'cold']),
      ...rows('b', ['flu', 'cold', 'cold', 'cold']),
      ...rows('c', ['flu', 'flu', 'cold', 'cold']),
    ]),
    fail: groups([
      ...rows('a', ['flu', 'flu', 'flu', 'flu']),
      ...rows('b', ['cold', 'cold', 'cold', 'cold']),
      ...rows('c', ['flu', 'flu', 'cold', 'cold']),
    ]),
  },
  'k-map': {
    model: kMap(3),
    pass: groups([...rows('a', ['x']), ...rows('b', ['x'])]),
    fail: groups([...rows('a', ['x']), ...rows('b', ['x'])]),
    population: [
      new Map([
        ['a', 3],
        ['b', 5],
      ]),
      new Map([
        ['a', 3],
        ['b', 2],
      ]),
    ],
  },
};

function run(c: Case, g: OutputGroups, population?: Map<string, number>) {
  return verifyGroups(g, {
    qi: ['q'],
    models: [c.model],
    budget: 0,
    populationCounts: population,
    ...c.opts,
  });
}

describe('the verifier registry: every model verified both ways', () => {
  it('has a reference check and a pass/fail case for every model defined in src/privacy', () => {
    const dir = join(import.meta.dirname, '../../src/privacy');
    const ids = new Set<string>();
    for (const f of readdirSync(dir)) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/^\s+id: '([a-z0-9-]+)',$/gm))
        ids.add(m[1]);
    }
    expect(ids.size).toBeGreaterThanOrEqual(9);
    expect(new Set(Object.keys(CASES))).toEqual(ids);
    expect(new Set(Object.keys(REFERENCE_CHECKS))).toEqual(ids);
  });

  for (const [id, c] of Object.entries(CASES)) {
    it(`${id}: the passing case passes and the failing case fails`, () => {
      expect(c.model.id).toBe(id);
      const ok = run(c, c.pass, c.population?.[0]);
      expect(ok.problems).toEqual([]);
      expect(ok.ok).toBe(true);
      const bad = run(c, c.fail, c.population?.[1]);
      expect(bad.ok).toBe(false);
      expect(bad.models[0].failingClasses).toBeGreaterThan(0);
    });
  }

  it('fails closed on a model it has no reference check for', () => {
    const unknown: PrivacyModel = { ...kAnonymity(1), id: 'made-up-model', label: 'made-up model' };
    const v = verifyGroups(groups(rows('a', ['x', 'y'])), { qi: ['q'], models: [unknown], budget: 0 });
    expect(v.ok).toBe(false);
    expect(v.problems.join(' ')).toMatch(/no independent check/);
  });

  it('declares the capability `needsHierarchyOf` exactly where a model cannot run without the hierarchy', () => {
    // The job loads a sensitive column's hierarchy for the models that declare it (no id is
    // looked at): a model that needs it and does not say so would fail on a real run.
    const ctx = {
      n: 2,
      sensitive: { column: 'dx', domain: 2, totals: Float64Array.of(1, 1), order: Int32Array.of(0, 1) },
    };
    for (const [id, c] of Object.entries(CASES)) {
      if (c.model.requires !== 'distribution') continue;
      let needs = false;
      try {
        c.model.prepare(ctx);
      } catch (e) {
        needs = (e as { code?: string }).code === 'NEEDS_HIERARCHY';
      }
      expect({ id, declared: c.model.needsHierarchyOf }).toEqual({
        id,
        declared: needs ? 'sensitive' : undefined,
      });
    }
  });

  it('fails hierarchical t-closeness without the sensitive hierarchy, never passes it', () => {
    const c = CASES['t-closeness-hierarchical'];
    const v = verifyGroups(c.pass, { qi: ['q'], models: [c.model], budget: 0 });
    expect(v.ok).toBe(false);
  });
});

describe('several sensitive columns, and subjects', () => {
  it('checks each model on its own sensitive column (issue 16, case 1)', () => {
    // Columns: q, diagnosis, income. l-diversity holds on diagnosis; t-closeness fails on income.
    const g: OutputGroups = {
      rowCount: 4,
      columns: [
        ['a', 'a', 'b', 'b'],
        ['flu', 'cold', 'flu', 'cold'],
        ['1000', '1000', '9000', '9000'],
      ],
      counts: [1, 1, 1, 1],
    };
    const v = verifyGroups(g, {
      qi: ['q'],
      models: [distinctLDiversity('diagnosis', 2), orderedDistanceTCloseness('income', 0.01)],
      budget: 0,
    });
    expect(v.models.map((m) => m.ok)).toEqual([true, false]);
    expect(v.ok).toBe(false);
  });

  it('counts distinct subjects, not rows (issue 16, case 5)', () => {
    // Five rows of one person in class a: 5 rows, 1 subject.
    const g: OutputGroups = {
      rowCount: 2,
      columns: [
        ['a', 'b'],
        ['p1', 'p2'],
      ],
      counts: [5, 5],
    };
    const byRows = verifyGroups(
      { ...g, columns: [g.columns[0]] },
      { qi: ['q'], models: [kAnonymity(5)], budget: 0 },
    );
    expect(byRows.ok).toBe(true);
    const bySubject = verifyGroups(g, { qi: ['q'], models: [kAnonymity(5)], budget: 0, subject: 'person' });
    expect(bySubject.ok).toBe(false);
    expect(bySubject.smallestClass).toBe(1);
  });

  it('requires a subject to be suppressed whole', () => {
    const g: OutputGroups = {
      rowCount: 3,
      columns: [
        ['a', '*', 'a'],
        ['p1', 'p1', 'p2'],
      ],
      counts: [1, 1, 1],
    };
    const v = verifyGroups(g, { qi: ['q'], models: [kAnonymity(2)], budget: 5, subject: 'person' });
    expect(v.problems.join(' ')).toMatch(/suppressed together/);
  });
});
