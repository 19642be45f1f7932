/**
 * Frequency tables behind the synthetic person generator. Figures are rounded published
 * statistics (sources next to each table); where only a rough shape is published the comment
 * says the figure is an approximation.
 */

/**
 * Resident population by province in millions, 7th national population census (2020),
 * 国家统计局《第七次全国人口普查公报（第三号）》. Keys are the 2-digit GB/T 2260 province codes.
 */
export const PROVINCE_POPULATION: Record<string, number> = {
  '11': 21.89,
  '12': 13.87,
  '13': 74.61,
  '14': 34.92,
  '15': 24.05,
  '21': 42.59,
  '22': 24.07,
  '23': 31.85,
  '31': 24.87,
  '32': 84.75,
  '33': 64.57,
  '34': 61.03,
  '35': 41.54,
  '36': 45.19,
  '37': 101.53,
  '41': 99.37,
  '42': 57.75,
  '43': 66.44,
  '44': 126.01,
  '45': 50.13,
  '46': 10.08,
  '50': 32.05,
  '51': 83.67,
  '52': 38.56,
  '53': 47.21,
  '54': 3.65,
  '61': 39.53,
  '62': 25.02,
  '63': 5.92,
  '64': 7.2,
  '65': 25.85,
};

/**
 * Per-capita disposable income of residents by province relative to the national figure,
 * NBS 2023 (national ≈ 39,218 CNY/year; 上海 ≈ 84,834, 北京 ≈ 81,752 ... 甘肃 ≈ 25,011).
 */
export const PROVINCE_INCOME_RATIO: Record<string, number> = {
  '11': 2.08,
  '12': 1.31,
  '13': 0.84,
  '14': 0.79,
  '15': 0.97,
  '21': 0.97,
  '22': 0.76,
  '23': 0.76,
  '31': 2.16,
  '32': 1.34,
  '33': 1.63,
  '34': 0.89,
  '35': 1.16,
  '36': 0.87,
  '37': 1.02,
  '41': 0.76,
  '42': 0.9,
  '43': 0.92,
  '44': 1.26,
  '45': 0.75,
  '46': 0.85,
  '50': 0.96,
  '51': 0.83,
  '52': 0.67,
  '53': 0.72,
  '54': 0.74,
  '61': 0.82,
  '62': 0.64,
  '63': 0.73,
  '64': 0.81,
  '65': 0.74,
};

/**
 * Population by 5-year age group in millions, 2020 census (《中国人口普查年鉴-2020》 table 1-7),
 * index g covers ages 5g..5g+4 in 2020. A person aged a on 2026-01-01 was about a-6 at the
 * census (reference date 2020-11-01).
 */
export const AGE_GROUPS_2020 = [
  77.88, 90.24, 85.26, 72.69, 74.94, 91.85, 124.14, 99.01, 93.0, 114.22, 121.16, 101.4, 73.38, 74.01, 49.59,
  31.23, 20.38, 10.98,
];

/**
 * Survival from late 2020 to 2026 by age reached in 2026: an approximation from the 2020
 * life table (annual mortality ≈ 0.1 % below 50, ≈ 1 % in the 60s, ≈ 4-8 % past 80).
 */
export function survival6y(age: number): number {
  if (age < 50) return 0.995;
  if (age < 60) return 0.985;
  if (age < 70) return 0.96;
  if (age < 80) return 0.9;
  if (age < 85) return 0.78;
  return 0.62;
}

/** Share of men by age: 2020 census sex ratio 105.07 overall, women outnumber men past ~65. */
export function maleShare(age: number): number {
  if (age < 60) return 0.515;
  if (age < 70) return 0.5;
  if (age < 80) return 0.475;
  return 0.43;
}

/**
 * The 56 ethnic groups (order of the official list). National 2020 census shares: 汉 91.11 %,
 * then 壮 1.96 千万, 维吾尔 1.18, 回 1.14, 苗 1.11, 满 1.04, 彝 0.98, 土家 0.96, 藏 0.71 ...
 */
export const ETHNIC_GROUPS = [
  '汉',
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
];

