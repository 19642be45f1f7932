import { luhnCheckDigit, RESIDENT_ID_CHECK_CHARS, RESIDENT_ID_WEIGHTS } from '../china/checksums.js';
import { COMPOUND_SURNAME_SHARES, TAIL_SURNAMES, TOP_SURNAMES } from '../china/surnames.js';
import { type Random, seededRandom } from '../random.js';
import { Alias, aliasOf } from './alias.js';
import { type ByteWriter, type Label, label } from './bytes.js';
import { GIVEN, type NameEntry, parseEntries, TIBETAN, TURKIC } from './names.js';
import { type District, loadDistricts } from './regions.js';
import {
  AGE_GROUPS_2020,
  BANK_BINS,
  COMMON_ROADS,
  DEFAULT_ETHNICITY,
  DIAGNOSES,
  diagnosisWeights,
  EDUCATION,
  EDUCATION_INCOME,
  EMAIL_DOMAINS,
  ETHNIC_GROUPS,
  educationWeights,
  INCOME_MEDIAN,
  MARITAL,
  MOBILE_PREFIXES,
  maleShare,
  maritalWeights,
  NO_DIAGNOSIS,
  OCCUPATION_BY_EDUCATION,
  OCCUPATION_SEX,
  OCCUPATIONS,
  type Occupation,
  PROVINCE_ETHNICITY,
  PROVINCE_INCOME_RATIO,
  PROVINCE_POPULATION,
  PROVINCE_TERTIARY_BOOST,
  ROAD_STEMS,
  survival6y,
  TIBETAN_NAMED,
  TURKIC_NAMED,
  VILLAGE_PREFIXES,
  VILLAGE_SUFFIXES,
} from './tables.js';

/** Output columns, in order. */
export const PERSON_COLUMNS = [
  'person_id',
  'name',
  'id_number',
  'mobile',
  'email',
  'province',
  'city',
  'district',
  'region_code',
  'address',
  'birth_date',
  'age',
  'sex',
  'ethnicity',
  'education',
  'occupation',
  'marital_status',
  'income',
  'diagnosis',
  'bank_card',
] as const;

export interface PersonRow {
  person_id: string;
  name: string;
  id_number: string;
  mobile: string;
  email: string;
  province: string;
  city: string;
  district: string;
  region_code: string;
  address: string;
  birth_date: string;
  age: number;
  sex: '男' | '女';
  ethnicity: string;
  education: string;
  occupation: string;
  marital_status: string;
  income: number;
  diagnosis: string;
  bank_card: string;
}

export interface GenerateOptions {
  rows: number;
  seed: number;
  /** Number of the first person_id (default 1 → P0000001). */
  startId?: number;
}

/** seededRandom() keeps 32 bits of the seed, so larger seeds would silently repeat smaller ones. */
export const MAX_SEED = 2 ** 31 - 1;
export const isSampleSeed = (seed: number) => Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED;

/** Ages are computed on 2026-01-01 so the output never depends on when it is generated. */
const REF_YEAR = 2026;
const MIN_AGE = 18;
const MAX_AGE = 90;
const DAY_MS = 86_400_000;

/** Minimum age for each education level (normal school path), so nobody is 19 with a doctorate. */
const EDUCATION_MIN_AGE = [0, 0, 0, 0, 21, 22, 24, 27];

const DIGITS4 = Array.from({ length: 10000 }, (_, i) => String(i).padStart(4, '0'));
const SEQ3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
// GB 11643 check: weighted sums are precomputed per part so no string is rescanned.
const weightedSum = (digits: string, offset: number) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++)
    sum += (digits.charCodeAt(i) - 48) * RESIDENT_ID_WEIGHTS[offset + i];
  return sum;
};
const FIRST_BIRTH_YEAR = REF_YEAR - 1 - MAX_AGE;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A name element with its romanisation (for e-mail handles) and UTF-8 bytes. */
interface NameLabel extends Label {
  readonly latin: string;
}
const nameLabel = (e: NameEntry): NameLabel => ({ ...label(e.text), latin: e.latin });

