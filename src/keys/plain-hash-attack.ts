import { createHash, randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { sha256Bytes } from '../crypto/sha256.js';
import { noProgress, type ProgressFn } from '../progress.js';

/**
 * "Why not a plain hash": unkeyed SHA-256 of a mobile number is not de-identification, because
 * the input space is small enough to enumerate. Mainland mobile numbers are 1[3-9]X + 8 digits:
 * 70 three-digit prefixes × 10^8 = 7·10^9 candidates. We measure this machine's SHA-256 rate on
 * exactly those inputs, extrapolate the time to hash them all, and actually reverse a few hashes
 * of random numbers inside a 10^6 slice (a known 5-digit head, as a leaked partial number or a
 * carrier's number block gives). A keyed HMAC has no such shortcut: without the 256-bit key the
 * attacker has 2^256 keys to try, not 7·10^9 numbers.
 */
export interface HashAttackResult {
  /** SHA-256 of 11-digit numbers per second on one core, measured here. */
  hashesPerSecondPerCore: number;
  cores: number;
  /** All 1[3-9]X·10^8 numbers. */
  candidates: number;
  /** candidates / rate, one core and all cores. */
  secondsOneCore: number;
  secondsAllCores: number;
  demo: {
    /** The slice enumerated (known head + 6 unknown digits). */
    head: string;
    sliceSize: number;
    targets: number;
    recovered: number;
    seconds: number;
  };
}

export const MOBILE_CANDIDATES = 70 * 1e8;

/** Enumerate head + `free` digits, hashing each; call `hit` for digests whose head matches. */
function enumerate(
  head: string,
  free: number,
  onDigest: (digest: Uint8Array, buf: Uint8Array) => void,
  limit = Infinity,
): number {
  const len = head.length + free;
  const buf = new Uint8Array(len);
  for (let i = 0; i < head.length; i++) buf[i] = head.charCodeAt(i);
  for (let i = head.length; i < len; i++) buf[i] = 48;
  const out = new Uint8Array(32);
  const total = Math.min(10 ** free, limit);
  for (let n = 0; n < total; n++) {
    sha256Bytes(buf, len, out);
    onDigest(out, buf);
    // Increment the decimal counter in place (no string building per candidate).
    let k = len - 1;
    while (k >= head.length && buf[k] === 57) {
      buf[k] = 48;
      k--;
    }
    if (k >= head.length) buf[k]++;
  }
  return total;
}

export function runHashAttackDemo(
  opts: { targets?: number; measureSeconds?: number; onProgress?: ProgressFn } = {},
): HashAttackResult {
  const onProgress = opts.onProgress ?? noProgress;
  const targets = opts.targets ?? 3;
  // 1. Measure: hash consecutive candidate numbers for about `measureSeconds`.
  const measure = opts.measureSeconds ?? 1;
  let hashed = 0;
  let sink = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < measure * 1000) {
    hashed += enumerate(
      '13800',
      6,
      (d) => {
        sink ^= d[0];
      },
      100_000,
    );
  }
  const rate = hashed / ((performance.now() - t0) / 1000);
  onProgress({ stage: 'measure', done: 1, total: 2 });

  // 2. Reverse: random numbers in one 10^6 slice, hashed with node:crypto (an independent
  //    implementation), then found by enumeration.
  const prefixes = ['138', '139', '150', '186', '199'];
  const head = prefixes[randomInt(prefixes.length)] + String(randomInt(100)).padStart(2, '0');
  const secret = new Set<string>();
  while (secret.size < targets) secret.add(head + String(randomInt(1_000_000)).padStart(6, '0'));
  const wanted = new Map<string, string>();
  for (const s of secret) wanted.set(createHash('sha256').update(s).digest('hex'), s);
  const firstWords = new Set([...wanted.keys()].map((h) => h.slice(0, 8)));
  let recovered = 0;
  const t1 = performance.now();
  enumerate(head, 6, (d, buf) => {
    const w = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
    if (!firstWords.has(w.toString(16).padStart(8, '0'))) return;
    const hex = Buffer.from(d).toString('hex');
    const s = wanted.get(hex);
    if (s !== undefined && s === String.fromCharCode(...buf)) recovered++;
  });
  const seconds = (performance.now() - t1) / 1000;
  onProgress({ stage: 'measure', done: 2, total: 2 });
  const cores = availableParallelism();
  // `sink` keeps the measuring loop from being optimised away.
  if (sink < 0) throw new Error('unreachable');
  return {
    hashesPerSecondPerCore: Math.round(rate),
    cores,
    candidates: MOBILE_CANDIDATES,
    secondsOneCore: MOBILE_CANDIDATES / rate,
    secondsAllCores: MOBILE_CANDIDATES / rate / cores,
    demo: { head, sliceSize: 1_000_000, targets, recovered, seconds },
  };
}