/**
 * Ethnic composition by province in percent, rounded from the provincial 2020 census bulletins
 * (e.g. 西藏 藏 86 %; 新疆 维吾尔 44.9 %, 汉 42.2 %, 哈萨克 6.3 %; 广西 壮 31.4 %; 宁夏 回 35.8 %;
 * 贵州 苗 12.2 %, 布依 7.7 %). Provinces not listed use DEFAULT_ETHNICITY plus their listed
 * extra minorities. The small residue is dropped, Han takes the remainder.
 */
export const DEFAULT_ETHNICITY: Record<string, number> = {
  回: 0.45,
  满: 0.12,
  蒙古: 0.08,
  土家: 0.08,
  苗: 0.08,
  壮: 0.06,
  彝: 0.03,
  布依: 0.03,
  侗: 0.03,
  朝鲜: 0.02,
  瑶: 0.02,
};
export const PROVINCE_ETHNICITY: Record<string, Record<string, number>> = {
  '11': { 满: 1.6, 回: 1.5, 蒙古: 0.4, 朝鲜: 0.2, 土家: 0.1 },
  '12': { 回: 1.3, 满: 0.5, 蒙古: 0.2, 朝鲜: 0.1 },
  '13': { 满: 2.8, 回: 0.8, 蒙古: 0.3 },
  '14': { 回: 0.2, 满: 0.05 },
  '15': { 蒙古: 17.7, 满: 1.7, 回: 0.8, 达斡尔: 0.3, 鄂温克: 0.13, 朝鲜: 0.08, 俄罗斯: 0.02, 鄂伦春: 0.015 },
  '21': { 满: 12.9, 蒙古: 1.6, 回: 0.6, 朝鲜: 0.5, 锡伯: 0.3 },
  '22': { 朝鲜: 3.6, 满: 3.0, 蒙古: 0.6, 回: 0.4 },
  '23': {
    满: 2.5,
    朝鲜: 0.8,
    蒙古: 0.4,
    回: 0.3,
    达斡尔: 0.1,
    锡伯: 0.02,
    赫哲: 0.015,
    鄂伦春: 0.01,
    鄂温克: 0.01,
  },
  '31': { 回: 0.4, 满: 0.1, 土家: 0.1, 苗: 0.1 },
  '32': { 回: 0.2, 苗: 0.05, 土家: 0.05 },
  '33': { 苗: 0.4, 土家: 0.3, 畲: 0.3, 布依: 0.2, 回: 0.1, 侗: 0.1, 彝: 0.05 },
  '34': { 回: 0.55, 满: 0.02 },
  '35': { 畲: 1.0, 回: 0.3, 苗: 0.3, 土家: 0.2, 高山: 0.01 },
  '36': { 畲: 0.2, 回: 0.05, 苗: 0.05 },
  '37': { 回: 0.55, 满: 0.05 },
  '41': { 回: 1.0, 蒙古: 0.1, 满: 0.05 },
  '42': { 土家: 3.6, 苗: 0.4, 回: 0.15, 侗: 0.1 },
  '43': { 土家: 4.4, 苗: 3.2, 侗: 1.3, 瑶: 1.1, 白: 0.2, 回: 0.15, 壮: 0.04, 维吾尔: 0.01 },
  '44': { 壮: 0.6, 土家: 0.4, 苗: 0.4, 瑶: 0.2, 侗: 0.2, 回: 0.05, 畲: 0.03 },
  '45': {
    壮: 31.4,
    瑶: 3.2,
    苗: 1.0,
    侗: 0.7,
    仫佬: 0.4,
    毛南: 0.15,
    回: 0.07,
    京: 0.05,
    水: 0.03,
    彝: 0.02,
    仡佬: 0.01,
  },
  '46': { 黎: 15.3, 苗: 0.9, 壮: 0.2, 回: 0.1 },
  '50': { 土家: 4.5, 苗: 1.6, 回: 0.05 },
  '51': {
    彝: 3.6,
    藏: 2.0,
    羌: 0.4,
    苗: 0.2,
    回: 0.1,
    土家: 0.1,
    蒙古: 0.05,
    傈僳: 0.02,
    纳西: 0.01,
    布依: 0.01,
  },
  '52': {
    苗: 12.2,
    布依: 7.7,
    侗: 4.2,
    土家: 3.9,
    彝: 2.4,
    仡佬: 1.4,
    水: 1.0,
    回: 0.5,
    白: 0.5,
    壮: 0.2,
    瑶: 0.1,
    毛南: 0.08,
    仫佬: 0.05,
    蒙古: 0.05,
    羌: 0.02,
  },
  '53': {
    彝: 11.1,
    哈尼: 3.6,
    白: 3.4,
    傣: 2.7,
    壮: 2.6,
    苗: 2.6,
    傈僳: 1.6,
    回: 1.5,
    拉祜: 1.1,
    佤: 0.9,
    纳西: 0.6,
    瑶: 0.5,
    景颇: 0.3,
    藏: 0.3,
    布朗: 0.25,
    布依: 0.1,
    普米: 0.09,
    阿昌: 0.09,
    怒: 0.07,
    基诺: 0.05,
    德昂: 0.05,
    蒙古: 0.05,
    独龙: 0.015,
  },
  '54': { 藏: 86.0, 回: 0.3, 门巴: 0.3, 珞巴: 0.1, 纳西: 0.05 },
  '61': { 回: 0.4, 满: 0.05 },
  '62': { 回: 4.9, 东乡: 2.3, 藏: 2.0, 土: 0.15, 保安: 0.08, 蒙古: 0.07, 裕固: 0.06, 撒拉: 0.06, 满: 0.05 },
  '63': { 藏: 24.5, 回: 16.0, 土: 3.5, 撒拉: 2.0, 蒙古: 1.8, 满: 0.1 },
  '64': { 回: 35.8, 满: 0.3, 蒙古: 0.1, 东乡: 0.1 },
  '65': {
    维吾尔: 44.9,
    哈萨克: 6.3,
    回: 4.2,
    柯尔克孜: 0.8,
    蒙古: 0.7,
    东乡: 0.3,
    塔吉克: 0.2,
    锡伯: 0.17,
    土家: 0.1,
    满: 0.1,
    乌孜别克: 0.05,
    俄罗斯: 0.05,
    达斡尔: 0.02,
    塔塔尔: 0.015,
  },
};

