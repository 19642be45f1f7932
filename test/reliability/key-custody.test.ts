import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import { deidentify, reidentify } from '../../src/run/deidentify.js';
import { CLI_ARGS } from '../helpers/cli.js';

/**
 * Issue 19 case 3 (reidentify with the wrong key exited 0 with plausible wrong identifiers), the
 * wrong-key vault error's exit code (case 10), and issue 20's manifest, clear-identifier warning
 * and `reidentify --mask`. Through the CLI, as a user meets them.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'wuming-keys-'));
const wuming = (...args: string[]) => {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const keyA = new KeyRing(Buffer.alloc(32, 11));
const keyB = new KeyRing(Buffer.alloc(32, 12));
const kA = join(dir, 'a.key');
const kB = join(dir, 'b.key');
writeFileSync(kA, keyA.serialize(), { mode: 0o600 });
writeFileSync(kB, keyB.serialize(), { mode: 0o600 });
const secretA = JSON.parse(keyA.serialize()).key as string;
const input = join(dir, 'in.csv');
const ids = ['11010519491231002X', '440524188001010014', '110101199003071234'];
writeFileSync(
  input,
  `pid,id_number,mobile,contact\n${ids.map((id, i) => `P${i},${id},1380013800${i},1390013900${i}`).join('\n')}\n`,
);
const out = join(dir, 'out.csv');
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => engine.close());

describe('the manifest proves the key', () => {
  it('deidentify writes <out>.manifest.json: plan as applied, key id, check value, no key', () => {
    const r = wuming('deidentify', input, '--key-file', kA, '--fpe', 'mobile', '--out', out, '--json');
    expect(r.code).toBe(0);
    // A direct identifier left in clear is a warning on stderr naming the column, never a value.
    expect(r.err).toMatch(/warning: column "id_number" looks like a direct identifier/);
    expect(r.err).toMatch(/column "contact"/);
    for (const v of [...ids, '13900139000']) expect(r.err).not.toContain(v);
    const m = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
    expect(m).toMatchObject({
      format: 'wuming-deid-manifest',
      output: 'out.csv',
      rows: 3,
      keyId: keyA.id,
      columns: { mobile: { action: 'fpe', params: { kind: 'mobile' }, reversible: true } },
    });
    expect(m.keyCheck).toMatch(/^[0-9a-f]{64}$/);
    const text = readFileSync(`${out}.manifest.json`, 'utf8');
    expect(text).not.toContain(secretA);
    expect(text).not.toContain(Buffer.from(secretA, 'base64').toString('hex'));
    expect(m.outputSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reidentify with the wrong key: exit 1, both key ids named, nothing written', () => {
    const back = join(dir, 'back-wrong.csv');
    const r = wuming('reidentify', out, '--key-file', kB, '--out', back);
    expect(r.code).toBe(1);
    expect(r.err).toContain(keyB.id);
    expect(r.err).toContain(keyA.id);
    expect(existsSync(back)).toBe(false);
  });

  it('reidentify with the right key takes the plan from the manifest', () => {
    const back = join(dir, 'back.csv');
    const r = wuming('reidentify', out, '--key-file', kA, '--out', back);
    expect(r.code).toBe(0);
    expect(readFileSync(back, 'utf8')).toBe(readFileSync(input, 'utf8'));
  });

  it('a manifest edited to claim another key fails its check value (exit 1)', async () => {
    const copy = join(dir, 'copy.csv');
    writeFileSync(copy, readFileSync(out));
    const m = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
    writeFileSync(`${copy}.manifest.json`, JSON.stringify({ ...m, keyId: keyB.id }));
    const err = await reidentify({ engine, input: copy, out: join(dir, 'back-t.csv'), keys: keyB }).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: 'MANIFEST_CHECK_FAILED', kind: 'data' });
    expect(err.exitCode).toBe(1);
  });

  it('no manifest: exit 1 naming it; manifest: false (--no-manifest) reverses without the proof', async () => {
    const bare = join(dir, 'bare.csv');
    writeFileSync(bare, readFileSync(out));
    const plan = { columns: { mobile: { action: 'fpe' as const } } };
    const err = await reidentify({ engine, input: bare, out: join(dir, 'b1.csv'), keys: keyA, plan }).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: 'MANIFEST_MISSING', kind: 'data' });
    expect(err.message).toContain('bare.csv.manifest.json');
    await reidentify({ engine, input: bare, out: join(dir, 'b2.csv'), keys: keyA, plan, manifest: false });
    expect(readFileSync(join(dir, 'b2.csv'), 'utf8')).toBe(readFileSync(input, 'utf8'));
  });

  it('reidentify --mask says masks are irreversible (exit 2, nothing written)', () => {
    const masked = join(dir, 'masked.csv');
    expect(wuming('deidentify', input, '--mask', 'mobile', '--out', masked).code).toBe(0);
    const back = join(dir, 'unmask.csv');
    const r = wuming('reidentify', masked, '--mask', 'mobile', '--out', back);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/irreversible/);
    expect(existsSync(back)).toBe(false);
  });

  it('a token vault opened with the wrong key exits 1, nothing written', async () => {
    const plan = { columns: { id_number: { action: 'token' as const, vault: true } } };
    const vault = join(dir, 'v.duckdb');
    const vout = join(dir, 'vout.csv');
    await deidentify({ engine, input, out: vout, plan, keys: keyA, vault, manifest: false });
    const vb = join(dir, 'vb.csv');
    const err = await reidentify({
      engine,
      input: vout,
      out: vb,
      plan,
      keys: keyB,
      vault,
      manifest: false,
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'VAULT_KEY' });
    expect(err.exitCode).toBe(1);
    expect(existsSync(vb)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.wuming-tmp-'))).toEqual([]);
  });
});
