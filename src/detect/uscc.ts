import { usccCheckChar } from '../china/checksums.js';
import { regionStrength } from '../china/regions.js';
import { type ContextSpec, execAll, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * CN_USCC — GB 32100-2015 unified social credit code (统一社会信用代码): registration authority
 * (1 organ, 5 civil affairs, 9 industry & commerce, Y other …), entity type, 6-digit GB/T 2260
 * region, 9-character organisation code, check character (weights 3^i mod 31).
 */
const RE = /(?<![0-9A-Za-z])[1-9A-GY][1-9]\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])/g;

const USCC_CONTEXT: ContextSpec = {
  words: [
    '信用代码',
    '社会信用',
    '税号',
    '纳税人识别号',
    '营业执照',
    '注册号',
    '机构代码',
    'uscc',
    'credit code',
    'tax id',
    'business license',
  ],
};

export const usccDetector: Detector = {
  type: 'CN_USCC',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE, text)) {
      const s = m[0];
      if (usccCheckChar(s.slice(0, 17)) !== s[17]) continue;
      if (regionStrength(s.slice(2, 8)) === 0) continue;
      // An all-digit code is indistinguishable in shape from other 18-digit numbers.
      const base = /[A-Z]/.test(s) ? 0.9 : 0.6;
      out.push(
        makeFinding(
          text,
          'CN_USCC',
          'uscc',
          m.index,
          m.index + s.length,
          base,
          USCC_CONTEXT,
          'valid GB 32100 check character',
          true,
        ),
      );
    }
    return out;
  },
};