/** A district with everything a draw needs precomputed. */
interface Place {
  d: District;
  code: string;
  province: Label;
  city: Label;
  district: Label;
  stem: Label;
  towns: Label[];
  /** "{province}{city}{district}" without repeating a level of the same name (北京市北京市, 东莞市东莞市). */
  prefix: Label;
  /** GB 11643 weighted digit sum of the region code. */
  idSum: number;
  ethnicity: Alias<Label>;
  income: number;
  boost: number;
  /** Share of residents with a street (not village) address: districts 90 %, county-level cities 70 %, counties 45 %. */
  urbanShare: number;
}

/** Everything that does not depend on the seed, built once per process. */
class Tables {
  readonly ages: Alias<number>;
  /**
   * Birth dates are assembled from a year part and a month-day part (small tables that stay in
   * cache) rather than looked up in a table of ~27,000 dates: "1989" + "-08-15", "1989" + "0815",
   * and the ID check-digit sums of both parts. Index: year - FIRST_BIRTH_YEAR; [leap][day of year].
   */
  readonly yearStr: string[] = [];
  readonly yearIdSum: number[] = [];
  readonly mdIso: string[][] = [[], []];
  readonly mdCompact: string[][] = [[], []];
  readonly mdIdSum: number[][] = [[], []];
  readonly seqIdSum: number[] = SEQ3.map((q) => weightedSum(q, 14));
  /** Per district (same index as `districts`): ID-weight sum of the region code, ethnicity table, income factor, tertiary boost. */
  readonly places: Place[];
  readonly male = new Float64Array(MAX_AGE + 1);
  /** Days in the year someone of each age was (mostly) born in: 2025 - age. */
  readonly birthLen = new Int32Array(MAX_AGE + 1);
  readonly districts: District[];
  readonly districtAlias: Alias<number>;
  readonly ethnicityByProvince = new Map<string, Alias<Label>>();
  readonly surnames: Alias<NameLabel>;
  readonly given: Record<'male' | 'female', Alias<NameLabel>[]>;
  readonly turkic: Record<'male' | 'female', Alias<NameLabel>>;
  readonly tibetan: Record<'male' | 'female', Alias<NameLabel>>;
  readonly occupation: Alias<Occupation>[] = [];
  readonly marital: Alias<Label>[] = [];
  readonly diagnosis: Alias<Label>[] = [];
  readonly education: Alias<number>[] = [];
  readonly mobile: Alias<string>;
  readonly emailDomain: Alias<string>;
  readonly bins: Alias<[string, number, number]>;
  readonly provinceIncome = new Map<string, number>();
  readonly provinceBoost = new Map<string, number>();
  readonly villageSurnames: Label[];

