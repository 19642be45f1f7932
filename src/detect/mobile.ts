import { type ContextSpec, execAll, makeFinding, NUMERIC_NEGATIVE } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * CN_MOBILE — 11-digit mainland numbers 1[3-9]x xxxx xxxx (MIIT numbering plan), optionally
 * prefixed +86 / 0086 / (+86), grouped 3-4-4 by spaces or dashes. Ungrouped, a number is its own
 * token even beside another after one space or dash ("13912345678 13812345678"); grouped, no
 * digit group may continue the grouping on either side (see resident-id.ts). Groups 1-2 (plain)
 * or 3-4 (grouped) hold the prefix and the segment.
 */
const RE =
  /(?<![0-9A-Za-z+])(?:((?:\(\+?86\)|\+86|0086|\+ 86|86)[ -]?)?(1[3-9]\d)\d{8}|(?<!\d[ -])((?:\(\+?86\)|\+86|0086|\+ 86|86)[ -]?)?(1[3-9]\d)([ -])\d{4}\5\d{4}(?![ -]\d))(?![0-9A-Za-z])/g;

/** Allocated segments (3-digit prefixes) as of 2024; unallocated ones score lower. */
const SEGMENTS = /^(?:13\d|14[5-9]|15[0-35-9]|16[2567]|17[0-8]|18\d|19[0-35-9])$/;

const MOBILE_CONTEXT: ContextSpec = {
  words: [
    '手机',
    '电话',
    '联系',
    '致电',
    '拨打',
    '号码',
    '微信',
    '短信',
    '来电',
    'tel',
    'phone',
    'mobile',
    'cell',
    'call',
    'contact',
    'whatsapp',
    'sms',
  ],
  negative: NUMERIC_NEGATIVE,
};

export const mobileDetector: Detector = {
  type: 'CN_MOBILE',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE, text)) {
      const plain = m[2] !== undefined;
      const prefix = plain ? m[1] : m[3];
      const known = SEGMENTS.test(plain ? m[2] : m[4]);
      // A bare "86" prefix without + or 00 is weaker evidence than the number alone.
      const bare86 = prefix !== undefined && /^86/.test(prefix);
      const base = known ? (bare86 ? 0.6 : prefix ? 0.85 : 0.75) : 0.35;
      out.push(
        makeFinding(
          text,
          'CN_MOBILE',
          'mobile',
          m.index,
          m.index + m[0].length,
          base,
          MOBILE_CONTEXT,
          known ? 'allocated mobile segment' : 'mobile shape, unallocated segment',
          known,
        ),
      );
    }
    return out;
  },
};
