import { divisionNames } from '../china/regions.js';
import { type ContextSpec, contextScore, execAll } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * ADDRESS — Chinese postal addresses: a chain of GB/T 2260 divisions (province, city, county;
 * full names, and short names of provinces and cities such as 北京, 广东), then street/town,
 * village, road (路 街 大道 巷 弄 胡同), house number (号), estate (小区 花园 大厦 …) and
 * building/unit/floor/room (栋 单元 层 室). The more components, the higher the score; a bare
 * place name ("来自广东") is a location, not an address, and needs context.
 */
interface Gazetteer {
  /** Names by their first two characters (as one number), longest first. */
  byFirst: Map<number, string[]>;
}
let gaz: Gazetteer | undefined;

function gazetteer(): Gazetteer {
  if (gaz) return gaz;
  const r = divisionNames();
  const names = new Set<string>();
  const add = (n: string) => {
    if (n.length >= 2 && n !== '市辖区' && n !== '县' && !n.includes('直辖')) names.add(n);
  };
  for (const n of r.provinces.values()) {
    add(n);
    const short = n.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
    if (short.length >= 2) add(short);
  }
  for (const n of r.cities.values()) {
    add(n);
    const short = n.replace(/(?:市|地区|盟)$/, '');
    if (short.length >= 2 && short !== n && !/自治州$/.test(n)) add(short);
  }
  for (const n of r.areas.values()) add(n);
  const byFirst = new Map<number, string[]>();
  for (const n of names) {
    const k = n.charCodeAt(0) * 65536 + n.charCodeAt(1);
    const l = byFirst.get(k);
    if (l) l.push(n);
    else byFirst.set(k, [n]);
  }
  for (const l of byFirst.values()) l.sort((a, b) => b.length - a.length);
  gaz = { byFirst };
  return gaz;
}

/** Characters that make a place name part of a road name: 中山路, 南京东路, 延安街. */
const ROAD_AFTER = /^(?:[东南西北中]?(?:路|街|大道|大街|巷|弄|胡同|道))/;

