import { detectText, TRAITS, typesWith } from './index.js';
import { residentIdShaped } from './resident-id.js';

/**
 * Column classification for `wuming scan`: header names and value evidence decide a column's
 * PI kind, from which follow its role for anonymisation (direct identifier / quasi-identifier /
 * sensitive attribute), its PIPL category (Art. 4 personal information; Art. 28 sensitive
 * personal information: biometrics, religious belief, specific identity, medical health,
 * financial accounts, whereabouts, minors under 14) and its GB/T 35273-2020 Appendix A category.
 */
type Role = 'direct_identifier' | 'quasi_identifier' | 'sensitive' | 'other';
type SensitiveCategory =
  | 'biometrics'
  | 'religious_belief'
  | 'specific_identity'
  | 'medical_health'
  | 'financial_account'
  | 'whereabouts'
  | 'minors_under_14';

export interface ColumnClassification {
  column: string;
  types: { type: string; share: number; score: number }[];
  role: Role;
  pipl: {
    category: 'personal_information' | 'sensitive_personal_information' | 'not_personal_information';
    sensitiveCategory?: SensitiveCategory;
  };
  gbt35273: string;
  confidence: number;
  /** Short human reasons; never values. */
  evidence: string[];
  /** The kind decided, e.g. 'id_number', 'age', 'diagnosis' (undefined when nothing matched). */
  kind?: string;
  /**
   * Every inspected value is a short code with a digit (P0000001, 10023, a UUID), not a decimal
   * measurement: the shape of a record or person key.
   */
  codeLike?: boolean;
  /**
   * At least 30 % of values are long free text (notes, complaints): PI hides in them beyond what
   * the detectors find, so an anonymization proposal never keeps them.
   */
  freeText?: boolean;
}

const CJK_G = /\p{Script=Han}/gu;

export interface ColumnInput {
  name: string;
  values: (string | null)[];
  distinctRatio?: number;
}

interface Kind {
  role: Role;
  sensitive?: SensitiveCategory;
  gbt: string;
  /** Not personal information (e.g. an organisation's credit code). */
  notPi?: boolean;
}

const BASIC = '个人基本资料';
const IDENTITY = '个人身份信息';
const HEALTH = '个人健康生理信息';
const PROPERTY = '个人财产信息';
const NETWORK = '网络身份标识信息';
const EDUWORK = '个人教育工作信息';
const LOCATION = '个人位置信息';
const DEVICE = '个人常用设备信息';
const BIOMETRIC = '个人生物识别信息';
const OTHER_INFO = '其他信息';

/** GB/T 35273-2020 Appendix A groups; Appendix B and PIPL Art. 28 mark the sensitive ones. */
const KINDS: Record<string, Kind> = {
  name: { role: 'direct_identifier', gbt: BASIC },
  id_number: { role: 'direct_identifier', sensitive: 'specific_identity', gbt: IDENTITY },
  passport: { role: 'direct_identifier', sensitive: 'specific_identity', gbt: IDENTITY },
  phone: { role: 'direct_identifier', gbt: BASIC },
  email: { role: 'direct_identifier', gbt: BASIC },
  address: { role: 'direct_identifier', gbt: BASIC },
  bank_card: { role: 'direct_identifier', sensitive: 'financial_account', gbt: PROPERTY },
  plate: { role: 'direct_identifier', gbt: PROPERTY },
  account: { role: 'direct_identifier', gbt: NETWORK },
  ip: { role: 'direct_identifier', gbt: NETWORK },
  device: { role: 'direct_identifier', gbt: DEVICE },
  location: { role: 'sensitive', sensitive: 'whereabouts', gbt: LOCATION },
  birth_date: { role: 'quasi_identifier', gbt: BASIC },
  age: { role: 'quasi_identifier', gbt: BASIC },
  sex: { role: 'quasi_identifier', gbt: BASIC },
  ethnicity: { role: 'quasi_identifier', gbt: BASIC },
  race: { role: 'quasi_identifier', gbt: BASIC },
  nationality: { role: 'quasi_identifier', gbt: BASIC },
  region: { role: 'quasi_identifier', gbt: BASIC },
  zip: { role: 'quasi_identifier', gbt: BASIC },
  education: { role: 'quasi_identifier', gbt: EDUWORK },
  occupation: { role: 'quasi_identifier', gbt: EDUWORK },
  employer: { role: 'quasi_identifier', gbt: EDUWORK },
  marital: { role: 'quasi_identifier', gbt: BASIC },
  relationship: { role: 'quasi_identifier', gbt: BASIC },
  political: { role: 'quasi_identifier', gbt: BASIC },
  income: { role: 'sensitive', sensitive: 'financial_account', gbt: PROPERTY },
  finance: { role: 'sensitive', sensitive: 'financial_account', gbt: PROPERTY },
  diagnosis: { role: 'sensitive', sensitive: 'medical_health', gbt: HEALTH },
  religion: { role: 'sensitive', sensitive: 'religious_belief', gbt: OTHER_INFO },
  biometric: { role: 'sensitive', sensitive: 'biometrics', gbt: BIOMETRIC },
  criminal: { role: 'sensitive', sensitive: 'specific_identity', gbt: OTHER_INFO },
  uscc: { role: 'other', gbt: '', notPi: true },
};

