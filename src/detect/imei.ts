import { luhnValid } from '../china/checksums.js';
import { type ContextSpec, execAll, makeFinding, NUMERIC_NEGATIVE } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * IMEI — 3GPP TS 23.003 §6.2: 8-digit type allocation code (TAC), 6-digit serial, Luhn check
 * digit; commonly written 15 digits or grouped 2-6-6-1. GSMA reporting bodies give TACs first
 * digits 01, 35, 86, 99 (and a few others); unknown prefixes need context.
 */
const RE = /(?<![0-9A-Za-z]|\d[ -/])(\d{2})([ -]?)(\d{6})\2(\d{6})\2(\d)(?![0-9A-Za-z]|[ -/]\d)/g;
const KNOWN_RB = new Set([
  '01',
  '35',
  '86',
  '99',
  '30',
  '33',
  '44',
  '45',
  '49',
  '50',
  '51',
  '52',
  '53',
  '54',
  '91',
  '98',
]);

const IMEI_CONTEXT: ContextSpec = {
  words: ['imei', '串号', '设备号', '设备识别', '识别码', 'meid', '手机序列', 'device id', 'handset'],
  negative: NUMERIC_NEGATIVE.filter((w) => w !== '序列号' && w !== 'serial'),
  before: 30,
};

export const imeiDetector: Detector = {
  type: 'IMEI',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE, text)) {
      const d = m[1] + m[3] + m[4] + m[5];
      if (!luhnValid(d)) continue;
      const base = KNOWN_RB.has(m[1]) ? (m[2] ? 0.7 : 0.5) : 0.3;
      out.push(
        makeFinding(
          text,
          'IMEI',
          'imei',
          m.index,
          m.index + m[0].length,
          base,
          IMEI_CONTEXT,
          'Luhn-valid 15-digit IMEI',
          true,
        ),
      );
    }
    return out;
  },
};
