import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/china/checksums.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import type { ActionName } from '../../src/operators/index.js';
import { columnActionSchema, operators } from '../../src/operators/index.js';
import { seededRandom } from '../../src/random.js';
import { fakeValue, isBankCard, isMobile, isResidentId, shiftDate } from '../../src/transform/index.js';
import type { Cell } from '../../src/transform/operator.js';

const keys = new KeyRing(Buffer.alloc(32, 7));
const otherKeys = new KeyRing(Buffer.alloc(32, 8));
const ctx = (column = 'c', k: KeyRing | undefined = keys) => ({ column, keys: k, random: seededRandom(1) });
const run = (name: ActionName, params: object, values: Cell[], column = 'c', subjects?: Cell[]) =>
  operators[name].create(params, ctx(column)).apply(values, subjects);

const ID = '110101199003071234'.slice(0, 17);
const VALID_ID = ID + residentIdCheckChar(ID);

describe('mask', () => {
  it('applies the Chinese conventions', () => {
    expect(run('mask', { kind: 'resident_id' }, [VALID_ID])).toEqual([`110101********${VALID_ID.slice(14)}`]);
    expect(run('mask', { kind: 'mobile' }, ['13812345678'])).toEqual(['138****5678']);
    expect(run('mask', { kind: 'name' }, ['张三', '张三伟', '欧阳娜娜', '欧阳修', 'Zhang Wei'])).toEqual([
      '张*',
      '张*伟',
      '欧阳**',
      '欧阳*',
      'Z**** W**',
    ]);
    expect(run('mask', { kind: 'bank_card' }, ['6228480402564890018'])).toEqual(['622848*********0018']);
    expect(run('mask', { kind: 'email' }, ['alice.wang@example.com'])).toEqual(['a***@example.com']);
    expect(
      run('mask', { kind: 'address' }, ['北京市朝阳区建国路88号', '广东省深圳市南山区科技园南区1栋']),
    ).toEqual(['北京市朝阳区', '广东省深圳市南山区']);
  });

  it('auto detects per value, keeps nulls, never shows a short value whole', () => {
    expect(run('mask', {}, ['13812345678', null, '', '张三'])).toEqual(['138****5678', null, '', '张*']);
    expect(run('mask', { kind: 'mobile' }, ['1234'])).toEqual(['1***']);
    expect(
      run('mask', { kind: 'generic', keepFirst: 2, keepLast: 0, maskChar: '#', only: 'digit' }, ['AB-1234']),
    ).toEqual(['AB-12##']);
  });
});

