import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/china/checksums.js';
import { bankCardDetector } from '../../src/detect/bank-card.js';
import { imeiDetector } from '../../src/detect/imei.js';
import { detectText } from '../../src/detect/index.js';
import { landlineDetector } from '../../src/detect/landline.js';
import { mobileDetector } from '../../src/detect/mobile.js';
import { residentIdDetector } from '../../src/detect/resident-id.js';
import type { Detector } from '../../src/detect/types.js';
import { usccDetector } from '../../src/detect/uscc.js';
import { seededRandom } from '../../src/random.js';
import * as g from './fixtures/pi-gen.js';

/** Spans (as text) a detector reports at score ≥ min. */
function spans(d: Detector, text: string, min = 0.5): string[] {
  return d
    .find(text)
    .filter((f) => f.score >= min)
    .map((f) => text.slice(f.start, f.end));
}
const only = (text: string, type: string) =>
  detectText(text, { types: [type] }).map((f) => text.slice(f.start, f.end));

describe('CN_RESIDENT_ID', () => {
  it('finds valid 18-digit numbers, with lower-case x and 6-8-4 grouping', () => {
    expect(spans(residentIdDetector, '身份证号：11010519491231002X。')).toEqual(['11010519491231002X']);
    expect(spans(residentIdDetector, 'id 11010519491231002x ok')).toEqual(['11010519491231002x']);
    expect(spans(residentIdDetector, '证件 110105 19491231 002X')).toEqual(['110105 19491231 002X']);
  });
  it('accepts every generated valid number and rejects every changed check digit', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 300; i++) {
      const id = g.residentId(r);
      expect(spans(residentIdDetector, `号码${id}。`)).toEqual([id]);
      const bad = g.residentId(r, { valid: false });
      expect(spans(residentIdDetector, `身份证${bad}`, 0)).toEqual([]);
    }
  });
  it('rejects impossible dates, unknown provinces and numbers inside longer digit runs', () => {
    expect(spans(residentIdDetector, '110105194913310028', 0)).toEqual([]); // month 13
    expect(spans(residentIdDetector, '990105194912310021', 0)).toEqual([]);
    expect(spans(residentIdDetector, '编号1101051949123100211234', 0)).toEqual([]);
  });
  it('legacy 15-digit numbers need context', () => {
    expect(spans(residentIdDetector, '流水 441900611205321')).toEqual([]);
    expect(spans(residentIdDetector, '旧身份证号441900611205321')).toEqual(['441900611205321']);
  });
  it('an order-number context lowers the score', () => {
    const plain = residentIdDetector.find('11010519491231002X')[0].score;
    const order = residentIdDetector.find('订单号11010519491231002X')[0].score;
    const ctx = residentIdDetector.find('身份证号11010519491231002X')[0].score;
    expect(order).toBeLessThan(plain);
    expect(ctx).toBeGreaterThanOrEqual(plain);
  });
});

describe('CN_MOBILE', () => {
  it('finds numbers with +86, 0086, (+86), spaces and dashes', () => {
    expect(spans(mobileDetector, '手机：+86 138 0013 8000，备用0086-13912345678，(+86)15012345678')).toEqual([
      '+86 138 0013 8000',
      '0086-13912345678',
      '(+86)15012345678',
    ]);
    expect(spans(mobileDetector, 'call 139-1234-5678.')).toEqual(['139-1234-5678']);
    expect(spans(mobileDetector, '手机号码：8613812345678')).toEqual(['8613812345678']);
  });
  it('ignores longer digit runs, 400 numbers and unallocated segments without context', () => {
    expect(spans(mobileDetector, '订单号13812345678901')).toEqual([]);
    expect(spans(mobileDetector, '400-820-8820')).toEqual([]);
    expect(spans(mobileDetector, '12012345678')).toEqual([]);
    expect(spans(mobileDetector, '编号14012345678')).toEqual([]);
  });
  it('order-number context suppresses an allocated shape', () => {
    expect(spans(mobileDetector, '订单号13812345678')).toEqual([]);
  });
});