/** Ethnic groups whose personal names are transliterated Turkic or Tibetan rather than Han-style. */
export const TURKIC_NAMED = new Set(['维吾尔', '哈萨克', '柯尔克孜', '乌孜别克', '塔吉克', '塔塔尔']);
export const TIBETAN_NAMED = new Set(['藏', '门巴']);

export const EDUCATION = ['小学', '初中', '高中', '中专', '大专', '本科', '硕士', '博士'] as const;

/**
 * Highest education attained (%) by age band, shaped on the 2020 census (adults: ≈ 25 % primary
 * or less, ≈ 35 % junior secondary, ≈ 16 % senior secondary incl. vocational, ≈ 15 % tertiary;
 * tertiary shares fall steeply with age). "未上学" is folded into 小学.
 */
export function educationWeights(age: number): number[] {
  if (age <= 22) return [3, 22, 22, 12, 20, 20, 0.8, 0];
  if (age <= 29) return [4, 22, 14, 9, 22, 25, 3.5, 0.4];
  if (age <= 39) return [7, 30, 13, 8, 18, 20, 3.0, 0.4];
  if (age <= 49) return [14, 42, 14, 7, 11, 10, 1.5, 0.2];
  if (age <= 59) return [25, 45, 16, 5, 5, 3.5, 0.4, 0.1];
  if (age <= 69) return [40, 36, 14, 4, 3.5, 2.2, 0.2, 0.05];
  return [62, 22, 8, 3, 2.5, 2.3, 0.15, 0.05];
}

/** Tertiary attainment is far higher in 北京/上海 (≈ 42 % / 34 % of adults in 2020) than nationally (≈ 15.5 %). */
export const PROVINCE_TERTIARY_BOOST: Record<string, number> = {
  '11': 2.6,
  '31': 2.1,
  '12': 1.7,
  '32': 1.3,
  '33': 1.2,
  '44': 1.2,
  '61': 1.2,
};

export const OCCUPATIONS = [
  '学生',
  '农民',
  '工人',
  '建筑工人',
  '个体户',
  '企业职员',
  '销售人员',
  '教师',
  '医生',
  '护士',
  '公务员',
  '工程师',
  '程序员',
  '会计',
  '司机',
  '厨师',
  '保安',
  '快递员',
  '律师',
  '自由职业',
  '家庭主妇',
  '无业',
  '退休',
] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

