import { z } from 'zod';
import { residentIdCheckChar } from '../../china/checksums.js';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, type ChainStep, TOP, topStep } from './chain.js';
import { isValidDate } from './dates.js';

export const residentIdOptionsSchema = z.strictObject({
  /** Verify the GB 11643-1999 check character of 18-digit IDs (default true). */
  checksum: z.boolean().optional(),
  /** Accept legacy 15-digit IDs (birth year 19YY, no check character; default true). */
  allow15: z.boolean().optional(),
  /** Width of the birth-year band at level 2, a divisor of 10 (default 5). */
  bandYears: z.union([z.literal(1), z.literal(2), z.literal(5), z.literal(10)]).optional(),
  topLabel: z.string().min(1).optional(),
});
export type ResidentIdOptions = z.input<typeof residentIdOptionsSchema>;

const ID18 = /^\d{17}[\dXx]$/;
const ID15 = /^\d{15}$/;

/**
 * Region code (6 digits, GB/T 2260 at the time of issue) and birth year of a resident ID, or
 * undefined when it is not a valid ID. The region is not checked against today's code table:
 * IDs keep the code of their place of first registration, and many of those codes have since been
 * withdrawn.
 */
export function parseResidentId(
  s: string,
  opts: { checksum?: boolean; allow15?: boolean } = {},
): { region: string; year: number } | undefined {
  const t = s.trim();
  let region: string;
  let y: number;
  let m: number;
  let d: number;
  if (ID18.test(t)) {
    if ((opts.checksum ?? true) && residentIdCheckChar(t) !== t[17].toUpperCase()) return undefined;
    region = t.slice(0, 6);
    y = Number(t.slice(6, 10));
    m = Number(t.slice(10, 12));
    d = Number(t.slice(12, 14));
  } else if ((opts.allow15 ?? true) && ID15.test(t)) {
    region = t.slice(0, 6);
    y = 1900 + Number(t.slice(6, 8));
    m = Number(t.slice(8, 10));
    d = Number(t.slice(10, 12));
  } else {
    return undefined;
  }
  // Province-level codes start 1-8 (GB/T 2260); a birth year before 1850 or in the future is
  // not a living person's ID.
  if (region[0] < '1' || region[0] > '8') return undefined;
  if (y < 1850 || y > new Date().getUTCFullYear() || !isValidDate(y, m, d)) return undefined;
  return { region, year: y };
}

/**
 * Hierarchy over resident ID numbers, each level a function of the one below:
 *   L1 `110101|1990`       district code (6) + birth year
 *   L2 `1101|1990-1994`    prefecture code (4) + birth-year band (default 5 years, aligned to
 *                          multiples of the band so bands nest inside decades)
 *   L3 `11|1990s`          province code (2) + birth decade
 *   L4 `*`
 * Sex (17th digit) and the sequence number are dropped at L1 already. Invalid IDs (wrong length,
 * impossible birth date, bad check character) → WumingError naming the column and the count.
 */
export function buildResidentId(
  column: string,
  leaves: readonly string[],
  options: ResidentIdOptions = {},
): Hierarchy {
  const band = options.bandYears ?? 5;
  const steps: ChainStep[] = [
    { name: 'district+year', next: (k) => k },
    {
      name: `city+${band}y`,
      next: (k) => {
        const y = Number(k.slice(7, 11));
        const from = y - (y % band);
        return band === 1 ? `${k.slice(0, 4)}|${y}` : `${k.slice(0, 4)}|${from}-${from + band - 1}`;
      },
    },
    { name: 'province+decade', next: (k) => `${k.slice(0, 2)}|${k.slice(5, 8)}0s` },
    topStep(options.topLabel ?? TOP),
  ];
  return buildChain({
    column,
    leaves,
    leafKey: (leaf) => {
      const p = parseResidentId(leaf, options);
      return p && `${p.region}|${p.year}`;
    },
    steps,
    invalid: (count) =>
      new WumingError(
        'HIERARCHY_NOT_RESIDENT_ID',
        `column "${column}": ${count} distinct value(s) are not valid resident ID numbers (18 digits with a valid birth date${
          (options.checksum ?? true) ? ' and check character' : ''
        }${(options.allow15 ?? true) ? ', or legacy 15 digits' : ''})`,
        { kind: 'data', location: { column } },
      ),
    origin: `resident_id(district+year > city+${band}y > province+decade > top)`,
  });
}