/** Header words per kind, normalised (lower case; spaces, _ - . removed). Exact matches count more. */
const HEADERS: [string, string[]][] = [
  [
    'id_number',
    [
      '身份证',
      '身份证号',
      '身份证号码',
      '证件号',
      '证件号码',
      '公民身份号码',
      '身份号码',
      '证件编号',
      'idcard',
      'idnumber',
      'idno',
      'nationalid',
      'citizenid',
      'ssn',
      'socialsecuritynumber',
      'identitynumber',
      'residentid',
      '社保号',
      '社会保障号',
      '医保号',
      '驾驶证号',
      '军官证',
    ],
  ],
  [
    'passport',
    [
      '护照',
      '护照号',
      '护照号码',
      'passport',
      'passportno',
      'passportnumber',
      '通行证',
      '港澳通行证',
      '台胞证',
      '回乡证',
    ],
  ],
  [
    'name',
    [
      '姓名',
      '名字',
      '全名',
      '客户姓名',
      '患者姓名',
      '联系人',
      '收件人',
      '收货人',
      '持卡人',
      '户主',
      '法定代表人',
      '姓',
      '名',
      'name',
      'fullname',
      'firstname',
      'lastname',
      'surname',
      'givenname',
      'familyname',
      'customername',
      'patientname',
      'contactname',
      'username_real',
      'realname',
      '真实姓名',
    ],
  ],
  [
    'phone',
    [
      '手机',
      '手机号',
      '手机号码',
      '电话',
      '电话号码',
      '联系电话',
      '联系方式',
      '固定电话',
      '座机',
      '移动电话',
      '传真',
      'mobile',
      'mobileno',
      'phone',
      'phoneno',
      'phonenumber',
      'tel',
      'telephone',
      'cell',
      'cellphone',
      'contactnumber',
      'fax',
    ],
  ],
  ['email', ['邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', 'email', 'emailaddress', 'mail', 'e_mail']],
  [
    'address',
    [
      '地址',
      '住址',
      '家庭住址',
      '家庭地址',
      '通讯地址',
      '联系地址',
      '户籍地址',
      '现住址',
      '居住地址',
      '收货地址',
      '详细地址',
      '街道地址',
      'address',
      'addr',
      'homeaddress',
      'streetaddress',
      'street',
      'mailingaddress',
      'shippingaddress',
    ],
  ],
  [
    'bank_card',
    [
      '银行卡',
      '银行卡号',
      '卡号',
      '银行账号',
      '账号',
      '帐号',
      '银行账户',
      '开户账号',
      '信用卡号',
      'cardnumber',
      'cardno',
      'bankcard',
      'bankaccount',
      'accountnumber',
      'accountno',
      'iban',
      'creditcard',
      'pan',
    ],
  ],
  [
    'plate',
    ['车牌', '车牌号', '车牌号码', '号牌', 'plate', 'licenseplate', 'plateno', 'platenumber', 'vehicleplate'],
  ],
  [
    'account',
    [
      '用户名',
      '账户名',
      '昵称',
      '用户id',
      '用户编号',
      '客户编号',
      '会员号',
      '会员编号',
      '工号',
      '学号',
      '员工编号',
      'username',
      'userid',
      'uid',
      'login',
      'openid',
      'unionid',
      'customerid',
      'memberid',
      'employeeid',
      'studentid',
      'nickname',
      'account',
    ],
  ],
  ['ip', ['ip', 'ip地址', 'ipaddress', 'clientip', 'sourceip', 'remoteaddr', '登录ip']],
  [
    'device',
    [
      'imei',
      'mac',
      'mac地址',
      'macaddress',
      '设备号',
      '设备id',
      '设备标识',
      'deviceid',
      'idfa',
      'oaid',
      'androidid',
      'imsi',
      'meid',
      'udid',
    ],
  ],
  [
    'location',
    [
      '经纬度',
      '坐标',
      '定位',
      '经度',
      '纬度',
      '位置',
      '轨迹',
      '行程',
      '行踪',
      'gps',
      'latitude',
      'longitude',
      'lat',
      'lng',
      'lon',
      'location',
      'coordinates',
      'geo',
      'trajectory',
    ],
  ],
  [
    'birth_date',
    [
      '出生日期',
      '生日',
      '出生年月',
      '出生年月日',
      '出生时间',
      'birthdate',
      'dateofbirth',
      'dob',
      'birthday',
      'birth',
      'bday',
    ],
  ],
  ['age', ['年龄', '岁数', 'age', 'ageyears']],
  ['sex', ['性别', 'sex', 'gender']],
  ['ethnicity', ['民族', '族别', 'ethnicity', 'ethnic', 'ethnicgroup']],
  ['race', ['种族', 'race']],
  ['nationality', ['国籍', 'nationality', 'citizenship', 'nativecountry', 'country', '国家']],
  [
    'region',
    [
      '省',
      '省份',
      '市',
      '城市',
      '区',
      '区县',
      '县',
      '地区',
      '籍贯',
      '户籍',
      '户籍所在地',
      '所在地',
      '出生地',
      '行政区划',
      '区划代码',
      'province',
      'city',
      'district',
      'county',
      'region',
      'regioncode',
      'state',
      'town',
      'birthplace',
      'hometown',
      'areacode',
    ],
  ],
  ['zip', ['邮编', '邮政编码', 'zip', 'zipcode', 'postcode', 'postalcode']],
  [
    'education',
    [
      '学历',
      '教育程度',
      '文化程度',
      '受教育程度',
      '学位',
      '毕业院校',
      '专业',
      'education',
      'educationlevel',
      'degree',
      'school',
      'educationnum',
    ],
  ],
  [
    'occupation',
    [
      '职业',
      '职位',
      '职务',
      '岗位',
      '工种',
      'occupation',
      'job',
      'jobtitle',
      'profession',
      'position',
      'workclass',
    ],
  ],
  ['employer', ['工作单位', '单位', '公司', '雇主', 'employer', 'company', 'workplace', 'organization']],
  ['marital', ['婚姻状况', '婚姻', '婚否', '婚姻状态', 'marital', 'maritalstatus']],
  ['relationship', ['家庭关系', '与户主关系', '亲属关系', 'relationship', 'relation']],
  ['political', ['政治面貌', 'political', 'party']],
  [
    'income',
    [
      '收入',
      '月收入',
      '年收入',
      '工资',
      '薪资',
      '薪水',
      '月薪',
      '年薪',
      '收入水平',
      'income',
      'salary',
      'wage',
      'wages',
      'annualincome',
      'earnings',
      'pay',
    ],
  ],
  [
    'finance',
    [
      '存款',
      '余额',
      '账户余额',
      '资产',
      '负债',
      '贷款',
      '信用评分',
      '征信',
      '交易金额',
      'balance',
      'deposit',
      'loan',
      'debt',
      'creditscore',
      'capitalgain',
      'capitalloss',
      'assets',
    ],
  ],
  [
    'diagnosis',
    [
      '诊断',
      '诊断结果',
      '疾病',
      '病种',
      '病史',
      '既往史',
      '病情',
      '症状',
      '主诉',
      '过敏史',
      '过敏',
      '用药',
      '药物',
      '检查结果',
      '体检',
      '血型',
      '病名',
      '诊断名称',
      '疾病名称',
      '病案',
      '手术',
      'diagnosis',
      'disease',
      'condition',
      'illness',
      'medical',
      'medicalhistory',
      'icd',
      'icd10',
      'medication',
      'symptom',
      'symptoms',
      'allergy',
      'allergies',
      'bloodtype',
      'healthstatus',
    ],
  ],
  ['religion', ['宗教', '宗教信仰', '信仰', 'religion', 'faith', 'religiousbelief']],
  [
    'biometric',
    [
      '指纹',
      '人脸',
      '面部特征',
      '虹膜',
      '声纹',
      '掌纹',
      '基因',
      '步态',
      'fingerprint',
      'face',
      'faceid',
      'iris',
      'voiceprint',
      'biometric',
      'biometrics',
      'dna',
      'genome',
    ],
  ],
  ['criminal', ['犯罪记录', '违法记录', '前科', 'criminalrecord', 'conviction']],
  [
    'uscc',
    ['统一社会信用代码', '信用代码', '税号', '纳税人识别号', '组织机构代码', 'uscc', 'creditcode', 'taxid'],
  ],
];

