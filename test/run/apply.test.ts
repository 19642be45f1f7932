import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { readSource } from '../../src/io/read.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { toHtml } from '../../src/report/html.js';
import { applyPolicy } from '../../src/run/apply.js';

const ADULT = [
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

describe('applyPolicy (anonymize through the policy file)', () => {
  it('reaches the ARX optimum on Adult with ARX hierarchy files named in the policy', async () => {
    const dir = resolve('data/adult');
    const text = [
      'columns:',
      ...ADULT.map((c) => `  ${c}: { role: quasi_identifier, action: generalize, hierarchy: ${c} }`),
      'hierarchies:',
      ...ADULT.map((c) => `  ${c}: { file: ${join(dir, `adult_hierarchy_${c}.csv`)} }`),
      'privacy: { k: 5, suppression: 5, metric: loss }',
    ].join('\n');
    const policy = parsePolicy(text, 'adult.yaml');
    const engine = await createEngine();
    try {
      const source = await readSource(engine, 'data/adult/adult.csv');
      const out = join(mkdtempSync(join(tmpdir(), 'wuming-apply-')), 'adult-k5.csv');
      const { assessment, anonymization } = await applyPolicy({ engine, source, policy, out });
      expect(ADULT.map((c) => anonymization!.transformation[c])).toEqual([0, 3, 0, 0, 2, 1, 1, 2, 0]);
      expect(anonymization!.suppressed).toBe(1346);
      expect(anonymization!.score).toBeCloseTo(0.24193, 5);
      expect(assessment.checks).toEqual([expect.objectContaining({ model: '5-anonymity', verified: true })]);
      expect(assessment.risk.after!.prosecutor.highest).toBeLessThanOrEqual(0.2);
      expect(assessment.verdict.status).toBe('anonymized');
      // Each level is shown with what it means, in report.json and the HTML report alike.
      const ageMeaning = assessment.privacy!.levelMeanings!.age;
      expect(ageMeaning).toMatch(/^level 3 of 4 = 5 groups, e\.g\. \d+-\d+$/);
      expect(assessment.privacy!.levelMeanings!.sex).toBe('level 0 of 1 = original values');
      expect(assessment.columns.find((c) => c.name === 'age')!.levelMeaning).toBe(ageMeaning);
      const html = toHtml(assessment);
      expect(html).toContain(`age: ${ageMeaning}`);
      expect(html).toContain('education: level 2 of 3 = ');
    } finally {
      await engine.close();
    }
  });

  it('refuses a keyed operator and points at the policy line', async () => {
    const engine = await createEngine();
    try {
      const source = await readSource(engine, 'data/adult/adult_subset.csv');
      const cols = source.columns.map((c) => c.name);
      const full = parsePolicy(
        [
          'columns:',
          ...cols.map((c) =>
            c === 'age'
              ? '  age:\n    role: quasi_identifier\n    action: token'
              : `  ${c}: { role: insensitive }`,
          ),
        ].join('\n'),
        'p.yaml',
      );
      await expect(
        applyPolicy({ engine, source, policy: full, out: join(tmpdir(), 'never.csv') }),
      ).rejects.toMatchObject({
        code: 'POLICY_ACTION_NEEDS_DEIDENTIFY',
        location: expect.objectContaining({ file: 'p.yaml', line: 5 }),
      });
    } finally {
      await engine.close();
    }
  });
});
