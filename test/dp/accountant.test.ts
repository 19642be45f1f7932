import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  advancedComposition,
  composeSequential,
  composeZcdp,
  gaussianDelta,
  gaussianVarianceForZcdp,
  pureToZcdp,
  toApprox,
  zcdpForApprox,
  zcdpToApprox,
  zcdpToApproxSimple,
} from '../../src/dp/accountant.js';
import { chargeRelease, ledgerState, readLedger } from '../../src/dp/ledger.js';
import { fromDecimal } from '../../src/dp/rational.js';

describe('accountant conversions against published formulas and values', () => {
  it('ε-DP ⇒ ε²/2-zCDP (Bun & Steinke 2016, Prop. 1.4)', () => {
    expect(pureToZcdp(1)).toBe(0.5);
    expect(pureToZcdp(0.1)).toBeCloseTo(0.005, 15);
  });

  it('ρ-zCDP ⇒ (ρ + 2√(ρ ln 1/δ), δ) (Bun & Steinke 2016, Prop. 1.3)', () => {
    // ρ = 0.5, δ = 1e-6: 0.5 + 2·√(0.5·13.8155…) = 5.756522…
    expect(zcdpToApproxSimple(0.5, 1e-6)).toBeCloseTo(5.756522, 5);
  });

  it('the CKS 2020 Cor. 13 conversion matches an independent brute-force minimisation', () => {
    // Values from a fine grid over α (step ×1.0001) of αρ + ln(1/δ)/(α−1) + ln(α−1) − α·lnα/(α−1),
    // computed separately: ρ = 0.5, δ = 1e-6 → 5.221534; ρ = 2.63, δ = 1e-10 (the 2020 US
    // Census redistricting data's total ρ) → 17.430584; ρ = 15.29, δ = 1e-10 → 51.562576.
    expect(zcdpToApprox(0.5, 1e-6)).toBeCloseTo(5.221534, 5);
    expect(zcdpToApprox(2.63, 1e-10)).toBeCloseTo(17.430584, 5);
    expect(zcdpToApprox(15.29, 1e-10)).toBeCloseTo(51.562576, 5);
    // never looser than Bun–Steinke
    for (const rho of [0.001, 0.01, 0.1, 1, 10]) {
      expect(zcdpToApprox(rho, 1e-8)).toBeLessThanOrEqual(zcdpToApproxSimple(rho, 1e-8) + 1e-12);
    }
    expect(toApprox({ kind: 'zcdp', rho: 0.5 }, 1e-6).epsilon).toBeCloseTo(5.221534, 5);
    expect(toApprox({ kind: 'pure', epsilon: 2 })).toEqual({ epsilon: 2, delta: 0 });
  });

  it('calibration inverts the conversion, and the resulting Gaussian is (ε, δ)-DP by Balle & Wang', () => {
    const rho = zcdpForApprox(1, 1e-6);
    expect(zcdpToApprox(rho, 1e-6)).toBeLessThanOrEqual(1);
    expect(zcdpToApprox(rho * 1.001, 1e-6)).toBeGreaterThan(1);
    const sigma = Math.sqrt(gaussianVarianceForZcdp(1, rho));
    // the exact Gaussian privacy profile at ε = 1 is below the δ asked for
    expect(gaussianDelta(1, sigma, 1)).toBeLessThanOrEqual(1e-6);
    // Balle & Wang's analytic Gaussian: σ = 1, Δ = 1, ε = 1 → δ ≈ 0.12693 (Φ(−0.5) − e·Φ(−1.5))
    expect(gaussianDelta(1, 1, 1)).toBeCloseTo(0.126936, 5);
  });

  it('composition: sequential sums exactly; zCDP adds ρ; advanced composition (Dwork & Roth Thm 3.20)', () => {
    expect(
      composeSequential([
        { epsilon: 0.1, delta: 0 },
        { epsilon: 0.2, delta: 1e-6 },
      ]),
    ).toEqual({
      epsilon: 0.3,
      delta: 1e-6,
    });
    expect(composeZcdp([0.1, 0.25])).toBeCloseTo(0.35, 15);
    // ε = 0.1, k = 100, δ' = 1e-5: 0.1·√(200·ln 1e5) + 100·0.1·(e^0.1 − 1) = 5.85017…
    const a = advancedComposition(0.1, 0, 100, 1e-5);
    expect(a.epsilon).toBeCloseTo(5.850198, 4);
    expect(a.delta).toBe(1e-5);
    expect(fromDecimal('0.1')).toEqual({ num: 1n, den: 10n });
    expect(fromDecimal(1e-7)).toEqual({ num: 1n, den: 10000000n });
  });
});

