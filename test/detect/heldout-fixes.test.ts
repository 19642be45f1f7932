import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLines, detectText, foldFullWidth } from '../../src/detect/index.js';

/**
 * One test per failure class found with the blind held-out set (data/eval/detect/
 * tuned/heldout-blind.jsonl, built by test/detect/fixtures/build-heldout.ts before the detectors were
 * read). The values below are new examples, not sentences of that set.
 */
const spans = (text: string, type: string) =>
  detectText(text, { types: [type] }).map((f) => text.slice(f.start, f.end));

describe('full-width (全角) input', () => {
  it('folds digits, letters and ＠ without moving offsets', () => {
    const s = '电话：１３９１２３４５６７８，ＩＤ';
    expect(foldFullWidth(s)).toBe('电话：13912345678，ID');
    expect(foldFullWidth(s).length).toBe(s.length);
    expect(foldFullWidth('纯中文，无全角数字')).toBe('纯中文，无全角数字');
  });
  it('finds mobiles, resident IDs and emails typed full-width, with original offsets', () => {
    expect(spans('新号１３９１２３４５６７８，请惠存', 'CN_MOBILE')).toEqual(['１３９１２３４５６７８']);
    expect(spans('身份证号码：１１０１０５１９４９１２３１００２Ｘ', 'CN_RESIDENT_ID')).toEqual([
      '１１０１０５１９４９１２３１００２Ｘ',
    ]);
    expect(spans('邮箱：li.ming＠example.com', 'EMAIL')).toEqual(['li.ming＠example.com']);
  });
  it('a full-width colon stays a separator (MAC after "MAC：")', () => {
    expect(spans('MAC：00:1A:2B:3C:4D:5E', 'MAC_ADDRESS')).toEqual(['00:1A:2B:3C:4D:5E']);
  });
});

describe('PERSON_NAME in court, police, logistics and notice registers', () => {
  it('finds redacted names whatever follows them', () => {
    expect(spans('被告人陈某某驾驶小型轿车离开现场。', 'PERSON_NAME')).toEqual(['陈某某']);
    expect(spans('被告人黄某某犯盗窃罪，判处有期徒刑一年。', 'PERSON_NAME')).toEqual(['黄某某']);
  });
  it('finds names after role nouns', () => {
    expect(spans('原告方明，男，汉族。', 'PERSON_NAME')).toEqual(['方明']);
    expect(spans('报警人邓超（电话略）称其手机被盗。', 'PERSON_NAME')).toEqual(['邓超']);
    expect(spans('快递员孙磊 正在派送', 'PERSON_NAME')).toEqual(['孙磊']);
    expect(spans('有事联系许静 谢谢', 'PERSON_NAME')).toEqual(['许静']);
    expect(spans('关于吴刚等同志任职的通知', 'PERSON_NAME')).toEqual(['吴刚']);
  });
  it('finds the last name of a list followed by a head count', () => {
    expect(spans('表扬刘洋、陈晨、赵海涛三位同学。', 'PERSON_NAME')).toEqual(['刘洋', '陈晨', '赵海涛']);
  });
  it('does not take place names, units or job words for names', () => {
    expect(spans('华山和黄山都在中国。', 'PERSON_NAME')).toEqual([]);
    expect(spans('使用面积120平方米。', 'PERSON_NAME')).toEqual([]);
    expect(spans('林荫道上有很多人。', 'PERSON_NAME')).toEqual([]);
    expect(spans('公司高管开会。', 'PERSON_NAME')).toEqual([]);
  });
  it('English: more first names, and Hong Kong district names are not people', () => {
    expect(spans('Shipping to Sophie Turner, London', 'PERSON_NAME')).toEqual(['Sophie Turner']);
    expect(spans('Office: 8 Queen Road, Sheung Wan, Hong Kong', 'PERSON_NAME')).toEqual([]);
  });
});