/**
 * Occupation (%) of working-age people by education; an approximation shaped on the 2020 census
 * occupation-by-education cross tables (agriculture dominates at primary level, clerical and
 * professional jobs at tertiary level).
 */
export const OCCUPATION_BY_EDUCATION: Record<
  (typeof EDUCATION)[number],
  Partial<Record<Occupation, number>>
> = {
  小学: {
    农民: 45,
    工人: 12,
    建筑工人: 12,
    个体户: 8,
    保安: 4,
    司机: 3,
    厨师: 3,
    快递员: 2,
    销售人员: 2,
    家庭主妇: 5,
    无业: 4,
  },
  初中: {
    农民: 25,
    工人: 18,
    建筑工人: 10,
    个体户: 12,
    司机: 6,
    厨师: 4,
    保安: 4,
    快递员: 5,
    销售人员: 6,
    企业职员: 3,
    家庭主妇: 4,
    无业: 3,
  },
  高中: {
    农民: 8,
    工人: 15,
    建筑工人: 3,
    个体户: 14,
    企业职员: 12,
    销售人员: 12,
    司机: 7,
    厨师: 3,
    快递员: 6,
    保安: 3,
    自由职业: 5,
    家庭主妇: 3,
    无业: 3,
    公务员: 2,
    会计: 2,
  },
  中专: {
    工人: 18,
    企业职员: 14,
    护士: 10,
    销售人员: 10,
    个体户: 10,
    会计: 6,
    司机: 5,
    厨师: 5,
    快递员: 4,
    农民: 5,
    教师: 3,
    自由职业: 4,
    无业: 3,
    家庭主妇: 3,
  },
  大专: {
    企业职员: 28,
    销售人员: 12,
    护士: 7,
    教师: 6,
    会计: 7,
    工程师: 5,
    程序员: 5,
    个体户: 8,
    工人: 6,
    公务员: 4,
    医生: 2,
    自由职业: 5,
    无业: 2,
    快递员: 2,
  },
  本科: {
    企业职员: 30,
    工程师: 12,
    程序员: 10,
    教师: 10,
    公务员: 8,
    医生: 5,
    会计: 6,
    销售人员: 6,
    律师: 2,
    个体户: 4,
    自由职业: 4,
    护士: 2,
    无业: 1,
  },
  硕士: {
    企业职员: 25,
    工程师: 18,
    程序员: 14,
    教师: 12,
    公务员: 10,
    医生: 10,
    律师: 4,
    会计: 3,
    自由职业: 3,
  },
  博士: { 教师: 35, 医生: 25, 工程师: 15, 企业职员: 10, 公务员: 5, 程序员: 5, 律师: 3, 自由职业: 2 },
};

/** Sex skew of occupations (multipliers for men, women), from the 2020 census occupation-by-sex tables (rounded). */
export const OCCUPATION_SEX: Partial<Record<Occupation, [number, number]>> = {
  护士: [0.1, 1.9],
  建筑工人: [1.8, 0.2],
  司机: [1.8, 0.2],
  保安: [1.7, 0.3],
  快递员: [1.6, 0.4],
  程序员: [1.5, 0.5],
  工程师: [1.5, 0.5],
  教师: [0.6, 1.4],
  会计: [0.4, 1.6],
  家庭主妇: [0, 2],
  无业: [1.4, 0.6],
};

/**
 * Median monthly income (CNY) by occupation, shaped on NBS 2023 average wages by sector (urban
 * non-private ≈ 10,000/month, private ≈ 5,600/month; IT ≈ 19,000; agriculture ≈ 2,500 net) and
 * average pensions (urban employee ≈ 3,500, rural resident basic pension a few hundred).
 */
export const INCOME_MEDIAN: Record<Occupation, number> = {
  学生: 800,
  农民: 2500,
  工人: 5000,
  建筑工人: 6000,
  个体户: 6500,
  企业职员: 7000,
  销售人员: 6000,
  教师: 7000,
  医生: 11000,
  护士: 7000,
  公务员: 8000,
  工程师: 12000,
  程序员: 15000,
  会计: 6500,
  司机: 6000,
  厨师: 5500,
  保安: 4000,
  快递员: 6500,
  律师: 14000,
  自由职业: 6000,
  家庭主妇: 0,
  无业: 0,
  退休: 3500,
};
export const EDUCATION_INCOME = [0.75, 0.85, 1.0, 1.0, 1.1, 1.3, 1.6, 1.9];

