import { SURNAMES_1 } from './features.js';
import type { EntitySpan } from './model.js';

/**
 * Document-level evidence for person names (two-stage, after Krishnan & Manning 2006): the
 * sentence model sees ±9 characters, but a person is usually named plainly once in a text and
 * then repeated where the local context says little (a list, a quotation, a headline), or by the
 * given name alone (钱钟书 … 钟书说). The names the first pass reports confidently are looked for
 * elsewhere in the same text; each occurrence the first pass did not tag as exactly that name is
 * a hint, and the lines holding hints are decoded again with a bonus on the person labels there,
 * so the line's own model still decides (boundaries, a neighbouring name, a place that shares the
 * characters) instead of the name being forced.
 */
export interface DocumentOptions {
  /** Margin (weight units) a person span needs to be evidence. */
  margin: number;
  /** Emission bonus (weight units) on the person labels of a hint; 0: no second decoding. */
  bonus: number;
  /** Also hint the given name of a three-character name with a one-character surname. */
  givenNames: boolean;
  /** Bonus for given-name hints (weight units), usually below `bonus`. */
  givenBonus: number;
}

/** A place where a confident name of the text occurs, to be decoded again with a bonus. */
export interface Hint {
  start: number;
  end: number;
  /** Weight units added to the person labels of [start, end). */
  bonus: number;
}

/**
 * Hints of `text` from the first pass's `spans` (sorted by start): occurrences of each confident
 * person name (2–4 Han characters) and, if asked, of its given name, that no person span of the
 * first pass already contains. One numeric map lookup per character of the text.
 */
export function hints(text: string, spans: readonly EntitySpan[], o: DocumentOptions): Hint[] {
  // Candidate strings by their first two characters: [string, bonus, is a full name].
  let names: Map<number, [string, number, boolean][]> | undefined;
  const add = (s: string, bonus: number, full: boolean) => {
    const key = s.charCodeAt(0) * 65536 + s.charCodeAt(1);
    names ??= new Map();
    const list = names.get(key);
    const e = list?.find((x) => x[0] === s);
    if (!list) names.set(key, [[s, bonus, full]]);
    else if (!e) list.push([s, bonus, full]);
    else if (full && !e[2]) {
      // A full name outranks the same string as someone's given name.
      e[1] = bonus;
      e[2] = true;
    }
  };
  for (const s of spans) {
    const len = s.end - s.start;
    if (s.type !== 'PER' || len < 2 || len > 4 || (s.margin ?? 0) < o.margin) continue;
    if (!isHan(text, s.start, s.end)) continue;
    const name = text.slice(s.start, s.end);
    add(name, o.bonus, true);
    if (o.givenNames && len === 3 && SURNAMES_1.has(name[0])) add(name.slice(1), o.givenBonus, false);
  }
  if (!names) return [];
  // Index of the person span of the first pass at each position, to skip occurrences one span
  // already holds (the name itself, or a given name inside its full name).
  const per = new Int32Array(text.length).fill(-1);
  spans.forEach((s, k) => {
    if (s.type === 'PER') per.fill(k, s.start, s.end);
  });
  const out: Hint[] = [];
  // End of the last full-name occurrence: a given name inside it is not a hint of its own.
  let fullEnd = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    const list = names.get(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
    if (!list) continue;
    for (const [s, bonus, full] of list) {
      const end = i + s.length;
      if (!text.startsWith(s, i)) continue;
      if (full) fullEnd = Math.max(fullEnd, end);
      else if (i < fullEnd) continue;
      if (per[i] >= 0 && per[i] === per[end - 1]) continue;
      out.push({ start: i, end, bonus });
    }
  }
  return out;
}

/**
 * Add the hints' bonuses (weight units × `scale`) to the emissions em[(i − start)·13 + y] of the
 * line text[start, end): B-PER at a hint's first character, I-PER inside, E-PER at its last
 * (S-PER for one character). Labels as in model.ts: O, then B I E S of PER, LOC, ORG.
 */
export function addHints(
  em: Float64Array,
  hs: readonly Hint[],
  start: number,
  end: number,
  scale: number,
): void {
  for (const h of hs) {
    if (h.start < start || h.end > end) continue;
    const b = h.bonus * scale;
    const a = h.start - start;
    const z = h.end - 1 - start;
    if (a === z) {
      em[a * 13 + 4] += b;
      continue;
    }
    em[a * 13 + 1] += b;
    for (let i = a + 1; i < z; i++) em[i * 13 + 2] += b;
    em[z * 13 + 3] += b;
  }
}

function isHan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) return false;
  }
  return true;
}