const EXACT = new Map<string, string>();
const PARTIAL: [string, string][] = [];
for (const [kind, words] of HEADERS) {
  for (const w of words) {
    const n = normalise(w);
    if (!EXACT.has(n)) EXACT.set(n, kind);
    if (n.length >= 2 && !/^[a-z]{2,3}$/.test(n)) PARTIAL.push([n, kind]);
  }
}
PARTIAL.sort((a, b) => b[0].length - a[0].length);

function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s_\-.:：()（）/]+/g, '');
}

const PERSONISH = new Set([
  'customer',
  'patient',
  'contact',
  'first',
  'last',
  'full',
  'real',
  'given',
  'family',
  'sur',
  'person',
  'member',
  'employee',
  'student',
  'holder',
  'owner',
  'client',
  'applicant',
  'user',
  'middle',
  'maiden',
  'legal',
  'nick',
]);

/** Words of a person-key header beside a person word: patient_id, customerNo, member_key. */
const KEY_TOKENS = new Set(['id', 'no', 'nr', 'num', 'number', 'key', 'code', 'ref']);
const PERSON_KEY_EXACT = new Set(['pid', 'mrn', 'empi', 'subject', 'subjectid', 'participantid', 'caseid']);
const PERSON_ZH =
  /患者|病人|客户|顾客|会员|用户|员工|职工|学生|人员|个人|居民|参保人|就诊人|投保人|被保险人|持卡人|受试者|病例/;
