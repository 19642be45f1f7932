import { residentIdCheckChar } from '../china/checksums.js';
import { regionStrength } from '../china/regions.js';
import { type ContextSpec, execAll, makeFinding, NUMERIC_NEGATIVE, validDate } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * CN_RESIDENT_ID — GB 11643-1999 citizen identity number: 6-digit GB/T 2260 region, 8-digit
 * birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character. The legacy 15-digit form
 * (before 1999) has a 6-digit date (19YYMMDD) and no check digit, so it needs context.
 * Groupings "6 8 4" with spaces or dashes are accepted.
 */
/**
 * Written without separators, an ID is a token of its own even beside another number after one
 * space or dash (two IDs in a row: "110101… 310104…"); written grouped, a digit group beside it
 * may continue the grouping (a longer spaced number), so then none may follow or precede. Groups
 * 1–3 hold the parts in either form.
 */
const RE18 =
  /(?<![0-9A-Za-z])(?:(\d{6})(\d{8})(\d{3}[0-9Xx])|(?<!\d[ -])(\d{6})([ -])(\d{8})\5(\d{3}[0-9Xx])(?![ -]\d))(?![0-9A-Za-z])/g;
const RE15 =
  /(?<![0-9A-Za-z])(?:(\d{6})(\d{6})(\d{3})|(?<!\d[ -])(\d{6})([ -])(\d{6})\5(\d{3})(?![ -]\d))(?![0-9A-Za-z])/g;

/** The three parts of an RE18/RE15 match, from whichever form matched. */
const parts = (m: RegExpExecArray): [string, string, string] =>
  m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[6], m[7]];

export const RESIDENT_ID_CONTEXT: ContextSpec = {
  words: [
    '身份证',
    '证件号',
    '身份号',
    '公民身份',
    '证号',
    '身份证号',
    'id card',
    'id number',
    'id no',
    'identity',
    'resident id',
    '居民身份',
  ],
  negative: NUMERIC_NEGATIVE,
  before: 24,
  after: 8,
};

function checkResidentId18(s: string): { ok: boolean; region: 0 | 1 | 2 } {
  const region = regionStrength(s.slice(0, 6));
  if (region === 0) return { ok: false, region };
  const y = +s.slice(6, 10);
  if (!validDate(y, +s.slice(10, 12), +s.slice(12, 14))) return { ok: false, region };
  return { ok: residentIdCheckChar(s.slice(0, 17)) === s[17].toUpperCase(), region };
}

/**
 * 18 digits laid out as a resident ID (known region, valid birth date), whatever the check
 * character says. A mistyped ID often still passes Luhn (one number in ten does), and regions
 * 35, 4x, 51–55, 62, 65 begin like card BINs; in resident-ID context such a number is a wrong ID,
 * not a bank card.
 */
export function residentIdShaped(d: string): boolean {
  return (
    d.length === 18 &&
    /^\d{17}[\dXx]$/.test(d) &&
    regionStrength(d.slice(0, 6)) > 0 &&
    validDate(+d.slice(6, 10), +d.slice(10, 12), +d.slice(12, 14))
  );
}

export const residentIdDetector: Detector = {
  type: 'CN_RESIDENT_ID',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE18, text)) {
      const s = parts(m).join('');
      const r = checkResidentId18(s);
      if (!r.ok) continue;
      const base = r.region === 2 ? 0.95 : 0.8;
      out.push(
        makeFinding(
          text,
          'CN_RESIDENT_ID',
          'resident-id',
          m.index,
          m.index + m[0].length,
          base,
          RESIDENT_ID_CONTEXT,
          'valid MOD 11-2 check, region and birth date',
          true,
        ),
      );
    }
    for (const m of execAll(RE15, text)) {
      const [area, d] = parts(m);
      const region = regionStrength(area);
      if (region === 0) continue;
      if (!validDate(1900 + +d.slice(0, 2), +d.slice(2, 4), +d.slice(4, 6))) continue;
      const base = region === 2 ? 0.45 : 0.3;
      out.push(
        makeFinding(
          text,
          'CN_RESIDENT_ID',
          'resident-id-15',
          m.index,
          m.index + m[0].length,
          base,
          RESIDENT_ID_CONTEXT,
          'legacy 15-digit form: region and birth date',
        ),
      );
    }
    return out;
  },
};