describe('CN_LANDLINE', () => {
  it('finds area code + number with separators, parentheses, +86 and extensions', () => {
    expect(spans(landlineDetector, '电话010-62345678转123')).toEqual(['010-62345678转123']);
    expect(spans(landlineDetector, '(021)64371234')).toEqual(['(021)64371234']);
    expect(spans(landlineDetector, '+86 10 6552 9988')).toEqual(['+86 10 6552 9988']);
    expect(spans(landlineDetector, '0571-8888123')).toEqual(['0571-8888123']);
  });
  it('splits unseparated numbers by the area code and needs context for them', () => {
    expect(spans(landlineDetector, '02164371234')).toEqual([]);
    expect(spans(landlineDetector, '座机02164371234')).toEqual(['02164371234']);
  });
  it('rejects invalid area codes and service numbers', () => {
    expect(spans(landlineDetector, '011-62345678', 0)).toEqual([]);
    expect(spans(landlineDetector, '800-810-8888', 0)).toEqual([]);
    expect(spans(landlineDetector, '010-12345678', 0)).toEqual([]); // local numbers do not start with 1
  });
});

describe('BANK_CARD', () => {
  it('finds Luhn-valid UnionPay and Visa numbers, grouped or not', () => {
    const r = seededRandom(2);
    for (let i = 0; i < 200; i++) {
      const c = g.bankCard(r);
      expect(spans(bankCardDetector, `卡号${c}。`)).toEqual([c]);
    }
    expect(spans(bankCardDetector, '4111 1111 1111 1111')).toEqual(['4111 1111 1111 1111']);
  });
  it('rejects bad check digits, wrong lengths and unknown issuers without context', () => {
    const r = seededRandom(3);
    for (let i = 0; i < 100; i++)
      expect(spans(bankCardDetector, `卡号${g.bankCard(r, { valid: false })}`, 0)).toEqual([]);
    expect(spans(bankCardDetector, '411111111111116', 0)).toEqual([]); // 15 digits
    // 2023… is not an issuer prefix: Luhn alone is a 1-in-10 coincidence.
    const body = '202311251234567';
    const n = body + luhnCheckDigit(body);
    expect(spans(bankCardDetector, `卡号${n}`)).toEqual([n]);
    expect(spans(bankCardDetector, n)).toEqual([]);
  });
  it('transaction-number context suppresses a valid number', () => {
    expect(spans(bankCardDetector, '交易流水号6282882034677285272')).toEqual([]);
  });
});

describe('CN_USCC', () => {
  it('finds valid codes and rejects a wrong check character', () => {
    expect(spans(usccDetector, '统一社会信用代码：91350100M000100Y43')).toEqual(['91350100M000100Y43']);
    expect(spans(usccDetector, '91350100M000100Y44', 0)).toEqual([]);
    const r = seededRandom(4);
    for (let i = 0; i < 100; i++) {
      const c = g.uscc(r);
      expect(spans(usccDetector, `信用代码${c}`)).toEqual([c]);
    }
  });
});

describe('IMEI', () => {
  it('finds Luhn-valid IMEIs, plain and grouped 2-6-6-1', () => {
    expect(spans(imeiDetector, 'IMEI号352099001761481')).toEqual(['352099001761481']);
    expect(spans(imeiDetector, 'IMEI：35-209900-176148-1')).toEqual(['35-209900-176148-1']);
  });
  it('rejects a bad check digit and needs context for unknown reporting bodies', () => {
    expect(spans(imeiDetector, 'IMEI 352099001761482', 0)).toEqual([]);
    expect(spans(imeiDetector, '序列号352099001761482', 0)).toEqual([]);
  });
  it('a 15-digit legacy ID and an IMEI are told apart by context', () => {
    expect(only('IMEI号352099001761481', 'IMEI')).toEqual(['352099001761481']);
    expect(detectText('旧身份证号441900611205321').map((f) => f.type)).toEqual(['CN_RESIDENT_ID']);
  });
});