export const MARITAL = ['未婚', '已婚', '离异', '丧偶'] as const;

/**
 * Marital status (%) by age, shaped on the 2020 census (15+ population: ≈ 19 % never married,
 * ≈ 72 % married, ≈ 2.4 % divorced, ≈ 6 % widowed); men stay single longer, women are widowed
 * more often.
 */
export function maritalWeights(age: number, male: boolean): number[] {
  let w: number[];
  if (age < 20) w = [99, 1, 0, 0];
  else if (age < 25) w = [88, 11.5, 0.5, 0];
  else if (age < 30) w = [52, 46, 2, 0];
  else if (age < 35) w = [22, 74, 3.8, 0.2];
  else if (age < 40) w = [10, 84, 5.5, 0.5];
  else if (age < 50) w = [5, 88, 6, 1];
  else if (age < 60) w = [3, 88, 5.5, 3.5];
  else if (age < 70) w = [2, 84, 4, 10];
  else if (age < 80) w = [1.5, 72, 2.5, 24];
  else w = [1, 45, 1, 53];
  const single = age >= 25 ? (male ? 1.4 : 0.65) : male ? 1.05 : 0.85;
  return [w[0] * single, w[1], w[2], w[3] * (male ? 0.55 : 1.45)];
}

/**
 * Diagnoses with approximate prevalence (%) by age band 18-29, 30-39, 40-49, 50-59, 60-69, 70-79,
 * 80+ and sex multipliers [male, female]. Shapes follow the large Chinese surveys: hypertension
 * 27.5 % of adults rising to > 50 % past 65 (China Hypertension Survey, Wang et al. 2018);
 * diabetes 11.2 % (Li et al., BMJ 2020); depressive disorders 12-month 3.6 %, anxiety 5.0 %
 * (China Mental Health Survey, Huang et al., Lancet Psychiatry 2019); COPD in 40+ 13.7 %, mostly
 * undiagnosed (Wang et al., Lancet 2018); asthma 4.2 % (CARE study, Huang et al., Lancet 2019);
 * chronic kidney disease 10.8 % (Zhang et al., Lancet 2012); osteoporosis in 50+ 19 %, women
 * 32 % (China Osteoporosis Prevalence Study 2018); cancer incidence per NCC 2022 report.
 * The generator treats them as "main diagnosis on record", see diagnosisWeights().
 */