const RECORD_ZH = /病案号|住院号|门诊号|就诊号|就诊卡号|医保号|社保号|档案号/;

/**
 * A header that names a key of a person (patient_id, 客户编号, 住院号, MRN), as opposed to a key
 * of a thing (order_id, store_id). Used to find the subject column of longitudinal data.
 */
export function personKeyHeader(name: string): boolean {
  const n = normalise(name);
  if (PERSON_KEY_EXACT.has(n) || RECORD_ZH.test(n)) return true;
  if (PERSON_ZH.test(n) && /(?:号|编号|编码|代码|id|no)$/.test(n)) return true;
  const tokens = name
    .split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/)
    .map((t) => t.toLowerCase())
    .filter((t) => t.length > 0);
  for (let k = 0; k + 1 < tokens.length; k++)
    if (
      (PERSONISH.has(tokens[k]) || tokens[k] === 'patient' || tokens[k] === 'person') &&
      KEY_TOKENS.has(tokens[k + 1])
    )
      return true;
  return false;
}

/**
 * Header evidence: the whole header is a dictionary word; else one of its tokens or two adjacent
 * tokens are ("customer_age", "patientName", "home address"); else a Chinese dictionary word
 * (or a long English one) occurs inside it ("患者姓名").
 */
export function headerKind(name: string): { kind: string; exact: boolean; word: string } | undefined {
  const n = normalise(name);
  const e = EXACT.get(n);
  if (e) return { kind: e, exact: true, word: name };
  const tokens = name
    .split(/[^A-Za-z0-9\u4e00-\u9fff]+|(?<=[a-z])(?=[A-Z])/)
    .map((t) => t.toLowerCase())
    .filter((t) => t.length > 0);
  for (let k = 0; k + 1 < tokens.length; k++) {
    const pair = tokens[k] + tokens[k + 1];
    const kind = EXACT.get(pair);
    if (kind) return { kind, exact: false, word: pair };
  }
  // Later tokens name the thing ("birth_date" is a date of birth, "date_of_birth" too).
  for (let k = tokens.length - 1; k >= 0; k--) {
    const kind = tokens[k].length >= 2 ? EXACT.get(tokens[k]) : undefined;
    // "product_name", "file_name": a name, but not a person's.
    if (kind === 'name' && k > 0 && !PERSONISH.has(tokens[k - 1])) continue;
    if (kind) return { kind, exact: false, word: tokens[k] };
  }
  for (const [w, kind] of PARTIAL) {
    if (/^[a-z]+$/.test(w) && w.length < 5) continue;
    if (n.includes(w)) return { kind, exact: false, word: w };
  }
  return undefined;
}

