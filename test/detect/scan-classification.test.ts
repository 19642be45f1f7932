import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, residentIdCheckChar } from '../../src/china/checksums.js';
import { classifyColumn, personKeyHeader } from '../../src/detect/columns.js';
import { detectText } from '../../src/detect/index.js';
import { likelySubjectColumns, proposePolicy, scan } from '../../src/run/scan.js';

/** Regression tests for the scan classification defects of issue 20 and the subject column of issue 16. */

/** 18-digit numbers laid out as resident IDs (real regions, valid dates) that pass Luhn but fail MOD 11-2. */
function mistypedIds(count: number): string[] {
  const regions = ['440305', '510107', '620102', '530102', '350102', '440106'];
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const body = `${regions[i % regions.length]}19${60 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
    const luhn = luhnCheckDigit(body);
    if (luhn !== residentIdCheckChar(body)) out.push(body + luhn);
  }
  return out;
}
const keys = (n: number, rep = 1) =>
  Array.from({ length: n * rep }, (_, i) => `P${String(Math.floor(i / rep) + 1).padStart(7, '0')}`);

describe('scan classification', () => {
  it('record keys such as P0000001 are not passports', () => {
    for (const name of ['person_id', 'record', '编号']) {
      const c = classifyColumn({ name, values: keys(300), distinctRatio: 1 });
      expect(c.types.map((t) => t.type)).not.toContain('PASSPORT');
      expect(c.kind).not.toBe('passport');
      expect(c.role).toBe('direct_identifier'); // still a record key linking rows to a person
    }
    // A passport header with the same shape keeps the type.
    const p = classifyColumn({ name: '护照号码', values: keys(300), distinctRatio: 1 });
    expect(p.types.map((t) => t.type)).toContain('PASSPORT');
  });

  it('a type found in under 1 % of a structured column is not listed (no "0 %")', () => {
    const rows = readFileSync(join(import.meta.dirname, '../../data/sample/people.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1, 2001);
    const district = rows.map((r) => r.split(',')[7]);
    const c = classifyColumn({ name: 'district', values: district, distinctRatio: 0.2 });
    for (const t of c.types) expect(t.share, t.type).toBeGreaterThanOrEqual(0.01);
    // Free text keeps a rare type: one note in 300 with a mobile number is PI in the column.
    const notes = Array.from({ length: 300 }, (_, i) =>
      i === 7
        ? '客户来电要求回拨，电话13917284056，情绪稳定。'
        : `第${i}次回访，客户对处理结果表示满意，无其他诉求。`,
    );
    const n = classifyColumn({ name: 'notes', values: notes });
    expect(n.types.find((t) => t.type === 'CN_MOBILE')?.share).toBeGreaterThan(0);
  });

  it('an 18-digit number in resident-ID context that fails the check digit is not a bank card', () => {
    const bad = mistypedIds(200);
    const c = classifyColumn({ name: '身份证号', values: bad, distinctRatio: 1 });
    expect(c.kind).toBe('id_number');
    expect(c.types.map((t) => t.type)).not.toContain('BANK_CARD');
    expect(c.evidence.join(' ')).toContain('fail the GB 11643 check character');
    // In text: after 身份证号 no bank card; after 卡号 the same digits are one.
    expect(detectText(`身份证号：${bad[0]}`).map((f) => f.type)).not.toContain('BANK_CARD');
    expect(detectText(`银行卡号：${bad[0]}`).map((f) => f.type)).toContain('BANK_CARD');
    // Without an ID header the values keep their card reading.
    const card = classifyColumn({ name: 'card_no', values: bad, distinctRatio: 1 });
    expect(card.kind).toBe('bank_card');
  });
});

describe('subject column of longitudinal data', () => {
  it('recognises person-key headers, not keys of things', () => {
    for (const h of [
      'patient_id',
      'PatientID',
      'customerNo',
      '患者编号',
      '客户ID',
      '住院号',
      'MRN',
      'member_key',
    ])
      expect(personKeyHeader(h), h).toBe(true);
    for (const h of ['order_id', 'store_id', 'id', 'region_code', '订单号', 'product_no'])
      expect(personKeyHeader(h), h).toBe(false);
  });

  it('scan flags a person id that repeats, and the proposed policy names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wuming-subject-'));
    const p = join(dir, 'visits.csv');
    const lines = ['patient_id,visit_no,region_code,age,diagnosis'];
    const diag = ['高血压', '糖尿病', '冠心病', '哮喘'];
    // 80 patients × 5 visits; visit_no is unique per row; region_code repeats but is no person key.
    for (let i = 0; i < 400; i++)
      lines.push(
        `P${String(Math.floor(i / 5) + 1).padStart(7, '0')},V${100000 + i},${['110105', '310115', '440305'][i % 3]},${30 + (i % 40)},${diag[i % 4]}`,
      );
    writeFileSync(p, `${lines.join('\n')}\n`);
    const inv = await scan(p);
    const col = (n: string) => inv.columns.find((c) => c.column === n);
    expect(col('patient_id')?.subjectCandidate).toBe(true);
    expect(col('patient_id')?.repeats).toBeGreaterThan(0.7);
    expect(col('patient_id')?.role).toBe('direct_identifier');
    expect(col('visit_no')?.subjectCandidate).toBeUndefined();
    expect(col('region_code')?.subjectCandidate).toBeUndefined();
    const cands = likelySubjectColumns(inv);
    expect(cands.map((c) => c.column)).toEqual(['patient_id']);
    expect(cands[0].rowsPerValue).toBeGreaterThan(4);
    const policy = proposePolicy(inv);
    expect(policy.subject).toBe('patient_id');
    expect(policy.columns.patient_id).toMatchObject({ action: 'drop' });
  });

  it('a key unique per row is not a subject column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wuming-subject-'));
    const p = join(dir, 'people.csv');
    writeFileSync(
      p,
      `person_id,age\n${keys(300)
        .map((k, i) => `${k},${20 + (i % 50)}`)
        .join('\n')}\n`,
    );
    const inv = await scan(p);
    expect(likelySubjectColumns(inv)).toEqual([]);
    expect(inv.columns[0].repeats).toBeLessThan(0.05);
  });
});
