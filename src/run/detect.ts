import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { type DetectOptions, detectLines, type LineFinding } from '../detect/index.js';
import { WumingError } from '../errors.js';
import { sniffEncoding } from '../io/encoding.js';
import { openAtomicStream } from '../io/write.js';
import type { RedactOptions } from '../operators/redact-text.js';
import type { ProgressFn } from '../progress.js';

export interface DetectFileOptions extends DetectOptions {
  onProgress?: ProgressFn;
}

const SAMPLE = 1 << 16;

/** A run of complete lines (no trailing \n) and the 0-based number of its first line. */
interface Block {
  text: string;
  firstLine: number;
  /** The file's last line: it had no \n after it. */
  last: boolean;
}

/**
 * Decode a byte stream into blocks of whole lines. The encoding is sniffed from the first 64 kB
 * (chunks are held back until that much has arrived or the stream ends), so a pipe works as a
 * file does. `name` is the file named in errors (`<stdin>` for a pipe).
 */
async function* textBlocks(
  source: AsyncIterable<Uint8Array>,
  name: string,
  size: number | undefined,
  onProgress?: ProgressFn,
): AsyncGenerator<Block> {
  const it = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SAMPLE) {
    let r: IteratorResult<Uint8Array>;
    try {
      r = await it.next();
    } catch (e) {
      throw new WumingError(
        'READ_FAILED',
        `cannot read the input (${(e as NodeJS.ErrnoException).code ?? 'read error'})`,
        {
          kind: 'io',
          location: { file: name },
          cause: e,
        },
      );
    }
    if (r.done) {
      ended = true;
      break;
    }
    head.push(r.value);
    headBytes += r.value.length;
  }
  const sample = Buffer.concat(head);
  const sniffed = sniffEncoding(sample.subarray(0, SAMPLE));
  if (!sniffed)
    throw new WumingError('BAD_ENCODING', 'the input is neither UTF-8 nor GBK/GB18030 text', {
      kind: 'data',
      location: { file: name },
    });
  // TextDecoder drops a UTF-8 byte-order mark itself.
  const encoding = sniffed === 'utf-8-bom' ? 'utf-8' : sniffed;
  const decoder = new TextDecoder(encoding, { fatal: true });
  let line = 0;
  let rest = '';
  let done = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (sample.length) yield sample;
    while (!ended) {
      let r: IteratorResult<Uint8Array>;
      try {
        r = await it.next();
      } catch (e) {
        // A read error mid-file (EIO, a vanished network share): say so, with the file and the
        // line reached, instead of a bare system error; the output of redactFile is not published.
        throw new WumingError(
          'READ_FAILED',
          `cannot read the input after line ${line} (${(e as NodeJS.ErrnoException).code ?? 'read error'})`,
          { kind: 'io', location: { file: name, line: Math.max(1, line) }, cause: e },
        );
      }
      if (r.done) break;
      yield r.value;
    }
  }
  // Bytes since the last line feed: where decoding fails, the bad line is found in them.
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks()) {
    let text: string;
    try {
      text = rest + decoder.decode(chunk, { stream: true });
    } catch (e) {
      await it.return?.();
      // The chunk (64 kB) holds many lines; `line` is the first of them. A line feed byte is a
      // line feed in UTF-8 and GB18030 alike (never part of a multi-byte sequence), so decode
      // line by line to name the bad one (was: 49,345 for a bad byte on line 50,001).
      const bad = line + firstBadLine(Buffer.concat([pending, chunk]), encoding);
      throw new WumingError('BAD_ENCODING', `invalid ${encoding} byte sequence on line ${bad}`, {
        kind: 'data',
        location: { file: name, line: bad },
        cause: e,
      });
    }
    const lf = chunk.lastIndexOf(0x0a);
    pending = lf < 0 ? Buffer.concat([pending, chunk]) : chunk.subarray(lf + 1);
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      rest = text;
    } else {
      rest = text.slice(cut + 1);
      const block = text.slice(0, cut);
      yield { text: block, firstLine: line, last: false };
      line += countLines(block);
    }
    done += chunk.length;
    onProgress?.({ stage: 'detect', done, total: size });
  }
  try {
    rest += decoder.decode();
  } catch (e) {
    throw new WumingError('BAD_ENCODING', `invalid ${encoding} byte sequence at the end of the input`, {
      kind: 'data',
      location: { file: name, line: line + 1 },
      cause: e,
    });
  }
  if (rest.length > 0) yield { text: rest, firstLine: line, last: true };
}

/**
 * The 1-based number, within `bytes` (which start at a line's start), of the first line that is
 * not valid in `encoding`. The last piece may be cut inside a character; it is decoded in
 * streaming mode so that is not counted as an error.
 */
