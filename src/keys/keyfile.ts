import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { inspect } from 'node:util';
import { WumingError } from '../errors.js';
import { writeFileAtomic } from '../io/write.js';

/**
 * Key files. One 256-bit master key per file; every operator key is derived from it with
 * HKDF-SHA-256 (RFC 5869) under a purpose and a scope (usually the column name), so one file
 * serves every column and table while no two uses share key material.
 *
 * The file is JSON so people can see what it is, and it is written with mode 0600: anyone who
 * can read it can reverse FPE columns and recompute tokens.
 */
export interface KeyFileJson {
  format: 'wuming-key';
  version: 1;
  /** How operator keys are derived from `key`. */
  kdf: 'HKDF-SHA-256';
  created: string;
  /** Base64 of the 32-byte master key. */
  key: string;
}

const MASTER_BYTES = 32;

/** Purposes used in HKDF `info`; fixed strings so derived keys never change between versions. */
export type KeyPurpose = 'token' | 'fpe' | 'date_shift' | 'replace' | 'vault' | 'key-id' | 'manifest';

/**
 * A loaded master key. The secret is kept in a private field and the object prints as its key
 * id only (toJSON/inspect), so a stray `console.log(keys)` or JSON report cannot leak it.
 */
export class KeyRing {
  readonly #master: Buffer;
  /** Fingerprint: first 16 hex digits of SHA-256(HKDF(master, 'key-id')). Safe to print. */
  readonly id: string;
  readonly created: string;

  constructor(master: Uint8Array, created = new Date().toISOString()) {
    if (master.length !== MASTER_BYTES) throw new RangeError('master key must be 32 bytes');
    this.#master = Buffer.from(master);
    this.created = created;
    // The id is a hash of a derived key, never of the master itself, so publishing it reveals
    // nothing usable about the master (HKDF outputs are independent PRF values).
    const idKey = this.derive('key-id', '');
    this.id = createHash('sha256').update(idKey).digest('hex').slice(0, 16);
  }

  /** Derive `length` bytes for a purpose and scope: HKDF-SHA-256(ikm=master, salt='', info). */
  derive(purpose: KeyPurpose, scope: string, length = 32): Buffer {
    const info = Buffer.from(`wuming/v1/${purpose}/${scope}`, 'utf8');
    return Buffer.from(hkdfSync('sha256', this.#master, Buffer.alloc(0), info, length));
  }

  toJSON(): { keyId: string } {
    return { keyId: this.id };
  }

  toString(): string {
    return `KeyRing(${this.id})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Serialised key file text. Only `writeKeyFile` calls this. */
  serialize(): string {
    const json: KeyFileJson = {
      format: 'wuming-key',
      version: 1,
      kdf: 'HKDF-SHA-256',
      created: this.created,
      key: this.#master.toString('base64'),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
  }
}

export function generateKey(): KeyRing {
  return new KeyRing(randomBytes(MASTER_BYTES));
}

/**
 * Write a new key file with mode 0600, atomically (temp file + rename). Refuses to overwrite an
 * existing file unless `force`, because overwriting a key makes every FPE column and token made
 * with it unrecoverable.
 */
export async function writeKeyFile(
  path: string,
  keys: KeyRing,
  opts: { force?: boolean } = {},
): Promise<void> {
  if (!opts.force) {
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (exists)
      throw new WumingError(
        'KEY_EXISTS',
        'a key file already exists here; overwriting it would make data encrypted with it unrecoverable (use --force to replace it)',
        { kind: 'usage', location: { file: path } },
      );
  }
  await writeFileAtomic(path, keys.serialize(), { mode: 0o600 });
}

/**
 * Load a key file. A file readable or writable by group or others is refused before it is even
 * read, like ssh does with private keys: the fix is printed, the key is not.
 */
export async function loadKeyFile(path: string): Promise<KeyRing> {
  let mode: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
    mode = s.mode;
  } catch {
    throw new WumingError(
      'KEY_NOT_FOUND',
      'cannot read the key file: no such file (create one with `wuming keygen --out FILE`)',
      {
        kind: 'io',
        location: { file: path },
      },
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw new WumingError(
      'KEY_PERMISSIONS',
      `the key file is accessible by group or others (mode ${octal}); a key must be private to its owner. Fix with: chmod 600 ${JSON.stringify(path)}`,
      { kind: 'io', location: { file: path } },
    );
  }
  const text = await readFile(path, 'utf8');
  return parseKeyFile(text, path);
}

export function parseKeyFile(text: string, file?: string): KeyRing {
  const bad = (why: string) =>
    new WumingError('KEY_INVALID', `not a valid Wuming key file: ${why}`, { kind: 'io', location: { file } });
  let json: Partial<KeyFileJson>;
  try {
    json = JSON.parse(text) as Partial<KeyFileJson>;
  } catch {
    throw bad('it is not JSON');
  }
  if (json.format !== 'wuming-key') throw bad('"format" must be "wuming-key"');
  if (json.version !== 1) throw bad(`unsupported version ${String(json.version)}`);
  if (typeof json.key !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(json.key))
    throw bad('"key" must be base64');
  const master = Buffer.from(json.key, 'base64');
  if (master.length !== MASTER_BYTES) throw bad(`"key" must hold ${MASTER_BYTES} bytes`);
  return new KeyRing(master, typeof json.created === 'string' ? json.created : '');
}

/** `wuming keygen`: a new random key written to `path` (0600); returns its id, never the key. */
export async function createKeyFile(
  path: string,
  opts: { force?: boolean } = {},
): Promise<{ path: string; keyId: string }> {
  const k = generateKey();
  await writeKeyFile(path, k, opts);
  return { path, keyId: k.id };
}
