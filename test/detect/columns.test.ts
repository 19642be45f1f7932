import { describe, expect, it } from 'vitest';
import { classifyColumn, headerKind } from '../../src/detect/columns.js';
import { seededRandom } from '../../src/random.js';
import * as g from './fixtures/pi-gen.js';

const r = seededRandom(9);
const many = (f: () => string, n = 50) => Array.from({ length: n }, f);

describe('classifyColumn by header', () => {
  it.each([
    ['姓名', 'direct_identifier', 'personal_information', undefined, '个人基本资料'],
    ['证件号码', 'direct_identifier', 'sensitive_personal_information', 'specific_identity', '个人身份信息'],
    ['id_number', 'direct_identifier', 'sensitive_personal_information', 'specific_identity', '个人身份信息'],
    ['手机', 'direct_identifier', 'personal_information', undefined, '个人基本资料'],
    ['诊断', 'sensitive', 'sensitive_personal_information', 'medical_health', '个人健康生理信息'],
    ['Religion', 'sensitive', 'sensitive_personal_information', 'religious_belief', '其他信息'],
    ['银行卡号', 'direct_identifier', 'sensitive_personal_information', 'financial_account', '个人财产信息'],
    ['salary', 'sensitive', 'sensitive_personal_information', 'financial_account', '个人财产信息'],
    ['出生日期', 'quasi_identifier', 'personal_information', undefined, '个人基本资料'],
    ['性别', 'quasi_identifier', 'personal_information', undefined, '个人基本资料'],
    ['marital-status', 'quasi_identifier', 'personal_information', undefined, '个人基本资料'],
    ['学历', 'quasi_identifier', 'personal_information', undefined, '个人教育工作信息'],
    ['zip', 'quasi_identifier', 'personal_information', undefined, '个人基本资料'],
    ['经纬度', 'sensitive', 'sensitive_personal_information', 'whereabouts', '个人位置信息'],
    ['指纹', 'sensitive', 'sensitive_personal_information', 'biometrics', '个人生物识别信息'],
  ])('%s', (name, role, category, sensitiveCategory, gbt) => {
    const c = classifyColumn({ name, values: [] });
    expect(c.role).toBe(role);
    expect(c.pipl.category).toBe(category);
    expect(c.pipl.sensitiveCategory).toBe(sensitiveCategory);
    expect(c.gbt35273).toBe(gbt);
    expect(c.evidence.join(' ')).toContain('header');
  });

  it('matches English words only as whole tokens', () => {
    expect(headerKind('page_count')).toBeUndefined();
    expect(headerKind('customer_age')?.kind).toBe('age');
    expect(headerKind('patientName')?.kind).toBe('name');
  });

  it('an unknown header with unremarkable values is other / not PI', () => {
    const c = classifyColumn({ name: 'amount', values: ['12.5', '3', '7.25'] });
    expect(c.role).toBe('other');
    expect(c.pipl.category).toBe('not_personal_information');
  });
});