export const DIAGNOSES: Array<[string, number[], [number, number]]> = [
  ['高血压', [3, 7, 15, 28, 40, 50, 55], [1.15, 0.88]],
  ['2型糖尿病', [1, 3, 7, 12, 17, 19, 18], [1.1, 0.9]],
  ['高脂血症', [2, 4, 7, 10, 11, 10, 8], [1.1, 0.9]],
  ['冠心病', [0, 0.2, 1, 3, 7, 11, 14], [1.2, 0.8]],
  ['脑梗死', [0, 0.1, 0.5, 1.5, 3.5, 6, 8], [1.2, 0.8]],
  ['慢性阻塞性肺疾病', [0, 0.1, 0.5, 1.5, 4, 7, 9], [1.6, 0.45]],
  ['支气管哮喘', [2, 1.8, 1.8, 2, 2.5, 3, 3], [1, 1]],
  ['上呼吸道感染', [12, 10, 8, 6, 5, 5, 5], [1, 1]],
  ['慢性胃炎', [5, 7, 8, 8, 7, 6, 5], [1, 1]],
  ['非酒精性脂肪性肝病', [3, 6, 8, 7, 5, 3, 2], [1.3, 0.7]],
  ['慢性乙型病毒性肝炎', [2, 3, 3.5, 3, 2.5, 2, 1.5], [1.3, 0.7]],
  ['抑郁症', [4.5, 3.5, 3.5, 3.5, 3.5, 4, 4], [0.7, 1.3]],
  ['焦虑障碍', [5, 5, 5, 4.5, 4, 3.5, 3], [0.8, 1.2]],
  ['失眠症', [2.5, 3, 4, 5, 6, 6.5, 6.5], [0.8, 1.2]],
  ['精神分裂症', [0.5, 0.6, 0.6, 0.5, 0.4, 0.3, 0.2], [1, 1]],
  ['腰椎间盘突出症', [1, 3, 4.5, 5, 4.5, 3.5, 2], [1.1, 0.9]],
  ['骨质疏松症', [0, 0, 0.5, 3, 8, 12, 15], [0.3, 1.7]],
  ['过敏性鼻炎', [7, 6, 4, 3, 2, 1.5, 1], [1, 1]],
  ['甲状腺结节', [2, 4, 5, 6, 6, 5, 4], [0.5, 1.5]],
  ['痛风', [0.6, 1, 1.3, 1.5, 1.5, 1.4, 1.2], [1.8, 0.2]],
  ['慢性肾脏病', [0.3, 0.6, 1, 2, 3.5, 5, 6], [1, 1]],
  ['肺癌', [0, 0.01, 0.05, 0.2, 0.5, 0.7, 0.7], [1.4, 0.6]],
  ['乳腺癌', [0, 0.05, 0.3, 0.5, 0.5, 0.4, 0.3], [0, 2]],
  ['胃癌', [0, 0.01, 0.05, 0.15, 0.35, 0.45, 0.4], [1.5, 0.5]],
  ['结直肠癌', [0, 0.02, 0.06, 0.15, 0.3, 0.45, 0.45], [1.1, 0.9]],
  ['肝癌', [0, 0.01, 0.05, 0.12, 0.2, 0.2, 0.15], [1.5, 0.5]],
  ['前列腺增生', [0, 0, 0.5, 3, 8, 12, 15], [2, 0]],
  ['阿尔茨海默病', [0, 0, 0, 0.3, 1.5, 4, 10], [0.8, 1.2]],
  ['HIV感染', [0.08, 0.08, 0.06, 0.05, 0.04, 0.02, 0.01], [1.6, 0.4]],
];
export const NO_DIAGNOSIS = '无';

/**
 * Weights over [无, ...DIAGNOSES] for one age and sex. A person's recorded main diagnosis is one
 * of their conditions (and many conditions are undiagnosed), so prevalences are scaled by 0.55
 * and capped so that at least 25 % of even the oldest have no diagnosis on record.
 */
export function diagnosisWeights(age: number, male: boolean): number[] {
  const band = age < 30 ? 0 : age < 80 ? Math.floor(age / 10) - 2 : 6;
  const w = DIAGNOSES.map(([, p, s]) => (p[band] / 100) * s[male ? 0 : 1] * 0.55);
  let total = w.reduce((a, b) => a + b, 0);
  if (total > 0.75) {
    const k = 0.75 / total;
    for (let i = 0; i < w.length; i++) w[i] *= k;
    total = 0.75;
  }
  return [1 - total, ...w];
}

/**
 * Mobile number segments (first 3 digits) and rough weights. Allocations per MIIT numbering
 * plan: 中国移动 134-139/147/150-152/157-159/172/178/182-184/187/188/195/197/198, 中国联通
 * 130-132/145/155/156/166/175/176/185/186/196, 中国电信 133/149/153/173/177/180/181/189/190/
 * 191/193/199, 中国广电 192. Older segments carry more live numbers; mobile ≈ 60 % of subscribers.
 */
export const MOBILE_PREFIXES: Record<string, number> = {
  '134': 3,
  '135': 4,
  '136': 4,
  '137': 4,
  '138': 4.5,
  '139': 4.5,
  '147': 0.8,
  '150': 3,
  '151': 3,
  '152': 2.5,
  '157': 1.5,
  '158': 4,
  '159': 4,
  '172': 0.4,
  '178': 1.5,
  '182': 2.5,
  '183': 2,
  '184': 0.8,
  '187': 3,
  '188': 3,
  '195': 0.5,
  '197': 0.3,
  '198': 1.5,
  '130': 2.5,
  '131': 2.5,
  '132': 2,
  '145': 0.5,
  '155': 2,
  '156': 2.5,
  '166': 1,
  '175': 1,
  '176': 1.5,
  '185': 2,
  '186': 3,
  '196': 0.3,
  '133': 2,
  '149': 0.3,
  '153': 2,
  '173': 1.2,
  '177': 1.5,
  '180': 2,
  '181': 2,
  '189': 3,
  '190': 0.3,
  '191': 0.8,
  '193': 0.5,
  '199': 1.5,
  '192': 0.5,
};

