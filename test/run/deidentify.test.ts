import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { createEngine } from '../../src/engine/index.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import { seededRandom } from '../../src/random.js';
import { deidentify, loadPlanFile, reidentify, rekey, shorthandPlan } from '../../src/run/deidentify.js';
import { fakeValue, isBankCard, isMobile, isResidentId } from '../../src/transform/index.js';
import { CLI_ARGS } from '../helpers/cli.js';

const keys = new KeyRing(Buffer.alloc(32, 42));
let dir: string;
let engine: Engine;
let input: string;
let inputText: string;
const N = 3000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wuming-deid-'));
  engine = await createEngine();
  const r = seededRandom(9);
  const lines = ['id,name,phone,card,visit,discharge,email,note'];
  for (let i = 0; i < N; i++) {
    const id = i % 7 === 0 ? '11010119900307123' : fakeValue('resident_id', r); // some malformed IDs
    const m = 1 + r.int(12);
    const day = 1 + r.int(28);
    const visit = `2023-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const dis = `2023-${String(m).padStart(2, '0')}-${String(Math.min(28, day + 3)).padStart(2, '0')}`;
    const note = i % 11 === 0 ? '"has, comma"' : i % 13 === 0 ? '' : `n${i}`;
    lines.push(
      [
        id,
        fakeValue('name', r),
        fakeValue('mobile', r),
        fakeValue('bank_card', r),
        visit,
        dis,
        `u${i}@example.com`,
        note,
      ].join(','),
    );
  }
  inputText = `${lines.join('\n')}\n`;
  input = join(dir, 'in.csv');
  await writeFile(input, inputText);
});
afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

const readCsv = async (p: string) =>
  (await readFile(p, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));

describe('deidentify / reidentify', () => {
  it('shorthand: fpe + date shift round-trip byte for byte; masks, tokens and drops apply', async () => {
    const flags = {
      fpe: ['id', 'phone', 'card'],
      dateShift: ['visit', 'discharge'],
      subject: 'id',
      mask: ['email'],
      token: ['name'],
      drop: ['note'],
    };
    const out = join(dir, 'deid.csv');
    const res = await deidentify({ engine, input, out, plan: shorthandPlan(flags), keys });
    expect(res.rows).toBe(N);
    expect(res.keyId).toBe(keys.id);
    expect(res.dropped).toEqual(['note']);
    const byCol = Object.fromEntries(res.columns.map((c) => [c.column, c]));
    expect(byCol.id.kind).toBe('resident_id');
    expect(byCol.phone.kind).toBe('mobile');
    expect(byCol.card.kind).toBe('bank_card');
    expect(byCol.email.kind).toBe('email');
    expect(byCol.name.collisions).toBe(byCol.name.distinctIn! - byCol.name.distinctOut!);
    expect(JSON.stringify(res)).not.toContain(Buffer.alloc(32, 42).toString('base64'));

    const inRows = await readCsv(input);
    const outRows = await readCsv(out);
    expect(outRows[0]).toEqual(['id', 'name', 'phone', 'card', 'visit', 'discharge', 'email']);
    let changedIds = 0;
    for (let i = 1; i <= N; i++) {
      const [id, name, phone, card, visit, dis, email] = outRows[i];
      const src = inRows[i];
      expect(isResidentId(id)).toBe(isResidentId(src[0]));
      if (id !== src[0]) changedIds++;
      expect(isMobile(phone) && phone.slice(0, 3) === src[2].slice(0, 3)).toBe(true);
      expect(isBankCard(card) && card.slice(0, 6) === src[3].slice(0, 6)).toBe(true);
      expect(name).toMatch(/^[0-9a-f]{16}$/);
      expect(email).toMatch(/^u\*\*\*@example\.com$/);
      // Interval within a subject kept.
      const days = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86400000;
      expect(days(dis) - days(visit)).toBe(days(src[5]) - days(src[4]));
    }
    expect(changedIds).toBeGreaterThan(N * 0.95);

    // Reverse with the same flags: the reversible columns come back byte for byte.
    const back = join(dir, 'back.csv');
    const rev = await reidentify({ engine, input: out, out: back, plan: shorthandPlan(flags), keys });
    const rc = Object.fromEntries(rev.columns.map((c) => [c.column, c]));
    expect(rc.id.reversed && rc.phone.reversed && rc.card.reversed && rc.visit.reversed).toBe(true);
    expect(rc.name.reversed).toBe(false);
    const backRows = await readCsv(back);
    for (let i = 1; i <= N; i++) {
      for (const j of [0, 2, 3, 4, 5]) expect(backRows[i][j]).toBe(inRows[i][j]);
    }
  });

  it('a file whose every column is reversible comes back identical, also via Parquet', async () => {
    const sub = join(dir, 'sub.csv');
    const rows = inputText
      .trimEnd()
      .split('\n')
      .map((l) => l.split(',').slice(0, 6));
    await writeFile(sub, `${rows.map((r) => [r[0], r[2], r[3], r[4], r[5]].join(',')).join('\n')}\n`);
    const flags = { fpe: ['id', 'phone', 'card'], dateShift: ['visit', 'discharge'], subject: 'id' };
    const deid = join(dir, 'sub.parquet');
    await deidentify({ engine, input: sub, out: deid, plan: shorthandPlan(flags), keys });
    const back = join(dir, 'sub-back.csv');
    await reidentify({ engine, input: deid, out: back, plan: shorthandPlan(flags), keys });
    expect(await readFile(back, 'utf8')).toBe(await readFile(sub, 'utf8'));
    // The wrong key is refused by the manifest (nothing written); without the manifest it
    // cannot be told apart and does not give the data back.
    const wrong = join(dir, 'sub-wrong.csv');
    const wrongKeys = new KeyRing(Buffer.alloc(32, 1));
    const job = { engine, input: deid, out: wrong, plan: shorthandPlan(flags), keys: wrongKeys };
    await expect(reidentify(job)).rejects.toMatchObject({ code: 'WRONG_KEY', kind: 'data' });
    await expect(readFile(wrong)).rejects.toThrow();
    await reidentify({ ...job, manifest: false });
    expect(await readFile(wrong, 'utf8')).not.toBe(await readFile(sub, 'utf8'));
  });

  it('unpadded dates (2023/3/5) come back byte for byte: the padding style rides in the manifest', async () => {
    const src = join(dir, 'unpadded.csv');
    const r = seededRandom(19);
    const lines = ['pid,visit'];
    for (let i = 0; i < 400; i++)
      lines.push(`p${i % 37},${2000 + r.int(30)}/${1 + r.int(12)}/${1 + r.int(28)}`);
    await writeFile(src, `${lines.join('\n')}\n`);
    const plan = shorthandPlan({ dateShift: ['visit'], subject: 'pid' });
    const deid = join(dir, 'unpadded-deid.csv');
    const res = await deidentify({ engine, input: src, out: deid, plan, keys });
    expect(res.warnings.filter((w) => w.code === 'NOT_BYTE_EXACT')).toEqual([]);
    const manifest = JSON.parse(await readFile(`${deid}.manifest.json`, 'utf8'));
    expect(manifest.columns.visit.applied).toEqual({ padding: 'unpadded' });
    // The plan comes from the manifest alone, as `wuming reidentify FILE --key-file K` does.
    const back = join(dir, 'unpadded-back.csv');
    await reidentify({ engine, input: deid, out: back, keys });
    expect(await readFile(back, 'utf8')).toBe(await readFile(src, 'utf8'));
  });

  it('token vault reverses tokens; collisions are counted exactly', async () => {
    const out = join(dir, 'vault-out.csv');
    const vaultFile = join(dir, 'tokens.vault.duckdb');
    const plan = {
      columns: {
        name: { action: 'token' as const, vault: true },
        phone: { action: 'token' as const, encoding: 'hex' as const, length: 4 },
      },
    };
    const res = await deidentify({ engine, input, out, plan, keys, vault: vaultFile });
    const phone = res.columns.find((c) => c.column === 'phone')!;
    // 16-bit tokens over 3000 distinct numbers: collisions are expected; count them independently.
    const outRows = await readCsv(out);
    const inRows = await readCsv(input);
    const tokOf = new Map<string, string>();
    for (let i = 1; i <= N; i++) tokOf.set(inRows[i][2], outRows[i][2]);
    const collisions = tokOf.size - new Set(tokOf.values()).size;
    expect(phone.collisions).toBe(collisions);
    expect(collisions).toBeGreaterThan(0);
    expect(phone.expectedCollisions).toBeGreaterThan(10);
    const back = join(dir, 'vault-back.csv');
    const rev = await reidentify({ engine, input: out, out: back, plan, keys, vault: vaultFile });
    expect(rev.columns.find((c) => c.column === 'name')!.reversed).toBe(true);
    const backRows = await readCsv(back);
    for (let i = 1; i <= N; i++) expect(backRows[i][1]).toBe(inRows[i][1]);
    // The vault does not hold names in clear.
    expect((await readFile(vaultFile)).includes(Buffer.from(inRows[1][1]))).toBe(false);
  });

  it('reports plan errors with the column and refuses keyed actions without a key', async () => {
    await expect(
      deidentify({ engine, input, out: join(dir, 'x.csv'), plan: { columns: { nope: { action: 'mask' } } } }),
    ).rejects.toThrow(/"nope"/);
    await expect(
      deidentify({ engine, input, out: join(dir, 'x.csv'), plan: shorthandPlan({ token: ['name'] }) }),
    ).rejects.toThrow(/--key-file/);
    expect(() => shorthandPlan({ dateShift: ['visit'] })).toThrow(/--subject/);
    expect(() => shorthandPlan({ mask: ['a'], token: ['a'] })).toThrow(/two actions/);
  });
});

describe('key rotation', () => {
  it('re-keys fpe and date-shift columns: the new key reverses to the original, the old one no longer does', async () => {
    const flags = { fpe: ['id', 'phone'], dateShift: ['visit'], subject: 'id', token: ['name'] };
    const plan = shorthandPlan(flags);
    const oldOut = join(dir, 'rot-old.csv');
    await deidentify({ engine, input, out: oldOut, plan, keys });
    const newKeys = new KeyRing(Buffer.alloc(32, 77));
    const newOut = join(dir, 'rot-new.csv');
    const res = await rekey({ engine, input: oldOut, out: newOut, plan, oldKeys: keys, keys: newKeys });
    expect(res.keyId).toBe(newKeys.id);
    expect(res.columns.find((c) => c.column === 'name')!.note).toMatch(/re-run deidentify/);
    const back = join(dir, 'rot-back.csv');
    await reidentify({ engine, input: newOut, out: back, plan, keys: newKeys });
    const a = (await readCsv(input)).map((r) => [r[0], r[2], r[4]]);
    const b = (await readCsv(back)).map((r) => [r[0], r[2], r[4]]);
    expect(b).toEqual(a);
    const stale = join(dir, 'rot-stale.csv');
    await expect(reidentify({ engine, input: newOut, out: stale, plan, keys })).rejects.toMatchObject({
      code: 'WRONG_KEY',
    });
    await reidentify({ engine, input: newOut, out: stale, plan, keys, manifest: false });
    expect((await readCsv(stale)).map((r) => [r[0], r[2], r[4]])).not.toEqual(a);
    // Same as de-identifying the source with the new key directly.
    const direct = join(dir, 'rot-direct.csv');
    await deidentify({
      engine,
      input,
      out: direct,
      plan: shorthandPlan({ fpe: ['id', 'phone'], dateShift: ['visit'], subject: 'id' }),
      keys: newKeys,
    });
    const d = (await readCsv(direct)).map((r) => [r[0], r[2], r[4]]);
    expect((await readCsv(newOut)).map((r) => [r[0], r[2], r[4]])).toEqual(d);
  });
});

describe('policy files', () => {
  it('turns a policy into a plan and points at the line of a bad parameter', async () => {
    const good = join(dir, 'p.yaml');
    await writeFile(
      good,
      [
        'columns:',
        '  id: { role: direct_identifier, action: fpe, params: { kind: resident_id } }',
        '  name: { role: direct_identifier, action: mask }',
        '  phone: { role: direct_identifier, action: token, params: { length: 20, encoding: base32 } }',
        '  visit: { role: quasi_identifier, action: date_shift, subject: id, params: { maxDays: 30 } }',
        '  note: { role: insensitive, action: drop }',
        '  card: { role: insensitive, action: keep }',
        '',
      ].join('\n'),
    );
    const plan = await loadPlanFile(good);
    expect(plan.columns).toEqual({
      id: { action: 'fpe', kind: 'resident_id' },
      name: { action: 'mask' },
      phone: { action: 'token', length: 20, encoding: 'base32' },
      visit: { action: 'date_shift', maxDays: 30, subject: 'id' },
      note: { action: 'drop' },
    });
    const res = await deidentify({ engine, input, out: join(dir, 'pol.csv'), plan, keys });
    expect(res.columns.find((c) => c.column === 'phone')!.tokenBits).toBe(100);
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'columns:\n  id:\n    role: direct_identifier\n    action: token\n    params:\n      lenght: 3\n',
    );
    const err = await loadPlanFile(bad).catch((e) => e);
    expect(err.message).toMatch(/unknown token parameter "lenght"/);
    expect(err.location).toMatchObject({ file: bad, line: 6, key: 'columns.id.params.lenght' });
  });
});

describe('CLI: keygen, deidentify and reidentify with the shorthand flags', () => {
  /** The real binary entry, once (node startup is seconds on a busy CI machine). */
  const spawnCli = async (args: string[]) => {
    try {
      const r = await promisify(execFile)(process.execPath, [...CLI_ARGS, ...args], {
        cwd: join(import.meta.dirname, '..', '..'),
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };
  /** The same commands in-process: registered on a fresh commander program, output captured. */
  const cli = async (args: string[]) => {
    const { Command } = await import('commander');
    // Only this job's commands, so another command's import problems cannot fail this test.
    const deid = await import('../../src/cli/deidentify.js');
    const reid = await import('../../src/cli/reidentify.js');
    const program = new Command().exitOverride();
    deid.register(program);
    reid.register(program);
    let stdout = '';
    let stderr = '';
    const w1 = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
      stdout += String(c);
      return true;
    });
    const w2 = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
      stderr += String(c);
      return true;
    });
    process.exitCode = 0;
    try {
      await program.parseAsync(['node', 'wuming', ...args]);
    } finally {
      w1.mockRestore();
      w2.mockRestore();
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    return { code, stdout, stderr };
  };

  it('keygen writes 0600; a group-readable key is refused; round trip via the CLI', async () => {
    const k = join(dir, 'cli.key');
    const g = await spawnCli(['keygen', '--out', k, '--json']);
    expect(g.code).toBe(0);
    expect((await stat(k)).mode & 0o777).toBe(0o600);
    const { keyId } = JSON.parse(g.stdout.trim().split('\n').pop()!);
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(g.stdout).not.toContain(JSON.parse(await readFile(k, 'utf8')).key);

    const src = join(dir, 'cli-in.csv');
    await writeFile(src, `${inputText.split('\n').slice(0, 200).join('\n')}\n`);
    const out = join(dir, 'cli-out.csv');
    const flags = [
      '--fpe',
      'id,phone',
      '--date-shift',
      'visit',
      '--subject',
      'id',
      '--mask',
      'email',
      '--token',
      'name',
      '--drop',
      'note',
    ];
    await chmod(k, 0o640);
    const refused = await cli(['deidentify', src, '--key-file', k, '--out', out, ...flags]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/chmod 600/);
    await chmod(k, 0o600);
    const d = await cli(['deidentify', src, '--key-file', k, '--out', out, ...flags, '--json']);
    expect(d.code).toBe(0);
    const res = JSON.parse(d.stdout.trim().split('\n').pop()!);
    expect(res.keyId).toBe(keyId);
    expect(res.dropped).toEqual(['note']);
    const back = join(dir, 'cli-back.csv');
    const r = await cli(['reidentify', out, '--key-file', k, '--out', back, ...flags, '--json']);
    expect(r.code).toBe(0);
    const a = (await readCsv(src)).map((row) => [row[0], row[2], row[4]]);
    const b = (await readCsv(back)).map((row) => [row[0], row[2], row[4]]);
    expect(b).toEqual(a);
    const bad = await cli(['deidentify', src, '--key-file', k, '--out', out, '--date-shift', 'visit']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--subject/);
    const table = await cli(['deidentify', src, '--key-file', k, '--out', out, '--fpe', 'phone']);
    expect(table.stdout).toMatch(/key id: [0-9a-f]{16}/);
    expect(table.stdout).not.toContain(JSON.parse(await readFile(k, 'utf8')).key);
  });
});
