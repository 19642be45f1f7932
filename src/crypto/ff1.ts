import { createCipheriv } from 'node:crypto';

/**
 * FF1 format-preserving encryption, NIST SP 800-38G Rev. 1 (2019) §6.2, Algorithms 7 (encrypt)
 * and 8 (decrypt), with AES as CIPH. Why FF1 rather than FF3-1: FF1 takes tweaks of any length
 * (we bind the kept parts of a value, e.g. an ID's region code, into the tweak) and has no
 * published practical attack at the Rev. 1 domain sizes, while FF3 needed the FF3-1 repair
 * after Durak & Vaudenay (2017) and Beyne (2021).
 *
 * Tested against the nine FF1 samples NIST publishes (FF1samples.pdf, "Examples with Intermediate
 * Values", CSRC), see test/transform/ff1.test.ts.
 */

/** SP 800-38G Rev. 1 §5.2: radix^minlen ≥ 1,000,000. */
const MIN_DOMAIN = 1_000_000;
const MAX_LEN = 2 ** 32 - 1;

export class FF1 {
  readonly radix: number;
  readonly minlen: number;
  private readonly ecb: ReturnType<typeof createCipheriv>;
  private readonly bigRadix: bigint;
  /** CIPH(P) depends only on (n, u, t); cached as the first CBC-MAC state. */
  private readonly pCache = new Map<string, Buffer>();

  constructor(key: Uint8Array, radix: number) {
    if (key.length !== 16 && key.length !== 24 && key.length !== 32)
      throw new RangeError('FF1 key must be 16, 24 or 32 bytes (AES-128/192/256)');
    if (!Number.isInteger(radix) || radix < 2 || radix > 65536)
      throw new RangeError('FF1 radix must be in [2, 2^16]');
    this.radix = radix;
    this.bigRadix = BigInt(radix);
    // minlen = smallest n with radix^n ≥ 10^6 (and at least 2, §5.2).
    let m = 2;
    while (radix ** m < MIN_DOMAIN) m++;
    this.minlen = m;
    // CBC-MAC with a zero IV is AES-ECB on each chained block; one ECB context without padding
    // returns each 16-byte block synchronously, avoiding a cipher object per call.
    this.ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    this.ecb.setAutoPadding(false);
  }

  private ciph(block: Buffer): Buffer {
    return this.ecb.update(block);
  }

  encrypt(x: readonly number[], tweak: Uint8Array = new Uint8Array(0)): number[] {
    return this.run(x, tweak, true);
  }

  decrypt(x: readonly number[], tweak: Uint8Array = new Uint8Array(0)): number[] {
    return this.run(x, tweak, false);
  }

  private run(x: readonly number[], T: Uint8Array, enc: boolean): number[] {
    const n = x.length;
    const radix = this.radix;
    if (n < this.minlen || n > MAX_LEN)
      throw new RangeError(`FF1 input length ${n} is outside [${this.minlen}, 2^32) for radix ${radix}`);
    for (const d of x)
      if (!(d >= 0 && d < radix && Number.isInteger(d))) throw new RangeError('numeral out of radix');
    const t = T.length;
    const { u, v, b, d, qLen, blocks, cipherP, Q, S, tmp } = this.meta(n, t);
    Q.fill(0);
    Q.set(T, 0);
    /** Steps 6.ii–iv: y = NUM(first d bytes of PRF(P||Q) extended), as bytes in S. */
    const roundBytes = (i: number) => {
      Q[qLen - b - 1] = i;
      let R = cipherP;
      for (let off = 0; off < qLen; off += 16) {
        for (let j = 0; j < 16; j++) tmp[j] = R[j] ^ Q[off + j];
        R = this.ciph(tmp);
      }
      R.copy(S, 0);
      for (let j = 1; j < blocks; j++) {
        // S = R || CIPH(R ⊕ [1]^16) || CIPH(R ⊕ [2]^16) || ..., [j]^16 big-endian.
        R.copy(tmp, 0);
        tmp[15] ^= j & 0xff;
        tmp[14] ^= (j >>> 8) & 0xff;
        this.ciph(tmp).copy(S, j * 16);
      }
    };
    const MU = radix ** u;
    const MV = radix ** v;
    if (MV <= 2 ** 45) {
      // Fast path with doubles: every intermediate stays below 2^53 (r·256 < 2^45·2^8).
      let A = 0;
      for (let k = 0; k < u; k++) A = A * radix + x[k];
      let B = 0;
      for (let k = u; k < n; k++) B = B * radix + x[k];
      for (let step = 0; step < 10; step++) {
        const i = enc ? step : 9 - step;
        // Encrypt feeds B into the round function; decrypt feeds A (Algorithm 8, step 6.i).
        let f = enc ? B : A;
        for (let k = qLen - 1; k >= qLen - b; k--) {
          Q[k] = f % 256;
          f = Math.floor(f / 256);
        }
        roundBytes(i);
        const M = i % 2 === 0 ? MU : MV;
        let y = 0;
        for (let k = 0; k < d; k++) y = (y * 256 + S[k]) % M;
        if (enc) {
          const c = (A + y) % M;
          A = B;
          B = c;
        } else {
          const c = (((B - y) % M) + M) % M;
          B = A;
          A = c;
        }
      }
      const out = new Array<number>(n);
      for (let k = u - 1; k >= 0; k--) {
        out[k] = A % radix;
        A = Math.floor(A / radix);
      }
      for (let k = n - 1; k >= u; k--) {
        out[k] = B % radix;
        B = Math.floor(B / radix);
      }
      return out;
    }
    const modU = this.bigRadix ** BigInt(u);
    const modV = this.bigRadix ** BigInt(v);
    let A = num(x.slice(0, u), this.bigRadix);
    let B = num(x.slice(u), this.bigRadix);
    for (let step = 0; step < 10; step++) {
      const i = enc ? step : 9 - step;
      writeBig(Q, qLen - b, b, enc ? B : A);
      roundBytes(i);
      const y = readBig(S, 0, d);
      const modulus = i % 2 === 0 ? modU : modV;
      if (enc) {
        // Steps 6.vi–viii: C = STR(NUM(A) + y mod radix^m); A ← B; B ← C.
        const c = (A + y) % modulus;
        A = B;
        B = c;
      } else {
        // Algorithm 8: C = NUM(B) − y mod radix^m; B ← A; A ← C.
        const c = (((B - y) % modulus) + modulus) % modulus;
        B = A;
        A = c;
      }
    }
    return [...str(A, this.bigRadix, u), ...str(B, this.bigRadix, v)];
  }

