import { createHash } from 'node:crypto';

/**
 * SHA-256 (FIPS 180-4 §6.2) and HMAC-SHA-256 (RFC 2104 / FIPS 198-1) for many short messages.
 *
 * Why not node:crypto: `createHmac()` allocates an OpenSSL context per value and tops out near
 * 300 k values/s per core here, below the 500 k/s target for tokens. HMAC's two key-dependent
 * first blocks (K⊕ipad, K⊕opad) are the same for every value, so we compress them once and keep
 * the two midstates; a short value (≤ 55 bytes) then costs exactly two compressions. Tests check
 * this against node:crypto on random inputs of every length.
 */

// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
// FIPS 180-4 §5.3.3 initial hash value.
const H0 = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Int32Array(64);

/** Compress one 64-byte block at `off` of `buf` into `state` (8 words), in place. */
function compress(state: Int32Array, buf: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3];
  }
  compressW(state);
}

/** Compress the block already in W[0..16) into `state`. */
function compressW(state: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15];
    const w2 = W[i - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

const block = new Uint8Array(128);

/**
 * Finish a hash: `state` has already absorbed `prefixBytes` bytes (a multiple of 64); absorb
 * msg[0..len) plus FIPS 180-4 §5.1.1 padding. Result left in `state`.
 */
function finish(state: Int32Array, msg: Uint8Array, len: number, prefixBytes: number): void {
  let off = 0;
  while (len - off >= 64) {
    compress(state, msg, off);
    off += 64;
  }
  const rest = len - off;
  block.fill(0);
  for (let i = 0; i < rest; i++) block[i] = msg[off + i];
  block[rest] = 0x80;
  const total = rest + 1 + 8 <= 64 ? 64 : 128;
  const bits = (prefixBytes + len) * 8;
  // Messages here are far below 2^32 bytes; the high word only needs bits above 2^32.
  const hi = Math.floor(bits / 4294967296);
  block[total - 8] = hi >>> 24;
  block[total - 7] = hi >>> 16;
  block[total - 6] = hi >>> 8;
  block[total - 5] = hi;
  block[total - 4] = bits >>> 24;
  block[total - 3] = bits >>> 16;
  block[total - 2] = bits >>> 8;
  block[total - 1] = bits;
  compress(state, block, 0);
  if (total === 128) compress(state, block, 64);
}

function writeState(state: Int32Array, out: Uint8Array, off = 0): void {
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    out[off + i * 4] = v >>> 24;
    out[off + i * 4 + 1] = v >>> 16;
    out[off + i * 4 + 2] = v >>> 8;
    out[off + i * 4 + 3] = v;
  }
}

let scratch = new Uint8Array(256);
const encoder = new TextEncoder();

/** UTF-8 bytes of `s` into a shared scratch buffer; returns the length. ASCII takes a fast path. */
function utf8Into(s: string): { buf: Uint8Array; len: number } {
  const n = s.length;
  if (scratch.length < n * 3) scratch = new Uint8Array(n * 3 + 64);
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    scratch[i] = c;
  }
  if (i === n) return { buf: scratch, len: n };
  const r = encoder.encodeInto(s, scratch);
  return { buf: scratch, len: r.written };
}

const stateTmp = new Int32Array(8);

/** SHA-256 of msg[0..len) into `out` (32 bytes). */
export function sha256Bytes(msg: Uint8Array, len: number, out: Uint8Array): Uint8Array {
  stateTmp.set(H0);
  finish(stateTmp, msg, len, 0);
  writeState(stateTmp, out);
  return out;
}

/** SHA-256 of a string's UTF-8 bytes into `out` (32 bytes). */
export function sha256String(s: string, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  const { buf, len } = utf8Into(s);
  stateTmp.set(H0);
  finish(stateTmp, buf, len, 0);
  writeState(stateTmp, out);
  return out;
}

/** HMAC-SHA-256 with the key-dependent midstates computed once (RFC 2104). */
export class HmacSha256 {
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);
  private readonly st = new Int32Array(8);
  private readonly innerDigest = new Uint8Array(32);

  constructor(key: Uint8Array) {
    // RFC 2104: keys longer than the block are hashed first; shorter ones are zero-padded.
    const k = new Uint8Array(64);
    if (key.length > 64) k.set(createHash('sha256').update(key).digest());
    else k.set(key);
    const pad = new Uint8Array(64);
    for (let i = 0; i < 64; i++) pad[i] = k[i] ^ 0x36;
    this.inner.set(H0);
    compress(this.inner, pad, 0);
    for (let i = 0; i < 64; i++) pad[i] = k[i] ^ 0x5c;
    this.outer.set(H0);
    compress(this.outer, pad, 0);
  }

  /** MAC of bytes msg[0..len) into out[off..off+32). */
  macBytes(msg: Uint8Array, len: number, out: Uint8Array, off = 0): void {
    const st = this.st;
    st.set(this.inner);
    finish(st, msg, len, 64);
    writeState(st, this.innerDigest);
    st.set(this.outer);
    finish(st, this.innerDigest, 32, 64);
    writeState(st, out, off);
  }

  /** MAC of a string's UTF-8 bytes. */
  mac(s: string, out: Uint8Array = new Uint8Array(32), off = 0): Uint8Array {
    const { buf, len } = utf8Into(s);
    if (len > 55) {
      this.macBytes(buf, len, out, off);
      return out;
    }
    // Short values (all identifiers): one padded block built straight into W, and the outer
    // block from the inner state's words, skipping byte round trips.
    const st = this.st;
    st.set(this.inner);
    W.fill(0, 0, 16);
    for (let i = 0; i < len; i++) W[i >> 2] |= buf[i] << (24 - 8 * (i & 3));
    W[len >> 2] |= 0x80 << (24 - 8 * (len & 3));
    W[15] = (64 + len) * 8;
    compressW(st);
    for (let i = 0; i < 8; i++) W[i] = st[i];
    W[8] = 0x80000000;
    W.fill(0, 9, 15);
    W[15] = (64 + 32) * 8;
    st.set(this.outer);
    compressW(st);
    writeState(st, out, off);
    return out;
  }
}
