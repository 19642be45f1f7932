import { type ContextSpec, execAll, makeFinding, NUMERIC_NEGATIVE } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * CN_LANDLINE — fixed-line numbers: trunk prefix 0 + area code (010 and 02x have 2 digits after
 * the 0, others 3: 03xx–09xx), then a 7–8 digit local number starting 2–8, optional extension
 * (转 / 分机 / ext / -). The international form +86 drops the 0. 400/800 service numbers do not
 * start with 0 and are not personal numbers.
 */
const RE =
  /(?<![0-9A-Za-z]|\d[ -])((?:\+86|0086)[ -]?(?:\(0?\d{2,3}\)|0?\d{2,3})|[(（]0\d{2,3}[)）]|0\d{2,3})([ -]?)([2-8]\d{2,3})([ -]?)(\d{4})(?:[ \t]?(?:转|分机|ext\.?|x|#|-)[ \t]?(\d{1,5}))?(?![0-9A-Za-z]|[ -]\d)/gi;

const LANDLINE_CONTEXT: ContextSpec = {
  words: [
    '电话',
    '座机',
    '固话',
    '联系',
    '致电',
    '拨打',
    '传真',
    '办公',
    '号码',
    'tel',
    'phone',
    'fax',
    'call',
    'office',
    'landline',
  ],
  negative: NUMERIC_NEGATIVE,
};

export const landlineDetector: Detector = {
  type: 'CN_LANDLINE',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE, text)) {
      let area = m[1].replace(/^(?:\+86|0086)/, '').replace(/\D/g, '');
      if (!area.startsWith('0')) area = `0${area}`;
      let local = m[3] + m[5];
      if (m[2] === '' && /^0\d+$/.test(m[1])) {
        // Unseparated: the area code length follows from its first digits, not from the regex.
        const all = area + local;
        area = /^0[12]/.test(all) ? all.slice(0, 3) : all.slice(0, 4);
        local = all.slice(area.length);
        if (!/^[2-8]/.test(local)) continue;
      }
      const short = area.length === 3;
      if (short && !/^0(?:10|2\d)$/.test(area)) continue;
      if (!short && !/^0[3-9]\d\d$/.test(area)) continue;
      if (short && local.length !== 8) continue;
      if (!short && local.length !== 7 && local.length !== 8) continue;
      const separated = m[2] !== '' || /[()（）+]/.test(m[1]);
      const base = separated ? 0.65 : 0.4;
      out.push(
        makeFinding(
          text,
          'CN_LANDLINE',
          'landline',
          m.index,
          m.index + m[0].length,
          base,
          LANDLINE_CONTEXT,
          'valid area code and local number',
          true,
        ),
      );
    }
    return out;
  },
};
