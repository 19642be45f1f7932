import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { type DetectOptions, detectLines, type LineFinding } from '../detect/index.js';
import { WumingError } from '../errors.js';
import type { ProgressFn } from '../progress.js';

export interface DetectFileOptions extends DetectOptions {
  onProgress?: ProgressFn;
}

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/**
 * Pick the file's encoding from its first bytes: a UTF-16 BOM, else UTF-8 if the sample decodes
 * strictly (a multi-byte character cut at the sample's end is allowed), else GB18030 (a superset
 * of GBK and GB2312).
 */
export function sniffEncoding(sample: Uint8Array): TextEncodingName | undefined {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    // not UTF-8
  }
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(sample, { stream: true });
    return 'gb18030';
  } catch {
    return undefined;
  }
}

const SAMPLE = 1 << 16;

/**
 * Detect personal information in a text file, line by line: yields findings with 0-based line
 * numbers and UTF-16 offsets within the line. Streams, so memory stays flat on big files.
 */
export async function* detectFile(path: string, opts: DetectFileOptions = {}): AsyncGenerator<LineFinding> {
  let size: number;
  let sample: Uint8Array;
  try {
    size = (await stat(path)).size;
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(SAMPLE, size));
      await fh.read(buf, 0, buf.length, 0);
      sample = buf;
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw new WumingError(
      'READ_FAILED',
      `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      { kind: 'io', location: { file: path }, cause: e },
    );
  }
  const encoding = sniffEncoding(sample);
  if (!encoding)
    throw new WumingError('BAD_ENCODING', 'the file is neither UTF-8 nor GBK/GB18030 text', {
      kind: 'data',
      location: { file: path },
    });
  const decoder = new TextDecoder(encoding, { fatal: true });
  let line = 0;
  let rest = '';
  let done = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text: string;
    try {
      text = rest + decoder.decode(chunk, { stream: true });
    } catch (e) {
      stream.destroy();
      throw new WumingError('BAD_ENCODING', `invalid ${encoding} byte sequence after line ${line + 1}`, {
        kind: 'data',
        location: { file: path, line: line + 1 },
        cause: e,
      });
    }
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      rest = text;
    } else {
      rest = text.slice(cut + 1);
      const block = text.slice(0, cut);
      yield* detectLines(block, opts, line);
      line += countLines(block);
    }
    done += chunk.length;
    opts.onProgress?.({ stage: 'detect', done, total: size });
  }
  try {
    rest += decoder.decode();
  } catch (e) {
    throw new WumingError('BAD_ENCODING', `invalid ${encoding} byte sequence at the end of the file`, {
      kind: 'data',
      location: { file: path, line: line + 1 },
      cause: e,
    });
  }
  if (rest.length > 0) yield* detectLines(rest, opts, line);
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