  constructor() {
    const ages: number[] = [];
    const ageW: number[] = [];
    for (let a = MIN_AGE; a <= MAX_AGE; a++) {
      ages.push(a);
      const g = Math.min(AGE_GROUPS_2020.length - 1, Math.floor((a - 6) / 5));
      ageW.push((AGE_GROUPS_2020[g] / 5) * survival6y(a));
    }
    this.ages = new Alias(ages, ageW);

    for (let y = FIRST_BIRTH_YEAR; y <= REF_YEAR - MIN_AGE; y++) {
      this.yearStr.push(String(y));
      this.yearIdSum.push(weightedSum(String(y), 6));
    }
    for (const leap of [0, 1]) {
      const year = leap ? 2000 : 2001;
      const days = leap ? 366 : 365;
      for (let doy = 0; doy < days; doy++) {
        const dt = new Date(Date.UTC(year, 0, 1) + doy * DAY_MS);
        const md = pad2(dt.getUTCMonth() + 1) + pad2(dt.getUTCDate());
        this.mdIso[leap].push(`-${md.slice(0, 2)}-${md.slice(2)}`);
        this.mdCompact[leap].push(md);
        this.mdIdSum[leap].push(weightedSum(md, 10));
      }
    }
    for (let a = MIN_AGE; a <= MAX_AGE; a++) {
      this.male[a] = maleShare(a);
      // Someone aged a on 2026-01-01 was born between (2025-a)-01-02 and (2026-a)-01-01
      // inclusive: as many days as year 2025-a has.
      this.birthLen[a] = isLeap(REF_YEAR - 1 - a) ? 366 : 365;
    }

    const { districts, weights } = loadDistricts();
    this.districts = districts;
    this.districtAlias = new Alias(
      districts.map((_, i) => i),
      weights,
    );

    for (const pcode of Object.keys(PROVINCE_POPULATION)) {
      const minorities = PROVINCE_ETHNICITY[pcode] ?? DEFAULT_ETHNICITY;
      const total = Object.values(minorities).reduce((a, b) => a + b, 0);
      for (const k of Object.keys(minorities))
        if (!ETHNIC_GROUPS.includes(k)) throw new Error(`unknown ethnic group ${k}`);
      const mix: Record<string, number> = { 汉: 100 - total, ...minorities };
      const groups = Object.keys(mix);
      this.ethnicityByProvince.set(
        pcode,
        new Alias(
          groups.map((g) => label(`${g}族`)),
          groups.map((g) => mix[g]),
        ),
      );
      this.provinceIncome.set(pcode, PROVINCE_INCOME_RATIO[pcode] ** 0.7);
      this.provinceBoost.set(pcode, PROVINCE_TERTIARY_BOOST[pcode] ?? 1);
    }
    // "{province}{city}{district}" without repeating a level of the same name (北京市北京市, 东莞市东莞市).
    this.places = districts.map((d) => ({
      d,
      code: d.code,
      province: label(d.province),
      city: label(d.city),
      district: label(d.district),
      stem: label(d.stem),
      towns: d.towns.map(label),
      prefix: label(
        d.province + (d.city !== d.province ? d.city : '') + (d.district !== d.city ? d.district : ''),
      ),
      idSum: weightedSum(d.code, 0),
      ethnicity: this.ethnicityByProvince.get(d.provinceCode) as Alias<Label>,
      income: this.provinceIncome.get(d.provinceCode) as number,
      boost: d.urban ? (this.provinceBoost.get(d.provinceCode) as number) : 1,
      urbanShare: d.district.endsWith('区') ? 0.9 : d.urban ? 0.7 : 0.45,
    }));

    const top = parseEntries(TOP_SURNAMES);
    const tail = parseEntries(TAIL_SURNAMES);
    tail.forEach((e, i) => {
      e.weight = 0.18 - (0.13 * i) / (tail.length - 1);
    });
    const compound = parseEntries(COMPOUND_SURNAME_SHARES);
    const allSurnames = [...top, ...tail, ...compound];
    this.surnames = new Alias(
      allSurnames.map(nameLabel),
      allSurnames.map((e) => e.weight),
    );
    this.villageSurnames = top.slice(0, 40).map((e) => label(e.text));

    // Within a generation's pool, earlier characters are more popular (Zipf-like 1/sqrt(rank)).
    const pool = (src: string) => {
      const entries = parseEntries(src);
      return new Alias(
        entries.map(nameLabel),
        entries.map((_, i) => 1 / Math.sqrt(i + 1)),
      );
    };
    this.given = {
      male: [pool(GIVEN.male.old), pool(GIVEN.male.mid), pool(GIVEN.male.young)],
      female: [pool(GIVEN.female.old), pool(GIVEN.female.mid), pool(GIVEN.female.young)],
    };
    this.turkic = { male: pool(TURKIC.male), female: pool(TURKIC.female) };
    this.tibetan = { male: pool(TIBETAN.male), female: pool(TIBETAN.female) };

    for (let e = 0; e < EDUCATION.length; e++) {
      for (const male of [true, false]) {
        const mix = OCCUPATION_BY_EDUCATION[EDUCATION[e]];
        const occs = Object.keys(mix) as Occupation[];
        const w = occs.map((o) => (mix[o] as number) * (OCCUPATION_SEX[o]?.[male ? 0 : 1] ?? 1));
        this.occupation[e * 2 + (male ? 0 : 1)] = new Alias(occs, w);
      }
    }
    const diagNames = [NO_DIAGNOSIS, ...DIAGNOSES.map((d) => d[0])].map(label);
    const maritalLabels = MARITAL.map(label);
    for (let a = MIN_AGE; a <= MAX_AGE; a++) {
      for (const male of [true, false]) {
        const k = a * 2 + (male ? 0 : 1);
        this.marital[k] = new Alias(maritalLabels, maritalWeights(a, male));
        this.diagnosis[k] = new Alias(diagNames, diagnosisWeights(a, male));
      }
    }
    this.mobile = aliasOf(MOBILE_PREFIXES);
    this.emailDomain = aliasOf(EMAIL_DOMAINS);
    this.bins = new Alias(
      BANK_BINS,
      BANK_BINS.map((b) => b[2]),
    );
  }

