import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { createEngine } from '../../src/engine/index.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import { columnActionSchema, operators } from '../../src/operators/index.js';
import { redactText as redact } from '../../src/operators/redact-text.js';
import { seededRandom } from '../../src/random.js';
import { deidentify, loadPlanFile } from '../../src/run/deidentify.js';

const keys = new KeyRing(Buffer.alloc(32, 7));
const NOTES = [
  '客户张伟来电，手机13812345678，要求退款。',
  null,
  '',
  'no PI here',
  '寄到北京市海淀区中关村大街27号，邮箱 zw@qq.com',
];

describe('redact_text operator (free-text columns)', () => {
  it('is registered, with typed params', () => {
    expect(operators.redact_text.name).toBe('redact_text');
    expect(columnActionSchema.safeParse({ action: 'redact_text', style: 'mask' }).success).toBe(true);
    expect(columnActionSchema.safeParse({ action: 'redact_text', style: 'blur' }).success).toBe(false);
    expect(columnActionSchema.safeParse({ action: 'redact_text', types: ['NOPE'] }).success).toBe(false);
    expect(operators.redact_text.needsKey({ style: 'token' })).toBe(true);
    expect(operators.redact_text.needsKey({ style: 'tag' })).toBe(false);
  });

  it('replaces each finding inside the cell and keeps the rest of the text', () => {
    const t = operators.redact_text.create({}, { column: 'notes', random: seededRandom(1) });
    const out = t.apply(NOTES);
    expect(out).toEqual(NOTES.map((v) => (v ? redact(v) : v)));
    expect(out[0]).toBe('客户[PERSON_NAME]来电，手机[CN_MOBILE]，要求退款。');
    expect(t.stats.values).toBe(3);
    expect(t.stats.extra.findings).toBe(4);
  });

  it('keyed tokens match `detect --redact --key-file` (scope text)', () => {
    const t = operators.redact_text.create(
      { style: 'token' },
      { column: 'notes', keys, random: seededRandom(1) },
    );
    expect(t.apply([NOTES[0]])).toEqual([redact(NOTES[0] as string, { style: 'token', keys })]);
    expect(() =>
      operators.redact_text.create({ style: 'token' }, { column: 'notes', random: seededRandom(1) }),
    ).toThrow(/key/);
  });
});

describe('deidentify with a policy that redacts a free-text column', () => {
  let engine: Engine;
  let dir: string;
  beforeAll(async () => {
    engine = await createEngine();
    dir = await mkdtemp(join(tmpdir(), 'wuming-redact-text-'));
  });
  afterAll(async () => {
    await engine.close();
  });

  it('writes the notes with PI replaced and the other columns as they were', async () => {
    const input = join(dir, 'tickets.csv');
    await writeFile(
      input,
      'ticket,notes\nT1,"客户张伟来电，手机13812345678，要求退款。"\nT2,no PI here\nT3,"邮箱 zw@qq.com, 回电 021-62345718"\n',
    );
    const policy = join(dir, 'p.yaml');
    await writeFile(
      policy,
      'version: 1\ncolumns:\n  ticket: {role: insensitive, action: keep}\n  notes:\n    role: sensitive\n    action: redact_text\n    params: {style: tag}\n',
    );
    const out = join(dir, 'out.csv');
    await deidentify({ engine, input, out, plan: await loadPlanFile(policy) });
    const text = await readFile(out, 'utf8');
    expect(text).toContain('客户[PERSON_NAME]来电，手机[CN_MOBILE]，要求退款。');
    expect(text).toContain('[EMAIL], 回电 [CN_LANDLINE]');
    expect(text).toContain('T2,no PI here');
    expect(text).not.toMatch(/13812345678|zw@qq\.com|62345718/);
  });
});
