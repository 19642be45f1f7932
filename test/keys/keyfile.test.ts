import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey, KeyRing, loadKeyFile, parseKeyFile, writeKeyFile } from '../../src/keys/index.js';

const dir = await mkdtemp(join(tmpdir(), 'wuming-keys-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('key files', () => {
  it('writes 0600, loads back the same key id, refuses to overwrite', async () => {
    const k = generateKey();
    const p = join(dir, 'k.json');
    await writeKeyFile(p, k);
    expect((await stat(p)).mode & 0o777).toBe(0o600);
    const back = await loadKeyFile(p);
    expect(back.id).toBe(k.id);
    expect(back.derive('token', 'a').equals(k.derive('token', 'a'))).toBe(true);
    await expect(writeKeyFile(p, generateKey())).rejects.toThrow(/already exists/);
  });

  it('refuses a key readable by group or others, with the chmod fix', async () => {
    const p = join(dir, 'open.json');
    await writeFile(p, generateKey().serialize(), { mode: 0o644 });
    await chmod(p, 0o644);
    await expect(loadKeyFile(p)).rejects.toThrow(/chmod 600/);
    await chmod(p, 0o640);
    await expect(loadKeyFile(p)).rejects.toThrow(/mode 640/);
    await chmod(p, 0o600);
    await expect(loadKeyFile(p)).resolves.toBeInstanceOf(KeyRing);
  });

  it('never shows the key when printed or serialised to JSON', async () => {
    const k = generateKey();
    const secret = JSON.parse(k.serialize()).key as string;
    expect(JSON.stringify({ k })).not.toContain(secret);
    expect(inspect(k)).not.toContain(secret);
    expect(String(k)).toBe(`KeyRing(${k.id})`);
    expect(k.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('derives independent keys per purpose and scope (HKDF)', () => {
    const k = new KeyRing(Buffer.alloc(32, 1));
    expect(k.derive('token', 'a').equals(k.derive('token', 'b'))).toBe(false);
    expect(k.derive('token', 'a').equals(k.derive('fpe', 'a'))).toBe(false);
    // Fixed master → fixed id, so a report's key id identifies the key across runs.
    expect(new KeyRing(Buffer.alloc(32, 1)).id).toBe(k.id);
  });

  it('rejects malformed files', async () => {
    expect(() => parseKeyFile('nope')).toThrow(/not JSON/);
    expect(() => parseKeyFile('{"format":"wuming-key","version":1,"key":"AAAA"}')).toThrow(/32 bytes/);
    const p = join(dir, 'missing.json');
    await expect(loadKeyFile(p)).rejects.toThrow(/keygen/);
    expect((await readFile(join(dir, 'k.json'), 'utf8')).includes('"kdf": "HKDF-SHA-256"')).toBe(true);
  });
});