  /** Education table for an age, province tertiary boost and sex, built on first use. */
  educationAlias(age: number, boost: number, male: boolean): Alias<number> {
    const key = age * 64 + Math.round(boost * 10) * 2 + (male ? 0 : 1);
    let t = this.education[key];
    if (!t) {
      const w = educationWeights(age);
      for (let e = 4; e < w.length; e++) w[e] *= boost;
      // Women born before ~1970 had markedly less schooling (2020 census by sex).
      if (!male && age >= 55) w[0] *= 1.35;
      for (let e = 0; e < w.length; e++) {
        if (age < EDUCATION_MIN_AGE[e]) {
          w[2] += w[e];
          w[e] = 0;
        }
      }
      t = new Alias(
        EDUCATION.map((_, i) => i),
        w,
      );
      this.education[key] = t;
    }
    return t;
  }
}

let tables: Tables | undefined;
const getTables = () => {
  tables ??= new Tables();
  return tables;
};

const TURKIC_LABELS = new Set([...TURKIC_NAMED].map((g) => `${g}族`));
const TIBETAN_LABELS = new Set([...TIBETAN_NAMED].map((g) => `${g}族`));
const HANDLE_WORDS =
  'sunny lucky happy tiger angel cool star moon king dream apple candy leo max sky blue ocean panda rain snow'.split(
    ' ',
  );
const L = {
  hao: label('号'),
  dong: label('栋'),
  unit: label('单元'),
  shi: label('室'),
  dot: label('·'),
  male: label('男'),
  female: label('女'),
  unmarried: label('未婚'),
  lu: label('路'),
  dajie: label('大街'),
};
const DIRECTIONS = ['东', '西', '南', '北', '中'].map(label);
const ROAD_SUFFIX = new Alias(['路', '街', '大道', '大街', '巷'].map(label), [55, 20, 12, 8, 5]);
const COMMON_ROAD_LABELS = COMMON_ROADS.map(label);
const ROAD_STEM_LABELS = ROAD_STEMS.map(label);
const VILLAGE_PREFIX_LABELS = VILLAGE_PREFIXES.map(label);
const VILLAGE_SUFFIX_LABELS = VILLAGE_SUFFIXES.map(label);
const EDUCATION_LABELS = EDUCATION.map(label);
const OCCUPATION_LABELS = new Map(OCCUPATIONS.map((o) => [o as Occupation, label(o)]));
const COMMA = 44;
const NEWLINE = 10;

/**
 * One person's draws, kept as references to dictionary labels and numbers. Rendering it to an
 * object (`toRow`) or straight to CSV bytes (`nextCsv`) gives the same text (the tests compare
 * them); the byte path skips building and re-encoding a ~40-piece string per row.
 */
class Draft {
  id = 0;
  place!: Place;
  age = 0;
  male = false;
  yi = 0;
  leap = 0;
  doy = 0;
  seq = 0;
  check = '';
  ethnicity!: Label;
  /** Name = n1 + n2 + n3, or n1 + "·" + n2 when `dotted` (Turkic names). */
  dotted = false;
  latinSurname = '';
  latinGiven = '';
  n1!: NameLabel;
  n2!: NameLabel;
  n3: NameLabel | null = null;
  mobile = '';
  email = '';
  edu = 0;
  occupation: Occupation = '无业';
  marital!: Label;
  urban = false;
  /** Street address: road = a1 + a2 + a3; village address: town a1, village a2 + a3. */
  a1!: Label;
  a2: Label | null = null;
  a3: Label | null = null;
  no = 0;
  building = 0;
  unit = 0;
  floor = 0;
  room = 0;
  income = 0;
  diagnosis!: Label;
  card = '';
}

