import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { readSource } from '../../src/io/read.js';
import { applyPolicy } from '../../src/run/apply.js';
import { proposePolicy, scan } from '../../src/run/scan.js';

/**
 * The proposed policy never keeps what the verdict would find in the output (issue 16): free text
 * (PI beyond what detectors find), exact coordinates, a row key; and it counts people, not rows,
 * in longitudinal data, dropping the attributes that vary within a person (traces).
 */

const dir = mkdtempSync(join(tmpdir(), 'wuming-propose-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

const NOTES = [
  '复诊，血压平稳，建议继续服药观察',
  '患者自述近期睡眠不佳，已调整用药方案',
  '按时复查，指标较上次明显好转，继续随访',
];

function visits(people: number, perPerson: number): string {
  const rows = ['id,person_id,age,sex,home_gps,visit_date,notes,diagnosis'];
  let id = 1;
  for (let p = 0; p < people; p++)
    for (let v = 0; v < perPerson; v++) {
      const lat = (30 + ((p * 7919) % 1000) / 1000 + ((p * 31) % 997) / 1e6).toFixed(6);
      const lng = (120 + ((p * 104729) % 1000) / 1000 + ((p * 17) % 991) / 1e6).toFixed(6);
      const day = String(1 + ((p + v * 11) % 28)).padStart(2, '0');
      rows.push(
        `${id++},P${String(p).padStart(6, '0')},${20 + (p % 45)},${p % 2 ? '男' : '女'},"${lat},${lng}",2024-0${1 + v}-${day},${NOTES[(p + v) % 3]}（第${v + 1}次）,D${p % 4}`,
      );
    }
  return `${rows.join('\n')}\n`;
}

describe('proposePolicy', () => {
  it('drops free text, generalizes coordinates, names the subject and drops traces', async () => {
    const input = join(dir, 'visits.csv');
    writeFileSync(input, visits(150, 4));
    const inv = await scan(input, { engine });
    const byName = Object.fromEntries(inv.columns.map((c) => [c.column, c]));
    expect(byName.notes.freeText).toBe(true);
    expect(byName.visit_date.variesPerSubject).toBe(true);
    expect(byName.age.variesPerSubject).toBeUndefined();

    const policy = proposePolicy(inv);
    expect(policy.subject).toBe('person_id');
    expect(policy.columns.notes.action).toBe('drop');
    expect(policy.columns.visit_date.action).toBe('drop');
    expect(policy.columns.id.action).toBe('drop');
    expect(policy.columns.person_id.action).toBe('drop');
    expect(policy.columns.home_gps).toMatchObject({ role: 'quasi_identifier', action: 'generalize' });
    expect(policy.hierarchies.home_gps).toEqual({ type: 'coordinates' });
    expect(policy.description).toMatch(/visit_date varies within a person/);

    // The proposal runs as it is (no SUBJECT_QI_VARIES refusal) and the output keeps none of it.
    const out = join(dir, 'visits.out.csv');
    const { assessment } = await applyPolicy({
      engine,
      source: await readSource(engine, input),
      policy,
      out,
      inventory: inv,
    });
    const text = readFileSync(out, 'utf8');
    const header = text.split('\n')[0].split(',');
    expect(header).not.toContain('notes');
    expect(header).not.toContain('id');
    expect(text).not.toMatch(/\d+\.\d{4,}/);
    expect(assessment.subject).toBe('person_id');
    expect(assessment.checks.every((c) => c.verified)).toBe(true);
  });

  it('a whole-number row id is a record key, found by its exact distinct count', async () => {
    const input = join(dir, 'ids.csv');
    const rows = ['id,age,diagnosis'];
    for (let i = 0; i < 400; i++) rows.push(`${i},${20 + (i % 50)},D${i % 7}`);
    writeFileSync(input, `${rows.join('\n')}\n`);
    const inv = await scan(input, { engine });
    expect(inv.columns.find((c) => c.column === 'id')?.role).toBe('direct_identifier');
    expect(proposePolicy(inv).columns.id.action).toBe('drop');
  });
});
