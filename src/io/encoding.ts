import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WumingError } from '../errors.js';

/**
 * iconv-lite, loaded on first use (~13 ms at start-up): only UTF-16 heads and transcoding need
 * it, and a UTF-8 file that merely is not ASCII (Chinese text) passes through this module.
 */
const iconv = (): typeof import('iconv-lite') => createRequire(import.meta.url)('iconv-lite');

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Read at most `bytes` from the start of a file. */
export async function readHead(path: string, bytes = 1 << 20): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Drop an incomplete UTF-8 sequence cut off at the end of a sampled head. */
function trimPartialUtf8(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (buf[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf;
  const lead = buf[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? buf.subarray(0, i) : buf;
}

/** Likewise for GB18030: a trailing lead byte (0x81–0xFE) may belong to a cut pair. */
function trimPartialGb(buf: Buffer): Buffer {
  let end = buf.length;
  // Walk from the start to keep pair alignment: 1-byte ASCII, 2-byte pairs, 4-byte sequences.
  let i = 0;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) i += 1;
    else if (i + 1 < end && buf[i + 1] >= 0x30 && buf[i + 1] <= 0x39) i += 4;
    else i += 2;
  }
  if (i > end) {
    // The last sequence is incomplete: find its start by re-walking.
    let j = 0;
    let last = 0;
    while (j < end) {
      last = j;
      const b = buf[j];
      if (b < 0x80) j += 1;
      else if (j + 1 < end && buf[j + 1] >= 0x30 && buf[j + 1] <= 0x39) j += 4;
      else j += 2;
    }
    end = last;
  }
  return buf.subarray(0, end);
}

/**
 * The encoding of a head sample (a character cut at its end is allowed), or undefined when it is
 * neither UTF-8 nor GB18030. The one sniffer: tables (detectEncoding) and text (run/detect.ts).
 */
export function sniffEncoding(head: Uint8Array): Encoding | undefined {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8-bom';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(buf));
    return 'utf-8';
  } catch {
    /* not UTF-8 */
  }
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(trimPartialGb(buf));
    return 'gb18030';
  } catch {
    return undefined;
  }
}

/**
 * Decide the text encoding from a file's head. UTF-8 is taken only when the bytes are valid
 * UTF-8 (fatal decoding); otherwise GB18030 (a superset of GBK and GB2312, the usual encoding of
 * Chinese Excel exports) when they decode without error. Anything else is refused with the file
 * named: guessing would silently mangle names and addresses.
 */
export function detectEncoding(head: Buffer, file: string): Encoding {
  const enc = sniffEncoding(head);
  if (enc) return enc;
  throw new WumingError(
    'UNKNOWN_ENCODING',
    'the file is neither valid UTF-8 nor GBK/GB18030 (this is the first line that is not UTF-8); convert it to UTF-8 first',
    {
      location: { file, line: firstNonUtf8Line(trimPartialUtf8(head)) },
    },
  );
}

/** The 1-based line of the first byte sequence that is not UTF-8 (a line feed is one in any case). */
function firstNonUtf8Line(buf: Buffer): number {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let n = 1; ; n++) {
    const lf = buf.indexOf(0x0a, start);
    try {
      utf8.decode(buf.subarray(start, lf < 0 ? buf.length : lf));
    } catch {
      return n;
    }
    if (lf < 0) return n;
    start = lf + 1;
  }
}

/** Decode a head sample to text for dialect sniffing. */
export function decodeHead(head: Buffer, enc: Encoding): string {
  switch (enc) {
    case 'utf-8':
      return new TextDecoder('utf-8').decode(trimPartialUtf8(head));
    case 'utf-8-bom':
      return new TextDecoder('utf-8').decode(trimPartialUtf8(head.subarray(3)));
    case 'gb18030':
      return new TextDecoder('gb18030').decode(trimPartialGb(head));
    case 'utf-16le':
      return iconv().decode(head.subarray(2, head.length - (head.length % 2)), 'utf-16le');
    case 'utf-16be':
      return iconv().decode(head.subarray(2, head.length - (head.length % 2)), 'utf-16be');
  }
}

/**
 * Stream-transcode a whole file to UTF-8 (for engines that only read UTF-8). A byte sequence that
 * is invalid in the detected encoding later in the file is an error, not a replacement character.
 */
export async function transcodeToUtf8(src: string, dest: string, enc: Encoding): Promise<void> {
  const from = enc === 'gb18030' ? 'gb18030' : enc === 'utf-16le' ? 'utf-16le' : 'utf-16be';
  let bad = 0;
  let lines = 1;
  const decoder = iconv().decodeStream(from, { stripBOM: true });
  const toUtf8 = new Transform({
    writableObjectMode: true,
    transform(chunk: string, _e, cb) {
      if (!bad) {
        const at = chunk.indexOf('\ufffd');
        // The line of the first bad byte, so the error names it (a line feed decodes as itself).
        for (let i = chunk.indexOf('\n'); i >= 0 && (at < 0 || i < at); i = chunk.indexOf('\n', i + 1))
          lines++;
        if (at >= 0) bad = lines;
      }
      cb(null, Buffer.from(chunk, 'utf8'));
    },
  });
  try {
    await pipeline(createReadStream(src), decoder, toUtf8, createWriteStream(dest));
  } catch (e) {
    throw new WumingError(
      'READ_FAILED',
      `cannot read the input (${(e as NodeJS.ErrnoException).code ?? 'read error'})`,
      { kind: 'io', location: { file: src }, cause: e },
    );
  }
  if (bad) {
    throw new WumingError(
      'BAD_ENCODING',
      `the file starts as ${enc.toUpperCase()} but this line holds bytes that are not valid in it`,
      { location: { file: src, line: bad } },
    );
  }
}
