import { type ContextSpec, execAll, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * CN_LICENSE_PLATE — GA 36-2018 plates: province abbreviation + issuing-authority letter
 * (no I/O) + 5 characters (letters without I/O, digits; the last may be 挂 学 警 港 澳), or
 * new-energy plates with 6 characters: D/F + 5 (small cars) or 5 digits + D/F (large vehicles).
 */
const RE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-HJ-NP-Z][·•・ -]?(?:[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])(?![0-9A-Za-z])/g;

const PLATE_CONTEXT: ContextSpec = {
  words: ['车牌', '号牌', '车辆', '牌照', '驾驶', '停车', '违章', 'plate', 'vehicle', 'car'],
};

export const licensePlateDetector: Detector = {
  type: 'CN_LICENSE_PLATE',
  needsDigit: true,
  languages: ['zh'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE, text)) {
      const body = m[0].slice(2);
      const digits = body.replace(/\D/g, '').length;
      if (digits < 2) continue;
      const base = body.replace(/[·•・ -]/g, '').length === 6 ? 0.8 : 0.75;
      out.push(
        makeFinding(
          text,
          'CN_LICENSE_PLATE',
          'license-plate',
          m.index,
          m.index + m[0].length,
          base,
          PLATE_CONTEXT,
          'plate format',
        ),
      );
    }
    return out;
  },
};
