import { describe, expect, it } from 'vitest';
import type { Assessment, ColumnDecision, RiskSummary } from '../../src/report/index.js';
import { decideVerdict, toHtml } from '../../src/report/index.js';

const risk = (highest: number): RiskSummary => ({
  records: 100,
  qi: ['age', 'sex'],
  sampleUniqueness: 0,
  prosecutor: { highest, average: highest / 2, recordsAbove: { '0.2': 0 } },
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
  it('is anonymized only with identifiers dropped, models verified and risk under the threshold; warns about inference', () => {
    const v = decideVerdict({ columns: cols('drop'), checks: k5, riskAfter: risk(0.2) });
    expect(v.status).toBe('anonymized');
    expect(v.caveats.join(' ')).toContain('diagnosis');
    expect(v.attackerModel).toContain('age, sex');
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
      verdict: decideVerdict({ columns: cols('drop'), checks: k5, riskAfter: risk(0.2) }),
      timings: { total: 1.5 },
      charts: [],
    };
    const html = toHtml(a);
    expect(html).toContain('in&lt;script&gt;.csv');
    expect(html).not.toContain('in<script>');
    expect(html).toContain('Anonymized under the stated attacker model');
  });
});
