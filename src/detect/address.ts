import { divisionNames, formerDivisionRows } from '../china/regions.js';
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
  /** 1 province, 2 prefecture, 3 county: the highest level a name (full or short) stands for. */
  level: Map<string, number>;
  /** Province and prefecture names (full and short) → their codes (2 or 4 digits). */
  codes: Map<string, string[]>;
  /** County names without 区, 县, 市 or 旗 (萧山, 义乌) → their 6-digit codes. */
  countyShort: Map<string, string[]>;
}
let gaz: Gazetteer | undefined;

function gazetteer(): Gazetteer {
  if (gaz) return gaz;
  const r = divisionNames();
  const names = new Set<string>();
  const level = new Map<string, number>();
  const codes = new Map<string, string[]>();
  const countyShort = new Map<string, string[]>();
  let at = 1;
  const add = (n: string, code?: string) => {
    if (n.length >= 2 && n !== '市辖区' && n !== '县' && !n.includes('直辖')) {
      names.add(n);
      if (!level.has(n)) level.set(n, at);
      if (code && at < 3) codes.set(n, [...(codes.get(n) ?? []), code]);
    }
  };
  const addShort = (n: string, code: string) => {
    const short = n.replace(/(?:区|县|市|旗)$/, '');
    if (short.length >= 2 && short !== n && !/自治$/.test(short))
      countyShort.set(short, [...(countyShort.get(short) ?? []), code]);
  };
  for (const [code, n] of r.provinces) {
    add(n, code);
    const short = n.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
    if (short.length >= 2) add(short, code);
  }
  at = 2;
  for (const [code, n] of r.cities) {
    add(n, code);
    const short = n.replace(/(?:市|地区|盟)$/, '');
    if (short.length >= 2 && short !== n && !/自治州$/.test(n)) add(short, code);
  }
  at = 3;
  for (const [code, n] of r.areas) {
    add(n);
    addShort(n, code);
  }
  // Names GB/T 2260 dropped (江干区, 玉环县, 襄樊市) still head real addresses; a prefecture's
  // short name too (襄樊). Current names keep their level where a former one is the same.
  for (const f of formerDivisionRows()) {
    at = f.code.endsWith('00') ? 2 : 3;
    const code = at === 2 ? f.code.slice(0, 4) : f.code;
    add(f.name, code);
    const short = f.name.replace(/(?:市|地区|盟)$/, '');
    if (at === 2 && short !== f.name && !/自治州$/.test(f.name)) add(short, code);
    if (at === 3) addShort(f.name, f.code);
  }
  const byFirst = new Map<number, string[]>();
  for (const n of names) {
    const k = n.charCodeAt(0) * 65536 + n.charCodeAt(1);
    const l = byFirst.get(k);
    if (l) l.push(n);
    else byFirst.set(k, [n]);
  }
  for (const l of byFirst.values()) l.sort((a, b) => b.length - a.length);
  gaz = { byFirst, level, codes, countyShort };
  return gaz;
}

/**
 * A county written without 区, 县 or 市 (杭州萧山, 金华义乌, 浙江义乌) straight after its own
 * prefecture or province: its length, or 0. Only there: alone, many such names are ordinary words
 * (和平, 朝阳, 青山).
 */