describe('classifyColumn by values', () => {
  it('header-less ID numbers, phones, emails and bank cards', () => {
    expect(classifyColumn({ name: 'c1', values: many(() => g.residentId(r)) })).toMatchObject({
      kind: 'id_number',
      role: 'direct_identifier',
    });
    expect(classifyColumn({ name: 'c2', values: many(() => g.mobile(r)) })).toMatchObject({ kind: 'phone' });
    expect(classifyColumn({ name: 'c3', values: many(() => g.email(r)) })).toMatchObject({ kind: 'email' });
    const cards = classifyColumn({ name: 'c4', values: many(() => g.bankCard(r)) });
    expect(cards).toMatchObject({ kind: 'bank_card', pipl: { sensitiveCategory: 'financial_account' } });
    expect(cards.types[0]).toMatchObject({ type: 'BANK_CARD', share: 1 });
    expect(cards.evidence.join(' ')).toMatch(/100% of values are BANK_CARD/);
  });

  it('header-less names and addresses', () => {
    expect(classifyColumn({ name: 'x', values: many(() => g.chineseName(r)) }).kind).toBe('name');
    expect(classifyColumn({ name: 'y', values: many(() => g.address(r)) }).kind).toBe('address');
  });

  it('value dictionaries: ethnic groups, religions, diagnoses, Adult marital status', () => {
    expect(classifyColumn({ name: 'f1', values: ['汉族', '回族', '汉族', '壮族'] })).toMatchObject({
      kind: 'ethnicity',
      role: 'quasi_identifier',
    });
    expect(classifyColumn({ name: 'f2', values: ['佛教', '无宗教信仰', '基督教'] })).toMatchObject({
      kind: 'religion',
      role: 'sensitive',
    });
    expect(classifyColumn({ name: 'f3', values: ['高血压', '2型糖尿病', 'J18.9', '肺炎'] })).toMatchObject({
      kind: 'diagnosis',
      pipl: { sensitiveCategory: 'medical_health' },
    });
    expect(
      classifyColumn({ name: 'f4', values: ['Never-married', 'Married-civ-spouse', 'Divorced'] }).kind,
    ).toBe('marital');
  });

  it('values agreeing with the header raise confidence; checksummed values override a wrong header', () => {
    const agree = classifyColumn({ name: '身份证号', values: many(() => g.residentId(r)) });
    const header = classifyColumn({ name: '身份证号', values: [] });
    expect(agree.confidence).toBeGreaterThan(header.confidence);
    const wrong = classifyColumn({ name: 'remark', values: many(() => g.residentId(r)) });
    expect(wrong.kind).toBe('id_number');
  });

  it('ages or birth dates of children under 14 make the column sensitive (PIPL Art. 28)', () => {
    const c = classifyColumn({ name: '年龄', values: ['8', '35', '41'] });
    expect(c.pipl).toEqual({
      category: 'sensitive_personal_information',
      sensitiveCategory: 'minors_under_14',
    });
    const y = new Date().getUTCFullYear() - 5;
    expect(classifyColumn({ name: 'dob', values: [`${y}-01-02`, '1980-05-06'] }).pipl.sensitiveCategory).toBe(
      'minors_under_14',
    );
  });

  it('free text is scanned with the text detectors', () => {
    const c = classifyColumn({
      name: 'notes',
      values: [
        '客户张伟来电说他的手机号13812345678已经停用，请改用新的号码联系他',
        '无特殊情况，客户满意本次服务，后续继续跟进，谢谢大家',
      ],
    });
    expect(c.types.map((t) => t.type)).toContain('CN_MOBILE');
    expect(c.evidence.join(' ')).toContain('free text');
  });

  it('never puts values into evidence', () => {
    const vals = many(() => g.residentId(r));
    const c = classifyColumn({ name: 'x', values: vals });
    for (const e of c.evidence) for (const v of vals) expect(e).not.toContain(v);
  });
});

describe('headerKind', () => {
  it('does not take product or file names for personal names', () => {
    expect(headerKind('product_name')).toBeUndefined();
    expect(headerKind('customer_name')?.kind).toBe('name');
    expect(headerKind('患者姓名')?.kind).toBe('name');
  });
});

describe('shape-only values do not decide a column', () => {
  it('does not call record keys like P0000001 passports without a header saying so', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `P${String(i + 1).padStart(7, '0')}`);
    const c = classifyColumn({ name: 'person_id', values: keys, distinctRatio: 1 });
    expect(c.pipl.sensitiveCategory).toBeUndefined();
    // Still a unique key linking rows back to people: a direct identifier, not "other".
    expect(c.role).toBe('direct_identifier');
    expect(c.pipl.category).toBe('personal_information');
    const amounts = Array.from({ length: 200 }, (_, i) => `${1000 + i}.${String(i % 100).padStart(2, '0')}`);
    expect(classifyColumn({ name: 'x', values: amounts, distinctRatio: 1 }).role).toBe('other');
    const p = classifyColumn({ name: '护照号码', values: keys, distinctRatio: 1 });
    expect(p.types[0].type).toBe('PASSPORT');
    expect(p.pipl.sensitiveCategory).toBe('specific_identity');
  });
});
