import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { readSource } from '../../src/io/read.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { demo } from '../../src/run/demo.js';

describe('demo (the end-to-end slice)', () => {
  it('writes a k-anonymous, l-diverse output without direct identifiers, as an independent re-read confirms', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wuming-demo-'));
    const r = await demo({ outDir: out });
    expect(readdirSync(out).sort()).toEqual([
      'people.anonymized.csv',
      'policy.yaml',
      'report.html',
      'report.json',
    ]);
    const policy = parsePolicy(readFileSync(r.files.policy, 'utf8'));
    const k = policy.privacy.k!;
    expect(k).toBe(5);
    const qi = Object.entries(policy.columns)
      .filter(([, c]) => c.role === 'quasi_identifier' && c.action === 'generalize')
      .map(([n]) => n);
    expect(qi.length).toBeGreaterThanOrEqual(4);

    // Re-read the written file with plain SQL, independent of the library's verifiers.
    const engine = await createEngine();
    try {
      const rel = await readSource(engine, r.files.output);
      const names = rel.columns.map((c) => c.name);
      for (const direct of ['person_id', 'name', 'id_number', 'mobile', 'email', 'address', 'bank_card'])
        expect(names).not.toContain(direct);
      const q = qi.map((c) => `"${c}"`).join(', ');
      const star = qi.map((c) => `"${c}" = '*'`).join(' AND ');
      const [cls] = await engine.query(
        `SELECT min(n) AS smallest, count(*) AS classes FROM (SELECT count(*) AS n FROM ${rel.sql} WHERE NOT (${star}) GROUP BY ${q})`,
      );
      expect(Number(cls.smallest)).toBeGreaterThanOrEqual(k);
      const [sup] = await engine.query(
        `SELECT count(*) AS s, (SELECT count(*) FROM ${rel.sql}) AS n FROM ${rel.sql} WHERE ${star}`,
      );
      expect(Number(sup.n)).toBe(10_000);
      expect(Number(sup.s)).toBeLessThanOrEqual(0.05 * 10_000);
      const [div] = await engine.query(
        `SELECT min(d) AS d FROM (SELECT count(DISTINCT diagnosis) AS d FROM ${rel.sql} WHERE NOT (${star}) GROUP BY ${q})`,
      );
      expect(Number(div.d)).toBeGreaterThanOrEqual(2);
    } finally {
      await engine.close();
    }

    const a = r.assessment;
    expect(a.checks.every((c) => c.verified)).toBe(true);
    expect(a.risk.before!.prosecutor.highest).toBe(1);
    expect(a.risk.after!.prosecutor.highest).toBeLessThanOrEqual(1 / k);
    expect(a.verdict.status).toBe('anonymized');
    const json = JSON.parse(readFileSync(r.files.reportJson, 'utf8'));
    expect(json.verdict.status).toBe('anonymized');
    expect(readFileSync(r.files.reportHtml, 'utf8')).toContain('Anonymized under the stated attacker model');
  });
});
