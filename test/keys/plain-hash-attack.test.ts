import { describe, expect, it } from 'vitest';
import { MOBILE_CANDIDATES, runHashAttackDemo } from '../../src/keys/index.js';

describe('why not a plain hash', () => {
  it('measures a SHA-256 rate and really reverses unkeyed hashes of mobile numbers', () => {
    const r = runHashAttackDemo({ targets: 2, measureSeconds: 0.2 });
    expect(r.candidates).toBe(MOBILE_CANDIDATES);
    expect(r.hashesPerSecondPerCore).toBeGreaterThan(10_000);
    expect(r.secondsOneCore).toBeCloseTo(MOBILE_CANDIDATES / r.hashesPerSecondPerCore, 0);
    expect(r.demo.head).toMatch(/^1[3-9]\d{3}$/);
    // Every target hash (computed by node:crypto) was found by enumerating the slice.
    expect(r.demo.recovered).toBe(2);
  });
});
