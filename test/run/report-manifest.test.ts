import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import { deidentify } from '../../src/run/deidentify.js';
import { assessFile } from '../../src/run/report.js';

/**
 * `wuming report` on a de-identified file reads the manifest `deidentify` wrote beside it: a
 * column transformed reversibly under a key (date shift, FPE, vault token) keeps the file
 * personal information (PIPL Art. 73(3)) whatever the data looks like, and the report says which
 * key id. A manifest of other contents is ignored, and the report says so.
 */

const dir = mkdtempSync(join(tmpdir(), 'wuming-report-manifest-'));
const keys = new KeyRing(Buffer.alloc(32, 9));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

async function deidentified(name: string): Promise<string> {
  const input = join(dir, `${name}.csv`);
  const rows = ['pid,visit_date,ward,score'];
  for (let i = 0; i < 200; i++)
    rows.push(`P${String(i % 40).padStart(5, '0')},2024-0${1 + (i % 9)}-1${i % 10},W${i % 3},${i % 5}`);
  writeFileSync(input, `${rows.join('\n')}\n`);
  const out = join(dir, `${name}.deid.csv`);
  await deidentify({
    engine,
    input,
    out,
    plan: { columns: { pid: { action: 'drop' }, visit_date: { action: 'date_shift', subject: 'pid' } } },
    keys,
  });
  return out;
}

describe('report reads the de-identification manifest', () => {
  it('a reversibly shifted date keeps the file de-identified, naming the key id', async () => {
    const out = await deidentified('shift');
    const a = await assessFile({ engine, input: out });
    const col = a.columns.find((c) => c.name === 'visit_date');
    expect(col).toMatchObject({ action: 'date_shift', reversible: true });
    expect(a.verdict.status).not.toBe('anonymized');
    expect(a.verdict.reasons.join(' ')).toMatch(
      /visit_date \(date_shift\) was transformed reversibly under a key/,
    );
    expect(a.verdict.caveats.join(' ')).toContain(`key id ${keys.id}`);
  });

  it('is ignored when it describes other contents, or when asked', async () => {
    const out = await deidentified('edited');
    const ignored = await assessFile({ engine, input: out, manifest: false });
    expect(ignored.columns.find((c) => c.name === 'visit_date')?.reversible).toBeUndefined();
    appendFileSync(out, '2024-01-01,W0,1\n');
    const edited = await assessFile({ engine, input: out });
    expect(edited.columns.find((c) => c.name === 'visit_date')?.reversible).toBeUndefined();
    expect(edited.verdict.caveats.join(' ')).toMatch(/describes other contents/);
  });
});
