import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, constants, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Engine, WriteTarget } from '../engine/engine.js';
import { WumingError } from '../errors.js';

/**
 * Atomic output: everything is written to a temporary file beside the target and renamed into
 * place only when complete, so a failed or interrupted run never leaves a half-written file
 * where a user (or a downstream job) would pick it up. rename(2) within one directory is atomic.
 */
function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.wuming-tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** Fail early, before any work, with an error naming the path. */
export async function assertWritableTarget(path: string): Promise<void> {
  const dir = dirname(resolve(path));
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new Error('not a directory');
    await access(dir, constants.W_OK);
  } catch {
    throw new WumingError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write output: directory ${dir} does not exist or is not writable`,
      {
        kind: 'io',
        location: { file: path },
      },
    );
  }
  try {
    const s = await stat(path);
    if (s.isDirectory()) {
      throw new WumingError('OUTPUT_IS_DIRECTORY', 'cannot write output: the path is a directory', {
        kind: 'io',
        location: { file: path },
      });
    }
  } catch (e) {
    if (e instanceof WumingError) throw e;
  }
}

export type OutputFormat = 'csv' | 'parquet';

export function formatFromPath(path: string): OutputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv' || ext === '') return 'csv';
  throw new WumingError(
    'UNKNOWN_OUTPUT_FORMAT',
    `cannot tell the output format from the extension "${ext}"; use .csv or .parquet`,
    {
      kind: 'usage',
      location: { file: path },
    },
  );
}

/** Write the rows of `sql` to `path` (CSV or Parquet by extension) atomically through the engine. */
export async function writeRelation(
  engine: Engine,
  sql: string,
  path: string,
  opts: { format?: OutputFormat; delimiter?: string } = {},
): Promise<void> {
  await assertWritableTarget(path);
  const format = opts.format ?? formatFromPath(path);
  const tmp = tempPathFor(path);
  const target: WriteTarget = {
    path: tmp,
    format,
    delimiter: opts.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : ','),
  };
  try {
    await engine.copyTo(sql, target);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof WumingError)
      throw new WumingError(e.code, e.message, {
        kind: e.kind,
        location: { ...e.location, file: path },
        cause: e,
      });
    throw new WumingError('WRITE_FAILED', `cannot write output: ${(e as Error).message}`, {
      kind: 'io',
      location: { file: path },
      cause: e,
    });
  }
}

/** Write a whole string or buffer atomically (reports, keys, policies). */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: { mode?: number } = {},
): Promise<void> {
  await assertWritableTarget(path);
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data, { mode: opts.mode ?? 0o644 });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new WumingError('WRITE_FAILED', `cannot write output: ${(e as Error).message}`, {
      kind: 'io',
      location: { file: path },
      cause: e,
    });
  }
}

/**
 * A streaming writer whose content appears at `path` only on `commit()`; `abort()` removes the
 * temporary file. For generators and batch operators that write more than fits in memory.
 */
export interface AtomicStream {
  readonly stream: WriteStream;
  readonly tempPath: string;
  write(chunk: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomicStream(path: string, opts: { mode?: number } = {}): Promise<AtomicStream> {
  await assertWritableTarget(path);
  const tmp = tempPathFor(path);
  const stream = createWriteStream(tmp, { mode: opts.mode ?? 0o644 });
  let failed: Error | undefined;
  stream.on('error', (e) => {
    failed = e;
  });
  const closed = () =>
    new Promise<void>((res, rej) => {
      if (stream.closed) return failed ? rej(failed) : res();
      stream.end((err?: Error | null) => (err ? rej(err) : res()));
    });
  return {
    stream,
    tempPath: tmp,
    write(chunk) {
      if (failed) return Promise.reject(failed);
      return new Promise<void>((res, rej) => {
        const ok = stream.write(chunk, (err) => (err ? rej(err) : undefined));
        if (ok) res();
        else stream.once('drain', () => res());
      });
    },
    async commit() {
      try {
        await closed();
        await rename(tmp, path);
      } catch (e) {
        await rm(tmp, { force: true });
        throw new WumingError('WRITE_FAILED', `cannot write output: ${(e as Error).message}`, {
          kind: 'io',
          location: { file: path },
          cause: e,
        });
      }
    },
    async abort() {
      stream.destroy();
      await rm(tmp, { force: true });
    },
  };
}