/** Longest division name starting at i that is not the start of a road name, or 0. */
function divisionAt(text: string, i: number, g: Gazetteer): number {
  const l = g.byFirst.get(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
  if (!l) return 0;
  for (const n of l) {
    if (text.startsWith(n, i)) {
      if (ROAD_AFTER.test(text.slice(i + n.length, i + n.length + 3))) continue;
      return n.length;
    }
  }
  return 0;
}

const H = String.raw`\u4e00-\u9fff`;
const NUMC = `0-9０-９一二三四五六七八九十百零`;
const TAIL = new RegExp(
  [
    `(?<town>[${H}]{2,6}?(?:街道|镇|乡))?`,
    `(?<village>[${H}]{1,5}?村(?![委民]))?`,
    // A bare 道 ends a road only before a number or a non-Han character ("粤兴三道9号"); inside a
    // word it is part of a name ("华尔道夫酒店").
    `(?<road>(?:(?![的是在了很也都就还把被让着过个])[${H}0-9]){1,10}?(?:大道|大街|路|街|巷|弄|胡同|道(?=[0-9０-９一二三四五六七八九十东南西北中]|[^${H}]|$))(?:[东南西北中]段|[东南西北]路)?(?:[一二三四五六七八九十0-9]+段)?)?`,
    `(?<num>[${NUMC}]+(?:[-—之][0-9]+)?[号弄](?:院|大院)?)?`,
    // 府 ends estate names (中海华府) but 人民政府 is an authority, not a place to live.
    `(?<estate>[${H}A-Za-z0-9]{1,10}?(?:小区|花园|大厦|公寓|广场|中心|新村|家园|社区|大楼|商城|苑|园|城|府(?<!政府)|庭|湾|里)|[${H}A-Za-z]{2,14}?(?=[A-Za-z0-9一二三四五六七八九十]+(?:号楼|栋|幢|座|单元)))?`,
    // Units: "3号楼2单元502室"; floors as written in office addresses ("21F", "5L"); a bare
    // building-room code after the estate ("2-B501", "3-1502").
    String.raw`(?<room>(?:(?:[A-Za-z${NUMC}]+(?:号楼|栋|幢|座|楼|单元|层|室|号|户|房|期|区|门)|[0-9]{1,3}[FL](?![A-Za-z0-9]))[\-—]?)+(?:[0-9]{3,5}(?![0-9]))?|[0-9A-Z]{1,3}[\-—][A-Z]?[0-9]{3,5}(?![0-9A-Za-z]))?`,
  ].join(''),
  'y',
);
/**
 * Roads with a house number, found from the number backwards (a regex that starts with a Han
 * character class would be tried at every Han character of the text).
 */
const HOUSE_NUM = new RegExp(`[${NUMC}]+(?:[-—之][0-9]+)?[号弄]`, 'g');
const ROAD_BEFORE = new RegExp(
  `[${H}]{2,8}(?:大道|大街|路|街|巷|弄|胡同)(?:[东南西北中]段)?(?:[一二三四五六七八九十0-9]+段)?$`,
);
/** Words and characters that end the text before an address ("我住在", "地址：", "寄到"). */
const LEAD =
  /^.*(?:住在|地址|位于|住址|寄到|送到|搬到|来自|家住|现住|居住|坐落|是|在|到|于|的|址|从|往|至|和|与|及)/;

const ADDRESS_CONTEXT: ContextSpec = {
  words: [
    '地址',
    '住址',
    '住在',
    '家住',
    '居住',
    '现住',
    '寄到',
    '送到',
    '收货',
    '户籍',
    '住所',
    'address',
    'addr',
    'lives',
  ],
  before: 16,
  after: 4,
};

/**
 * English street addresses as written in CRM notes and shipping labels: an optional unit
 * ("Flat 12,"), a house number, one to four capitalised words and a street type (USPS
 * Publication 28 suffixes, Royal Mail thoroughfare types), then up to three ", Town" parts and a
 * US ZIP ("CA 94043") or UK postcode ("NW1 6XE").
 */
const EN_STREET =
  /\d{1,5}[A-Z]?[ \t]+(?:[A-Z][a-z]+\.?[ \t]+){1,4}?(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Parkway|Pkwy|Way|Court|Ct|Place|Pl|Square|Sq|Terrace|Highway|Hwy|Crescent|Close|Gardens)\b\.?(?:,[ \t]*(?:[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b|[A-Z]{1,2}\d[A-Z\d]?[ \t]+\d[A-Z]{2}\b|[A-Z][A-Za-z]+\b(?:[ \t]+[A-Z][A-Za-z]+\b){0,2})){0,4}(?:[ \t]+(?:[A-Z]{2}[ \t]+)?(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]+\d[A-Z]{2})\b)?/y;
/** Where an English address can start: a house number and a capitalised word (cheap to scan). */
const EN_HOUSE = /\d{1,5}[A-Z]?[ \t]+[A-Z][a-z]/g;
const EN_UNIT_BEFORE = /(?:Flat|Unit|Room|Apt\.?|Apartment|Suite|Floor)[ \t]+[0-9A-Z]{1,5},?[ \t]+$/;

function scoreParts(admins: number, m: RegExpExecArray | null): { score: number; parts: number } {
  const g = m?.groups ?? {};
  const detail =
    (g.road ? 1 : 0) +
    (g.num ? 1 : 0) +
    (g.estate ? 1 : 0) +
    (g.room ? 1 : 0) +
    (g.town ? 1 : 0) +
    (g.village ? 1 : 0);
  let score: number;
  if (admins >= 1 && detail >= 2) score = 0.9;
  // One division and one named place ("深圳湾公园", "杭州转运中心") is a landmark, not a
  // postal address: it needs a context word such as 地址.
  else if (admins === 1 && detail === 1 && g.estate) score = 0.45;
  else if (admins >= 1 && detail === 1) score = g.road || g.num || g.room ? 0.8 : 0.6;
  else if (admins >= 3) score = 0.6;
  else if (admins === 2) score = 0.45;
  else if (admins === 1) score = 0.2;
  else score = detail >= 3 ? 0.8 : detail === 2 ? 0.7 : 0.3;
  return { score, parts: admins + detail };
}

export const addressDetector: Detector = {
  type: 'ADDRESS',
  languages: ['zh', 'en'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    const g = gazetteer();
    let covered = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x4e00 || c > 0x9fff || i < covered) continue;
      const len = divisionAt(text, i, g);
      if (len === 0) continue;
      // Chain of divisions.
      let end = i + len;
      let admins = 1;
      for (
        let more = divisionAt(text, end, g);
        more > 0 && end < text.length;
        more = divisionAt(text, end, g)
      ) {
        end += more;
        admins++;
      }
      TAIL.lastIndex = end;
      const m = TAIL.exec(text);
      const tailEnd = m ? end + m[0].length : end;
      const { score } = scoreParts(admins, m && m[0].length > 0 ? m : null);
      const r = contextScore(text, i, tailEnd, score, ADDRESS_CONTEXT);
      if (r.score >= 0.4) {
        out.push({
          type: 'ADDRESS',
          start: i,
          end: tailEnd,
          score: Math.round(r.score * 1000) / 1000,
          detector: 'address-gazetteer',
          explanation: `${admins} division name(s)${m?.[0] ? ' + street detail' : ''}${r.positive ? `; context word "${r.positive}"` : ''}`,
        });
      }
      covered = tailEnd;
      i = tailEnd - 1;
    }
    // Addresses without a division name: road + house number.
    if (text.includes('号') || text.includes('弄')) {
      for (const h of execAll(HOUSE_NUM, text)) {
        const road = ROAD_BEFORE.exec(text.slice(Math.max(0, h.index - 12), h.index));
        if (!road) continue;
        let start = h.index - road[0].length;
        const lead = LEAD.exec(road[0].slice(0, road[0].length - 2));
        if (lead) start += lead[0].length;
        if (out.some((f) => start < f.end && f.start < h.index + h[0].length)) continue;
        TAIL.lastIndex = start;
        const t = TAIL.exec(text);
        if (!t?.groups?.road) continue;
        const end = start + t[0].length;
        const { score } = scoreParts(0, t);
        const r = contextScore(text, start, end, score, ADDRESS_CONTEXT);
        if (r.score >= 0.4) {
          out.push({
            type: 'ADDRESS',
            start,
            end,
            score: Math.round(r.score * 1000) / 1000,
            detector: 'address-road',
            explanation: `road and house number${r.positive ? `; context word "${r.positive}"` : ''}`,
          });
        }
      }
    }
    for (const h of execAll(EN_HOUSE, text)) {
      // The house number starts a token (checked here: a lookbehind would run at every position).
      if (h.index > 0 && /[0-9A-Za-z]/.test(text[h.index - 1])) continue;
      EN_STREET.lastIndex = h.index;
      const m = EN_STREET.exec(text);
      if (!m) continue;
      const unit = EN_UNIT_BEFORE.exec(text.slice(Math.max(0, h.index - 24), h.index));
      const start = unit ? h.index - unit[0].length : h.index;
      const end = h.index + m[0].length;
      if (out.some((f) => start < f.end && f.start < end)) continue;
      // A town or postcode after the street makes it a postal address rather than a name.
      const base = m[0].includes(',') || /\d[A-Z]{2}$|\d{5}$/.test(m[0]) ? 0.8 : 0.6;
      const r = contextScore(text, start, end, base, ADDRESS_CONTEXT);
      if (r.score >= 0.4)
        out.push({
          type: 'ADDRESS',
          start,
          end,
          score: Math.round(r.score * 1000) / 1000,
          detector: 'address-en',
          explanation: `house number and street${r.positive ? `; context word "${r.positive}"` : ''}`,
        });
    }
    return out;
  },
};
