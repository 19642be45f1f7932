import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BASE36, DIGITS, FF1, ff1String } from '../../src/crypto/ff1.js';
import { HmacSha256, sha256String } from '../../src/crypto/sha256.js';

// NIST SP 800-38G sample vectors, "FF1samples.pdf" (CSRC, Examples with Intermediate Values),
// samples 1–9: AES-128/192/256 × {radix 10 no tweak, radix 10 tweak, radix 36 tweak}.
const K128 = '2B7E151628AED2A6ABF7158809CF4F3C';
const K192 = `${K128}EF4359D8D580AA4F`;
const K256 = `${K192}7F036D6F04FC6A94`;
const T2 = '39383736353433323130';
const T3 = '3737373770717273373737';
const P10 = '0123456789';
const P36 = '0123456789abcdefghi';
const SAMPLES: [number, string, string, number, string, string][] = [
  [1, K128, '', 10, P10, '2433477484'],
  [2, K128, T2, 10, P10, '6124200773'],
  [3, K128, T3, 36, P36, 'a9tv40mll9kdu509eum'],
  [4, K192, '', 10, P10, '2830668132'],
  [5, K192, T2, 10, P10, '2496655549'],
  [6, K192, T3, 36, P36, 'xbj3kv35jrawxv32ysr'],
  [7, K256, '', 10, P10, '6657667009'],
  [8, K256, T2, 10, P10, '1001623463'],
  [9, K256, T3, 36, P36, 'xs8a0azh2avyalyzuwd'],
];

describe('FF1 (NIST SP 800-38G)', () => {
  for (const [n, key, tweak, radix, pt, ct] of SAMPLES) {
    it(`matches NIST FF1 sample ${n}`, () => {
      const f = new FF1(Buffer.from(key, 'hex'), radix);
      const alphabet = radix === 10 ? DIGITS : BASE36;
      const T = Buffer.from(tweak, 'hex');
      expect(ff1String(f, pt, alphabet, T, true)).toBe(ct);
      expect(ff1String(f, ct, alphabet, T, false)).toBe(pt);
    });
  }

  it('round-trips random inputs of many lengths and is a permutation on a tiny domain', () => {
    const f = new FF1(randomBytes(32), 10);
    for (let len = 6; len < 40; len++) {
      const x = Array.from({ length: len }, () => Math.floor(Math.random() * 10));
      const T = randomBytes(len % 7);
      const y = f.encrypt(x, T);
      expect(y).toHaveLength(len);
      expect(f.decrypt(y, T)).toEqual(x);
    }
    // radix 1000, length 2: 10^6 values — check a slice is injective.
    const g = new FF1(randomBytes(16), 1000);
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) seen.add(g.encrypt([Math.floor(i / 1000), i % 1000]).join(','));
    expect(seen.size).toBe(3000);
  });

  it('refuses domains below radix^minlen ≥ 10^6 (Rev. 1 §5.2)', () => {
    const f = new FF1(randomBytes(16), 10);
    expect(f.minlen).toBe(6);
    expect(() => f.encrypt([1, 2, 3, 4, 5])).toThrow(/length 5/);
    expect(new FF1(randomBytes(16), 36).minlen).toBe(4);
  });
});

describe('SHA-256 / HMAC-SHA-256 fast path', () => {
  it('equals node:crypto for every length 0..300 and non-ASCII text', () => {
    const key = randomBytes(32);
    const h = new HmacSha256(key);
    for (let len = 0; len < 300; len++) {
      const s =
        randomBytes(len)
          .toString('latin1')
          .replace(/[\u0080-\u00ff]/g, 'a') + (len % 5 === 0 ? '张三丰' : '');
      expect(Buffer.from(h.mac(s)).toString('hex')).toBe(
        createHmac('sha256', key).update(s, 'utf8').digest('hex'),
      );
      expect(Buffer.from(sha256String(s)).toString('hex')).toBe(
        createHash('sha256').update(s, 'utf8').digest('hex'),
      );
    }
    // Keys longer than a block are hashed first (RFC 2104).
    const long = randomBytes(100);
    expect(Buffer.from(new HmacSha256(long).mac('x')).toString('hex')).toBe(
      createHmac('sha256', long).update('x').digest('hex'),
    );
  });
});