/** E-mail providers (rough market shares among Chinese personal mailboxes). */
export const EMAIL_DOMAINS: Record<string, number> = {
  'qq.com': 35,
  '163.com': 20,
  '126.com': 8,
  'sina.com': 4,
  '139.com': 4,
  'foxmail.com': 3,
  'gmail.com': 5,
  'outlook.com': 4,
  'hotmail.com': 3,
  'sohu.com': 2,
  'yeah.net': 2,
  'aliyun.com': 1,
  'icloud.com': 4,
  '189.cn': 1,
};

/**
 * Bank card issuer prefixes (IIN/BIN) of major Chinese banks with card length. 62 is the
 * UnionPay range (ISO/IEC 7812 registration); 436742 and 456351 are Visa-branded debit BINs of
 * 建设银行 and 中国银行. Weights follow the big banks' share of cards in issue.
 */
export const BANK_BINS: Array<[string, number, number]> = [
  ['622202', 19, 8],
  ['621226', 19, 6],
  ['622208', 19, 3], // 工商银行
  ['622848', 19, 9],
  ['622845', 19, 3], // 农业银行
  ['621700', 19, 6],
  ['622700', 19, 4],
  ['436742', 19, 2], // 建设银行
  ['621661', 19, 4],
  ['621785', 19, 2],
  ['456351', 19, 1.5], // 中国银行
  ['622262', 19, 3],
  ['622260', 19, 1.5], // 交通银行
  ['621799', 19, 5],
  ['622188', 19, 2], // 邮储银行
  ['622588', 16, 3],
  ['621483', 16, 2], // 招商银行
  ['622908', 18, 1.5],
  ['622909', 18, 1], // 兴业银行
  ['622521', 16, 1],
  ['622690', 16, 1],
  ['622660', 16, 1], // 浦发, 中信, 光大
  ['625965', 16, 1.5],
  ['628288', 16, 1], // UnionPay credit ranges
];

/** The most common urban road names in China (人民路, 解放路, 中山路 ... are in nearly every city). */
export const COMMON_ROADS =
  '人民路 解放路 中山路 建设路 胜利路 和平路 新华路 文化路 长江路 黄河路 朝阳路 东风路 光明路 青年路 南京路 北京路 友谊路 幸福路 工业路 花园路 滨江路 迎宾大道 建设大道 世纪大道 人民大道 中山大道 解放大道 复兴路 红旗路 团结路 学府路 育才路 健康路 跃进路 前进路 新民路 建国路 民主路 振兴路 交通路 车站路 站前路 府前路 环城路 体育路 公园路 市府路 八一路 五一路 新建路'.split(
    ' ',
  );

/** Stems for generated road names ({stem}{路|街|大道|大街|巷}). */
export const ROAD_STEMS =
  '金桥 春华 龙腾 翠湖 青云 文昌 科技 创业 桃园 天府 锦绣 凤凰 白云 紫荆 玉兰 丹桂 银杏 梧桐 香樟 海棠 望江 临湖 观澜 景泰 安康 永丰 富民 兴业 宏图 百花 松柏 柳岸 荷塘 清泉 石桥 新华 东湖 西湖 南湖 北湖 长安 平安 吉祥 瑞安 金山 银河 明珠 华夏 开元 泰和 嘉禾 宝丰 云台 龙山 虎山 狮子 鼓楼 城隍 书院'.split(
    ' ',
  );

/** Village name patterns for rural addresses (王家村, 李庄村, 东坡村 ...). */
export const VILLAGE_SUFFIXES =
  '家村 庄村 屯村 湾村 坪村 坝村 沟村 岭村 寨村 营村 铺村 河村 桥村 店村 集村'.split(' ');
export const VILLAGE_PREFIXES = '东 西 南 北 上 下 前 后 大 小 新 老 高 石 柳 杨 桃 枣 马 黄'.split(' ');
