import { describe, expect, it } from 'vitest';
import {
  isValidLuhn,
  isValidResidentId,
  luhnCheckDigit,
  residentIdCheckDigit,
} from '../../src/sample/checksums.js';

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
