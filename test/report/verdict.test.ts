import { describe, expect, it } from 'vitest';
import type { Article29Tests } from '../../src/report/assessment.js';
import type { Assessment, ColumnDecision, RiskSummary } from '../../src/report/index.js';
import { decideVerdict, toHtml } from '../../src/report/index.js';
import { resolveThresholds } from '../../src/report/settings.js';

/** Article 29 tests that pass, with overrides for the one under test. */
const a29 = (o: { single?: boolean; link?: boolean; infer?: boolean } = {}): Article29Tests => ({
  singlingOut: {
    highestRisk: 0.2,
    averageRisk: 0.05,
    recordsAboveThreshold: 0,
    linkedUniquely: 0,
    passed: o.single ?? true,
    detail: 'single detail',
  },
  linkability: {
    source: 'attack',
    auxiliary: 'the input',
    linkedShare: 0,
    expectedSuccess: 0.01,
    passed: o.link ?? true,
    detail: 'link detail',
  },
  inference: { attributes: [], passed: o.infer ?? true, detail: 'infer detail' },
});

const risk = (highest: number): RiskSummary => ({
  records: 100,
  qi: ['age', 'sex'],
  sampleUniqueness: 0,
  prosecutor: { highest, average: highest / 4, recordsAbove: { '0.2': 0 } },
  classes: 10,
  smallestClass: Math.round(1 / highest),
});
const cols = (nameAction: string): ColumnDecision[] => [
  { name: 'name', role: 'direct_identifier', action: nameAction },
  { name: 'age', role: 'quasi_identifier', action: 'generalize' },
  { name: 'diagnosis', role: 'sensitive', action: 'keep' },
];
const k5 = [{ model: '5-anonymity', promised: true, verified: true, detail: 'smallest class 5' }];

describe('decideVerdict', () => {
  it('is raw PI when a direct identifier is kept', () => {
    expect(decideVerdict({ columns: cols('keep'), checks: k5, riskAfter: risk(0.2) }).status).toBe(
      'raw_personal_information',
    );
  });
  it('is de-identified when identifiers are tokenized, even if k holds', () => {
    const v = decideVerdict({ columns: cols('token'), checks: k5, riskAfter: risk(0.2) });
    expect(v.status).toBe('de_identified');
    expect(v.reasons.join(' ')).toContain('name (token)');
  });
  it('is de-identified when a promised model fails verification or risk is too high', () => {
    expect(
      decideVerdict({ columns: cols('drop'), checks: [{ ...k5[0], verified: false }], riskAfter: risk(0.2) })
        .status,
    ).toBe('de_identified');
    expect(decideVerdict({ columns: cols('drop'), checks: k5, riskAfter: risk(0.5) }).status).toBe(
      'de_identified',
    );
    expect(decideVerdict({ columns: cols('drop'), checks: [], riskAfter: risk(0.1) }).status).toBe(
      'de_identified',
    );
  });
  it('is anonymized only with identifiers dropped, models verified, risk and every Article 29 test within the thresholds', () => {
    const v = decideVerdict({ columns: cols('drop'), checks: k5, riskAfter: risk(0.2), article29: a29() });
    expect(v.status).toBe('anonymized');
    expect(v.attackerModel).toContain('age, sex');
    expect(v.attackerModel).toContain('public profile');
    // Unmeasured Article 29 tests are not passed tests.
    expect(decideVerdict({ columns: cols('drop'), checks: k5, riskAfter: risk(0.2) }).status).toBe(
      'de_identified',
    );
    for (const failing of [{ single: false }, { link: false }, { infer: false }]) {
      const w = decideVerdict({
        columns: cols('drop'),
        checks: k5,
        riskAfter: risk(0.2),
        article29: a29(failing),
      });
      expect(w.status).toBe('de_identified');
      expect(w.reasons.join(' ')).toMatch(/single detail|link detail|infer detail/);
    }
  });

  it('takes its thresholds from the report settings, never from the policy being judged (issue 16, case 4)', () => {
    // k = 1 (risk 1) and k = 2 (risk 0.5) certified themselves when the threshold was 1 / k.
    for (const k of [1, 2]) {
      const checks = [{ model: `${k}-anonymity`, promised: true, verified: true, detail: '' }];
      const v = decideVerdict({ columns: cols('drop'), checks, riskAfter: risk(1 / k), article29: a29() });
      expect(v.status).toBe('de_identified');
      expect(v.reasons.join(' ')).toMatch(/exceeds 0.2/);
    }
    // Average risk counts too: 0.2 highest with 0.1 average fails the public 0.05.
    const avg = { ...risk(0.2), prosecutor: { highest: 0.2, average: 0.1, recordsAbove: {} } };
    expect(
      decideVerdict({ columns: cols('drop'), checks: k5, riskAfter: avg, article29: a29() }).status,
    ).toBe('de_identified');
    // The strict profile asks for classes of 20.
    const strict = resolveThresholds({ profile: 'strict' });
    const s = decideVerdict({
      columns: cols('drop'),
      checks: k5,
      riskAfter: risk(0.2),
      article29: a29(),
      thresholds: strict,
    });
    expect(s.status).toBe('de_identified');
    expect(s.reasons.join(' ')).toMatch(/exceeds 0.05 \(strict profile\)/);
  });

  it('judges the data: identifiers found in a kept column make it raw PI, near-unique columns block anonymized (case 6)', () => {
    const columns: ColumnDecision[] = [
      ...cols('drop'),
      { name: 'notes', role: 'insensitive', action: 'keep' },
      { name: 'gps', role: 'insensitive', action: 'keep' },
    ];
    const ids = decideVerdict({
      columns,
      checks: k5,
      riskAfter: risk(0.2),
      article29: a29(),
      findings: [
        {
          column: 'notes',
          kind: 'identifier_in_data',
          types: ['PERSON_NAME', 'CN_MOBILE'],
          share: 1,
          detail: 'names',
        },
      ],
    });
    expect(ids.status).toBe('raw_personal_information');
    expect(ids.reasons.join(' ')).toContain('"notes"');
    const gps = decideVerdict({
      columns,
      checks: k5,
      riskAfter: risk(0.2),
      article29: a29(),
      findings: [{ column: 'gps', kind: 'near_unique', share: 1, detail: 'exact coordinates' }],
    });
    expect(gps.status).toBe('de_identified');
    expect(gps.reasons.join(' ')).toContain('"gps"');
    const rep = decideVerdict({
      columns,
      checks: k5,
      riskAfter: risk(0.2),
      article29: a29(),
      findings: [{ column: 'id', kind: 'repeated_subjects', share: 0.8, detail: 'repeats' }],
    });
    expect(rep.status).toBe('de_identified');
  });
});

describe('toHtml', () => {
  it('escapes every string and embeds the verdict', () => {
    const a: Assessment = {
      tool: { name: 'wuming', version: '0.1.0' },
      job: 'demo',
      generatedAt: '2026-11-25T00:00:00Z',
      input: { path: 'in<script>.csv', rows: 10, columns: 3, format: 'csv' },
      columns: cols('drop'),
      checks: k5,
      risk: { before: risk(1), after: risk(0.2) },
      verdict: decideVerdict({ columns: cols('drop'), checks: k5, riskAfter: risk(0.2), article29: a29() }),
      article29: a29(),
      thresholds: resolveThresholds(),
      timings: { total: 1.5 },
      charts: [],
    };
    const html = toHtml(a);
    expect(html).toContain('in&lt;script&gt;.csv');
    expect(html).not.toContain('in<script>');
    expect(html).toContain('Anonymized under the stated attacker model');
  });
});
