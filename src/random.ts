import { randomBytes } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A source of randomness. Production code gets `secureRandom()` (node:crypto), tests and the
 * sample generator inject `seededRandom(seed)` so results are reproducible.
 */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function secureRandom(): Random {
  // Draw 53 random bits per float from the CSPRNG, buffered to avoid a syscall per value.
  let buf = randomBytes(4096);
  let off = 0;
  const u32 = (): number => {
    if (off + 4 > buf.length) {
      buf = randomBytes(4096);
      off = 0;
    }
    const v = buf.readUInt32LE(off);
    off += 4;
    return v;
  };
  const next = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  return {
    next,
    int(n) {
      if (n <= 0) throw new RangeError('int(n) needs n > 0');
      // Rejection sampling keeps the draw unbiased for any n.
      const limit = Math.floor(9007199254740992 / n) * n;
      for (;;) {
        const x = next() * 9007199254740992;
        if (x < limit) return x % n;
      }
    },
  };
}

export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed | 0);
  return {
    next: () => uniformFloat64(rng),
    int(n) {
      if (n <= 0) throw new RangeError('int(n) needs n > 0');
      if (n <= 2 ** 31) return uniformInt(rng, 0, n - 1);
      return Math.floor(uniformFloat64(rng) * n);
    },
  };
}
