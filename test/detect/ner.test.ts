import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MACRO_REGIONS } from '../../src/china/regions.js';
import { detectLines, detectText, organizationDetector } from '../../src/detect/index.js';
import { combineAddresses, combineNames, MIN_MARGIN, modelNameScore } from '../../src/detect/ner/combine.js';
import { loadModel, MODEL_PATH, tagEntities } from '../../src/detect/ner/index.js';
import { personNameDetector } from '../../src/detect/person-name.js';

interface Sample {
  split: string;
  text: string;
  spans: [number, number, string][];
}
const sample = JSON.parse(
  readFileSync(new URL('./fixtures/ner-sample.json', import.meta.url), 'utf8'),
) as Sample[];

describe('NER model file', () => {
  it('ships inside the package and loads from its package path', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      files: string[];
    };
    expect(MODEL_PATH.endsWith('/data/ner/model.bin')).toBe(true);
    expect(pkg.files).toContain('data');
    expect(existsSync(MODEL_PATH)).toBe(true);
    const { header, weights } = loadModel();
    expect(header.labels).toEqual([
      'O',
      'B-PER',
      'I-PER',
      'E-PER',
      'S-PER',
      'B-LOC',
      'I-LOC',
      'E-LOC',
      'S-LOC',
      'B-ORG',
      'I-ORG',
      'E-ORG',
      'S-ORG',
    ]);
    expect(weights.w.some((v) => v !== 0)).toBe(true);
  });

  it("gives exactly the training script's outputs on its exported sample of held-out sentences", () => {
    expect(sample.length).toBeGreaterThanOrEqual(40);
    expect(sample.some((s) => s.spans.length > 0)).toBe(true);
    for (const s of sample) {
      expect(tagEntities(s.text).map((e) => [e.start, e.end, e.type])).toEqual(s.spans);
    }
  });

  it('rejects a file that is not a model, naming the file', () => {
    expect(() => loadModel(new URL('../../package.json', import.meta.url).pathname)).toThrow(/package\.json/);
  });
});

describe('tagEntities', () => {
  it('finds names, places and organisations in prose the rules do not cover, with margins', () => {
    const text = '记者从北京大学获悉，张晓明教授将于下月前往上海交流。';
    const spans = tagEntities(text);
    for (const e of spans) expect(e.margin).toBeGreaterThan(MIN_MARGIN);
    const got = spans.map((e) => [text.slice(e.start, e.end), e.type]);
    expect(got).toContainEqual(['张晓明', 'PER']);
    expect(got).toContainEqual(['上海', 'LOC']);
    expect(got).toContainEqual(['北京大学', 'ORG']);
  });

  it('a name the model is sure of in one line is a name where it recurs (one name per discourse)', () => {
    const names = (t: string) => tagEntities(t).filter((e) => e.type === 'PER');
    // On its own the line says too little; after a line naming the person it is a name.
    expect(names('高明远同意')).toEqual([]);
    const text = '总经理高明远出席。\n高明远同意';
    const got = names(text).map((e) => [e.start, e.end]);
    expect(got).toEqual([
      [3, 6],
      [10, 13],
    ]);
    // Spans stay ordered and disjoint (the combination relies on it).
    const all = tagEntities(`${text}\n${text}`);
    for (let i = 1; i < all.length; i++) expect(all[i].start).toBeGreaterThanOrEqual(all[i - 1].end);
  });

  it('never reports a span outside its line or across a line break', () => {
    const pool = '王李张刘陈明华伟丽北京上海市区路号公司大学银行的了在是和与，。！\n\r abcAB 12';
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool.split('')), { maxLength: 120 }).map((a) => a.join('')),
        (text) => {
          for (const e of tagEntities(text)) {
            expect(e.start).toBeGreaterThanOrEqual(0);
            expect(e.end).toBeLessThanOrEqual(text.length);
            expect(e.end).toBeGreaterThan(e.start);
            expect(/[\r\n]/.test(text.slice(e.start, e.end))).toBe(false);
          }
          const lines = text.split('\n');
          for (const f of detectLines(text)) {
            expect(f.end).toBeLessThanOrEqual(lines[f.line].replace(/\r$/, '').length);
            expect(f.start).toBeGreaterThanOrEqual(0);
            expect(f.end).toBeGreaterThan(f.start);
          }
        },
      ),
      { numRuns: 300, seed: 18 },
    );
  });
});

