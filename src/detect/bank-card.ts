import { luhnValid } from '../china/checksums.js';
import { type ContextSpec, contextScore, execAll, makeFinding, NUMERIC_NEGATIVE } from './context.js';
import { RESIDENT_ID_CONTEXT, residentIdShaped } from './resident-id.js';
import type { Detector, Finding } from './types.js';

/**
 * BANK_CARD — payment card numbers (ISO/IEC 7812): 16–19 digits, Luhn check, grouped by spaces
 * or dashes. Issuer identification numbers: 62 China UnionPay, 4 Visa, 51–55 / 2221–2720
 * Mastercard, 35 JCB, 6011/65 Discover; other prefixes need context. Ungrouped, a number is its
 * own token even beside another after one space or dash; grouped, no digit group may continue
 * the grouping on either side (see resident-id.ts).
 */
const RE =
  /(?<![0-9A-Za-z])(?:\d{8,30}|(?<!\d[ -])\d{4,6}([ -])\d{3,6}(?:\1\d{1,6}){1,3}(?![ -]\d))(?![0-9A-Za-z])/g;

const BANK_CARD_CONTEXT: ContextSpec = {
  words: [
    '银行卡',
    '卡号',
    '账号',
    '帐号',
    '储蓄卡',
    '信用卡',
    '借记卡',
    '开户',
    '银联',
    '收款',
    '转账',
    '汇款',
    '账户',
    '帐户',
    'card',
    'account',
    'visa',
    'mastercard',
    'unionpay',
    'iban',
  ],
  negative: NUMERIC_NEGATIVE,
};

function binScore(d: string): number {
  if (d.startsWith('62')) return 0.85;
  if (d[0] === '4') return 0.7;
  const p2 = +d.slice(0, 2);
  const p4 = +d.slice(0, 4);
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return 0.7;
  if (p2 === 35 || d.startsWith('6011') || d.startsWith('65')) return 0.65;
  return 0.3;
}

export const bankCardDetector: Detector = {
  type: 'BANK_CARD',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE, text)) {
      const d = m[0].replace(/[ -]/g, '');
      if (d.length < 16 || d.length > 19 || !luhnValid(d)) continue;
      // "身份证号 4403051992…" with a wrong check character is a mistyped ID, not a card.
      if (
        residentIdShaped(d) &&
        contextScore(text, m.index, m.index + m[0].length, 0, RESIDENT_ID_CONTEXT).positive
      )
        continue;
      out.push(
        makeFinding(
          text,
          'BANK_CARD',
          'bank-card',
          m.index,
          m.index + m[0].length,
          binScore(d),
          BANK_CARD_CONTEXT,
          'Luhn-valid card number',
          true,
        ),
      );
    }
    return out;
  },
};
