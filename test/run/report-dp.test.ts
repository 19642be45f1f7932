import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessFile } from '../../src/run/report.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-report-dp-'));

function evidence(name: string, epsilon: number, delta = 0): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      kind: 'dp-release',
      version: 1,
      input: { path: 'people.csv', sha256: 'ab'.repeat(32) },
      privacyUnit: 'person_id',
      contributionBound: 5,
      guarantee: { epsilon, delta, definition: 'ε-differential privacy (pure)' },
      results: [{ group: { province: '北京市' }, value: 12, scale: 2, ci95: [6, 18] }],
    }),
  );
  return path;
}

describe('report on a differentially private release (wuming dp evidence)', () => {
  it('is anonymized for the stated unit within the profile ε, de-identified beyond it', async () => {
    const ok = await assessFile({ input: evidence('ok.dp.json', 1) });
    expect(ok.verdict.status).toBe('anonymized');
    expect(ok.verdict.attackerModel).toContain('person_id');
    expect(ok.verdict.reasons.join(' ')).toMatch(/ε = 1 ≤ 10/);
    const strict = await assessFile({ input: evidence('s.dp.json', 3), settings: { profile: 'strict' } });
    expect(strict.verdict.status).toBe('de_identified');
    expect(strict.verdict.reasons.join(' ')).toMatch(/exceeds 1 \(strict profile\)/);
    const weakDelta = await assessFile({ input: evidence('d.dp.json', 1, 0.01) });
    expect(weakDelta.verdict.status).toBe('de_identified');
  });

  it('names the file and key of an incomplete evidence file', async () => {
    const path = join(dir, 'bad.dp.json');
    writeFileSync(path, JSON.stringify({ kind: 'dp-release', privacyUnit: 'row' }));
    await expect(assessFile({ input: path })).rejects.toThrow(/incomplete/);
  });
});