describe('rules + model', () => {
  it('adds names the rules miss and keeps those the rules find', () => {
    const text = '记者从北京大学获悉，张晓明教授将于下月前往上海交流。';
    const names = (model: boolean) =>
      detectText(text, { types: ['PERSON_NAME'], model }).map((f) => text.slice(f.start, f.end));
    expect(names(true)).toContain('张晓明');
    expect(detectText('姓名：欧阳娜娜', { types: ['PERSON_NAME'] }).map((f) => f.start)).toEqual([3]);
  });

  it('model: false is the rule detector alone', () => {
    const text = '患者王秀英，女，68岁，住在王府井大街。';
    const rules = personNameDetector.find(text).map((f) => [f.start, f.end]);
    expect(detectText(text, { types: ['PERSON_NAME'], model: false }).map((f) => [f.start, f.end])).toEqual(
      rules,
    );
  });

  it('confirms, replaces, drops and adds as documented', () => {
    const rule = (start: number, end: number, score: number) => ({
      type: 'PERSON_NAME',
      start,
      end,
      score,
      detector: 'person-name',
    });
    // Confirmed: model boundaries for a weak rule, own boundaries for a strong one; score raised.
    const weak = combineNames('张三丰是李四的老师。', [rule(0, 2, 0.6)], [{ type: 'PER', start: 0, end: 3 }]);
    expect(weak.map((f) => [f.start, f.end, f.score])).toEqual([[0, 3, 0.8]]);
    const strong = combineNames(
      '张三丰是李四的老师。',
      [rule(0, 2, 0.9)],
      [{ type: 'PER', start: 0, end: 3 }],
    );
    expect(strong.map((f) => [f.start, f.end, f.score])).toEqual([[0, 2, 1]]);
    // A weak rule name inside a place is dropped; a strong one is kept.
    expect(
      combineNames('张三丰是李四的老师。', [rule(0, 2, 0.6)], [{ type: 'LOC', start: 0, end: 5 }]),
    ).toEqual([]);
    expect(
      combineNames('张三丰是李四的老师。', [rule(0, 2, 0.9)], [{ type: 'LOC', start: 0, end: 5 }]),
    ).toHaveLength(1);
    // Model-only names are added; one-character ones are not.
    expect(
      combineNames(
        '记者：欧阳小明、李',
        [],
        [
          { type: 'PER', start: 3, end: 7 },
          { type: 'PER', start: 9, end: 10 },
        ],
      ).map((f) => [f.start, f.end, f.detector]),
    ).toEqual([[3, 7, 'ner']]);
    // Spans below the margin threshold do not count; above it the score grows with the margin.
    const low = combineNames(
      '记者：欧阳小明',
      [],
      [{ type: 'PER', start: 3, end: 7, margin: MIN_MARGIN - 1 }],
    );
    expect(low).toEqual([]);
    const high = combineNames('记者：欧阳小明', [], [{ type: 'PER', start: 3, end: 7, margin: 30 }]);
    expect(high.map((f) => f.score)).toEqual([0.7]);
    expect(modelNameScore(MIN_MARGIN)).toBe(0.5);
    // A title the model took in is cut off; a surname alone is no name.
    const t = '请刘女士和王小明老师到场';
    expect(
      combineNames(
        t,
        [],
        [
          { type: 'PER', start: 1, end: 4 },
          { type: 'PER', start: 5, end: 10 },
        ],
      ).map((f) => t.slice(f.start, f.end)),
    ).toEqual(['王小明']);
    // Places: a rule address is confirmed (kept whole); a bare place name is not an address.
    const addr = combineAddresses(
      [{ type: 'ADDRESS', start: 0, end: 20, score: 0.8, detector: 'address-gazetteer' }],
      [
        { type: 'LOC', start: 0, end: 3 },
        { type: 'LOC', start: 25, end: 27 },
      ],
    );
    expect(addr.map((f) => [f.start, f.end, f.score])).toEqual([[0, 20, 0.9]]);
  });
});

describe('shop, brand and medicine names are not person names', () => {
  it('drops an unsure model name followed by a shop or brand word, keeps a sure one', () => {
    const text = '王府井百货、周大福珠宝均有折扣。';
    const at = text.indexOf('周大福');
    const span = (margin: number) => [{ type: 'PER' as const, start: at, end: at + 3, margin }];
    expect(combineNames(text, [], span(20))).toEqual([]);
    expect(combineNames(text, [], span(100)).map((f) => text.slice(f.start, f.end))).toEqual(['周大福']);
    const drug = 'Rp：阿莫西林胶囊 0.25g×2';
    const d = drug.indexOf('阿莫西林');
    expect(combineNames(drug, [], [{ type: 'PER', start: d, end: d + 4, margin: 20 }])).toEqual([]);
    // The same name before an ordinary word stays a name.
    const plain = '周大福今天来了。';
    expect(combineNames(plain, [], [{ type: 'PER', start: 0, end: 3, margin: 20 }]).length).toBe(1);
  });

  it('卡号 before a card number is no name', () => {
    const text = '卡号 6228 4842 1234 5678';
    expect(combineNames(text, [], [{ type: 'PER', start: 0, end: 2, margin: 20 }])).toEqual([]);
    expect(detectText(text, { types: ['PERSON_NAME'] })).toEqual([]);
  });
});

describe('region labels are not names', () => {
  it('no PERSON_NAME on a macro-region label of either scheme, alone or with a suffix', () => {
    const labels = Object.values(MACRO_REGIONS).flatMap((m) => Object.keys(m));
    expect(labels).toContain('西南');
    for (const label of labels)
      for (const v of [label, `${label}地区`]) {
        // Even when the model reads the label as a name: the filter is in the combination.
        const spans = [{ type: 'PER' as const, start: 0, end: v.length, margin: 100 }];
        expect(combineNames(v, [], spans)).toEqual([]);
        expect(detectText(v, { types: ['PERSON_NAME'] })).toEqual([]);
      }
    // A generalized region column: one label a line.
    expect(detectText(labels.join('\n'), { types: ['PERSON_NAME'] })).toEqual([]);
  });
});

describe('ORGANIZATION', () => {
  it('is reported only when asked for, from the model', () => {
    const text = '记者从北京大学获悉，张晓明教授将于下月前往上海交流。';
    expect(detectText(text).some((f) => f.type === 'ORGANIZATION')).toBe(false);
    const orgs = detectText(text, { extra: [organizationDetector] }).filter((f) => f.type === 'ORGANIZATION');
    expect(orgs.map((f) => text.slice(f.start, f.end))).toEqual(['北京大学']);
    expect(orgs[0].score).toBeGreaterThanOrEqual(0.5);
  });
});
