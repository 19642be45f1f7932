import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../src/report/html.js';
import { ATTACKER_MODELS, attackerRows, attackFigures } from '../../src/risk/attackers.js';
import { histogramFromClassSizes } from '../../src/risk/histogram.js';
import { riskFromHistogram } from '../../src/risk/model.js';

/**
 * The attacker models (prosecutor, journalist, marketer) are one registry: `riskFromHistogram`,
 * `assessRisk`, `wuming risk` and the report loop over it. A model written in src/risk but not
 * listed, or a figure the loop does not fill, fails here.
 */
const dir = join(import.meta.dirname, '../../src/risk');

describe('the attacker-model registry', () => {
  it('lists every attacker model defined in src/risk, each once', () => {
    const defined = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/defineAttacker\(\{\s*id: '([a-z-]+)'/g)) defined.add(m[1]);
    }
    expect([...defined].sort()).toEqual(['journalist', 'marketer', 'prosecutor']);
    expect(new Set(ATTACKER_MODELS.map((a) => a.id))).toEqual(defined);
  });

  // Classes of sizes 1, 1, 2, 5: 9 records, 4 classes.
  const hist = histogramFromClassSizes([1, 1, 2, 5]);

  it('fills every model under its id in the risk result', () => {
    const r = riskFromHistogram(hist, { population: 90 });
    for (const a of ATTACKER_MODELS) expect(r[a.id]).toBeDefined();
    // The census: the journalist is the prosecutor, the marketer the prosecutor's average.
    const census = riskFromHistogram(hist);
    expect(census.journalist).toEqual(census.prosecutor);
    expect(census.marketer).toBeCloseTo(4 / 9, 12);
  });

  it('takes F from the population table when there is one, and otherwise stands in with the prosecutor', () => {
    const base = { hist, population: { size: 90, sampleSize: 9, fraction: 0.1 }, thresholds: [0.2] };
    // F = 10 for every class: journalist risk 1/10 everywhere, marketer (1/n) Σ f/F = 0.1.
    const pairs = [
      { f: 1, F: 10, classes: 2 },
      { f: 2, F: 10, classes: 1 },
      { f: 5, F: 10, classes: 1 },
    ];
    const t = attackFigures({ ...base, classSizes: { model: 'population-table', pairs } });
    expect(t.prosecutor.highest).toBe(1);
    expect(t.journalist.highest).toBeCloseTo(0.1, 12);
    expect(t.journalist.recordsAbove['0.2']).toBe(0);
    expect(t.marketer).toBeCloseTo(0.1, 12);
    const none = attackFigures({ ...base, classSizes: { model: 'prosecutor' } });
    expect(none.journalist).toEqual(none.prosecutor);
    expect(none.marketer).toBe(none.prosecutor.average);
  });

  it('prints each model in `wuming risk` and the report', () => {
    const r = riskFromHistogram(hist, { population: 90, thresholds: [0.2] });
    const labels = attackerRows(r, r).map((x) => x.label);
    expect(labels).toEqual([
      'prosecutor: highest',
      'prosecutor: average',
      'prosecutor: records above 0.2',
      'journalist: F from',
      'journalist: highest',
      'journalist: average',
      'journalist: records above 0.2',
      'marketer (expected share re-identified)',
    ]);
    const html = toHtml({
      job: 'anonymize',
      generatedAt: '',
      tool: { version: '0' },
      input: { path: 'in.csv', rows: 9 },
      columns: [],
      checks: [],
      verdict: { status: 'de_identified', attackerModel: '', reasons: [], caveats: [] },
      risk: { before: { ...r, smallestClass: 1 } },
      timings: {},
      charts: [],
    } as unknown as Parameters<typeof toHtml>[0]);
    for (const label of [
      'highest prosecutor risk',
      'average prosecutor risk',
      'records at risk &gt; 0.2',
      'marketer risk',
    ])
      expect(html).toContain(`<td>${label}</td>`);
  });
});
