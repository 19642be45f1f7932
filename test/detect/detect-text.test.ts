import { describe, expect, it } from 'vitest';
import { detectLines, detectText, resolveOverlaps } from '../../src/detect/index.js';
import type { Detector, Finding } from '../../src/detect/types.js';

describe('detectText', () => {
  it('reports each kind once with UTF-16 offsets', () => {
    const text = '我的身份证号是11010519491231002X，手机号138 1234 5678，邮箱zhang.wei@example.com。';
    const got = detectText(text).map((f) => [f.type, text.slice(f.start, f.end)]);
    expect(got).toEqual([
      ['CN_RESIDENT_ID', '11010519491231002X'],
      ['CN_MOBILE', '138 1234 5678'],
      ['EMAIL', 'zhang.wei@example.com'],
    ]);
  });

  it('filters by type and minimum score', () => {
    const text = '联系人：王芳，电话13812345678';
    expect(detectText(text, { types: ['CN_MOBILE'] }).map((f) => f.type)).toEqual(['CN_MOBILE']);
    expect(detectText(text, { minScore: 1.01 })).toEqual([]);
  });

  it('does not report look-alikes: orders, tracking numbers, amounts, versions, timestamps, hotlines', () => {
    const decoys = [
      '订单号：2023112512345678',
      '快递单号：SF1234567890123',
      '金额：￥12,345.67元',
      '版本v3.2.1，软件版本 10.0.19041.1',
      '时间戳1700000000123',
      '日期2023-11-25 10:30:00',
      '请拨打客服热线400-820-8820或800-810-8888咨询。',
      '身份证号110105194912310021（校验位错误）',
      '账号6227001218698755551（校验失败）',
    ];
    for (const d of decoys) expect(detectText(d), d).toEqual([]);
  });

  it('accepts extra detectors', () => {
    const emp: Detector = {
      type: 'EMPLOYEE_ID',
      languages: ['*'],
      find: (t) =>
        [...t.matchAll(/EMP\d{5}/g)].map((m) => ({
          type: 'EMPLOYEE_ID',
          start: m.index,
          end: m.index + m[0].length,
          score: 0.9,
          detector: 'emp',
        })),
    };
    expect(detectText('工号EMP12345', { extra: [emp] }).map((f) => f.type)).toEqual(['EMPLOYEE_ID']);
  });
});

describe('resolveOverlaps', () => {
  const f = (type: string, start: number, end: number, score: number, validated = false): Finding => ({
    type,
    start,
    end,
    score,
    detector: 't',
    validated,
  });
  it('prefers score, then validation, then length', () => {
    expect(resolveOverlaps([f('A', 0, 10, 0.6), f('B', 2, 5, 0.9)]).map((x) => x.type)).toEqual(['B']);
    expect(resolveOverlaps([f('A', 0, 10, 0.8), f('B', 0, 10, 0.8, true)]).map((x) => x.type)).toEqual(['B']);
    expect(resolveOverlaps([f('A', 0, 10, 0.8), f('B', 0, 5, 0.8)]).map((x) => x.type)).toEqual(['A']);
    expect(resolveOverlaps([f('A', 0, 5, 0.8), f('B', 5, 9, 0.7)]).map((x) => x.type)).toEqual(['A', 'B']);
  });
});

describe('detectLines', () => {
  it('gives 0-based lines and offsets within the line, also across chunk boundaries', () => {
    const filler = '今天的会议主要讨论了下一季度的产品规划。\n'.repeat(5000);
    const text = `${filler}手机13812345678\r\n\n😀邮箱a@b.cn`;
    const got = detectLines(text);
    expect(got).toEqual([
      { line: 5000, start: 2, end: 13, type: 'CN_MOBILE', score: expect.any(Number) },
      { line: 5002, start: 4, end: 10, type: 'EMAIL', score: expect.any(Number) },
    ]);
  });
});
