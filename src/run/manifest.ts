import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WumingError } from '../errors.js';
import { writeFileAtomic } from '../io/write.js';
import type { KeyRing } from '../keys/keyfile.js';
import type { ActionName } from '../operators/index.js';

/**
 * The de-identification manifest, written next to the output (`<out>.manifest.json`): the plan
 * as applied (each column's action and parameters, with `auto` kinds resolved), the key id and
 * an authenticated check value, never a key. `reidentify` reads it to take the plan and to prove
 * that the key it was given is the key the file was de-identified with: a wrong key is refused
 * (exit 1) instead of writing plausible, checksum-valid but wrong identifiers.
 *
 * The check value is HMAC-SHA-256 (RFC 2104) under HKDF(master, 'manifest') over the canonical
 * JSON of every other field, so only the key holder can produce it, a changed manifest (another
 * key id, another plan) fails it, and it reveals nothing about the key.
 */
export interface ManifestColumn {
  action: ActionName;
  /** Parameters as applied (kind resolved); no secrets: keys are derived, never stored. */
  params: Record<string, unknown>;
  /**
   * Params the operator settled on from the data (date_shift's `padding`), which reidentify
   * uses where its plan leaves them unset or `auto`.
   */
  applied?: Record<string, unknown>;
  reversible: boolean;
}

export interface DeidManifest {
  format: 'wuming-deid-manifest';
  version: 1;
  created: string;
  /** File name of the output this manifest describes. */
  output: string;
  /** SHA-256 of the output file as written. */
  outputSha256: string;
  rows: number;
  columns: Record<string, ManifestColumn>;
  dropped: string[];
  /** Id of the key used (see KeyRing.id); absent when no column needed a key. */
  keyId?: string;
  /** HMAC-SHA-256 check value (hex) proving the key; absent without a key. */
  keyCheck?: string;
}

export const manifestPathFor = (out: string): string => `${out}.manifest.json`;

/** JSON with object keys sorted at every level, so the check value does not depend on key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function checkValue(m: DeidManifest, keys: KeyRing): string {
  const { keyCheck: _omit, ...body } = m;
  return createHmac('sha256', keys.derive('manifest', '')).update(canonical(body)).digest('hex');
}

/** SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Build, sign (when there is a key) and write the manifest of `out` to `path` atomically. */
export async function writeManifest(
  path: string,
  out: string,
  fields: Omit<DeidManifest, 'format' | 'version' | 'created' | 'output' | 'keyId' | 'keyCheck'>,
  keys: KeyRing | undefined,
): Promise<string> {
  const m: DeidManifest = {
    format: 'wuming-deid-manifest',
    version: 1,
    created: new Date().toISOString(),
    output: basename(out),
    ...fields,
    ...(keys ? { keyId: keys.id } : {}),
  };
  if (keys) m.keyCheck = checkValue(m, keys);
  await writeFileAtomic(path, `${JSON.stringify(m, null, 2)}\n`);
  return path;
}

/** Read a manifest; undefined when there is none. A malformed one is an error naming the file. */
export async function readManifest(path: string): Promise<DeidManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WumingError('MANIFEST_UNREADABLE', 'cannot read the de-identification manifest', {
      kind: 'io',
      location: { file: path },
      cause: e,
    });
  }
  let m: DeidManifest;
  try {
    m = JSON.parse(text) as DeidManifest;
  } catch {
    m = {} as DeidManifest;
  }
  if (m.format !== 'wuming-deid-manifest' || m.version !== 1 || typeof m.columns !== 'object' || !m.columns)
    throw new WumingError('MANIFEST_INVALID', 'not a Wuming de-identification manifest', {
      kind: 'data',
      location: { file: path },
    });
  return m;
}

/**
 * Prove that `keys` is the key the manifest was made with: the key id must match and the check
 * value must verify. Either failure is exit 1, and no output is written.
 */
export function assertManifestKey(m: DeidManifest, keys: KeyRing | undefined, path: string): void {
  if (!m.keyId) return;
  if (!keys)
    throw new WumingError(
      'KEY_REQUIRED',
      `this file was de-identified with key id ${m.keyId}: pass that key with --key-file`,
      { kind: 'usage', location: { file: path } },
    );
  if (keys.id !== m.keyId)
    throw new WumingError(
      'WRONG_KEY',
      `the key file (key id ${keys.id}) is not the key this file was de-identified with (key id ${m.keyId}); nothing was written`,
      { kind: 'data', location: { file: path } },
    );
  const want = Buffer.from(checkValue(m, keys), 'hex');
  const got = Buffer.from(String(m.keyCheck ?? ''), 'hex');
  if (got.length !== want.length || !timingSafeEqual(got, want))
    throw new WumingError(
      'MANIFEST_CHECK_FAILED',
      'the manifest check value does not verify with this key: the manifest was changed or made with another key; nothing was written',
      { kind: 'data', location: { file: path } },
    );
}
