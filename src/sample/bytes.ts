/**
 * A dictionary string with the place of its UTF-8 bytes in one shared arena, so the CSV writer
 * copies bytes instead of encoding text. One arena rather than one Uint8Array per label keeps the
 * ~45,000 labels (mostly town names) in one contiguous block instead of as many separately
 * allocated buffers.
 */
export interface Label {
  readonly text: string;
  /** Offset and length of the UTF-8 bytes in the arena. */
  readonly start: number;
  readonly len: number;
}

const encoder = new TextEncoder();
const cache = new Map<string, Label>();
let arena = new Uint8Array(1 << 20);
let used = 0;

/** The (shared) label for a string; call while building tables, not per row. */
export function label(text: string): Label {
  let l = cache.get(text);
  if (!l) {
    const bytes = encoder.encode(text);
    if (used + bytes.length > arena.length) {
      const bigger = new Uint8Array(Math.max(arena.length * 2, used + bytes.length));
      bigger.set(arena.subarray(0, used));
      arena = bigger;
    }
    arena.set(bytes, used);
    l = { text, start: used, len: bytes.length };
    used += bytes.length;
    cache.set(text, l);
  }
  return l;
}

/** Appends UTF-8 bytes to a buffer: labels by copying from the arena, ASCII text and integers directly. */
export class ByteWriter {
  buf: Uint8Array;
  off = 0;

  constructor(readonly size: number) {
    this.buf = new Uint8Array(size);
  }

  label(l: Label): void {
    const src = arena;
    const buf = this.buf;
    let o = this.off;
    const end = l.start + l.len;
    for (let i = l.start; i < end; i++) buf[o++] = src[i];
    this.off = o;
  }

  /** A string known to be ASCII (digits, e-mail addresses). */
  ascii(s: string): void {
    const buf = this.buf;
    let o = this.off;
    for (let i = 0; i < s.length; i++) buf[o++] = s.charCodeAt(i);
    this.off = o;
  }

  byte(c: number): void {
    this.buf[this.off++] = c;
  }

  /** A non-negative integer in decimal, left-padded with zeros to `width` digits. */
  int(n: number, width = 1): void {
    let len = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
    if (len < width) len = width;
    const buf = this.buf;
    let o = this.off + len;
    this.off = o;
    for (let i = 0; i < len; i++) {
      buf[--o] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
  }

  /** Hand out the filled part and start a fresh buffer (the old one now belongs to the caller). */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.off);
    this.buf = new Uint8Array(this.size);
    this.off = 0;
    return out;
  }
}
