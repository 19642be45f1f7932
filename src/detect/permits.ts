import { type ContextSpec, execAll, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * CN_HK_MACAU_PERMIT — 往来港澳通行证 (mainland residents): C + 8 digits or C + letter + 7
 * digits (electronic, from 2014), W + 8 digits (older); 港澳居民来往内地通行证 (回乡证): H (Hong
 * Kong) / M (Macau) + 8 digits, older cards + 10 digits.
 * CN_TAIWAN_PERMIT — 大陆居民往来台湾通行证: T or L + 8 digits; 台湾居民来往大陆通行证 (台胞证):
 * 8 digits (from 2015) or 10 digits with a parenthesised letter; digits alone need context.
 */
const RE_HKM = /(?<![0-9A-Za-z])(?:[CW]\d{8}|C[A-HJ-NP-Z]\d{7}|[HM]\d{8}(?:\d{2})?)(?![0-9A-Za-z])/g;
const RE_TW_LETTER = /(?<![0-9A-Za-z])[TL]\d{8}(?![0-9A-Za-z])/g;
const RE_TW_DIGITS = /(?<![0-9A-Za-z])\d{8}(?:\d{2}(?:[(（][A-Z][)）])?)?(?![0-9A-Za-z])/g;

const HKM_CONTEXT: ContextSpec = {
  words: ['港澳', '通行证', '回乡证', '来往内地', 'permit', 'home return', 'exit-entry'],
  before: 30,
};
const TW_CONTEXT: ContextSpec = {
  words: ['台湾', '台胞', '通行证', '入台', 'taiwan', 'mtp', 'permit'],
  before: 30,
};
const TW_STRONG: ContextSpec = {
  words: ['台胞证', '台湾居民来往大陆', '台湾居民', '台胞', 'mtp', 'taiwan compatriot'],
  before: 30,
  factor: 0.6,
};

export const hkMacauPermitDetector: Detector = {
  type: 'CN_HK_MACAU_PERMIT',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE_HKM, text)) {
      out.push(
        makeFinding(
          text,
          'CN_HK_MACAU_PERMIT',
          'hk-macau-permit',
          m.index,
          m.index + m[0].length,
          0.45,
          HKM_CONTEXT,
          'HK/Macau permit number shape',
        ),
      );
    }
    return out;
  },
};

export const taiwanPermitDetector: Detector = {
  type: 'CN_TAIWAN_PERMIT',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE_TW_LETTER, text)) {
      out.push(
        makeFinding(
          text,
          'CN_TAIWAN_PERMIT',
          'taiwan-permit',
          m.index,
          m.index + m[0].length,
          0.45,
          TW_CONTEXT,
          'Taiwan permit number shape',
        ),
      );
    }
    if (text.includes('台') || /mtp|taiwan/i.test(text)) {
      for (const m of execAll(RE_TW_DIGITS, text)) {
        const f = makeFinding(
          text,
          'CN_TAIWAN_PERMIT',
          'taiwan-permit-digits',
          m.index,
          m.index + m[0].length,
          0.2,
          TW_STRONG,
          'Taiwan compatriot permit with context',
        );
        if (f.score >= 0.5) out.push(f);
      }
    }
    return out;
  },
};
