import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { createEngine } from '../engine/duckdb.js';
import { WumingError } from '../errors.js';
import { openAtomicStream, writeRelation } from '../io/write.js';
import type { ProgressFn } from '../progress.js';
import { seededRandom } from '../random.js';
import { ByteWriter } from '../sample/bytes.js';
import { CSV_HEADER } from '../sample/csv.js';
import { isSampleSeed, MAX_SEED, PersonGenerator } from '../sample/generate.js';

export interface WriteSampleOptions {
  rows: number;
  seed: number;
  /** Output path; `.parquet` writes Parquet, anything else CSV (UTF-8, comma, header row). */
  out: string;
  /** Number of the first person_id (default 1). */
  startId?: number;
  onProgress?: ProgressFn;
}

export interface WriteSampleResult {
  rows: number;
  seed: number;
  out: string;
  format: 'csv' | 'parquet';
  seconds: number;
}

/** Bytes per write (≈ 16 k rows): large enough to amortise the write call, small enough to stream. */
const BUFFER_BYTES = 4 << 20;
/** A CSV line is ≈ 300 bytes; this leaves ample room for the longest possible one. */
const MAX_LINE_BYTES = 4096;

/**
 * Generate `rows` synthetic persons and write them to `out` atomically: the file appears only
 * when complete, and a failure leaves nothing behind. Memory stays bounded by one batch, so
 * 10 M rows are fine. Parquet goes through a temporary CSV converted by DuckDB.
 */
export async function writeSample(opts: WriteSampleOptions): Promise<WriteSampleResult> {
  const { rows, seed } = opts;
  if (!Number.isInteger(rows) || rows < 0)
    throw new WumingError('BAD_ROWS', 'rows must be a non-negative integer', { kind: 'usage' });
  if (!isSampleSeed(seed))
    throw new WumingError('BAD_SEED', `seed must be an integer from 0 to ${MAX_SEED}`, { kind: 'usage' });
  if (opts.startId !== undefined && !(Number.isSafeInteger(opts.startId) && opts.startId >= 0))
    throw new WumingError('BAD_START_ID', 'startId must be a non-negative integer', { kind: 'usage' });
  const out = resolve(opts.out);
  const onProgress = opts.onProgress ?? (() => {});
  const started = performance.now();
  const parquet = extname(out).toLowerCase() === '.parquet';
  if (!parquet) {
    await writeCsv(out, rows, seed, opts.startId, onProgress);
  } else {
    const tmpCsv = join(
      dirname(out),
      `.${basename(out)}.wuming-csv-${process.pid}-${randomBytes(4).toString('hex')}.csv`,
    );
    try {
      await writeCsv(tmpCsv, rows, seed, opts.startId, onProgress, out);
      onProgress({ stage: 'parquet', done: 0, total: 1 });
      const engine = await createEngine();
      try {
        const src = `SELECT * FROM ${engine.dialect.readFile(tmpCsv, { type: 'csv', delimiter: ',', header: true })}`;
        await writeRelation(engine, src, out);
      } finally {
        await engine.close();
      }
      onProgress({ stage: 'parquet', done: 1, total: 1 });
    } finally {
      await rm(tmpCsv, { force: true });
    }
  }
  return {
    rows,
    seed,
    out,
    format: parquet ? 'parquet' : 'csv',
    seconds: (performance.now() - started) / 1000,
  };
}

async function writeCsv(
  path: string,
  rows: number,
  seed: number,
  startId: number | undefined,
  onProgress: ProgressFn,
  reportAs = path,
): Promise<void> {
  let sink: Awaited<ReturnType<typeof openAtomicStream>>;
  try {
    sink = await openAtomicStream(path);
  } catch (e) {
    // Name the file the user asked for, not our temporary.
    if (e instanceof WumingError)
      throw new WumingError(e.code, e.message, { kind: 'io', location: { file: reportAs }, cause: e });
    throw e;
  }
  try {
    await sink.write(`${CSV_HEADER}\n`);
    onProgress({ stage: 'generate', done: 0, total: rows });
    // Rows are rendered straight to UTF-8 bytes from pre-encoded labels (see ByteWriter): in our
    // measurements, building a JS string per row and encoding it cost about as much again as
    // drawing the row.
    const w = new ByteWriter(BUFFER_BYTES);
    const gen = new PersonGenerator(seededRandom(seed));
    const first = startId ?? 1;
    for (let i = 0; i < rows; i++) {
      gen.nextCsv(first + i, w);
      if (w.off > BUFFER_BYTES - MAX_LINE_BYTES) {
        await sink.write(w.take());
        onProgress({ stage: 'generate', done: i + 1, total: rows });
      }
    }
    if (w.off > 0) await sink.write(w.take());
    onProgress({ stage: 'generate', done: rows, total: rows });
  } catch (e) {
    await sink.abort();
    throw new WumingError('WRITE_FAILED', `cannot write output: ${(e as Error).message}`, {
      kind: 'io',
      location: { file: reportAs },
      cause: e,
    });
  }
  await sink.commit();
}

export { MAX_SEED } from '../sample/generate.js';