function firstBadLine(bytes: Uint8Array, encoding: string): number {
  let start = 0;
  for (let n = 1; ; n++) {
    const lf = bytes.indexOf(0x0a, start);
    const piece = bytes.subarray(start, lf < 0 ? bytes.length : lf);
    try {
      new TextDecoder(encoding, { fatal: true }).decode(piece, { stream: lf < 0 });
    } catch {
      return n;
    }
    if (lf < 0) return n;
    start = lf + 1;
  }
}

/** Open a file for textBlocks; an unreadable file is an error naming it. */
async function fileSource(path: string): Promise<{ source: AsyncIterable<Uint8Array>; size: number }> {
  try {
    const size = (await stat(path)).size;
    // Opened once up front so a missing or unreadable file fails here, with its name.
    const fh = await open(path, 'r');
    await fh.close();
    return { source: createReadStream(path, { highWaterMark: 1 << 20 }), size };
  } catch (e) {
    throw new WumingError(
      'READ_FAILED',
      `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      { kind: 'io', location: { file: path }, cause: e },
    );
  }
}

/**
 * Detect personal information in a text file, line by line: yields findings with 0-based line
 * numbers and UTF-16 offsets within the line. Streams, so memory stays flat on big files.
 */
export async function* detectFile(path: string, opts: DetectFileOptions = {}): AsyncGenerator<LineFinding> {
  const { source, size } = await fileSource(path);
  for await (const b of textBlocks(source, path, size, opts.onProgress))
    yield* detectLines(b.text, opts, b.firstLine);
}

/**
 * As `detectFile`, on any byte stream (e.g. `process.stdin`, what `wuming detect -` reads).
 * `name` is the input named in errors (default `<stdin>`).
 */
export async function* detectStream(
  source: AsyncIterable<Uint8Array>,
  opts: DetectFileOptions & { name?: string } = {},
): AsyncGenerator<LineFinding> {
  for await (const b of textBlocks(source, opts.name ?? '<stdin>', undefined, opts.onProgress))
    yield* detectLines(b.text, opts, b.firstLine);
}

function countLines(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Convenience: all findings of a file in an array. */
export async function detectFileAll(path: string, opts: DetectFileOptions = {}): Promise<LineFinding[]> {
  const out: LineFinding[] = [];
  for await (const f of detectFile(path, opts)) out.push(f);
  return out;
}

export interface RedactStreamOptions extends RedactOptions {
  onProgress?: ProgressFn;
  /** Input named in errors (default: the path, or `<stdin>`). */
  name?: string;
  /** `redactFile` only: called with the findings replaced in each piece, in order. */
  onFindings?: (findings: readonly LineFinding[]) => void;
}

/**
 * Redact a text file (a path, or a byte stream such as `process.stdin`): yields the redacted
 * text piece by piece (concatenated, they are the whole text, line breaks unchanged, as UTF-8
 * whatever the input's encoding) with the findings that were replaced in each piece (0-based
 * lines, offsets into the original line). Streams; see `redactText` for the styles.
 */
export async function* redactStream(
  input: string | AsyncIterable<Uint8Array>,
  opts: RedactStreamOptions = {},
): AsyncGenerator<{ text: string; findings: LineFinding[] }> {
  const { redactBlock, redactReplacer } = await redaction();
  const replace = redactReplacer(opts);
  const { source, size } =
    typeof input === 'string' ? await fileSource(input) : { source: input, size: undefined };
  const name = opts.name ?? (typeof input === 'string' ? input : '<stdin>');
  for await (const b of textBlocks(source, name, size, opts.onProgress)) {
    const r = redactBlock(b.text, opts, replace, b.firstLine);
    yield { text: b.last ? r.text : `${r.text}\n`, findings: r.findings };
  }
}

/**
 * Redact a text file into `out`, written atomically (the output appears whole or not at all).
 * Returns the number of findings replaced per type.
 */
export async function redactFile(
  input: string | AsyncIterable<Uint8Array>,
  out: string,
  opts: RedactStreamOptions = {},
): Promise<Record<string, number>> {
  (await redaction()).redactReplacer(opts); // a bad option fails before the output is opened
  const w = await openAtomicStream(out);
  const counts: Record<string, number> = {};
  try {
    for await (const piece of redactStream(input, opts)) {
      await w.write(piece.text);
      for (const f of piece.findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
      opts.onFindings?.(piece.findings);
    }
    await w.commit();
  } catch (e) {
    await w.abort();
    throw e;
  }
  return counts;
}

/**
 * The redaction operator, imported when text is redacted: it loads the operator framework and its
 * schema library (zod), about 0.1 s of CPU that `wuming detect` without --redact does not need.
 */
const redaction = () => import('../operators/redact-text.js');

/** The detectable types and the redaction styles, for callers that validate their options. */
export { ALL_TYPES } from '../detect/index.js';
export { REDACT_STYLES } from '../transform/redact-spans.js';
