import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectText } from '../../src/detect/index.js';

/**
 * Quality floor on the labelled evaluation set (data/eval/detect): the targets are
 * F1 ≥ 0.97 on checksum-bearing identifiers and ≥ 0.90 on names and addresses.
 */
const dir = join(import.meta.dirname, '../../data/eval/detect');
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { text: string; spans: { start: number; end: number; type: string }[] }),
  );

function f1(types: string[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    const gold = new Set(
      r.spans.filter((s) => types.includes(s.type)).map((s) => `${s.start}:${s.end}:${s.type}`),
    );
    const got = new Set(detectText(r.text, { types }).map((s) => `${s.start}:${s.end}:${s.type}`));
    for (const k of got)
      if (gold.has(k)) tp++;
      else fp++;
    for (const k of gold) if (!got.has(k)) fn++;
  }
  return (2 * tp) / (2 * tp + fp + fn);
}

describe('evaluation set', () => {
  it('has generated and hand-written parts', () => {
    expect(rows.length).toBeGreaterThan(3000);
  });
  it('checksum-bearing identifiers F1 ≥ 0.97', () => {
    expect(f1(['CN_RESIDENT_ID', 'BANK_CARD', 'CN_USCC', 'IMEI'])).toBeGreaterThanOrEqual(0.97);
  });
  it('names and addresses F1 ≥ 0.90', () => {
    expect(f1(['PERSON_NAME', 'ADDRESS'])).toBeGreaterThanOrEqual(0.9);
  });
  it('every other type F1 ≥ 0.9', () => {
    for (const t of [
      'CN_MOBILE',
      'CN_LANDLINE',
      'PASSPORT',
      'CN_HK_MACAU_PERMIT',
      'CN_TAIWAN_PERMIT',
      'CN_LICENSE_PLATE',
      'EMAIL',
      'IP_ADDRESS',
      'MAC_ADDRESS',
      'GPS_COORDINATE',
      'DATE_OF_BIRTH',
    ]) {
      expect(f1([t]), t).toBeGreaterThanOrEqual(0.9);
    }
  });
});
