import { describe, expect, it } from 'vitest';
import { detectText } from '../../src/detect/index.js';
import { vinCheckChar, vinDetector } from '../../src/detect/vin.js';

/** Spans (as text) the detector reports at score ≥ min. */
const spans = (text: string, min = 0.5) =>
  vinDetector
    .find(text)
    .filter((f) => f.score >= min)
    .map((f) => text.slice(f.start, f.end));

describe('VIN (ISO 3779 / GB 16735)', () => {
  it('computes the check digit of the standard’s worked example', () => {
    // The ISO 3779 / 49 CFR 565 example: 1M8GDM9A_KP042788 has check digit X.
    expect(vinCheckChar('1M8GDM9AXKP042788')).toBe('X');
    expect(vinCheckChar('LSVAM4187C2184847')).toBe('7');
  });

  it('finds VINs with a valid check digit, with or without a context word', () => {
    expect(spans('车架号：LSVAM4187C2184847，发动机号另附。')).toEqual(['LSVAM4187C2184847']);
    expect(spans('事故车辆 LFV2A21K7J3051926 已定损')).toEqual(['LFV2A21K7J3051926']);
    expect(spans('VIN: 1M8GDM9AXKP042788')).toEqual(['1M8GDM9AXKP042788']);
    const f = detectText('车辆识别代号LHGCR2667K8019374', { types: ['VIN'] });
    expect(f.map((x) => [x.type, x.validated])).toEqual([['VIN', true]]);
  });

  it('never reports a wrong check digit, even beside a context word', () => {
    expect(spans('编号 LSVAM4188C2184847 已登记', 0)).toEqual([]);
    expect(spans('车架号 LSVAM4188C2184847', 0)).toEqual([]);
  });

  it('rejects look-alikes: I/O/Q, lower case, all digits, a bad year or serial, longer codes, order numbers', () => {
    const valid = 'LSVAM4187C2184847';
    expect(spans(`VIN ${valid.replace('A', 'O')}`)).toEqual([]); // O never occurs
    expect(spans(`vin ${valid.toLowerCase()}`)).toEqual([]);
    expect(spans('车架号 12345678901234567')).toEqual([]); // no letter: a number
    expect(spans(`VIN ${valid.slice(0, 9)}U${valid.slice(10)}`)).toEqual([]); // U is no model year
    expect(spans(`VIN ${valid.slice(0, 13)}A847`)).toEqual([]); // the serial ends in 4 digits
    expect(spans(`token ${valid}9`)).toEqual([]); // 18 characters
    expect(spans(`X${valid}`)).toEqual([]);
    expect(spans(`订单号 ${valid}`)).toEqual([]);
  });
});