function countyShortAt(text: string, at: number, after: string, g: Gazetteer): number {
  const parents = g.codes.get(after);
  if (!parents) return 0;
  for (let len = 4; len >= 2; len--) {
    const counties = g.countyShort.get(text.slice(at, at + len));
    if (!counties?.some((c) => parents.some((p) => c.startsWith(p)))) continue;
    // 南浔 + 镇 is a town named after its county, not the county.
    if (
      ROAD_AFTER.test(text.slice(at + len, at + len + 3)) ||
      /^(?:镇|乡|街道|村)/.test(text.slice(at + len, at + len + 2))
    )
      return 0;
    return len;
  }
  return 0;
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
    `(?<town>[${H}]{2,6}?(?:街道|镇|乡(?!镇|街道)))?`,
    `(?<village>[${H}]{1,5}?村(?![委民]))?`,
    // A bare 道 ends a road only before a number or a non-Han character ("粤兴三道9号"); inside a
    // word it is part of a name ("华尔道夫酒店").
    `(?<road>(?:(?![的是在了很也都就还把被让着过个])[${H}0-9]){1,10}?(?:大道|大街|路|街(?!区)|巷|弄|胡同|道(?=[0-9０-９一二三四五六七八九十东南西北中]|[^${H}]|$))(?:[东南西北中]段|[东南西北]路)?(?:[一二三四五六七八九十0-9]+段)?)?`,
    `(?<num>[${NUMC}]+(?:[-—之][0-9]+)?[号弄](?:院|大院)?)?`,
    // 府 ends estate names (中海华府) but 人民政府 is an authority, not a place to live.
    `(?<estate>[${H}A-Za-z0-9]{1,10}?(?:小区|花园|大厦|公寓|广场|中心|新村|家园|社区|大楼|商城|苑|园|城|府(?<!政府)|庭|湾|里)|[${H}A-Za-z]{2,14}?(?=[A-Za-z0-9一二三四五六七八九十]+(?:号楼|栋|幢|座|单元)))?`,
    // Units: "3号楼2单元502室"; floors as written in office addresses ("21F", "5L"); a bare
    // building-room code after the estate ("2-B501", "3-1502").
    String.raw`(?<room>(?:(?:[A-Za-z${NUMC}]+(?:号楼|栋|幢|座|楼|单元|层|室|号|户|房|期|区|门)|[0-9]{1,3}[FL](?![A-Za-z0-9]))[\-—]?)+(?:[0-9]{3,5}(?:[-—~][0-9]{2,5})?(?![0-9]))?|[0-9A-Z]{1,3}[\-—][A-Z]?[0-9]{3,5}(?![0-9A-Za-z]))?`,
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
/**
 * After the first pass (TAIL), real delivery addresses go on: a business or landmark after the
 * house number (…627号长沙启明软件有限公司), a building-unit-room code written with dashes
 * (7-2-1403, 8----21号, F2206), a village group (12组), a second estate (湖景苑梅香阁),
 * a crossing (香港中路与福州南路交叉口), a relative position (对面, 院内, 门口), a division name
 * written twice, and separators between parts (广西壮族自治区-南宁市-青秀区, 梅园小区_青年街). Measured
 * on the dev split of the Chinese address-parsing corpus of Li & Lu (NAACL 2019; real delivery
 * addresses, bench/detect-address.ts); its test split was scored once before and once after.
 * Each part must start where the previous ended; the chain stops at the first character no part
 * explains, so a clause after an address ("，我们在那里见面") is never taken in.
 */
const NOT_WORD = '(?![的是在了很也都就还把被让着过个和与及或但而我你他她它这那有为要想说去来给])';
const HW = `(?:${NOT_WORD}[${H}])`;
/** Estates, buildings, markets, parks and other places people live or receive parcels at. */
const PLACE_END = [
  '工业园区',
  '工业园',
  '工业区',
  '开发区',
  '科技园',
  '产业园',
  '电商园',
  '物流园',
  '仓储区',
  '园区',
  '生活区',
  '街区',
  '组团',
  '校区',
  '写字楼',
  '办公楼',
  '大厦',
  '商厦',
  '大楼',
  '广场',
  '中心',
  '小区',
  '花园',
  '公寓',
  '新村',
  '家园',
  '社区',
  '市场',
  '商贸城',
  '商城',
  '汽车站',
  '车站',
  '基地',
  '农场',
  '苑',
  '园',
  '城',
  '府(?<!政府)',
  '庭',
  '湾',
  '阁',
  '坊',
  '郡',
  '厦',
].join('|');
/**
 * Businesses and institutions. Alone, or straight after a division name, such a name is an
 * organisation (深圳市腾讯计算机系统有限公司, 北京市金杜律师事务所), not an address; after a road, a
 * house number, a village or an estate it is where the parcel goes, and part of the address.
 */
const BUSINESS_END = [
  '有限公司',
  '分公司',
  '公司',
  '集团',
  '研究院',
  '研究所',
  '设计院',
  '事务所',
  '工作室',
  '酒店',
  '宾馆',
  '饭店',
  '旅馆',
  '大学',
  '学院',
  '中学',
  '小学',
  '中心校',
  '学校',
  '幼儿园',
  '医院',
  '卫生院',
  '诊所',
  '银行',
  '支行',
  '营业厅',
  '营业部',
  '超市',
  '商场',
  '专卖店',
  '专柜',
  '店',
  '厂',
  '仓库',
  '仓',
  '物流',
  '快递',
  '快运',
  '驿站',
  '网吧',
  '网咖',
  '酒吧',
  '教堂',
  '礼堂',
  '邮局',
  '局',
  // Trades that end a business name in delivery addresses (宏达纺织, 正远电气, 启明科技).
  '科技',
  '电子',
  '电器',
  '电气',
  '纺织',
  '服饰',
  '化工',
  '机械',
  '五金',
  '建材',
  '贸易',
  '实业',
  '商行',
].join('|');

/**
 * division: a GB/T 2260 name; road: a road or a crossing; house: a house number; unit: a
 * building, unit, floor or room; place: a town, village or estate; business: a business name;
 * near: a relative position.
 */
type PartKind = 'division' | 'road' | 'house' | 'unit' | 'place' | 'business' | 'near';
/** A name cannot run across a division, road or house-number word (寄到广东省…科技 is not one name). */
const NAME_CHAR = `(?:(?![省市县区路街号镇乡])${HW}|[A-Za-z0-9（）()·])`;
/**
 * Inside a name (after its first character) 和, 来, 有 and 都 do not end it: names of estates
 * and shops often hold them (景和, 未来, 富有, 华都).
 */
const INNER_NAME_CHAR = `(?:(?![省市县区路街号镇乡的是在了很也就还把被让着过个与及或但而我你他她它这那为要想说去给吗呢吧啊])[${H}]|[A-Za-z0-9（）()·])`;
/** Dates are not unit codes (离店2025-03-01). */
const NOT_DATE = '(?![0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2})';
/**
 * A name of 1-16 characters ending in one of `ends` (the shortest such), as the lazy pattern
 * `NAME_CHAR{1,16}?(?:ends)` would match at `at`, but found by one forward search for the ending
 * and a check of the characters before it: the lazy pattern retried every ending at every length
 * and made the detector twice as slow on running text.
 */
interface Part {
  lastIndex: number;
  test(text: string): boolean;
}
function named(ends: string): Part {
  const end = new RegExp(`(?:${ends})`, 'g');
  const nameChar = new RegExp(`^${NAME_CHAR}$`);
  const innerChar = new RegExp(`^${INNER_NAME_CHAR}$`);
  return {
    lastIndex: 0,
    test(text: string): boolean {
      const at = this.lastIndex;
      const c = text[at];
      if (c === undefined || c === '（' || c === '(') return false;
      // Search only where such a name can end: the 16 characters after `at` and the longest
      // ending (8), with text[at] kept in front for the lookbehind of 府(?<!政府). A search over
      // the rest of the text made the detector quadratic in the length of a chunk that holds no
      // ending (0.8 MB/s on prose). Offsets below are relative to `at`.
      const win = text.slice(at, at + 1 + 16 + 10);
      end.lastIndex = 1;
      const m = end.exec(win);
      if (!m || m.index > 16) return false;
      if (!nameChar.test(c)) return false;
      for (let k = 1; k < m.index; k++) if (!innerChar.test(win[k]) && !cityWord(win, k)) return false;
      this.lastIndex = at + m.index + m[0].length;
      return true;
    },
  };
}
const BUSINESS = named(BUSINESS_END);
/** The parts an address goes on with, tried in this order at each position. */
const MORE_PARTS: readonly { kind: PartKind; re: Part }[] = [
  // A crossing: 香港中路与福州南路交叉口, 解放路和中山路交汇处.
  {
    kind: 'road',
    re: new RegExp(
      `[与和跟]${HW}{1,8}?(?:大道|大街|路|街)(?:[东南西北]{0,2}(?:交叉口|交汇处|交界处|交口|路口|口))?`,
      'y',
    ),
  },
  // A crossing, or the mouth of the road just named (兴达路 + 口).
  { kind: 'place', re: /(?:交叉口|交汇处|交界处|路口|(?<=[路街])口(?![0-9A-Za-z]))/y },
  // A town named after a township keeps it (金乡 + 镇).
  { kind: 'place', re: new RegExp(`${HW}{1,6}?(?:街道|镇|乡(?!镇|街道))`, 'y') },
  // A block of an estate by its number or its side (二区, 3期, 中区, 东片区).
  {
    kind: 'place',
    re: new RegExp(
      `${HW}{1,5}?(?:村(?![委民])|组)|[${NUMC}]+(?:组|队|区|期|街)|[东南西北中](?:片区|区)(?=[0-9A-Za-z])`,
      'y',
    ),
  },
  {
    kind: 'road',
    re: new RegExp(
      // Numbered roads (科技2路, 西园二路) hold a digit after their first character.
      // 街区 is a block of an estate (云锦街区), not a road.
      `${HW}(?:${HW}|[0-9]){0,9}?(?:大道|大街|路|街(?!区)|巷|弄|胡同|桥(?=[0-9]))(?:[东南西北中]段|[东南西北]路)?(?:[一二三四五六七八九十0-9]+段)?`,
      'y',
    ),
  },
  { kind: 'house', re: new RegExp(`[${NUMC}]+(?:[-—之][0-9]+)?[号弄](?:院|大院)?(?!楼)`, 'y') },
  // Buildings, units, floors and rooms (8号楼3单元, 负二楼).
  {
    kind: 'unit',
    re: new RegExp(
      `(?:负?[A-Za-z${NUMC}]+(?:号楼|组团|栋|幢|撞|座|楼|单元|层|室|号|户|房|期|区|门|排|档))+`,
      'y',
    ),
  },
  // Unit codes: 7-2-1403, 3-1-502, 8----21号, 1800-B, C12-6号, 2031a, F2206, B3, C-11, 8F.
  {
    kind: 'unit',
    re: new RegExp(
      `${NOT_DATE}[A-Za-z]?[0-9]{1,5}[A-Za-z]?(?:[-—一]+(?:[A-Za-z]?[0-9]{1,6}[A-Za-z]?|[A-Za-z]))+(?:号|室|房)?|[A-Za-z]{1,2}[-—]?[0-9]{1,6}(?![0-9])(?:号|室|房)?|[0-9]{1,3}[A-Za-z][0-9]{2,5}(?![0-9])|[0-9]{1,3}[FfLl](?![A-Za-z])`,
      'y',
    ),
  },
  { kind: 'place', re: named(PLACE_END) },
  // A house number after a small place name (青龙村陈家87号, 柳家浜6号).
  {
    kind: 'house',
    // A group before the number is part of it (严家9组212号: Li & Lu's guide, roadno).
    re: new RegExp(
      `(?:(?![省市县区路街号镇乡])${HW}){1,4}?(?:[0-9０-９]+组)?[0-9０-９]+(?:[-—之][0-9]+)?[号弄](?!楼)`,
      'y',
    ),
  },
  {
    kind: 'near',
    // A distance from the place before (向前300米, 西北侧100米, 东北130米) and a side closing the field (…136F + 北).
    re: /(?:(?:[东南西北]{1,2}侧?|向?[东南西北前后左右]|往[东南西北前后左右])?[0-9一二三四五六七八九十百]+米|斜对面|对面|对过|旁边|附近|隔壁|楼下|楼上|大门口|门口|门卫|院内|(?<=[区园厂院])内|后门|前门|[东南西北]{1,2}侧|[东南西北]门|[东南西北](?=[0-9A-Za-z])|旁(?![0-9A-Za-z])|[东南西北]{1,2}(?=$|[\r\n\t]))/y,
  },
];
/** A bare house number after a road ("安康路1618启明科技"): only there is a number without 号 an address part. */
const NUMBER_AFTER_ROAD = /[0-9]{1,5}(?![0-9])/y;
/** A number closing an address ("柳家浜235", "安康东路216") at the end of a line, as in an address column. */
const LAST_NUM = new RegExp(`${HW}{0,8}?[0-9]{1,5}[A-Za-z]?(?=$|\r?\n)`, 'y');
/** Separators between parts; a tab separates cells of a table, never parts of one address. */
const SEPARATOR = /[_\-—· ](?=[^\s])/y;
/**
 * Buildings, units, floors and rooms that may follow a name of an estate or a building which has
 * no word such as 小区 or 大厦 at its end (金桂A座1201, 东湖二期5幢, 云栖广场B3): a bare 号 is not
 * one of them (张三3号 is not an address).
 */
const BUILDING_UNIT = new RegExp(
  `负?[A-Za-z${NUMC}]+(?:号楼|栋|幢|座|楼|单元|层|室|区|期)|${NOT_DATE}[A-Za-z]?[0-9]{1,5}[A-Za-z]?(?:[-—]+[A-Za-z]?[0-9]{1,6}[A-Za-z]?)+|[A-Za-z]{1,2}[0-9]{1,6}(?![0-9])|[0-9]{1,3}[Ff](?![A-Za-z])`,
  'y',
);
/** At the start of a chain only a unit with a building word counts (热线400-123-4567 is no address). */
const BUILDING_WORD = new RegExp(
  `负?[A-Za-z${NUMC}]+(?:号楼|栋|幢|座|楼|单元|层|室|区|期)|${NOT_DATE}[0-9]{1,3}-[0-9]{1,2}-[0-9]{2,5}(?![0-9-])`,
  'y',
);
const UNIT_START = /[A-Za-z0-9０-９一二三四五六七八九十负]/;
const FIRST_NAME_CHAR = new RegExp(`^${NAME_CHAR}$`);
/** Inside a name without a place word, 区 and 街 may stand (汀州花苑南区, 六街): divisions are checked apart. */
const INNER_CHAR = new RegExp(`^(?:${INNER_NAME_CHAR}|[区街])$`);
/**
 * Whether an address starting at `start` opens its field: the start of the text or a line, after
 * punctuation, a space or a label (地址：). After a verb or a preposition (在…工作, 来…看看) the
 * words that follow the address belong to the sentence.
 */
function opensField(text: string, start: number): boolean {
  return start === 0 || /[\r\n，,。;；:：、\s|/()（）【】[\]"'“”_-]/.test(text[start - 1]);
}
/**
 * Where a field ends: the end of the text, a line or a tab-separated cell. A comma or a full stop
 * may end a clause of running text where more words about the place follow (…A座楼下，你下来吧),
 * so it does not count.
 */
const FIELD_END = /[\r\n\t]/;
function atFieldEnd(text: string, at: number): boolean {
  if (at >= text.length || FIELD_END.test(text[at])) return true;
  // A courier note closing the field (…门口电联) leaves what is before it at the end.
  if (!'电自代签'.includes(text[at])) return false;
  NOTE_AT.lastIndex = at;
  return NOTE_AT.test(text);
}
const NOTE_AT = /(?:电话联系|电联|自提|代收|签收)(?=$|[\r\n\t])/y;
/**
 * A name without a place word at its end (an estate, a building, a shop: 金桂, 韵达家纺) is an
 * address part in two places only: before a building, unit or room (金桂A座1201), and, after a
 * road, a house number, a town, a village or an estate, as the last thing in its field
 * (…路18号韵达家纺 at the end of an address column). Li & Lu's annotation guide (data/anno of
 * their corpus) marks such names as the point of interest of the address; the same name after a
 * floor or a room is the tenant, outside it. Returns where the name ends, or 0.
 */
/**
 * Where a unit ends when the first pass or a code stopped one word short: the room word after a
 * code (605-606 + 室, 3029房 + 间, 910 + 办公室), a letter closing the line (12401 + A), a room
 * number after a floor or a building (11楼 + 62407, 12栋 + 430).
 */
const UNIT_SUFFIX =
  /(?:室|号(?!楼)|房间|间|办公室|[A-Za-z](?=$|[\r\n\t])|[0-9]{3,6}(?:[-—~][0-9]{2,6})?(?![0-9])(?:室|号|房)?)/y;
function unitEnd(text: string, at: number): number {
  UNIT_SUFFIX.lastIndex = at;
  return UNIT_SUFFIX.test(text) ? UNIT_SUFFIX.lastIndex : at;
}
/** Words that finish a place or business name found one word short. */
const NAME_SUFFIX =
  /(?:股份有限公司|有限责任公司|有限公司|分公司|公司|小区|区(?![0-9A-Za-z一二三四五六七八九十]|区)|校)/y;
/**
 * The last name of a chain of divisions (given by their starts) that is its first name again (the
 * same place, in full or short) with no name of a higher level between (商丘市河南商丘… names the
 * city, its province and the city again: one address, not a copy), or -1.
 */
function restartAt(text: string, starts: number[], ends: number[], g: Gazetteer): number {
  const first = text.slice(starts[0], ends[0]);
  const level = g.level.get(first) ?? 3;
  let found = -1;
  for (let k = 1; k < starts.length; k++) {
    const name = text.slice(starts[k], ends[k]);
    if ((g.level.get(name) ?? 3) < level) found = -1;
    else if (sameDivision(first, name)) found = starts[k];
  }
  return found;
}
/** Whether two division names are the same place, in full or short (宁波, 宁波市). */
function sameDivision(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
/** Whether the division name at [from, to) repeats one of the address before it, in full or short. */
function repeats(text: string, start: number, from: number, to: number): boolean {
  const name = text.slice(from, to);
  const before = text.slice(start, from);
  return before.includes(name) || before.includes(name.slice(0, 2));
}
/** Notes to the courier written after an address: call on arrival, pick up, sign for. */
const NOTE_END = /(?:电话联系|电联|自提|代收|签收)$/;
/** A name closing a field has no number and no unopened bracket (地铁2号线A口出） is a note). */
function wholeName(name: string): boolean {
  if (/[0-9]/.test(name)) return false;
  const open = (name.match(/[（(]/g) ?? []).length;
  return open === (name.match(/[）)]/g) ?? []).length;
}
function freeName(text: string, at: number, toEnd: boolean, codes: boolean): number {
  if (at >= text.length || /[0-9（(]/.test(text[at])) return 0;
  // An authority of the province, city or county closing the field (…155号 + 省烟草局, 市地税局).
  if (!FIRST_NAME_CHAR.test(text[at]) && !(toEnd && '省市县'.includes(text[at]))) return 0;
  // Most chains in running text have no unit word ahead and no field end: skip the scan.
  if (!toEnd && !unitAhead(text, at, codes)) return 0;
  for (let k = at + 1; k <= at + 16 && k <= text.length; k++) {
    // A unit starts a token: 时间2000-06-25 holds no unit 000-06-25.
    if (k - at <= 12 && k < text.length && UNIT_START.test(text[k]) && !/[0-9A-Za-z]/.test(text[k - 1])) {
      const unit = codes ? BUILDING_UNIT : BUILDING_WORD;
      unit.lastIndex = k;
      if (unit.test(text)) return k;
    }
    if (toEnd && k - at >= 2 && atFieldEnd(text, k)) {
      // A delivery note closing the field (电联: call on arrival) is not part of the name.
      const note = NOTE_END.exec(text.slice(at, k));
      const e = note ? k - note[0].length : k;
      return e - at >= 2 && wholeName(text.slice(at, e)) ? e : 0;
    }
    // 吧 ends a sentence (你下来吧) but also bars and cafés (网吧, 奶吧): only as the last
    // character of the field is it part of a name.
    if (
      k >= text.length ||
      (!INNER_CHAR.test(text[k]) &&
        !cityWord(text, k) &&
        !(text[k] === '吧' && toEnd && atFieldEnd(text, k + 1)))
    )
      return 0;
  }
  return 0;
}
const MAX_ADDRESS = 80;
/** 市 of 城市 inside a name (城市港湾, 城市花园) is a word, not a city. */
function cityWord(text: string, k: number): boolean {
  return text[k] === '市' && text[k - 1] === '城';
}
/** The last characters of a name (at most three, no number, no sentence word) that close its field, or `at`. */
const NAME_REST = new RegExp(
  `(?:(?![号的是在了很也都就还把被让着过个与及或但而我你他她它这那为要想说去给吗呢吧啊])[${H}]){1,3}`,
  'y',
);
function nameRest(text: string, at: number): number {
  // A courier note closing the field (电联) is no part of the name.
  if (atFieldEnd(text, at)) return at;
  NAME_REST.lastIndex = at;
  const m = NAME_REST.exec(text);
  if (!m) return at;
  for (let k = at + 1; k <= at + m[0].length; k++) if (atFieldEnd(text, k)) return k;
  return at;
}
/** Whether a unit word (or, with `codes`, a digit or a letter) stands within 13 characters. */
function unitAhead(text: string, at: number, codes: boolean): boolean {
  const to = Math.min(text.length, at + 14);
  for (let k = at + 1; k < to; k++) {
    const c = text[k];
    if (UNIT_WORD_CHARS.includes(c)) return true;
    if (codes && /[0-9A-Za-z]/.test(c)) return true;
  }
  return false;
}
const UNIT_WORD_CHARS = '楼栋幢座单层室区-';

/** How far an address that ends at `end` goes on (see MORE_PARTS), and how many parts it gained. */
/**
 * Whether a name found between `from` and `to` runs across a division name ("寄到南京市江宁区双龙大道"
 * is not one road): then the division is where the address starts, not part of a name.
 */
function crossesDivision(text: string, from: number, to: number, g: Gazetteer): boolean {
  for (let k = from + 1; k < to - 1; k++) if (divisionAt(text, k, g) > 0) return true;
  return false;
}

/** The kind of the last part the first pass (TAIL) found, where the chain goes on from. */
function tailKind(m: RegExpExecArray | null): PartKind | undefined {
  const g = m?.groups;
  if (!g) return undefined;
  // A number with 号 after the house number (66弄 + 6号), or a code straight after the road
  // (城北路 + M511号), is the house number (see extendAddress).
  if (g.room)
    return (g.num && /^[0-9０-９]+号$/.test(g.room)) || (g.road && !g.num && !g.estate) ? 'house' : 'unit';
  if (g.estate) return 'place';
  if (g.num) return 'house';
  if (g.road) return 'road';
  if (g.village || g.town) return 'place';
  return undefined;
}

function extendAddress(
  text: string,
  start: number,
  end: number,
  g: Gazetteer,
  after?: PartKind,
  anchored = true,
  county = false,
): { end: number; parts: number; located: boolean } {
  let parts = 0;
  let at = end;
  let last = after;
  if (after === 'unit' && at < text.length) at = unitEnd(text, at);
  if (after === 'place' && at < text.length) {
    // The first pass (TAIL) ends an estate at its first place word (董家塅工业园 + 区).
    NAME_SUFFIX.lastIndex = at;
    if (NAME_SUFFIX.test(text)) at = NAME_SUFFIX.lastIndex;
  }
  // Where the address ends if the parts after it explain nothing more: a relative position
  // (附近, 对面) or a business is kept only when an address part follows or it is located.
  let kept = { at, parts };
  // A road, a house number or a unit the first pass found locates the address already (…90号 +
  // 广东 + 体育馆: the division name starts a point of interest, not a new address).
  let located = after === 'road' || after === 'house' || after === 'unit';
  while (at < text.length && at - start < MAX_ADDRESS) {
    let next = 0;
    let kind: PartKind | undefined;
    // A business is part of an address after a road, a house number, a village or an estate,
    // where it may begin with a city's name (627号长沙启明软件有限公司, 卢屋村希望小学); after a
    // room or a floor it is the tenant (…5楼菜鸟驿站), and alone or straight after a division
    // name an organisation (深圳市腾讯计算机系统有限公司), not an address.
    if (last === 'road' || last === 'house' || last === 'place') {
      BUSINESS.lastIndex = at;
      if (BUSINESS.test(text) && !crossesDivision(text, at, BUSINESS.lastIndex, g)) {
        next = BUSINESS.lastIndex;
        kind = 'business';
      }
    }
    const d = next === 0 ? divisionAt(text, at, g) : 0;
    if (d > 0) {
      next = at + d;
      kind = 'division';
    } else if (next === 0) {
      for (const part of MORE_PARTS) {
        part.re.lastIndex = at;
        if (
          part.re.test(text) &&
          (part.kind === 'unit' || part.kind === 'house' || !crossesDivision(text, at, part.re.lastIndex, g))
        ) {
          next = part.re.lastIndex;
          kind = part.kind;
          break;
        }
      }
      if (next === 0 && last === 'road') {
        NUMBER_AFTER_ROAD.lastIndex = at;
        if (NUMBER_AFTER_ROAD.test(text)) {
          next = NUMBER_AFTER_ROAD.lastIndex;
          kind = 'house';
        }
      }
      if (next === 0) {
        // After a division name too when the address is located already (…90号广东 + 体育馆) or
        // the name closes a chain down to the county (…省…市…县 + 喜发实业): a company's own
        // name holds at most its city (广州市白云山制药有限公司).
        const toEnd =
          (last === 'road' ||
            last === 'house' ||
            last === 'place' ||
            last === 'business' ||
            // …公寓 + 对过 + 万通锁行: Li & Lu's guide marks the place by a relative position "subpoi".
            last === 'near' ||
            (last === 'division' && (located || county))) &&
          (anchored || located) &&
          opensField(text, start);
        const n = freeName(text, at, toEnd, last !== undefined);
        if (n > 0 && !crossesDivision(text, at, n, g)) {
          next = n;
          kind = 'place';
        }
      }
    }
    if (
      next === 0 &&
      (last === 'place' || last === 'business') &&
      (anchored || located) &&
      opensField(text, start)
    ) {
      // A name found one word short of the end of its field (华银机械 + 厂, 化工 + 市场, 樱花府 +
      // 第): the rest of the field is the rest of the name.
      const e = nameRest(text, at);
      if (e > at) {
        next = e;
        kind = 'place';
      }
    }
    if (next === 0 || !kind) {
      SEPARATOR.lastIndex = at;
      if (!SEPARATOR.test(text)) break;
      // A separator counts only when a part follows it.
      const rest = extendAddress(text, start, SEPARATOR.lastIndex, g, last, anchored || located);
      if (rest.parts === 0) break;
      return { end: rest.end, parts: parts + rest.parts, located: located || rest.located };
    }
    // A division name the address already holds (浙江省杭州市西湖区 + 杭州市西湖区) is a repeat,
    // part of the address only when more parts follow it; so is a relative position (附近见面),
    // except one closing the field (…网吧门口), which Li & Lu's guide marks as part ("assist").
    const tentative =
      (kind === 'near' && !atFieldEnd(text, next)) ||
      // After a road, a number or a unit a division name starts a name (…45号 + 湖南 + 青禾体育馆)
      // or is a note (…45号 + 台州路桥): only what follows it keeps it.
      (kind === 'division' && (located || repeats(text, start, at, next)));
    // A place or business word straight after a place or a business finishes its name
    // (临江工业园 + 区, 启明科技 + 有限公司).
    if ((kind === 'place' || kind === 'business') && next < text.length) {
      NAME_SUFFIX.lastIndex = next;
      if (NAME_SUFFIX.test(text)) next = NAME_SUFFIX.lastIndex;
    }
    if (kind === 'unit' && next < text.length) next = unitEnd(text, next);
    // A number with 号 after a house number (66弄 + 6号), or any code straight after a road
    // (通益路 + 1833-9, 城北路 + M511号), is the house number, after which a shop closing the
    // field is the point of interest; after a floor or a room it is the tenant.
    if (
      kind === 'unit' &&
      (last === 'road' || (last === 'house' && /^[0-9０-９]+号$/.test(text.slice(at, next))))
    )
      kind = 'house';
    at = next;
    parts++;
    last = kind;
    if (kind === 'road' || kind === 'house' || kind === 'unit') located = true;
    if (!tentative) kept = { at, parts };
  }
  at = kept.at;
  parts = kept.parts;
  LAST_NUM.lastIndex = at;
  if (LAST_NUM.test(text)) {
    // A room number of three to five digits closing the line after a named place (…商业城 + 982)
    // locates the address; a year (…广场2020) does not.
    if (
      parts > 0 &&
      last === 'place' &&
      /(?<![0-9])(?!(?:19|20)[0-9]{2}(?![0-9]))[0-9]{3,5}[A-Za-z]?$/.test(text.slice(at, LAST_NUM.lastIndex))
    )
      located = true;
    at = LAST_NUM.lastIndex;
    parts++;
  }
  return { end: at, parts, located };
}

const TOWN_START = new RegExp(`^${HW}{1,6}?(?:街道|镇|乡(?!镇|街道))`);
/**
 * Where an address without a division name may start: the start of a line or a field, after
 * punctuation, or after a word that introduces a place (住在, 地址：, 寄到, 在). Delivery addresses
 * often begin at the street (白沙街道青龙村陈家87号) or the estate (梅园二区46-3-702); such a
 * start is taken only when what follows is an address by its parts (see boundaryAddress).
 */
const BOUNDARY_WORDS = [
  '住在',
  '地址',
  '住址',
  '寄到',
  '送到',
  '家住',
  '现住',
  '位于',
  '搬到',
  '寄至',
  '在',
  '到',
  '于',
];
/** A boundary: punctuation, a space, or a word that introduces a place; a start follows it. */
const BOUNDARY = new RegExp(
  `[\\s,，。;；:：、!！?？()（）[\\]【】「」"'“”‘’|/]|${BOUNDARY_WORDS.join('|')}`,
  'g',
);
/**
 * A street-level address has a number or a street word before the next punctuation; most
 * boundaries in running text have neither, and are skipped before any pattern is tried.
 */
const MAY_LOCATE = /[^,，。;；!！?？\n]{0,79}?[0-9０-９号栋幢室组路街道镇乡村弄巷]/y;

/**
 * Two parts with a number (a house number, a unit code, a building), or three parts: enough to
 * call a chain that starts at a boundary an address. Two named places alone (中山路步行街) are a
 * location, not a postal address.
 */
function boundaryAddress(span: string, parts: number): boolean {
  if (parts >= 3) return true;
  return parts === 2 && /[0-9０-９]|[号栋幢室组]|单元|号楼/.test(span);
}

/** Where an address may start without a division name (see BOUNDARY). */
function* boundaryStarts(text: string): Generator<number> {
  yield 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) yield m.index + m[0].length;
}

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

function scoreParts(admins: number, m: RegExpExecArray | null, extra = 0): { score: number; parts: number } {
  const g = m?.groups ?? {};
  const detail =
    extra +
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
      // Chain of divisions (separated by - _ or a space in some forms: 广西壮族自治区-南宁市).
      let end = i + len;
      let admins = 1;
      const starts = [i];
      const ends = [end];
      for (;;) {
        let at = end;
        if (at < text.length && '-_ —'.includes(text[at])) at++;
        let more = divisionAt(text, at, g);
        if (more === 0) more = countyShortAt(text, at, text.slice(starts[admins - 1], end), g);
        if (more === 0) break;
        end = at + more;
        starts.push(at);
        ends.push(end);
        admins++;
      }
      let start = i;
      TAIL.lastIndex = end;
      let m: RegExpExecArray | null = TAIL.exec(text);
      // A chain from a province or prefecture down to a county (two names or more).
      // (A name after the county repeats one before it: 乐清市 + 温州 + 意华接插件有限公司.)
      const county = admins >= 2 && starts.some((s, k) => (g.level.get(text.slice(s, ends[k])) ?? 3) === 3);
      let more =
        m && m[0].length > 0
          ? extendAddress(text, i, end + m[0].length, g, tailKind(m))
          : extendAddress(text, i, end, g, 'division', true, county);
      // A chain of divisions written again from its first name (宁波宁波市…, 浙江省绍兴市浙江省
      // 绍兴市…): the address starts at the last copy when parts follow it (Li & Lu mark the
      // copies before it "redundant"), and ends before the copy when nothing does. (Restarting at
      // a copy after a town or a road too, or at any province after a county, measured lower;
      // the corpus marks a copy as long as the first now one way, now the other.)
      const again = restartAt(text, starts, ends, g);
      if (again >= 0) {
        let after = again;
        for (let d = divisionAt(text, after, g); d > 0; d = divisionAt(text, after, g)) after += d;
        if (more.end > after) {
          start = again;
          admins = starts.length - starts.indexOf(again);
        } else {
          end = again;
          m = null;
          more = { end: again, parts: 0, located: false };
        }
      }
      const tailEnd = more.end;
      // The country before a province (中国浙江省…) is the first element of the address, as Li &
      // Lu's corpus marks it.
      if (
        start >= 2 &&
        text.startsWith('中国', start - 2) &&
        (g.level.get(text.slice(start, ends[starts.indexOf(start)])) ?? 3) <= 2
      )
        start -= 2;
      const { score } = scoreParts(admins, m && m[0].length > 0 ? m : null, more.parts);
      const r = contextScore(text, start, tailEnd, score, ADDRESS_CONTEXT);
      if (r.score >= 0.4) {
        out.push({
          type: 'ADDRESS',
          start,
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
        const more = extendAddress(text, start, start + t[0].length, g, tailKind(t));
        let end = more.end;
        // A province or a city named alone after the number (…751号 + 浙江民营企业发展大厦A座16楼)
        // starts the name of the place the parcel goes to: what was found from that name is the
        // rest of this address.
        const houseEnd = h.index + h[0].length;
        for (let k = out.length - 1; k >= 0; k--) {
          const f = out[k];
          if (f.start < houseEnd || f.start > end) continue;
          if (divisionAt(text, f.start + divisionAt(text, f.start, g), g) > 0) continue;
          end = Math.max(end, f.end);
          out.splice(k, 1);
        }
        const { score } = scoreParts(0, t, more.parts);
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
    // Addresses that start at the street or the estate, at a boundary (see BOUNDARY).
    let done = 0;
    for (const i of boundaryStarts(text)) {
      const c = text.charCodeAt(i);
      if (i < done || c < 0x4e00 || c > 0x9fff) continue;
      // A boundary word at the start (送到…) yields its own start after it.
      if (BOUNDARY_WORDS.some((w) => text.startsWith(w, i))) continue;
      MAY_LOCATE.lastIndex = i;
      if (!MAY_LOCATE.test(text)) continue;
      if (out.some((f) => i >= f.start && i < f.end)) continue;
      const more = extendAddress(text, i, i, g, undefined, false);
      // A chain that runs into an address found from a division name or a road ("白沙街道" +
      // "杭州某某科技园F2206") is the start of that address.
      // Not when the chain starts with a division name (the first copy of a chain written twice,
      // 宁波宁波市…), nor before a province or a prefecture (北湖街道广西南宁市…): a town or an
      // estate is never written before those; it is a repeat of the town inside the address.
      const joined = out.find((f) => f.start > i && f.start <= more.end);
      const joinedLevel = joined
        ? (g.level.get(text.slice(joined.start, joined.start + divisionAt(text, joined.start, g))) ?? 3)
        : 3;
      // After a road or a number, though, a province or a city named alone (…751号 + 浙江 +
      // 民营企业发展大厦, …街道 + 杭州 + 师范大学科技园) starts the name of a place: joined too.
      const nameAfter =
        joined !== undefined &&
        more.located &&
        divisionAt(text, joined.start + divisionAt(text, joined.start, g), g) === 0;
      if (
        joined &&
        more.parts >= 1 &&
        (joined.start - i <= 12 || nameAfter) &&
        divisionAt(text, i, g) === 0 &&
        (joinedLevel >= 3 || nameAfter)
      ) {
        joined.start = i;
        joined.end = Math.max(joined.end, more.end);
        done = joined.end;
        continue;
      }
      // A town and what follows it filling a whole field (青溪镇丁河村阳光小学 as an address
      // cell) is an address without a number; in running text a number or a road is needed.
      const located = more.located && boundaryAddress(text.slice(i, more.end), more.parts);
      if (
        !located &&
        !(
          more.parts >= 2 &&
          opensField(text, i) &&
          atFieldEnd(text, more.end) &&
          TOWN_START.test(text.slice(i, more.end))
        )
      )
        continue;
      if (out.some((f) => i < f.end && f.start < more.end)) continue;
      const base = more.parts >= 3 ? 0.8 : 0.7;
      const r = contextScore(text, i, more.end, base, ADDRESS_CONTEXT);
      out.push({
        type: 'ADDRESS',
        start: i,
        end: more.end,
        score: Math.round(r.score * 1000) / 1000,
        detector: 'address-street',
        explanation: `${more.parts} street-level parts${r.positive ? `; context word "${r.positive}"` : ''}`,
      });
      done = more.end;
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
