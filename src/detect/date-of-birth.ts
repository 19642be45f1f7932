import { execAll, validDate } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * DATE_OF_BIRTH — a calendar date is personal only as a birth date, so a date is reported only
 * with birth context (出生, 生日, born, DOB …) just before or after it; other dates (orders,
 * timestamps) are not.
 */
const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const MONTH_NUM: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const RE = new RegExp(
  [
    String.raw`(?<y1>(?:19|20)\d\d)[ \t]?(?<s1>[-/.年])[ \t]?(?<m1>1[0-2]|0?[1-9])[ \t]?(?:\k<s1>|月)[ \t]?(?<d1>3[01]|[12]\d|0?[1-9])(?!\d)(?:[ \t]?[日号])?`,
    String.raw`(?<y2>(?:19|20)\d\d)(?<m2>0[1-9]|1[0-2])(?<d2>0[1-9]|[12]\d|3[01])(?!\d)`,
    String.raw`(?<a3>\d{1,2})(?<s3>[/.-])(?<b3>\d{1,2})\k<s3>(?<y3>(?:19|20)\d\d)(?!\d)`,
    String.raw`(?<mn4>(?:${MONTHS})[a-z]*)\.?[ \t](?<d4>\d{1,2})(?:st|nd|rd|th)?,?[ \t](?<y4>(?:19|20)\d\d)`,
    String.raw`(?<d5>\d{1,2})(?:st|nd|rd|th)?[ \t](?<mn5>(?:${MONTHS})[a-z]*)\.?,?[ \t](?<y5>(?:19|20)\d\d)`,
    String.raw`(?<y6>(?:19|20)\d\d)年(?<m6>1[0-2]|0?[1-9])月(?![ \t]?\d)`,
  ]
    .map((s) => `(?:${s})`)
    .join('|'),
  'gi',
);
const RE_Y = new RegExp(RE.source, 'iy');
const BEFORE = [
  '出生',
  '生日',
  '生于',
  '诞生',
  '诞辰',
  '出生日期',
  '生辰',
  'born',
  'birth',
  'dob',
  'd.o.b',
  'birthday',
];
const AFTER = ['出生', '生人', '生日', '出世', '诞生', '生于'];
const PREFILTER = /出生|生日|生于|[年月日]生|诞|生辰|生人|出世|born|birth|dob|d\.o\.b|[男女][ \t]*[|｜\t]/i;
/**
 * In a table row of a person record (| 姓名 | 性别 | 出生日期 | …), the date cell right after the
 * sex cell is the birth date (the column order of the resident ID card and of HR forms). Only
 * cell separators (|, full-width ｜ and tab) count: in prose "女，2023年3月18日入院" the date is an event.
 */
const SEX_CELL = /[男女][ \t]*[|｜\t][ \t]*$/;
const PREFILTER_G = new RegExp(PREFILTER.source, 'gi');

export const dateOfBirthDetector: Detector = {
  type: 'DATE_OF_BIRTH',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    // A date qualifies only near a birth word, so the date regex runs only on windows around
    // those words (16 characters before the date, 4 after it).
    if (!PREFILTER.test(text)) return out;
    const windows: [number, number][] = [];
    for (const w of execAll(PREFILTER_G, text)) {
      const a = Math.max(0, w.index - 40);
      const b = Math.min(text.length, w.index + w[0].length + 44);
      if (windows.length && windows[windows.length - 1][1] >= a) windows[windows.length - 1][1] = b;
      else windows.push([a, b]);
    }
    const seen = new Set<number>();
    const ms: RegExpExecArray[] = [];
    for (const [a, b] of windows) {
      const sub = text.slice(a, b);
      for (const m of execAll(RE, sub)) {
        // Re-run at the absolute position so boundaries are judged on the full text.
        RE_Y.lastIndex = a + m.index;
        const full = RE_Y.exec(text);
        if (full && !seen.has(full.index)) {
          seen.add(full.index);
          ms.push(full);
        }
      }
    }
    for (const m of ms) {
      const start = m.index;
      const end = start + m[0].length;
      const c0 = start > 0 ? text.charCodeAt(start - 1) : 32;
      const c1 = end < text.length ? text.charCodeAt(end) : 32;
      if ((c0 >= 48 && c0 <= 57) || (c1 >= 48 && c1 <= 57) || /[A-Za-z]/.test(text[end] ?? '')) continue;
      const g = m.groups ?? {};
      let y: number;
      let mo: number;
      let d: number;
      if (g.y1) [y, mo, d] = [+g.y1, +g.m1, +g.d1];
      else if (g.y2) [y, mo, d] = [+g.y2, +g.m2, +g.d2];
      else if (g.y3) {
        y = +g.y3;
        const a = +g.a3;
        const b = +g.b3;
        // Day-first unless that is impossible (US month-first).
        [d, mo] = a > 12 ? [a, b] : b > 12 ? [b, a] : [a, b];
      } else if (g.y4) [y, mo, d] = [+g.y4, MONTH_NUM[g.mn4.slice(0, 3).toLowerCase()], +g.d4];
      else if (g.y5) [y, mo, d] = [+g.y5, MONTH_NUM[g.mn5.slice(0, 3).toLowerCase()], +g.d5];
      else [y, mo, d] = [+g.y6, +g.m6, 1];
      if (!mo || !validDate(y, mo, d)) continue;
      let b = text.slice(Math.max(0, start - 16), start);
      const nl = b.lastIndexOf('\n');
      if (nl >= 0) b = b.slice(nl + 1);
      b = b.toLowerCase();
      const a = text.slice(end, end + 4);
      const ctx =
        BEFORE.find((w) => b.includes(w)) ??
        AFTER.find((w) => a.includes(w)) ??
        (/^[ \t]?生[，,。；;、\s]|^[ \t]?生$/.test(a) ? '生' : undefined) ??
        (SEX_CELL.test(b) ? 'sex column' : undefined);
      if (!ctx) continue;
      out.push({
        type: 'DATE_OF_BIRTH',
        start,
        end,
        score: 0.85,
        detector: 'date-of-birth',
        explanation: `date with birth context "${ctx}"`,
        validated: true,
      });
    }
    return out;
  },
};