const ETHNIC = new Set(
  '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 穿青人 其他'.split(
    ' ',
  ),
);
const RELIGION = new Set(
  '佛教 道教 伊斯兰教 天主教 基督教 基督新教 新教 东正教 藏传佛教 犹太教 印度教 无宗教 无宗教信仰 无信仰 buddhism buddhist christian christianity islam muslim catholic catholicism protestant orthodox hindu hinduism jewish judaism taoism taoist sikh atheist agnostic'.split(
    ' ',
  ),
);
const DIAGNOSIS = new Set(
  '高血压 糖尿病 2型糖尿病 冠心病 肺炎 哮喘 支气管炎 抑郁症 焦虑症 精神分裂症 肺癌 胃癌 肝癌 乳腺癌 结肠癌 白血病 艾滋病 乙肝 乙型肝炎 丙肝 慢性胃炎 胃溃疡 脑梗死 脑卒中 心肌梗死 心力衰竭 骨折 感冒 上呼吸道感染 流感 新冠肺炎 肺结核 贫血 痛风 关节炎 类风湿关节炎 阿尔茨海默病 帕金森病 癫痫 肾衰竭 慢性肾病 甲亢 甲减 高血脂 高脂血症 肥胖症 阑尾炎 胆结石 肝硬化 银屑病 湿疹 hypertension diabetes asthma pneumonia cancer depression anxiety hiv aids covid-19 influenza stroke bronchitis arthritis obesity dementia epilepsy schizophrenia tuberculosis hepatitis anemia migraine'.split(
    ' ',
  ),
);
const DIAG_SUFFIX = /(?:病|症|炎|癌|瘤|综合征|梗死|梗塞|衰竭|骨折|感染|结石|出血|损伤|畸形)$/;
const ICD10 = /^[A-TV-Z]\d{2}(?:\.\d{1,4})?$/;
const SEX = new Set('男 女 男性 女性 未知 m f male female man woman 1 2 0'.split(' '));
const SEX_STRICT = new Set('男 女 男性 女性 male female man woman'.split(' '));
const EDUCATION = new Set(
  '小学 初中 高中 中专 职高 技校 大专 专科 本科 大学本科 硕士 硕士研究生 博士 博士研究生 研究生 文盲 半文盲 学士 bachelors masters doctorate hs-grad some-college assoc-acdm assoc-voc prof-school preschool 1st-4th 5th-6th 7th-8th 9th 10th 11th 12th primary secondary high school bachelor master phd college'.split(
    ' ',
  ),
);
const MARITAL = new Set(
  '已婚 未婚 离异 丧偶 离婚 再婚 初婚 复婚 married single divorced widowed separated never-married married-civ-spouse married-spouse-absent married-af-spouse'.split(
    ' ',
  ),
);
const OCCUPATION = new Set(
  '教师 医生 护士 工人 农民 公务员 学生 职员 销售 工程师 律师 会计 司机 厨师 退休 无业 个体户 自由职业 军人 警察 程序员 经理 tech-support craft-repair other-service sales exec-managerial prof-specialty handlers-cleaners machine-op-inspct adm-clerical farming-fishing transport-moving priv-house-serv protective-serv armed-forces'.split(
    ' ',
  ),
);
const RACE = new Set('white black asian-pac-islander amer-indian-eskimo asian hispanic latino'.split(' '));