  private readonly metas = new Map<number, Meta>();

  /** Everything that depends only on (n, t): sizes (steps 1–4), CIPH(P) and scratch buffers. */
  private meta(n: number, t: number): Meta {
    const k = n * 65536 + t;
    let m = this.metas.get(k);
    if (!m) {
      const u = Math.floor(n / 2);
      const v = n - u;
      // Step 3: b = ceil(ceil(v·log2(radix)) / 8), computed exactly as the byte length of radix^v − 1.
      const b = byteLength(this.bigRadix ** BigInt(v) - 1n);
      // Step 4: d = 4·ceil(b/4) + 4.
      const d = 4 * Math.ceil(b / 4) + 4;
      // Step 6.i: Q = T || [0]^((−t−b−1) mod 16) || [i]^1 || [NUM_radix(B)]^b.
      const qLen = t + mod(-t - b - 1, 16) + 1 + b;
      const blocks = Math.ceil(d / 16);
      m = {
        u,
        v,
        b,
        d,
        qLen,
        blocks,
        cipherP: this.prefix(n, u, t),
        Q: Buffer.alloc(qLen),
        S: Buffer.alloc(blocks * 16),
        tmp: Buffer.alloc(16),
      };
      if (this.metas.size > 1024) this.metas.clear();
      this.metas.set(k, m);
    }
    return m;
  }

  /** CIPH_K(P) for P = [1,2,1] || [radix]^3 || [10] || [u mod 256] || [n]^4 || [t]^4 (step 5). */
  private prefix(n: number, u: number, t: number): Buffer {
    const key = `${n},${t}`;
    let c = this.pCache.get(key);
    if (!c) {
      const P = Buffer.alloc(16);
      P[0] = 1;
      P[1] = 2;
      P[2] = 1;
      P.writeUIntBE(this.radix, 3, 3);
      P[6] = 10;
      P[7] = u % 256;
      P.writeUInt32BE(n, 8);
      P.writeUInt32BE(t, 12);
      c = Buffer.from(this.ciph(P));
      this.pCache.set(key, c);
    }
    return c;
  }
}

interface Meta {
  u: number;
  v: number;
  b: number;
  d: number;
  qLen: number;
  blocks: number;
  cipherP: Buffer;
  Q: Buffer;
  S: Buffer;
  tmp: Buffer;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

function byteLength(v: bigint): number {
  let bytes = 0;
  while (v > 0n) {
    v >>= 8n;
    bytes++;
  }
  return bytes;
}

/** NUM_radix(X): numerals, most significant first (§4.5 Algorithm 1). */
function num(x: readonly number[], radix: bigint): bigint {
  let r = 0n;
  for (const d of x) r = r * radix + BigInt(d);
  return r;
}

/** STR^m_radix(x) (§4.5 Algorithm 3). */
function str(x: bigint, radix: bigint, m: number): number[] {
  const out = new Array<number>(m);
  for (let i = m - 1; i >= 0; i--) {
    out[i] = Number(x % radix);
    x /= radix;
  }
  return out;
}

function writeBig(buf: Buffer, off: number, len: number, v: bigint): void {
  for (let i = off + len - 1; i >= off; i--) {
    buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function readBig(buf: Buffer, off: number, len: number): bigint {
  let r = 0n;
  for (let i = off; i < off + len; i++) r = (r << 8n) | BigInt(buf[i]);
  return r;
}

/** Alphabets: position in the string = numeral value. */
export const DIGITS = '0123456789';
export const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Encrypt/decrypt a string over an alphabet (every character must belong to it). */
export function ff1String(ff1: FF1, s: string, alphabet: string, tweak: Uint8Array, enc: boolean): string {
  const x = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) {
    const d = alphabet.indexOf(s[i]);
    if (d < 0) throw new RangeError('character outside the alphabet');
    x[i] = d;
  }
  const y = enc ? ff1.encrypt(x, tweak) : ff1.decrypt(x, tweak);
  let out = '';
  for (const d of y) out += alphabet[d];
  return out;
}
