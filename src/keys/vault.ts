import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createEngine } from '../engine/duckdb.js';
import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { KeyRing } from './keyfile.js';

/**
 * Token vault: token → original value, in a DuckDB file, each value sealed with AES-256-GCM
 * under HKDF(master, 'vault', scope) with the scope and token as associated data (so a sealed
 * value cannot be moved to another token). Tokens themselves are stored in clear — they are in
 * the de-identified output anyway. We seal values in the application rather than using DuckDB's
 * database encryption because writing encrypted databases needs the httpfs extension (OpenSSL),
 * which an offline install cannot load. The vault runs in its own DuckDB instance: a query on
 * the job's connection would end the result stream the job is reading.
 */
const ALIAS = 'wuming_vault';

export class TokenVault {
  private constructor(
    private readonly engine: Engine,
    private readonly keys: KeyRing,
  ) {}

  static async open(path: string, keys: KeyRing, opts: { create: boolean }): Promise<TokenVault> {
    const engine = await createEngine({ threads: 1 });
    const d = engine.dialect;
    try {
      await engine.exec(`ATTACH ${d.string(path)} AS ${ALIAS}${opts.create ? '' : ' (READ_ONLY)'}`);
    } catch (e) {
      await engine.close();
      throw new WumingError(
        'VAULT_OPEN',
        `cannot open the token vault: ${String((e as Error).message).split('\n')[0]}`,
        {
          kind: 'io',
          location: { file: path },
          cause: e,
        },
      );
    }
    if (opts.create) {
      await engine.exec(
        `CREATE TABLE IF NOT EXISTS ${ALIAS}.tokens (scope VARCHAR, token VARCHAR, key_id VARCHAR, sealed BLOB, PRIMARY KEY (scope, token))`,
      );
    }
    return new TokenVault(engine, keys);
  }

  private key(scope: string): Buffer {
    return this.keys.derive('vault', scope);
  }

  private seal(scope: string, token: string, value: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key(scope), iv);
    c.setAAD(Buffer.from(`${scope}\u0000${token}`, 'utf8'));
    const ct = Buffer.concat([c.update(value, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), ct]).toString('hex');
  }

  private open(scope: string, token: string, hex: Uint8Array | string): string {
    const buf = typeof hex === 'string' ? Buffer.from(hex, 'hex') : Buffer.from(hex);
    const dc = createDecipheriv('aes-256-gcm', this.key(scope), buf.subarray(0, 12));
    dc.setAAD(Buffer.from(`${scope}\u0000${token}`, 'utf8'));
    dc.setAuthTag(buf.subarray(12, 28));
    try {
      return Buffer.concat([dc.update(buf.subarray(28)), dc.final()]).toString('utf8');
    } catch {
      throw new WumingError(
        'VAULT_KEY',
        'the token vault was written with a different key (authentication failed); nothing was written',
        // Exit 1 like every wrong-key refusal: the key does not fit the data, the command line is fine.
        { kind: 'data' },
      );
    }
  }

  /** Store distinct (token, value) pairs; existing tokens are left alone. */
  async put(scope: string, pairs: Map<string, string>): Promise<void> {
    if (pairs.size === 0) return;
    const d = this.engine.dialect;
    const rows: string[] = [];
    const flush = async () => {
      if (rows.length === 0) return;
      await this.engine.exec(
        `INSERT INTO ${ALIAS}.tokens VALUES ${rows.join(', ')} ON CONFLICT (scope, token) DO NOTHING`,
      );
      rows.length = 0;
    };
    for (const [token, value] of pairs) {
      rows.push(
        `(${d.string(scope)}, ${d.string(token)}, ${d.string(this.keys.id)}, from_hex(${d.string(this.seal(scope, token, value))}))`,
      );
      if (rows.length >= 1000) await flush();
    }
    await flush();
  }

  /** Look up originals for a batch of tokens; unknown tokens are absent from the map. */
  async get(scope: string, tokens: Iterable<string>): Promise<Map<string, string>> {
    const d = this.engine.dialect;
    const uniq = [...new Set(tokens)];
    const out = new Map<string, string>();
    for (let i = 0; i < uniq.length; i += 1000) {
      const part = uniq.slice(i, i + 1000);
      const rows = await this.engine.query(
        `SELECT token, hex(sealed) AS sealed FROM ${ALIAS}.tokens WHERE scope = ${d.string(scope)} AND token IN (${part.map((t) => d.string(t)).join(', ')})`,
      );
      for (const r of rows) out.set(String(r.token), this.open(scope, String(r.token), String(r.sealed)));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.engine.exec(`DETACH ${ALIAS}`);
    await this.engine.close();
  }
}