/**
 * Draws one synthetic person after another. Each attribute is drawn conditionally on the ones
 * before it (region → ethnicity → name; age → sex → education → occupation → income; age and
 * sex → marital status and diagnosis) so the quasi-identifiers have realistic joint skew.
 */
export class PersonGenerator {
  private readonly t = getTables();
  private spareNormal: number | undefined;
  private readonly x = new Draft();

  constructor(private readonly r: Random) {}

  /** n random decimal digits, four at a time from a table of "0000".."9999". */
  private digits(n: number): string {
    let s = '';
    while (n >= 4) {
      s += DIGITS4[this.r.int(10000)];
      n -= 4;
    }
    if (n > 0) s += DIGITS4[this.r.int(10000)].slice(4 - n);
    return s;
  }

  /** Standard normal (Box-Muller, keeping the second value). */
  private normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    const u = 1 - this.r.next();
    const v = this.r.next();
    const m = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = m * Math.sin(2 * Math.PI * v);
    return m * Math.cos(2 * Math.PI * v);
  }

  /** The next person as a plain object. */
  next(id: number): PersonRow {
    this.draw(id);
    return this.toRow();
  }

  /** Append the next person as one CSV line (with newline) to `w`. */
  nextCsv(id: number, w: ByteWriter): void {
    this.draw(id);
    const x = this.x;
    const t = this.t;
    const p = x.place;
    w.byte(80); // P
    w.int(x.id, 7);
    w.byte(COMMA);
    w.label(x.n1);
    if (x.dotted) w.label(L.dot);
    w.label(x.n2);
    if (x.n3) w.label(x.n3);
    w.byte(COMMA);
    w.ascii(p.code);
    w.ascii(t.yearStr[x.yi]);
    w.ascii(t.mdCompact[x.leap][x.doy]);
    w.ascii(SEQ3[x.seq]);
    w.ascii(x.check);
    w.byte(COMMA);
    w.ascii(x.mobile);
    w.byte(COMMA);
    w.ascii(x.email);
    w.byte(COMMA);
    w.label(p.province);
    w.byte(COMMA);
    w.label(p.city);
    w.byte(COMMA);
    w.label(p.district);
    w.byte(COMMA);
    w.ascii(p.code);
    w.byte(COMMA);
    w.label(p.prefix);
    if (x.urban) {
      w.label(x.a1);
      if (x.a2) w.label(x.a2);
      if (x.a3) w.label(x.a3);
      w.int(x.no);
      w.label(L.hao);
      w.int(x.building);
      w.label(L.dong);
      w.int(x.unit);
      w.label(L.unit);
      w.int(x.floor);
      w.byte(48);
      w.int(x.room);
      w.label(L.shi);
    } else {
      w.label(x.a1);
      w.label(x.a2 as Label);
      w.label(x.a3 as Label);
      w.int(x.no);
      w.label(L.hao);
    }
    w.byte(COMMA);
    w.ascii(t.yearStr[x.yi]);
    w.ascii(t.mdIso[x.leap][x.doy]);
    w.byte(COMMA);
    w.int(x.age);
    w.byte(COMMA);
    w.label(x.male ? L.male : L.female);
    w.byte(COMMA);
    w.label(x.ethnicity);
    w.byte(COMMA);
    w.label(EDUCATION_LABELS[x.edu]);
    w.byte(COMMA);
    w.label(OCCUPATION_LABELS.get(x.occupation) as Label);
    w.byte(COMMA);
    w.label(x.marital);
    w.byte(COMMA);
    w.int(x.income);
    w.byte(COMMA);
    w.label(x.diagnosis);
    w.byte(COMMA);
    w.ascii(x.card);
    w.byte(NEWLINE);
  }

  private toRow(): PersonRow {
    const { x, t } = this;
    const p = x.place;
    const name = x.dotted ? `${x.n1.text}·${x.n2.text}` : x.n1.text + x.n2.text + (x.n3 ? x.n3.text : '');
    const address = x.urban
      ? `${p.prefix.text}${x.a1.text}${x.a2 ? x.a2.text : ''}${x.a3 ? x.a3.text : ''}${x.no}号${x.building}栋${x.unit}单元${x.floor}0${x.room}室`
      : `${p.prefix.text}${x.a1.text}${(x.a2 as Label).text}${(x.a3 as Label).text}${x.no}号`;
    return {
      person_id: `P${String(x.id).padStart(7, '0')}`,
      name,
      id_number: p.code + t.yearStr[x.yi] + t.mdCompact[x.leap][x.doy] + SEQ3[x.seq] + x.check,
      mobile: x.mobile,
      email: x.email,
      province: p.province.text,
      city: p.city.text,
      district: p.district.text,
      region_code: p.code,
      address,
      birth_date: t.yearStr[x.yi] + t.mdIso[x.leap][x.doy],
      age: x.age,
      sex: x.male ? '男' : '女',
      ethnicity: x.ethnicity.text,
      education: EDUCATION[x.edu],
      occupation: x.occupation,
      marital_status: x.marital.text,
      income: x.income,
      diagnosis: x.diagnosis.text,
      bank_card: x.card,
    };
  }

  private draw(id: number): void {
    const { r, t, x } = this;
    x.id = id;
    const place = t.places[t.districtAlias.index(r)];
    x.place = place;
    const age = t.ages.draw(r);
    const male = r.next() < t.male[age];
    x.age = age;
    x.male = male;
    // k = 0 is 01-02 of year 2025-age, ..., the last k is 01-01 of the following year.
    const yearLen = t.birthLen[age];
    const k = r.int(yearLen);
    const last = k === yearLen - 1;
    const birthYear = last ? REF_YEAR - age : REF_YEAR - 1 - age;
    x.yi = birthYear - FIRST_BIRTH_YEAR;
    x.leap = last ? (isLeap(birthYear) ? 1 : 0) : yearLen === 366 ? 1 : 0;
    x.doy = last ? 0 : k + 1;
    x.ethnicity = place.ethnicity.draw(r);

    this.name(male, x.ethnicity.text, birthYear);

    // 18-digit resident ID (GB 11643-1999): region, birth date, sequence (odd = male), check.
    const seq = male ? 2 * r.int(500) + 1 : 2 * (1 + r.int(499));
    x.seq = seq;
    x.check =
      RESIDENT_ID_CHECK_CHARS[
        (place.idSum + t.yearIdSum[x.yi] + t.mdIdSum[x.leap][x.doy] + t.seqIdSum[seq]) % 11
      ];

    x.mobile = t.mobile.draw(r) + this.digits(8);
    x.email = this.email(x.latinSurname, x.latinGiven, birthYear);

    const edu = t.educationAlias(age, place.boost, male).draw(r);
    const occupation = this.occupation(edu, age, male);
    x.edu = edu;
    x.occupation = occupation;
    const marital = t.marital[age * 2 + (male ? 0 : 1)].draw(r);
    // Legal minimum marriage age: men 22, women 20.
    x.marital = (male && age < 22) || (!male && age < 20) ? L.unmarried : marital;
    const urbanHome = occupation !== '农民' && r.next() < place.urbanShare;
    x.urban = urbanHome;
    this.address(place, urbanHome);
    x.income = this.income(occupation, edu, age, male, place.income, urbanHome);
    x.diagnosis = t.diagnosis[age * 2 + (male ? 0 : 1)].draw(r);

    const [bin, len] = t.bins.draw(r);
    const cardBody = bin + this.digits(len - bin.length - 1);
    x.card = cardBody + luhnCheckDigit(cardBody);
  }

  private name(male: boolean, ethnicity: string, birthYear: number): void {
    const { r, t, x } = this;
    const sex = male ? 'male' : 'female';
    x.dotted = false;
    x.n3 = null;
    if (TURKIC_LABELS.has(ethnicity)) {
      // "Given·Father's name"; the father's name is always a male name.
      const g = t.turkic[sex].draw(r);
      const f = t.turkic.male.draw(r);
      x.dotted = true;
      x.n1 = g;
      x.n2 = f;
      x.latinSurname = f.latin;
      x.latinGiven = g.latin;
      return;
    }
    if (TIBETAN_LABELS.has(ethnicity) && r.next() < 0.9) {
      const a = t.tibetan[sex].draw(r);
      let b = t.tibetan[sex].draw(r);
      if (b === a) b = t.tibetan[sex].draw(r);
      x.n1 = a;
      x.n2 = b;
      x.latinSurname = a.latin;
      x.latinGiven = b.latin;
      return;
    }
    const s = t.surnames.draw(r);
    x.n1 = s;
    x.latinSurname = s.latin;
    const era = birthYear < 1965 ? 0 : birthYear < 1990 ? 1 : 2;
    const pool = t.given[sex][era];
    // One-character given names peaked for people born in the 1980s-90s (MPS name reports).
    const single = birthYear < 1960 ? 0.15 : birthYear < 1980 ? 0.25 : birthYear < 2000 ? 0.3 : 0.12;
    if (r.next() < single) {
      const g = pool.draw(r);
      x.n2 = g;
      x.latinGiven = g.latin;
      return;
    }
    const a = pool.draw(r);
    let b = pool.draw(r);
    // Reduplicated names (婷婷, 丽丽) exist but are uncommon; otherwise avoid repeating a character.
    if (b === a && r.next() < 0.8) b = pool.draw(r);
    x.n2 = a;
    x.n3 = b;
    x.latinGiven = a.latin + b.latin;
  }

  private email(sur: string, given: string, birthYear: number): string {
    const { r, t } = this;
    const domain = t.emailDomain.draw(r);
    let handle: string;
    if (domain === 'qq.com' && r.next() < 0.6) {
      // QQ numbers: 5-11 digits, later registrations longer; no leading zero.
      const len = [6, 7, 8, 9, 9, 9, 10, 10, 10, 11][r.int(10)];
      handle = String(1 + r.int(9)) + this.digits(len - 1);
    } else {
      const u = r.next();
      const yy = String(birthYear).slice(2);
      if (u < 0.25) handle = `${sur}${given}${birthYear}`;
      else if (u < 0.35) handle = `${sur}${given}${yy}`;
      else if (u < 0.5) handle = `${sur}${given}${this.digits(1 + r.int(3))}`;
      else if (u < 0.58) handle = `${sur}${r.next() < 0.5 ? '.' : '_'}${given}`;
      else if (u < 0.63) handle = `${given}${sur}${yy}`;
      else if (u < 0.75) handle = `${sur[0]}${given[0]}${this.digits(4 + r.int(4))}`;
      else if (u < 0.82) handle = `${sur}${given}`;
      else
        handle = `${HANDLE_WORDS[r.int(HANDLE_WORDS.length)]}${r.next() < 0.5 ? '_' : ''}${sur}${this.digits(r.int(5))}`;
    }
    return `${handle}@${domain}`;
  }

  private occupation(edu: number, age: number, male: boolean): Occupation {
    const { r, t } = this;
    // Students: ≈ 55-60 % of 18-22 year-olds are enrolled in tertiary education (gross enrolment).
    if (
      (edu >= 2 && edu <= 5 && age <= 22 && r.next() < (age <= 19 ? 0.7 : 0.5)) ||
      (edu === 6 && age <= 26 && r.next() < 0.5) ||
      (edu === 7 && age <= 30 && r.next() < 0.4)
    )
      return '学生';
    const occ = t.occupation[edu * 2 + (male ? 0 : 1)].draw(r);
    // Statutory retirement (men 60, women 50-55); farmers have no formal retirement and many keep working.
    const retireAge = male ? 60 : edu >= 4 ? 55 : 50;
    if (age >= retireAge) {
      if (occ === '农民') return age >= 70 && r.next() < 0.5 ? '退休' : '农民';
      if (occ === '家庭主妇') return r.next() < 0.5 ? '退休' : occ;
      if (r.next() < 0.9) return '退休';
    }
    return occ;
  }

  private income(
    occ: Occupation,
    edu: number,
    age: number,
    male: boolean,
    prov: number,
    urbanHome: boolean,
  ): number {
    const { r } = this;
    let median: number;
    let sigma = 0.45;
    if (occ === '家庭主妇' || occ === '无业') {
      if (r.next() < 0.7) return 0;
      median = 1000; // odd jobs, subsidies (低保 ≈ 700-1,000 CNY/month)
      sigma = 0.5;
    } else if (occ === '学生') {
      if (r.next() < 0.4) return 0;
      median = 800;
      sigma = 0.5;
    } else if (occ === '退休') {
      // Urban employee pension vs. rural resident basic pension (≈ 200-300 CNY/month in 2023).
      median = urbanHome || edu >= 2 ? 3500 * Math.sqrt(EDUCATION_INCOME[edu]) * prov : 250;
      sigma = 0.35;
    } else {
      const ageF = age < 25 ? 0.7 : age < 30 ? 0.9 : age < 50 ? 1.05 : age < 60 ? 1 : 0.8;
      median = INCOME_MEDIAN[occ] * EDUCATION_INCOME[edu] * prov * ageF * (male ? 1.08 : 0.9);
    }
    const v = median * Math.exp(sigma * this.normal());
    return Math.round(v / 10) * 10;
  }

  private address(place: Place, urbanHome: boolean): void {
    const { r, t, x } = this;
    if (!urbanHome) {
      x.a1 = place.towns[r.int(place.towns.length)];
      x.a2 =
        r.next() < 0.6
          ? t.villageSurnames[r.int(t.villageSurnames.length)]
          : VILLAGE_PREFIX_LABELS[r.int(VILLAGE_PREFIX_LABELS.length)];
      x.a3 = VILLAGE_SUFFIX_LABELS[r.int(VILLAGE_SUFFIX_LABELS.length)];
      x.no = 1 + Math.floor(r.next() * r.next() * 200);
      return;
    }
    const u = r.next();
    if (u < 0.45) {
      x.a1 = COMMON_ROAD_LABELS[r.int(COMMON_ROAD_LABELS.length)];
      x.a2 = null;
      x.a3 = null;
    } else if (u < 0.8) {
      x.a1 = ROAD_STEM_LABELS[r.int(ROAD_STEM_LABELS.length)];
      x.a2 = ROAD_SUFFIX.draw(r);
      x.a3 = null;
    } else {
      x.a1 = place.stem;
      x.a2 = DIRECTIONS[r.int(5)];
      x.a3 = r.next() < 0.8 ? L.lu : L.dajie;
    }
    // Low house numbers and floors are more common than high ones (product of two uniforms).
    x.no = 1 + Math.floor(r.next() * r.next() * 300);
    x.building = 1 + r.int(32);
    x.unit = 1 + r.int(6);
    x.floor = 1 + Math.floor(r.next() * (0.4 + 0.6 * r.next()) * 32);
    x.room = 1 + r.int(4);
  }
}

/**
 * Seeded, deterministic stream of synthetic persons: the same seed always gives the same rows.
 * Rows are produced one at a time, so any number of them can be written without holding them.
 * Nobody in the output is real; IDs, phone and card numbers are random but well-formed.
 */
export function* generate(opts: GenerateOptions): Generator<PersonRow> {
  const { rows, seed } = opts;
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError('rows must be a non-negative integer');
  if (!isSampleSeed(seed)) throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}`);
  const start = opts.startId ?? 1;
  if (!Number.isSafeInteger(start) || start < 0)
    throw new RangeError('startId must be a non-negative integer');
  const g = new PersonGenerator(seededRandom(seed));
  for (let i = 0; i < rows; i++) yield g.next(start + i);
}