describe('ADDRESS', () => {
  it('keeps floors (21F) and building-room codes (2-B501) in the span', () => {
    expect(spans('地址：上海市黄浦区中山东一路18号外滩大楼21F', 'ADDRESS')).toEqual([
      '上海市黄浦区中山东一路18号外滩大楼21F',
    ]);
    expect(spans('寄到南京市江宁区双龙大道1000号创业园3-A1201', 'ADDRESS')).toEqual([
      '南京市江宁区双龙大道1000号创业园3-A1201',
    ]);
  });
  it('runs through a long campus name to the building and room', () => {
    expect(spans('地址：武汉市洪山区珞喻路1037号华中科技大学东校区西十二楼A栋305', 'ADDRESS')).toEqual([
      '武汉市洪山区珞喻路1037号华中科技大学东校区西十二楼A栋305',
    ]);
  });
  it('does not report authorities or landmarks without address context', () => {
    expect(spans('浙江省人民政府发布通知。', 'ADDRESS')).toEqual([]);
    expect(spans('周末去杭州湾湿地公园玩。', 'ADDRESS')).toEqual([]);
    expect(spans('包裹到达【广州转运中心】', 'ADDRESS')).toEqual([]);
    // …but with a context word the same landmark is where someone lives or ships to.
    expect(spans('收货地址：杭州湾湿地公园', 'ADDRESS')).toEqual(['杭州湾湿地公园']);
  });
  it('finds English street addresses with town and postcode', () => {
    expect(spans('Ship to 742 Evergreen Terrace, Springfield, OR 97403 today', 'ADDRESS')).toEqual([
      '742 Evergreen Terrace, Springfield, OR 97403',
    ]);
    expect(spans('Office: 10 Downing Street, London SW1A 2AA', 'ADDRESS')).toEqual([
      '10 Downing Street, London SW1A 2AA',
    ]);
    expect(spans('Apartment 4B, 55 Water Street, Brooklyn', 'ADDRESS')).toEqual([
      'Apartment 4B, 55 Water Street, Brooklyn',
    ]);
    expect(spans('We sold 3 Apples and 4 Pears.', 'ADDRESS')).toEqual([]);
  });
});

describe('EMAIL, IP_ADDRESS and DATE_OF_BIRTH look-alikes', () => {
  it('image assets named name@2x.png are not emails', () => {
    expect(spans('切图 banner@2x.png 和 avatar@3x.webp', 'EMAIL')).toEqual([]);
    expect(spans('mail me: a.b@c.example.org', 'EMAIL')).toEqual(['a.b@c.example.org']);
  });
  it('netmasks are not host addresses', () => {
    expect(spans('子网掩码 255.255.0.0，网关 10.0.0.1', 'IP_ADDRESS')).toEqual(['10.0.0.1']);
  });
  it('a date in the cell after the sex cell of a table row is a birth date; in prose it is not', () => {
    expect(spans('| 王芳 | 女 | 1988-02-14 | 销售部 |', 'DATE_OF_BIRTH')).toEqual(['1988-02-14']);
    expect(spans('李强\t男\t1979/10/01\t工程师', 'DATE_OF_BIRTH')).toEqual(['1979/10/01']);
    expect(spans('患者，女，2023-03-18入院。', 'DATE_OF_BIRTH')).toEqual([]);
  });
});

describe('held-out blind set', () => {
  const rows = readFileSync(
    join(import.meta.dirname, '../../data/eval/detect/tuned/heldout-blind.jsonl'),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; spans: { start: number; end: number; type: string }[] });
  it('micro F1 (exact spans, all types, through detectLines) stays ≥ 0.97', () => {
    const got = detectLines(rows.map((r) => r.text).join('\n'));
    const pred = new Set(got.map((f) => `${f.line}:${f.start}:${f.end}:${f.type}`));
    const gold = new Set(rows.flatMap((r, i) => r.spans.map((s) => `${i}:${s.start}:${s.end}:${s.type}`)));
    let tp = 0;
    for (const k of pred) if (gold.has(k)) tp++;
    const f1 = (2 * tp) / (pred.size + gold.size);
    expect(rows.length).toBeGreaterThan(400);
    expect(f1).toBeGreaterThanOrEqual(0.97);
  });
});
