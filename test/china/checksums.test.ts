import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidLuhn,
  isValidResidentId,
  luhnCheckDigit,
  luhnValid,
  residentIdCheckChar,
  residentIdCheckDigit,
  usccCheckChar,
} from '../../src/china/checksums.js';

describe('check digits', () => {
  it('Luhn accepts published test numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true); // Visa test card
    expect(luhnValid('490154203237518')).toBe(true); // IMEI example of 3GPP TS 23.003 literature
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('41111111a1111111')).toBe(false);
  });

  it('Luhn detects every single-digit error', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{15}$/),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (body, pos, delta) => {
          const n = body + luhnCheckDigit(body);
          const d = (Number(n[pos]) + delta) % 10;
          const changed = n.slice(0, pos) + d + n.slice(pos + 1);
          return luhnValid(n) && !luhnValid(changed);
        },
      ),
    );
  });

  it('GB 11643 MOD 11-2 on the standard example 11010519491231002X', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44030419850615004')).toBe('X');
  });

  it('GB 32100 check character on a published code', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91350100M000100YI')).toBeUndefined(); // I is not in the alphabet
  });
});

describe('resident ID check digit (GB 11643-1999)', () => {
  it('matches the examples printed in the standard', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(residentIdCheckDigit('44052418800101001')).toBe('4');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('440524188001010014')).toBe(true);
  });

  it('rejects a changed digit and malformed input', () => {
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('440524188001010015')).toBe(false);
    expect(isValidResidentId('44052418800101001')).toBe(false);
    expect(() => residentIdCheckDigit('4405241880010100A')).toThrow(RangeError);
  });
});

describe('Luhn check digit', () => {
  it('matches textbook examples', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isValidLuhn('79927398713')).toBe(true);
    expect(isValidLuhn('4111111111111111')).toBe(true);
    expect(isValidLuhn('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('0')).toBe('0');
  });
});
