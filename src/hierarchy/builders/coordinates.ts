import { z } from 'zod';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, type ChainStep, TOP, topStep } from './chain.js';

export const coordinatesOptionsSchema = z.strictObject({
  /**
   * Decimals kept per level, strictly decreasing (default [3, 2, 1, 0]). One decimal degree of
   * latitude is about 111 km, so 3 decimals ≈ 110 m cells, 2 ≈ 1.1 km, 1 ≈ 11 km, 0 ≈ 111 km.
   */
  decimals: z
    .array(z.number().int().min(0).max(8))
    .min(1)
    .refine((d) => d.every((x, i) => i === 0 || x < d[i - 1]), 'decimals must be strictly decreasing')
    .optional(),
  topLabel: z.string().min(1).optional(),
});
export type CoordinatesOptions = z.input<typeof coordinatesOptionsSchema>;

// "lat,lng" in decimal degrees, the form GPS_COORDINATE detects; also "lat, lng" and "lat lng".
const PAIR_RE = /^\s*([+-]?\d{1,3})(?:\.(\d+))?\s*(?:[,;，]\s*|\s+)([+-]?\d{1,3})(?:\.(\d+))?\s*$/;

interface Coordinate {
  latInt: string;
  latFrac: string;
  lngInt: string;
  lngFrac: string;
}

export function parseCoordinate(s: string): Coordinate | undefined {
  const m = PAIR_RE.exec(s);
  if (!m) return undefined;
  const [, latInt, latFrac = '', lngInt, lngFrac = ''] = m;
  const lat = Number(`${latInt}.${latFrac || '0'}`);
  const lng = Number(`${lngInt}.${lngFrac || '0'}`);
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) return undefined;
  return { latInt, latFrac, lngInt, lngFrac };
}

/**
 * Truncates a decimal string to `d` decimals. Truncation (not rounding) on the digits, not on a
 * binary float, makes cells nest: truncating to 1 decimal what was truncated to 2 gives the same
 * cell as truncating the original, so every level is a function of the one below.
 */
function cut(int: string, frac: string, d: number): string {
  return d === 0 ? int : `${int}.${frac.padEnd(d, '0').slice(0, d)}`;
}

/**
 * Grid cells for latitude/longitude pairs: level L keeps `decimals[L-1]` decimals of each
 * coordinate (30.123456,120.654321 → 30.123,120.654 → 30.12,120.65 → …), then the top value.
 * Exact coordinates single a person out (a home, a workplace: de Montjoye et al., Sci. Rep. 2013,
 * four spatio-temporal points identify 95 % of people), so they are generalized before release.
 */
export function buildCoordinates(
  column: string,
  leaves: readonly string[],
  options: CoordinatesOptions = {},
): Hierarchy {
  const decimals = options.decimals ?? [3, 2, 1, 0];
  const steps: ChainStep[] = decimals.map((d) => ({
    name: `${d} decimal${d === 1 ? '' : 's'} (cells of ${cellSize(d)})`,
    next: (key) => {
      const c = parseCoordinate(key) as Coordinate;
      return `${cut(c.latInt, c.latFrac, d)},${cut(c.lngInt, c.lngFrac, d)}`;
    },
  }));
  steps.push(topStep(options.topLabel ?? TOP));
  return buildChain({
    column,
    leaves,
    leafKey: (leaf) => {
      const c = parseCoordinate(leaf);
      return (
        c && `${c.latInt}${c.latFrac ? `.${c.latFrac}` : ''},${c.lngInt}${c.lngFrac ? `.${c.lngFrac}` : ''}`
      );
    },
    steps,
    invalid: (count) =>
      new WumingError(
        'HIERARCHY_COORDINATES_INVALID',
        `column "${column}": ${count} value${count === 1 ? ' is' : 's are'} not a latitude,longitude pair in decimal degrees`,
        { kind: 'data', location: { column } },
      ),
    origin: `coordinates(decimals ${decimals.join(', ')})`,
  });
}

function cellSize(d: number): string {
  const metres = 111_000 / 10 ** d;
  return metres >= 1000 ? `about ${Math.round(metres / 1000)} km` : `about ${Math.round(metres)} m`;
}
