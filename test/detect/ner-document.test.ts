import { describe, expect, it } from 'vitest';
import { addHints, type DocumentOptions, hints } from '../../src/detect/ner/document.js';
import { tagEntities } from '../../src/detect/ner/index.js';
import type { EntitySpan } from '../../src/detect/ner/model.js';

const opts: DocumentOptions = { margin: 20, bonus: 16, givenNames: true, givenBonus: 24 };
const per = (start: number, end: number, margin: number): EntitySpan => ({ type: 'PER', start, end, margin });

describe('document pass: hints', () => {
  // 0 1 2 3 4 5 6 7 8 9 ...: 总经理高明远出席。\n明远说，高明远同意，高明远。
  const text = '总经理高明远出席。\n明远说，高明远同意，高明远。';

  it('hints the other occurrences of a confident name and its given name alone', () => {
    const got = hints(text, [per(3, 6, 30)], opts).map((h) => [text.slice(h.start, h.end), h.start, h.bonus]);
    expect(got).toEqual([
      ['明远', 10, 24],
      ['高明远', 14, 16],
      ['高明远', 20, 16],
    ]);
  });

  it('skips occurrences the first pass already tagged, and names below the margin', () => {
    const got = hints(text, [per(3, 6, 30), per(14, 17, 5)], opts).map((h) => h.start);
    expect(got).toEqual([10, 20]);
    expect(hints(text, [per(3, 6, 19)], opts)).toEqual([]);
    expect(hints(text, [{ type: 'LOC', start: 3, end: 6, margin: 90 }], opts)).toEqual([]);
  });

  it('hints given names only when asked, and only of three-character names with a surname', () => {
    const full = hints(text, [per(3, 6, 30)], { ...opts, givenNames: false }).map((h) => h.start);
    expect(full).toEqual([14, 20]);
    const two = '记者明远来了。明远说。';
    expect(hints(two, [per(2, 4, 30)], opts).map((h) => h.start)).toEqual([7]);
  });

  it('adds the bonus to B, I, E (or S) of the person labels only', () => {
    const em = new Float64Array(6 * 13);
    addHints(
      em,
      [
        { start: 11, end: 14, bonus: 2 },
        { start: 15, end: 16, bonus: 3 },
        { start: 30, end: 32, bonus: 9 },
      ],
      10,
      16,
      10,
    );
    const nonzero = [...em.keys()].filter((k) => em[k] !== 0).map((k) => [Math.floor(k / 13), k % 13, em[k]]);
    expect(nonzero).toEqual([
      [1, 1, 20],
      [2, 2, 20],
      [3, 3, 20],
      [5, 4, 30],
    ]);
  });
});

describe('document pass in tagEntities', () => {
  it('finds a given name used alone after the full name (the shipped model)', () => {
    const text = '总经理高明远出席会议。\n明远说，公司很好。';
    const names = tagEntities(text)
      .filter((e) => e.type === 'PER')
      .map((e) => text.slice(e.start, e.end));
    expect(names).toEqual(['高明远', '明远']);
    const without = tagEntities(text, undefined, { document: null })
      .filter((e) => e.type === 'PER')
      .map((e) => text.slice(e.start, e.end));
    expect(without).toEqual(['高明远']);
  });
});
