import { type ContextSpec, execAll, makeFinding, NUMERIC_NEGATIVE } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * VIN — the vehicle identification number (车辆识别代号, 车架号) of ISO 3779, mandatory on every
 * vehicle registered in China under GB 16735-2019. It names one vehicle, and through the
 * registration one owner, so it is personal information in an accident report, an insurance
 * claim or a used-car listing. 17 characters of digits and capitals without I, O and Q; the
 * ninth is a check digit (GB 16735 / ISO 3779: letters transliterated A=1 … Z=9, weights
 * 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, sum mod 11, 10 written X); the tenth a model year (never
 * U, Z or 0) and the last four are digits (the serial number).
 *
 * Only a VIN whose check digit holds is reported (GB 16735 makes the check digit mandatory in
 * China): a 17-character code of this shape matches one time in eleven by chance, in logs,
 * tokens and order numbers. A context word (车架号, VIN …) raises the score, an order-number word
 * before it lowers it.
 */
const RE =
  /(?<![0-9A-Za-z])[A-HJ-NPR-Z0-9]{8}[0-9X][A-HJ-NPR-TV-Y1-9][A-HJ-NPR-Z0-9]{3}[0-9]{4}(?![0-9A-Za-z])/g;

/** ISO 3779 transliteration of letters (I, O, Q never occur). */
// biome-ignore format: the table reads as ISO 3779 prints it.
const VALUE: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check character of a 17-character VIN (its ninth character when the VIN is valid). */
export function vinCheckChar(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i];
    sum += (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : VALUE[c]) * WEIGHTS[i];
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

const VIN_CONTEXT: ContextSpec = {
  words: ['vin', '车架号', '车架', '车辆识别代号', '车辆识别码', '识别代号', '底盘号', 'chassis'],
  negative: NUMERIC_NEGATIVE,
};

export const vinDetector: Detector = {
  type: 'VIN',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const m of execAll(RE, text)) {
      const v = m[0];
      // A VIN mixes letters and digits (the manufacturer code is letters): all digits is a number.
      if (!/[A-Z]/.test(v)) continue;
      if (vinCheckChar(v) !== v[8]) continue;
      out.push(
        makeFinding(
          text,
          'VIN',
          'vin',
          m.index,
          m.index + 17,
          0.85,
          VIN_CONTEXT,
          'ISO 3779 structure and check digit',
          true,
        ),
      );
    }
    return out;
  },
};