/** Value dictionaries: share of values in each dictionary. */
function dictionaryShares(values: string[]): { kind: string; share: number; label: string }[] {
  const counts = {
    ethnicity: 0,
    religion: 0,
    diagnosis: 0,
    sex: 0,
    sexStrict: 0,
    education: 0,
    marital: 0,
    occupation: 0,
    race: 0,
  };
  for (const raw of values) {
    const v = raw.trim().toLowerCase();
    if (ETHNIC.has(v)) counts.ethnicity++;
    if (RELIGION.has(v)) counts.religion++;
    if (
      DIAGNOSIS.has(v) ||
      ICD10.test(raw.trim()) ||
      (v.length >= 2 && v.length <= 12 && DIAG_SUFFIX.test(v))
    )
      counts.diagnosis++;
    if (SEX.has(v)) counts.sex++;
    if (SEX_STRICT.has(v)) counts.sexStrict++;
    if (EDUCATION.has(v)) counts.education++;
    if (MARITAL.has(v)) counts.marital++;
    if (OCCUPATION.has(v)) counts.occupation++;
    if (RACE.has(v)) counts.race++;
  }
  const n = values.length || 1;
  const out = [
    { kind: 'ethnicity', share: counts.ethnicity / n, label: 'ethnic groups' },
    { kind: 'religion', share: counts.religion / n, label: 'religions' },
    { kind: 'diagnosis', share: counts.diagnosis / n, label: 'diagnoses' },
    // "1/2/0" only count as sex codes when some values are spelled out.
    { kind: 'sex', share: counts.sexStrict > 0 ? counts.sex / n : 0, label: 'sex values' },
    { kind: 'education', share: counts.education / n, label: 'education levels' },
    { kind: 'marital', share: counts.marital / n, label: 'marital statuses' },
    { kind: 'occupation', share: counts.occupation / n, label: 'occupations' },
    { kind: 'race', share: counts.race / n, label: 'races' },
  ];
  return out.filter((d) => d.share > 0).sort((a, b) => b.share - a.share);
}

// What the registry declares about each type (detect/index.ts, DetectorTraits): the column kind
// of its values, whether the shape is proof, whether it is a document number known by shape only.
const TYPE_KIND: Record<string, string> = Object.fromEntries(
  [...TRAITS].flatMap(([type, t]) => (t.column ? [[type, t.column]] : [])),
);
/** Types whose value shape is proof on its own (checksums, strict syntax). */
const STRONG_TYPES = typesWith('shapeIsProof');
/** Identity-document numbers whose only evidence is a letters-and-digits shape. */
const DOCUMENT_SHAPES = typesWith('documentShape');
/** Average score above which a weak type's values count on their own (above shape-only level). */
const DECISIVE_SCORE = 0.55;
/** Smallest share of inspected values for a type to be listed on a structured column. */
const MIN_LISTED_SHARE = 0.01;