describe('token', () => {
  it('is deterministic, keyed, per scope, with configurable encoding and length', () => {
    const a = run('token', {}, ['13812345678', '13812345678', '13812345679', null], 'phone');
    expect(a[0]).toBe(a[1]);
    expect(a[0]).not.toBe(a[2]);
    expect(a[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(a[3]).toBeNull();
    // Same column name in another table → same token (joins); other column → different.
    expect(run('token', {}, ['13812345678'], 'phone')[0]).toBe(a[0]);
    expect(run('token', {}, ['13812345678'], 'mobile')[0]).not.toBe(a[0]);
    expect(run('token', { scope: 'phone' }, ['13812345678'], 'mobile')[0]).toBe(a[0]);
    // Another key → another token.
    expect(operators.token.create({}, ctx('phone', otherKeys)).apply(['13812345678'])[0]).not.toBe(a[0]);
    expect(run('token', { encoding: 'digits', length: 12, prefix: 'T' }, ['x'])[0]).toMatch(/^T\d{12}$/);
    expect(run('token', { encoding: 'base32', length: 26 }, ['x'])[0]).toMatch(/^[a-z2-7]{26}$/);
    expect(run('token', { encoding: 'base64url', length: 22 }, ['x'])[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('needs a key', () => {
    expect(() => operators.token.create({}, { column: 'c', random: seededRandom(1) })).toThrow(/key file/);
  });
});

describe('fpe', () => {
  const roundTrip = (params: object, values: Cell[]) => {
    const t = operators.fpe.create(params, ctx('col'));
    const enc = t.apply(values);
    const dec = operators.fpe.create(params, ctx('col')).invert!(enc);
    expect(dec).toEqual(values);
    return enc;
  };

  it('keeps a resident ID valid: same region, year and sex parity, new date and sequence, correct check', () => {
    const r = seededRandom(3);
    const ids = Array.from({ length: 300 }, () => fakeValue('resident_id', r));
    const enc = roundTrip({ kind: 'resident_id' }, ids);
    let changed = 0;
    for (let i = 0; i < ids.length; i++) {
      const e = enc[i]!;
      expect(isResidentId(e)).toBe(true);
      expect(e.slice(0, 10)).toBe(ids[i]!.slice(0, 10));
      expect(Number(e[16]) % 2).toBe(Number(ids[i]![16]) % 2);
      if (e !== ids[i]) changed++;
    }
    expect(changed).toBeGreaterThan(295);
  });

  it('keeps mobile prefixes and bank BINs with valid Luhn digits', () => {
    const r = seededRandom(4);
    const phones = Array.from({ length: 200 }, () => fakeValue('mobile', r));
    const encP = roundTrip({ kind: 'mobile' }, phones);
    encP.forEach((e, i) => {
      expect(isMobile(e!)).toBe(true);
      expect(e!.slice(0, 3)).toBe(phones[i]!.slice(0, 3));
    });
    const cards = Array.from({ length: 200 }, () => fakeValue('bank_card', r));
    const encC = roundTrip({ kind: 'bank_card' }, cards);
    encC.forEach((e, i) => {
      expect(isBankCard(e!)).toBe(true);
      expect(e!.slice(0, 6)).toBe(cards[i]!.slice(0, 6));
      expect(e).not.toBe(cards[i]);
    });
  });

  it('round-trips malformed values and keeps them malformed, so decryption picks the same path', () => {
    const bad = [
      '11010119900307123x',
      '110101199013071234',
      '010-12345678',
      '1381234567',
      '+86 138 1234 5678',
      null,
      '',
    ];
    const enc = roundTrip({ kind: 'resident_id' }, bad);
    for (const e of enc) if (e) expect(isResidentId(e)).toBe(false);
    const encM = roundTrip({ kind: 'mobile' }, bad);
    for (const e of encM) if (e) expect(isMobile(e)).toBe(false);
    expect(enc[2]).toMatch(/^\d{3}-\d{8}$/);
  });

  it('never copies a value it cannot encrypt (no digits at all): error naming the row, or suppress', () => {
    // Regression (issue 19 case 1): 'N/A' and a name went through FPE unchanged.
    const t = operators.fpe.create({ kind: 'resident_id' }, ctx('col'));
    expect(() => t.apply([VALID_ID, '张三'])).toThrow(
      expect.objectContaining({ code: 'FPE_DOMAIN_TOO_SMALL', index: 1, column: 'col' }),
    );
    try {
      t.apply([VALID_ID, '张三']);
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('张三');
    }
    const enc = run('fpe', { kind: 'mobile', onShort: 'suppress' }, ['N/A', '张三', '13812345678']);
    expect(enc.slice(0, 2)).toEqual(['*', '*']);
    const back = operators.fpe.create({ kind: 'mobile', onShort: 'suppress' }, ctx('c')).invert!(enc);
    expect(back).toEqual(['*', '*', '13812345678']);
  });

  it('generic digits and alnum, refusing domains under 10^6', () => {
    roundTrip({ kind: 'digits' }, ['123456', 'A-00012345-Z']);
    roundTrip({ kind: 'alnum' }, ['Ab3d', 'PASSPORT E12345678']);
    expect(() => run('fpe', { kind: 'digits' }, ['12345'])).toThrow(/1,000,000/);
    // `keep` would publish the value unchanged: refused when the policy is checked.
    expect(columnActionSchema.safeParse({ action: 'fpe', onShort: 'keep' }).success).toBe(false);
    expect(run('fpe', { kind: 'digits', onShort: 'null' }, ['12345'])).toEqual([null]);
  });

  it('infers the kind from the data when auto', () => {
    const t = operators.fpe.create({ onShort: 'null' }, ctx('col'));
    expect(t.apply([VALID_ID, VALID_ID, 'junk'])[2]).toBeNull();
    expect(t.kind).toBe('resident_id');
  });
});

describe('date_shift', () => {
  it('shifts all dates of one subject by the same offset, keeping formats, and inverts', () => {
    const dates: Cell[] = [
      '2024-03-05',
      '2024-03-15',
      '2024/3/5',
      '20240305',
      '2024年03月05日',
      '2024-03-05 10:20:00',
      'unknown',
    ];
    const subj: Cell[] = dates.map(() => 'P001');
    const t = operators.date_shift.create(
      { subject: 'pid', maxDays: 100, onInvalid: 'suppress' },
      ctx('visit'),
    );
    const out = t.apply(dates, subj);
    const day = (s: string) => Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / 86400000;
    // Same offset within the subject → the 10-day interval is kept.
    expect(day(out[1]!) - day(out[0]!)).toBe(10);
    const off = day(out[0]!) - day('2024-03-05');
    expect(Math.abs(off)).toBeGreaterThanOrEqual(1);
    expect(Math.abs(off)).toBeLessThanOrEqual(100);
    expect(out[2]).toMatch(/^\d{4}\/\d{1,2}\/\d{1,2}$/);
    expect(out[3]).toMatch(/^\d{8}$/);
    expect(out[4]).toMatch(/^\d{4}年\d{2}月\d{2}日$/);
    expect(out[5]!.endsWith(' 10:20:00')).toBe(true);
    // Not a date: suppressed (the declared fallback), never copied; counted.
    expect(out[6]).toBe('*');
    expect(t.stats.fallback).toBe(1);
    // Another date column keyed on the same subject shifts identically.
    const t2 = operators.date_shift.create({ subject: 'pid', maxDays: 100 }, ctx('discharge'));
    expect(t2.apply(['2024-03-05'], ['P001'])[0]).toBe(out[0]);
    const back = t.invert!(out, subj);
    // Padded formats come back byte for byte; an unpadded one comes back as the same date.
    expect(back.filter((_, i) => i !== 2 && i !== 6)).toEqual(dates.filter((_, i) => i !== 2 && i !== 6));
    expect(back[6]).toBe('*');
    expect(['2024/3/5', '2024/03/05']).toContain(back[2]);
    // Different subjects mostly get different offsets.
    const many = t.apply(
      Array.from({ length: 50 }, () => '2024-01-01'),
      Array.from({ length: 50 }, (_, i) => `P${i}`),
    );
    expect(new Set(many).size).toBeGreaterThan(30);
  });

  it('handles leap days and month ends', () => {
    expect(shiftDate('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftDate('2023-02-28', 1)).toBe('2023-03-01');
    expect(shiftDate('2024-12-31', 1)).toBe('2025-01-01');
    expect(shiftDate('2024-02-30', 1)).toBeUndefined();
  });
});

describe('numeric operators', () => {
  it('rounds to a base or decimals', () => {
    expect(run('round', { base: 5, onInvalid: 'suppress' }, ['37', '38', 'x', null])).toEqual([
      '35',
      '40',
      '*',
      null,
    ]);
    expect(run('round', { base: 5, mode: 'floor' }, ['39'])).toEqual(['35']);
    expect(run('round', { decimals: 1 }, ['3.14159', '-0.01'])).toEqual(['3.1', '0.0']);
  });

  it('top/bottom codes', () => {
    expect(
      run('top_bottom', { top: 90, bottom: 16, topLabel: '>90', onInvalid: 'redact' }, [
        '95',
        '50',
        '10',
        'abc',
      ]),
    ).toEqual(['>90', '50', '16', null]);
  });

  it('adds noise with the stated spread and keeps decimals', () => {
    const vals = Array.from({ length: 20000 }, () => '100.00');
    const out = run('noise', { distribution: 'laplace', scale: 2 }, vals).map(Number);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const variance = out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length;
    expect(Math.abs(mean - 100)).toBeLessThan(0.1);
    // Laplace(0, b) variance is 2b² = 8.
    expect(variance).toBeGreaterThan(7.2);
    expect(variance).toBeLessThan(8.8);
    expect(run('noise', { scale: 1 }, ['5.25'])[0]).toMatch(/^-?\d+\.\d{2}$/);
    expect(run('noise', { scale: 100, min: 0, max: 10 }, ['5']).map(Number)[0]).toBeLessThanOrEqual(10);
  });
});

describe('redact / replace / drop', () => {
  it('redacts and replaces', () => {
    expect(run('redact', {}, ['a', null])).toEqual([null, null]);
    expect(run('redact', { with: '[已删除]' }, ['a'])).toEqual(['[已删除]']);
    expect(run('replace', { value: 'X' }, ['a', null])).toEqual(['X', null]);
    const r = run('replace', { random: 'auto' }, [VALID_ID, '13812345678', '张三']);
    expect(isResidentId(r[0]!)).toBe(true);
    expect(isMobile(r[1]!)).toBe(true);
    expect(r[2]).toMatch(/^[\u4e00-\u9fff·]{2,12}$/);
    const c1 = run('replace', { random: 'name', consistent: true }, ['张三', '李四', '张三']);
    expect(c1[0]).toBe(c1[2]);
  });
});

describe('columnActionSchema', () => {
  it('accepts every operator and rejects typos with the key named', () => {
    expect(columnActionSchema.parse({ action: 'fpe', kind: 'mobile' })).toMatchObject({ action: 'fpe' });
    expect(columnActionSchema.safeParse({ action: 'mask', kinds: 'x' }).success).toBe(false);
    expect(columnActionSchema.safeParse({ action: 'round' }).success).toBe(false);
    expect(columnActionSchema.safeParse({ action: 'noise', scale: -1 }).success).toBe(false);
    for (const name of Object.keys(operators)) {
      expect(
        columnActionSchema.safeParse({
          action: name,
          ...(name === 'noise' ? { scale: 1 } : {}),
          ...(name === 'round' ? { base: 5 } : {}),
          ...(name === 'top_bottom' ? { top: 1 } : {}),
          ...(name === 'replace' ? { value: 'x' } : {}),
        }).success,
      ).toBe(true);
    }
  });
});
