import { type ContextSpec, execAll, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * GPS_COORDINATE — latitude/longitude pairs: decimal degrees (≥ 3 decimals ≈ 100 m, fewer are
 * too coarse to locate a person and look like amounts), optionally with hemisphere letters or
 * 北纬/东经, and degree-minute-second pairs.
 */
const NUM = String.raw`[-+]?\d{1,3}\.\d{3,}`;
const RE_DEC = new RegExp(
  String.raw`(?<![0-9A-Za-z.])(?:(北纬|南纬|[NS])[ \t]?)?(${NUM})°?[ \t]?([NSns])?[ \t]?[,，;；/]?[ \t]?(?:(?:lng|lon|long|longitude|经度)[:：=]?[ \t]?)?(?:(东经|西经|[EW])[ \t]?)?(${NUM})°?[ \t]?([EWew])?(?![0-9]|\.\d|[A-Za-z])`,
  'y',
);
/** Anchor: a decimal number with ≥ 3 decimals; the full pattern is tried only just before it. */
const ANCHOR = /\d\.\d{3}/g;
const DMS = String.raw`\d{1,3}°[ \t]?\d{1,2}[′'][ \t]?\d{1,2}(?:\.\d+)?(?:″|"|'')?`;
const RE_DMS = new RegExp(
  String.raw`(?:(?:北纬|南纬|[NS])[ \t]?)?${DMS}[ \t]?[NS]?[ \t]?[,，;；]?[ \t]?(?:(?:东经|西经|[EW])[ \t]?)?${DMS}[ \t]?[EW]?`,
  'g',
);

const GPS_CONTEXT: ContextSpec = {
  words: [
    '坐标',
    '经纬度',
    '经度',
    '纬度',
    '位置',
    '定位',
    'gps',
    'lat',
    'lng',
    'lon',
    'coordinates',
    'location',
    'position',
  ],
  before: 30,
};

export const gpsDetector: Detector = {
  type: 'GPS_COORDINATE',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    if (text.includes('.')) {
      let last = -1;
      for (const a of execAll(ANCHOR, text)) {
        if (a.index < last) continue;
        let numStart = a.index;
        while (numStart > 0 && numStart > a.index - 3 && /[0-9+-]/.test(text[numStart - 1])) numStart--;
        let m: RegExpExecArray | null = null;
        for (let st = Math.max(0, numStart - 3); st <= numStart && !m; st++) {
          RE_DEC.lastIndex = st;
          m = RE_DEC.exec(text);
          if (m && m.index + m[0].length <= a.index) m = null;
        }
        if (!m) continue;
        last = m.index + m[0].length;
        const lat = Math.abs(+m[2]);
        const lon = Math.abs(+m[5]);
        const swapped = m[1] && /[东西EW]/.test(m[1]);
        // Chinese map APIs (AMap, Baidu) write longitude first: "116.397128,39.916527".
        const lonFirst = !m[1] && !m[3] && !m[4] && !m[6] && lat > 90 && lat <= 180 && lon <= 90;
        if (swapped || ((lat > 90 || lon > 180) && !lonFirst)) continue;
        const sep = m[0].slice(m[0].indexOf(m[2]) + m[2].length, m[0].lastIndexOf(m[5]));
        if (!/[,，;；/ \t]|[NS]|经|°|lng|lon/.test(sep)) continue;
        const dec = Math.min(m[2].split('.')[1].length, m[5].split('.')[1].length);
        const base = m[1] || m[3] || dec >= 4 ? 0.75 : 0.5;
        let end = m.index + m[0].length;
        while (end > m.index && /[ \t]/.test(text[end - 1])) end--;
        out.push(
          makeFinding(
            text,
            'GPS_COORDINATE',
            'gps-decimal',
            m.index,
            end,
            base,
            GPS_CONTEXT,
            'latitude/longitude pair',
          ),
        );
      }
    }
    if (text.includes('°')) {
      for (const m of execAll(RE_DMS, text)) {
        let end = m.index + m[0].length;
        while (end > m.index && /[ \t]/.test(text[end - 1])) end--;
        out.push(
          makeFinding(
            text,
            'GPS_COORDINATE',
            'gps-dms',
            m.index,
            end,
            0.8,
            GPS_CONTEXT,
            'degree-minute-second pair',
          ),
        );
      }
    }
    return out;
  },
};
