import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { columnActionSchema, operators } from '../../src/operators/index.js';
import { seededRandom } from '../../src/random.js';
import { deidentify, loadPlanFile } from '../../src/run/deidentify.js';
import type { Cell } from '../../src/transform/operator.js';

const run = (params: object, values: Cell[]) =>
  operators.keep_surname.create(params, { column: 'name', random: seededRandom(1) }).apply(values);

describe('keep_surname', () => {
  it('keeps the surname, compound ones whole, and masks every given-name character', () => {
    expect(run({}, ['张三丰', '李四', '欧阳娜娜', '司马光', null, ''])).toEqual([
      '张**',
      '李*',
      '欧阳**',
      '司马*',
      null,
      '',
    ]);
  });

  it('hides the given name length with fixedLength, and takes another mask character', () => {
    expect(run({ fixedLength: 2, maskChar: '某' }, ['李四', '张三丰'])).toEqual(['李某某', '张某某']);
  });

  it('never passes a value that is not a Chinese name: error naming the column, or the declared fallback', () => {
    expect(() => run({}, ['John Smith'])).toThrow(/keep_surname needs a Chinese name/);
    expect(run({ onInvalid: 'suppress' }, ['买买提·艾力', 'A'])).toEqual(['*', '*']);
    expect(run({ onInvalid: 'redact' }, ['Smith'])).toEqual([null]);
  });

  it('is a policy action with checked params, needs no key and is one-way', () => {
    expect(columnActionSchema.safeParse({ action: 'keep_surname', fixedLength: 2 }).success).toBe(true);
    expect(columnActionSchema.safeParse({ action: 'keep_surname', length: 2 }).success).toBe(false);
    expect(operators.keep_surname.needsKey({})).toBe(false);
    expect(operators.keep_surname.restore).toBeUndefined();
  });
});

describe('keep_surname from a policy, through the deidentify job', () => {
  it('writes surnames with masked given names and reports the column one-way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wuming-surname-'));
    const engine = await createEngine();
    try {
      const input = join(dir, 'in.csv');
      await writeFile(input, 'name,city\n张三丰,北京\n欧阳娜娜,上海\n');
      const policy = join(dir, 'policy.yaml');
      await writeFile(
        policy,
        'columns:\n  name: {role: direct_identifier, action: keep_surname}\n  city: {role: insensitive}\n',
      );
      const out = join(dir, 'out.csv');
      const r = await deidentify({ engine, input, out, plan: await loadPlanFile(policy), manifest: false });
      expect(await readFile(out, 'utf8')).toBe('name,city\n张**,北京\n欧阳**,上海\n');
      expect(r.columns).toMatchObject([
        { column: 'name', action: 'keep_surname', reversible: false, values: 2 },
      ]);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