/** Content detection inspects at most this many non-null values per column. */
const MAX_VALUES = 2000;
const DATE_RE =
  /^(?:19|20)\d\d[-/.年]?(?:0?[1-9]|1[0-2])[-/.月]?(?:0?[1-9]|[12]\d|3[01])日?(?:[ T]\d\d:\d\d(?::\d\d)?)?$/;

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function classifyColumn(input: ColumnInput): ColumnClassification {
  const evidence: string[] = [];
  const all = input.values.filter((v): v is string => v !== null && v.trim() !== '');
  const values = all.length > MAX_VALUES ? all.slice(0, MAX_VALUES) : all;
  const n = values.length;

  // 1. Header.
  const h = headerKind(input.name);
  if (h) evidence.push(`header ${h.exact ? 'matches' : 'contains'} ${h.word}`);

  // 2. Text detectors on each value. A value "is" a type when a finding covers most of it;
  //    long values are free text and count as "containing" the type.
  const whole = new Map<string, { count: number; score: number }>();
  const contained = new Map<string, { count: number; score: number }>();
  let longValues = 0;
  // The header is the values' context: under 身份证号 / id_number, an 18-digit value laid out as
  // a resident ID whose check character fails is a mistyped ID, not a bank card that happens to
  // pass Luhn (as the text detector decides with a context word before the number).
  const idHeader = h?.kind === 'id_number';
  let badIds = 0;
  for (const v of values) {
    const t = v.trim();
    // A sentence: long, or ten Chinese characters (a word each, roughly), with punctuation or spaces.
    if ((t.length > 24 || (t.match(CJK_G)?.length ?? 0) >= 10) && /[\s，。,.;；!?！？]/.test(t)) longValues++;
    const fs = detectText(t, { minScore: 0.4 });
    const seen = new Set<string>();
    if (idHeader && residentIdShaped(t.replace(/[ -]/g, '')) && !fs.some((f) => f.type === 'CN_RESIDENT_ID'))
      badIds++;
    for (const f of fs) {
      if (
        idHeader &&
        f.type === 'BANK_CARD' &&
        residentIdShaped(t.slice(f.start, f.end).replace(/[ -]/g, ''))
      )
        continue;
      if (f.end - f.start >= 0.8 * t.length) {
        const w = whole.get(f.type) ?? { count: 0, score: 0 };
        w.count++;
        w.score += f.score;
        whole.set(f.type, w);
      } else if (!seen.has(f.type)) {
        seen.add(f.type);
        const c = contained.get(f.type) ?? { count: 0, score: 0 };
        c.count++;
        c.score += f.score;
        contained.set(f.type, c);
      }
    }
  }
  const freeText = n > 0 && longValues / n >= 0.3;
  const types: { type: string; share: number; score: number }[] = [];
  for (const [type, w] of whole)
    types.push({ type, share: round(w.count / n), score: round(w.score / w.count) });
  for (const [type, c] of contained) {
    if (!whole.has(type)) types.push({ type, share: round(c.count / n), score: round(c.score / c.count) });
  }
  types.sort((a, b) => b.share - a.share);
  if (badIds > 0)
    evidence.push(
      `${pct(badIds / n)} of values are laid out as resident IDs but fail the GB 11643 check character`,
    );
  // A passport or permit number is only "a letter and some digits": without a header saying so and
  // without a score above shape level, such values are record keys (P0000001), not passports.
  for (let i = types.length - 1; i >= 0; i--) {
    const t = types[i];
    if (
      DOCUMENT_SHAPES.has(t.type) &&
      whole.has(t.type) &&
      t.score < DECISIVE_SCORE &&
      !(h && sameFamily(TYPE_KIND[t.type], h.kind))
    ) {
      evidence.push(`values have the shape of ${t.type} only (no header says so): not listed`);
      types.splice(i, 1);
      whole.delete(t.type);
    }
  }
  // In a structured column, a type found in under 1 % of the inspected values is a stray match
  // (one district name read as a person's name), and would print as "0 %". In free text one note
  // in two hundred with a phone number is still PI in the column, so free text keeps every type.
  if (!freeText) {
    for (let i = types.length - 1; i >= 0; i--) {
      if (types[i].share < MIN_LISTED_SHARE) {
        whole.delete(types[i].type);
        types.splice(i, 1);
      }
    }
  }

  // 3. Value dictionaries.
  const dicts = n > 0 ? dictionaryShares(values) : [];

  // 4. Decide the kind.
  let kind: string | undefined;
  let confidence = 0;
  const best = types.find((t) => whole.has(t.type));
  const bestDict = dicts[0];
  // A type with neither a check digit nor a strict format (a passport is "a letter and digits")
  // decides a column alone only when its values scored above shape-only level; otherwise record
  // keys such as P0000001 or order numbers would be labelled passports.
  const decisive = (t: { type: string; score: number }) =>
    STRONG_TYPES.has(t.type) || t.score >= DECISIVE_SCORE;
  const valueKind = best && best.share >= 0.5 && (h || decisive(best)) ? TYPE_KIND[best.type] : undefined;
  const dictKind = bestDict && bestDict.share >= 0.6 ? bestDict.kind : undefined;
  if (best && best.share >= 0.05) evidence.push(`${pct(best.share)} of values are ${best.type}`);
  if (bestDict && bestDict.share >= 0.3)
    evidence.push(`${pct(bestDict.share)} of values are known ${bestDict.label}`);
  if (h) {
    kind = h.kind;
    confidence = h.exact ? 0.8 : 0.65;
    if ((valueKind && sameFamily(valueKind, h.kind)) || (dictKind && sameFamily(dictKind, h.kind)))
      confidence = 0.97;
    else if (valueKind && best && STRONG_TYPES.has(best.type) && best.share >= 0.8) {
      // Checksummed or strictly formatted values outweigh a misleading header.
      kind = valueKind;
      confidence = 0.85;
      evidence.push('value evidence overrides the header');
    } else if (dictKind && bestDict.share >= 0.9 && !h.exact) {
      kind = dictKind;
      confidence = 0.8;
    }
  } else if (valueKind && best) {
    kind = valueKind;
    confidence = Math.min(0.95, 0.45 + 0.5 * best.share * (STRONG_TYPES.has(best.type) ? 1 : 0.8));
  } else if (dictKind && bestDict) {
    kind = dictKind;
    confidence = Math.min(0.95, 0.4 + 0.5 * bestDict.share);
  }
  // Header-less dates: a date column is at most a quasi-identifier candidate.
  if (!kind && n > 0) {
    const dates = values.filter((v) => DATE_RE.test(v.trim())).length / n;
    if (dates >= 0.9) {
      kind = 'date';
      confidence = 0.4;
      evidence.push(`${pct(dates)} of values are dates`);
    }
  }
  // Free text with PI inside.
  if (!kind && freeText) {
    const inside = types.filter((t) => t.share >= 0.05);
    if (inside.length > 0) {
      const k = TYPE_KIND[inside[0].type];
      kind = k;
      confidence = 0.5;
      evidence.push(`free text containing ${inside.map((t) => t.type).join(', ')}`);
    }
  } else if (freeText) evidence.push('free text');

  const spec: Kind | undefined = kind
    ? (KINDS[kind] ?? (kind === 'date' ? { role: 'quasi_identifier', gbt: BASIC } : undefined))
    : undefined;
  let sensitiveCategory = spec?.sensitive;
  // Minors under 14 (PIPL Art. 28, 31): ages or birth dates that put a person under 14.
  if (kind === 'age' || kind === 'birth_date') {
    const minors = countMinors(values, kind);
    if (minors > 0) {
      sensitiveCategory = 'minors_under_14';
      evidence.push(`${pct(minors / n)} of values are of children under 14`);
    }
  }
  if (input.distinctRatio !== undefined && input.distinctRatio >= 0.95 && n >= 20)
    evidence.push(`${pct(input.distinctRatio)} distinct values`);

  let role: Role = spec?.role ?? 'other';
  let recordKey = false;
  const codeLike =
    n > 0 &&
    !freeText &&
    values.every((v) => {
      const t = v.trim();
      return /^[\p{L}\p{N}_:.-]{1,64}$/u.test(t) && /\d/.test(t) && !/^-?\d+\.\d+$/.test(t);
    });
  if (!spec && input.distinctRatio !== undefined && input.distinctRatio >= 0.99 && n >= 100 && !freeText) {
    // An unknown column of unique values still singles people out.
    evidence.push('unique per row: a possible identifier');
    // Unique code-like values (P0000001, 10023, a UUID) are a record key: they link every row back
    // to one person in the source system, so releasing them makes the output pseudonymous, not
    // anonymous (PIPL Art. 73). Measurements such as 1234.56 are not keys.
    if (codeLike) {
      recordKey = true;
      role = 'direct_identifier';
      confidence = Math.max(confidence, 0.7);
      evidence.push('code-like values unique per row: a record key linking each row to one person');
    }
  }
  if (role === 'other' && spec === undefined) confidence = Math.max(confidence, n === 0 ? 0.3 : 0.6);
  if (spec?.notPi) role = 'other';
  const category = recordKey
    ? 'personal_information'
    : !spec || spec.notPi
      ? 'not_personal_information'
      : sensitiveCategory
        ? 'sensitive_personal_information'
        : 'personal_information';
  return {
    column: input.name,
    types,
    role,
    pipl:
      sensitiveCategory && category === 'sensitive_personal_information'
        ? { category, sensitiveCategory }
        : { category },
    gbt35273: spec?.gbt ?? '',
    confidence: round(confidence),
    evidence,
    kind,
    ...(codeLike ? { codeLike } : {}),
    ...(freeText ? { freeText } : {}),
  };
}

const FAMILIES: string[][] = [
  ['id_number', 'passport'],
  ['phone'],
  ['region', 'address', 'zip'],
  ['occupation', 'employer'],
  ['income', 'finance', 'bank_card'],
  ['ip', 'device', 'account'],
];
function sameFamily(a: string, b: string): boolean {
  if (a === b) return true;
  return FAMILIES.some((f) => f.includes(a) && f.includes(b));
}

function countMinors(values: string[], kind: string): number {
  const now = new Date();
  let c = 0;
  for (const v of values) {
    const t = v.trim();
    if (kind === 'age') {
      const a = Number(t.replace(/岁$/, ''));
      if (Number.isFinite(a) && a >= 0 && a < 14) c++;
    } else {
      const m = /^((?:19|20)\d\d)[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})/.exec(t);
      if (!m) continue;
      const birth = Date.UTC(+m[1], +m[2] - 1, +m[3]);
      const age = (now.getTime() - birth) / (365.2425 * 86400000);
      if (age >= 0 && age < 14) c++;
    }
  }
  return c;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
