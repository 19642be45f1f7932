import { type ContextSpec, execAll, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * PASSPORT — PRC ordinary e-passports: E + 8 digits, E + letter (not I/O) + 7 digits (from
 * 2019), older G + 8 digits; diplomatic/service/public-affairs D, S, P (+E) + 7 digits.
 * Other countries' numbers (1–2 letters + 6–9 digits) only with passport context.
 */
const RE_CN = /(?<![0-9A-Za-z])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP]E?\d{7})(?![0-9A-Za-z])/g;
const RE_GENERIC = /(?<![0-9A-Za-z])[A-Z]{1,2}\d{6,9}(?![0-9A-Za-z])/g;

const PASSPORT_CONTEXT: ContextSpec = {
  words: ['护照', 'passport', '旅行证', 'travel document', 'passport no'],
  before: 30,
  after: 8,
};

export const passportDetector: Detector = {
  type: 'PASSPORT',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<number>();
    for (const m of execAll(RE_CN, text)) {
      seen.add(m.index);
      const base = m[0][0] === 'E' ? 0.6 : 0.5;
      out.push(
        makeFinding(
          text,
          'PASSPORT',
          'passport-cn',
          m.index,
          m.index + m[0].length,
          base,
          PASSPORT_CONTEXT,
          'PRC passport number shape',
        ),
      );
    }
    for (const m of execAll(RE_GENERIC, text)) {
      if (seen.has(m.index)) continue;
      const f = makeFinding(
        text,
        'PASSPORT',
        'passport-generic',
        m.index,
        m.index + m[0].length,
        0.2,
        PASSPORT_CONTEXT,
        'passport number shape',
      );
      if (f.score >= 0.4) out.push(f);
    }
    return out;
  },
};
