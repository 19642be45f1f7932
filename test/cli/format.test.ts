import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/cli/common.js';

describe('numbers in CLI tables', () => {
  it('groups integers by thousands exactly as en-US does, without loading ICU', () => {
    for (const v of [0, 7, 999, 1000, -1000, 1234567, -987654321, 131953103, 2 ** 53, 1e20, 1e22])
      expect(formatNumber(v), String(v)).toBe(v.toLocaleString('en-US'));
  });
  it('keeps four significant digits below 1,000 and one decimal above', () => {
    expect(formatNumber(0.57868909)).toBe('0.5787');
    expect(formatNumber(1379.2345)).toBe('1379.2');
  });
});