describe('budget ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wuming-ledger-'));
  const release = (epsilon: number, delta = 0) => ({
    time: new Date().toISOString(),
    query: 'count',
    mechanism: 'discrete Laplace',
    epsilon,
    delta,
    privacyUnit: 'row',
    contributionBound: 1,
  });

  it('charges until the budget is spent, then refuses with the ledger byte-for-byte unchanged', async () => {
    const ledgerPath = join(dir, 'a.json');
    const fp = 'a'.repeat(64);
    let s = await chargeRelease({
      ledgerPath,
      fingerprint: fp,
      source: 'x.csv',
      budgetEpsilon: 0.3,
      release: release(0.1),
    });
    expect(s.remainingEpsilon).toBeCloseTo(0.2, 15);
    s = await chargeRelease({ ledgerPath, fingerprint: fp, source: 'x.csv', release: release(0.2) });
    // exactly spent: 0.1 + 0.2 = 0.3 in decimals, not 0.30000000000000004
    expect(s.remainingEpsilon).toBe(0);
    const before = readFileSync(ledgerPath);
    await expect(
      chargeRelease({ ledgerPath, fingerprint: fp, source: 'x.csv', release: release(0.01) }),
    ).rejects.toMatchObject({ code: 'DP_BUDGET_EXCEEDED' });
    expect(readFileSync(ledgerPath).equals(before)).toBe(true);
    // another dataset (fingerprint) has its own budget
    s = await chargeRelease({
      ledgerPath,
      fingerprint: 'b'.repeat(64),
      source: 'y.csv',
      budgetEpsilon: 1,
      release: release(1),
    });
    expect(s.remainingEpsilon).toBe(0);
    expect((await ledgerState(ledgerPath, fp)).spentEpsilon).toBeCloseTo(0.3, 15);
    const l = await readLedger(ledgerPath);
    expect(l.datasets[fp].releases).toHaveLength(2);
  });

  it('a δ budget is enforced too, and a corrupt ledger is refused, not reset', async () => {
    const ledgerPath = join(dir, 'b.json');
    await chargeRelease({
      ledgerPath,
      fingerprint: 'c',
      source: 'z',
      budgetDelta: 1e-6,
      release: release(0.1, 1e-6),
    });
    await expect(
      chargeRelease({ ledgerPath, fingerprint: 'c', source: 'z', release: release(0.1, 1e-7) }),
    ).rejects.toMatchObject({ code: 'DP_BUDGET_EXCEEDED' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"kind": "wuming-dp-ledger", "version": 1, "datasets": {');
    await expect(readLedger(bad)).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' });
  });

  it('survives a process killed (SIGKILL) in the middle of charging: the ledger parses and the stale lock is broken', async () => {
    const ledgerPath = join(dir, 'kill.json');
    for (let round = 0; round < 3; round++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'ledger-writer.ts'), ledgerPath],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((res) => child.stdout!.once('data', () => res()));
      // let it write for a while, then kill it wherever it is
      await new Promise((r) => setTimeout(r, 300 + 137 * round));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const l = await readLedger(ledgerPath);
      const n = l.datasets['f'.repeat(64)]?.releases.length ?? 0;
      expect(n).toBeGreaterThan(0);
      // the lock the killed process may have held does not block the next release
      const s = await chargeRelease({
        ledgerPath,
        fingerprint: 'f'.repeat(64),
        source: 'k',
        release: release(0.001),
      });
      expect(s.spentEpsilon).toBeCloseTo((n + 1) * 0.001, 9);
    }
  });
});
