import { divisionNames } from '../china/regions.js';
import { COMPOUND_SURNAMES, SURNAMES_BY_FREQUENCY } from '../china/surnames.js';
import { type ContextSpec, execAll, windowBefore } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * PERSON_NAME — Chinese names (surname + 1–2 given characters, compound surnames) and
 * English/pinyin names. No segmenter or model is loaded: evidence is the surname's frequency
 * (the 2020 census / 公安部《二〇二〇年全国姓名报告》 ranks 王 李 张 刘 陈 first), whether the
 * given characters are ones commonly used in names, the words around the span (titles such as
 * 先生/女士, introducers such as 我叫/联系人/患者, punctuation) and context words like 姓名/name.
 */

/**
 * The surnames come from the one list, src/china/surnames.ts, by a declared rule: the first 180
 * single-character surnames of its rank list (most frequent first; 180 is about the size of the
 * tuned list it replaces, 178), and every compound surname except those that are also ordinary
 * words (第五 "fifth", 东门 "east gate"). The detector keeps only what is about words, not
 * surnames: which surname characters are also frequent words and so need stronger evidence
 * (高 方 金 白 …, below). A character listed there that is not a surname in china/ is no surname
 * here. (The NER features keep their own frozen copy, src/detect/ner/features.ts: the shipped
 * model was trained on features computed with it.)
 */
const ALSO_WORDS = new Set(
  '高苏程余于任石付方白江雷史万武向常牛温康施洪葛邢齐伍易乔庞颜倪柴詹阎骆盛欧管尤费祝纪舒屈宁涂耿左申焦翟包文金安苗鲁关艾连路甘霍殷裴游柳平华单岳巩鲍桂邬池蓝滕房乐容车褚卓蒙岑尚汲储柯' +
    // Surnames of the rank list's first 180 beyond the first tuned list that are also frequent words.
    '赖毕梅凌童兰谷符成庄曲辛',
);
const RANKED = SURNAMES_BY_FREQUENCY.slice(0, 180);
const COMMON = RANKED.filter((c) => !ALSO_WORDS.has(c));
const OTHER = RANKED.filter((c) => ALSO_WORDS.has(c));
const COMPOUND = [...COMPOUND_SURNAMES].filter((w) => w !== '第五' && w !== '东门');
/** Characters frequent in given names (a broad list; unseen characters only lower the score). */
const GIVEN = new Set(
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂华建国文玉兰红辉鹏飞宇浩俊帅欣怡子涵梓轩博晨雨思佳嘉泽宏志海林春梅丹萍婷雪琳晶颖慧莉燕玲倩冬亮成斌波宁凯健鑫晓东峰珍凤云莲荣琴彬福贵祥瑞德兵松鹤龙虎豪毅锋鸿坤翔安康乐欢悦心诗琪瑶璐璇琦瑾萱妍彤昕晴蕾薇蓉菲芸芬芝茜萌婧媛娇妮娅姗嫣婉淑惠慈贞洁清澄湘沁淼然睿哲铭航杭逸宸皓昊晟煜炎烨辰星月阳光耀伦诚信义礼智仁忠孝廉正道才学儒雅美盛兴旺发达胜利旋永远恒图振家民卫山水石岩岭川江河湖泉溪源澈顺吉庆喜寿生夏秋竹菊柏桃李杏荷芙露虹珠宝金银铜钢锦绣青碧翠紫黛娴娥娣妹莺鹃鸣腾跃天地乾日炜烁焱晗晖晔昭曦旭升昌晋景聪想念畅舒展扬帆卓越群雄壮坚威武双全雯霏霖霄震雷风岚巍峻崇嵩立新树森楠桐杉柳杨枫槐榕棠栋梁材柱基业功勋章程显著通渊深广厚朴素纯真善好奕弈羿艺书画棋韵律音笛箫钟琅瑜瑛璋琛珺珏珂玮琰璟璞一小之伯仲叔季世长少秀凡可若如依亦以语雨晨轩宁泓涌灵露莎丝洪潇梦楚宁霆骏驰骐骥麟凌峥嵘锐钧铭镇锡钰铄桦彦韬晏翰墨砚笑颜颂薇蔚蕴藏萧莹莺荻苒茵茹芮芷芊蓓蕊琼瑗婕妤姝嫦娉婵媚岚峰恩惠慧意愉恺悦憬懿聿肃敬谦让逊俭勤毓育聆德修齐志远致达仕任佑佐侠俐倩偲傲儿元光克兆先全兰冰冠凝初利力励勃勉勤华卉博卫厚原友双发叶司君吟启和咏品唯善喆嘉坤垚城培基堂墨士壮声多大天太奇奎奥妃姿婉子孜存学宁守安宏宗定宜宝宣实宪宸容宽密富寒尊小尧展山岳峰川巧帆希帅平年幸广庄庆康建弘强彤彩彪影征德忆志忠念思恒恬悠惟慕成扬承振敬文斌新方旭昀昂昆昊明易星春昱晋晓晟景智晴暄曜曼月朗木杰松林柔柯栩格桢森楷欢正武毅永汉江沛沐治泓波泰洁洋洛浩海涵淳清渝湘源溪滢潇澜澄瀚灿炫烽然煊照熙燕爽玄玥玫珊珍琦琪琳琴瑞瑶璇璐瓒甜田畅白皓益真睿知石研磊礼祥福秀程穆空立章童端笑筠管米素紫红纬纯绍维缘美羽翊翔翰耀聪育胜舒航艺芊芙芳芷芹苏若英茂茗茜荣莉莎菁菲萌萍萱蓉蓝蔚蕾薇藤虹蝶行衡裕言誉语诗诚谦豪贝贞贤资赫超越跃路轩辉达迎远逸道邦郁醇金鑫铭锋锦镜长闻阳雄雅雪雯霖霞露青靖静韦韩韵顺颖飞香馨驰骏鸣鸿鹏鹤黎'.split(
    '',
  ),
);
/** Characters that cannot be the first given character (particles, pronouns, measure words). */
const NOT_GIVEN = new Set(
  '的了是在有和我你他她它们这那个不也都就要会能说到上下中里外后前来去过把被让给对从向与及或但而且因为所以如果虽然还又再很最更太已没无为之其此每各某些么吗呢吧啊呀哦嗯元块角分岁年月日时点号次件位名张条只本页层楼室栋期届份种类人等'.split(
    '',
  ),
);
/** Two-character words that start with a surname character and are usually not names. */
export const NOT_NAME = new Set(
  (
    '王国 王朝 常言 常识 常规 常务 常年 常态 王者 李子 张开 张贴 张家 刘海 陈旧 陈列 陈述 杨树 黄色 黄金 黄河 黄昏 赵国 吴国 周末 周年 周期 周围 周边 周一 周二 周三 周四 周五 周六 周日 周到 周转 徐徐 孙子 马上 马路 马车 马克 朱红 胡同 胡乱 郭外 何时 何处 何必 何况 何种 林业 林场 罗列 郑重 梁上 谢谢 谢意 宋朝 唐朝 韩国 韩元 冯河 邓小 曹操 彭湃 曾经 曾是 肖像 田地 田野 田间 董事 袁世 潘多 蒋介 蔡伦 杜绝 叶子 叶片 魏国 吕布 丁香 丁点 沈阳 姚明 卢布 姜汤 崔嵬 钟表 钟点 钟头 谭嗣 陆地 陆续 陆军 汪洋 范围 范例 范畴 廖若 贾宝 夏天 夏季 夏日 韦伯 邹城 孟子 熊猫 秦朝 秦国 邱吉 尹志 薛定 闫王 段落 段子 侯爵 龙头 龙门 陶瓷 黎明 贺卡 贺词 顾客 顾问 顾虑 毛病 毛巾 毛衣 毛泽 郝思 龚自 邵氏 钱包 钱财 严重 严格 严肃 严厉 覃塘 戴着 戴上 莫名 莫非 莫斯 孔子 孔雀 汤圆 汤匙 萧条 俞敏 高兴 高级 高速 高中 高考 高度 高温 高效 高端 高山 高原 高铁 方法 方面 方式 方向 方案 方便 方可 苏州 苏联 苏醒 程序 程度 余额 余下 于是 任务 任何 任意 任职 石头 石油 付款 付费 付出 白色 白天 白菜 江苏 江西 江南 雷达 史上 万元 万一 武汉 武器 向前 向上 常常 常见 常用 牛奶 温度 温暖 康复 施工 洪水 齐全 乔木 颜色 管理 关于 关系 关注 安全 安排 安装 安静 金额 金融 文化 文件 文章 文字 路上 路线 平安 平时 平台 华为 华人 岳父 岳母 单位 单号 房间 房子 乐观 季度 章程 车辆 车牌 车站 车主 尚未 包括 包装 鲁迅 连续 连接 甘肃 柳树 宁波 宁夏 易于 易懂 成本 成功 成为 明天 明白 明确 和平 左右 左边 申请 焦点 焦虑 翟宁 包含 殷切 艾滋 游戏 游客 霍乱 柴油 应该 时间 时候 容易 容量 舒服 舒适 费用 纪念 纪律 祝福 屈服 涂料 尤其 耿直 欧洲 欧元 盛大 骆驼 裴多 倪匡 詹姆 卓越 蒙古 岑溪 储存 储蓄 柯南 向东 苗条 桂林 池塘 蓝色 滕州 聂耳 褚遂 汲取 邢台 阎王 万里 任性 伍佰 乔治 庞大 易经 单元 房屋 华东 华南 华北 华中 华西 金属 金牛 文明 文艺 司机 平均 康乐 高管 高层 黄山 华山 嵩山 林荫 平方 平米 万米 万吨 石家 江山 金山 马鞍 卡号 ' +
    // Words starting with a surname of the rank list's first 180 beyond the first tuned list.
    '毕业 毕竟 梅花 童年 童装 凌晨 兰州 谷歌 曲线 辛苦 成都 成绩 成员 成立'
  ).split(' '),
);
/** Introducers: a name follows immediately. */
const INTRO = [
  '我叫',
  '名叫',
  '叫做',
  '姓名',
  '名字',
  '联系人',
  '收件人',
  '收货人',
  '寄件人',
  '患者',
  '病人',
  '客户',
  '用户',
  '员工',
  '学生',
  '申请人',
  '持卡人',
  '法人',
  '负责人',
  '户主',
  '家属',
  '投保人',
  '被保险人',
  '受益人',
  '借款人',
  '乘客',
  '旅客',
  '记者',
  '作者',
  '委托人',
  '代理人',
  '经办人',
  '签字人',
  '业主',
  '房东',
  '租客',
  '嫌疑人',
  '当事人',
  '证人',
  '老师',
  '同学',
  '同事',
  '医生',
  '护士',
  '经理',
  '主任',
  '教授',
  '先生',
  '女士',
  '室友',
  '朋友',
  '邻居',
  '司机',
  '丈夫',
  '妻子',
  '儿子',
  '女儿',
  '父亲',
  '母亲',
  '孩子',
  '队员',
  '选手',
  '叫',
  '车主',
  '总理',
  '主席',
  '书记',
  '部长',
  '省长',
  '市长',
  '县长',
  '局长',
  '校长',
  '院长',
  '董事长',
  '总经理',
  '总裁',
  '委员',
  '选手',
  '演员',
  '歌手',
  '球员',
  '教练',
  '网友',
  '村民',
  '居民',
  '市民',
  '本人',
  '户名',
  '代表人',
  '感谢',
  '谢谢',
  '恭喜',
  '祝贺',
  '通知',
  '邀请',
  '表扬',
  '推荐',
  '昨天',
  '今天',
  '明天',
  // Court and police documents (判决书, 笔录): the role directly precedes the (often redacted) name.
  '被告人',
  '被告',
  '原告',
  '上诉人',
  '申诉人',
  '被害人',
  '受害人',
  '报警人',
  '举报人',
  '罪犯',
  '审判员',
  '审判长',
  '书记员',
  '陪审员',
  '法官',
  '检察官',
  // Logistics, forums, notices.
  '派送员',
  '快递员',
  '配送员',
  '骑手',
  '楼主',
  '联系',
  '致电',
  '任命',
  '免去',
  '关于',
  '署名',
  '请问',
  '签名',
  '签字',
];
/** Right after the name: titles and kinship terms. */
const TITLES = [
  '先生',
  '女士',
  '小姐',
  '老师',
  '同学',
  '医生',
  '大夫',
  '教授',
  '经理',
  '总',
  '主任',
  '师傅',
  '阿姨',
  '叔叔',
  '同志',
  '律师',
  '博士',
  '院士',
  '书记',
  '局长',
  '处长',
  '科长',
  '部长',
  '校长',
  '院长',
  '董事长',
  '总裁',
  '护士',
  '警官',
  '女儿',
  '儿子',
  '夫妇',
  '客户',
  '会员',
  '用户',
  '家长',
];
/** Right after the name: verbs and particles that commonly follow a subject or object. */
const FOLLOW =
  '说是的在于已今和与、等来去到因被向从将会也都就还又拨电手身住家现性男女出年岁，,。.；;：:！!？?（(）) 　\t获表认告发负接购办提签联报入曾正刚要想把对给让所及或同跟打买卖问答笑哭写看听走坐站做用有没不很最先后再便并才即便请持主参两带讲问可应叫找担作当成收取交申领填租搬回离退开关知通介推帮陪随这那此经您你我他她们地得着了过啊吗呢吧';
/** Two-character words whose second character is a surname character. */
const ENDS_WORD = new Set(
  '感谢 多谢 致谢 答谢 代谢 凋谢 道谢 花费 消费 免费 收费 经费 学费 白白 明白 坦白 表白 空白 蛋白 黑白 告白 自由 理由 缘由 来由 经由 全部 大方 地方 对方 双方 东方 西方 南方 北方 官方 比方 平方 药方 配方 上方 下方 前方 后方 四方 八方 立方 远方 一方 各方 资金 现金 基金 奖金 租金 押金 黄金 美金 合金 五金 薪金 定金 佣金 年龄 高龄 青年 中年 老年 少年 成年 去年 今年 明年 往年 历年 常年 同年 当年 新年 过年 拜年'.split(
    ' ',
  ),
);
/** Left neighbours after which a name is plausible ("…的王超今天来"). */
const SOFT_LEFT = '的是给有将把让叫请被';
/**
 * A role noun ending in 人/员 right before a surname ("代理人", "业务员", "承办人") usually
 * introduces a name; weaker than the listed introducers because the role list is open.
 */
const ROLE_END = '人员者';
/** A candidate ending in a settlement or road word is a place: 陈家镇, 李家庄, 王村. */
const PLACE_END = '村乡镇县市省区路街屯寨庄堡';
let shortDivisionNames: Set<string> | undefined;
/**
 * Short names of GB/T 2260 cities and counties (万宁, 高邮, 金华): a name-shaped word that is a
 * place name needs more evidence than the name statistics alone. Built once, lazily.
 */
function isDivisionName(s: string): boolean {
  if (!shortDivisionNames) {
    const r = divisionNames();
    shortDivisionNames = new Set();
    for (const n of [...r.cities.values(), ...r.areas.values()]) {
      const short = n.replace(/(?:市|县|区|地区|盟|旗)$/, '');
      if (short.length >= 2 && short.length <= 3) shortDivisionNames.add(short);
    }
  }
  return shortDivisionNames.has(s);
}
/** A last given-name character that is itself a particle or conjunction is rather the next word. */
const WEAK_LAST = new Set('和与及跟同说是在的了给对把被让向从于也都就还又等'.split(''));
const LEFT_OK = '，,。.；;：:！!？?、（(）)“”"\'《》【】[] 　\t和与及跟同给找由向被请让对把是叫为-—/|';

const NAME_CONTEXT: ContextSpec = {
  words: [
    '姓名',
    '名字',
    '联系人',
    '收件人',
    '患者',
    'name',
    'contact',
    'patient',
    'customer',
    'dear',
    'mr',
    'ms',
    'mrs',
    'dr.',
  ],
  before: 20,
};

function startsWithAny(text: string, at: number, words: readonly string[]): string | undefined {
  for (const w of words) if (text.startsWith(w, at)) return w;
  return undefined;
}
const INTRO_SET = new Set(INTRO);
/** The introducer word ending `s`, checked by suffix length instead of scanning the word list. */
function introBefore(s: string): string | undefined {
  for (let k = Math.min(5, s.length); k >= 1; k--) {
    const w = s.slice(s.length - k);
    if (INTRO_SET.has(w)) return w;
  }
  return undefined;
}
const isHan = (c: string | undefined) => c !== undefined && c >= '\u4e00' && c <= '\u9fff';

interface Candidate {
  start: number;
  end: number;
  score: number;
}

/** Score the Chinese candidate text[start, start+sl+gl). */
/** Placeholder names of Chinese examples and redacted reports (张三, 李四, 王某, 张某某). */
const PLACEHOLDER = /^(?:张三|李四|王五|赵六|孙七|周八|吴九|郑十)$/;
/** A numeral and a classifier for people after a list of names: "…、宋思远三位同事", "两名". */
const COUNT_NUM = '一二三四五六七八九十两几';
const COUNT_CLS = '位名人个';

function scoreChinese(
  text: string,
  start: number,
  sl: number,
  gl: number,
  prior: number,
  leftScore: number,
): number {
  const end = start + sl + gl;
  if (end > text.length) return 0;
  let score = 0.15 + prior + leftScore;
  const given = text.slice(start + sl, end);
  // A redacted name (张某某) is a name whatever follows it ("被告人张某某驾驶…"); "张某" directly
  // followed by another 某 is the prefix of one.
  if (given === '某某') return score + 0.35 + 0.15;
  if (given === '某' && text[end] === '某') return 0;
  if (given === '某' || PLACEHOLDER.test(text.slice(start, end))) score += 0.35;
  for (let k = 0; k < gl; k++) {
    const ch = text[start + sl + k];
    if (!isHan(ch)) return 0;
    if (k === 0 && NOT_GIVEN.has(ch) && ch !== '某') return 0;
    score += GIVEN.has(ch) ? 0.12 : -0.08;
    if (k === gl - 1 && gl === 2 && WEAK_LAST.has(ch)) score -= 0.35;
  }
  // "李子" is a plum, "李子涵" a name: a word reading weighs less when a third character follows.
  if (sl === 1 && NOT_NAME.has(text.slice(start, start + 2))) score -= gl === 1 ? 0.45 : 0.2;
  if (gl === 2 && NOT_NAME.has(text.slice(start + sl, start + sl + 2))) score -= 0.3;
  const next = text[end];
  if (next === undefined) score += 0.15;
  else if (startsWithAny(text, end, TITLES)) score += 0.3;
  else if (
    FOLLOW.includes(next) ||
    !isHan(next) ||
    (COUNT_NUM.includes(next) && COUNT_CLS.includes(text[end + 1] ?? ' '))
  )
    score += 0.15;
  else score -= 0.25;
  return score;
}

/**
 * Per-character class over the CJK block, so the scan costs one array read per character:
 * 1 frequent surname, 2 surname that is also a common word, 4 first character of a compound
 * surname (bit flags).
 */
const CLASS = new Uint8Array(0x9fff - 0x4e00 + 1);
for (const c of COMMON) CLASS[c.charCodeAt(0) - 0x4e00] |= 1;
for (const c of OTHER) if (!(CLASS[c.charCodeAt(0) - 0x4e00] & 1)) CLASS[c.charCodeAt(0) - 0x4e00] |= 2;
for (const c of COMPOUND) CLASS[c.charCodeAt(0) - 0x4e00] |= 4;
const COMPOUND_SET = new Set(COMPOUND);

function bestAt(text: string, i: number, sl: number, prior: number, left: number): { gl: number; s: number } {
  const s3 = scoreChinese(text, i, sl, 2, prior, left);
  const s2 = scoreChinese(text, i, sl, 1, prior, left);
  return s3 >= s2 ? { gl: 2, s: s3 } : { gl: 1, s: s2 };
}

/** "小李", "老王": a common surname after 小/老, standing alone. */
function findNicknames(text: string, out: Candidate[]): void {
  for (let i = text.indexOf('小'), k = 0; k < 2; k++, i = text.indexOf('老')) {
    const ch = k === 0 ? '小' : '老';
    for (; i >= 0; i = text.indexOf(ch, i + 1)) {
      const s = text.charCodeAt(i + 1);
      if (s < 0x4e00 || s > 0x9fff || !(CLASS[s - 0x4e00] & 1)) continue;
      const prev = text[i - 1];
      const next = text[i + 2];
      const leftOk =
        prev === undefined ||
        !isHan(prev) ||
        LEFT_OK.includes(prev) ||
        SOFT_LEFT.includes(prev) ||
        introBefore(text.slice(Math.max(0, i - 5), i)) !== undefined;
      const rightOk =
        next === undefined ||
        !isHan(next) ||
        FOLLOW.includes(next) ||
        startsWithAny(text, i + 2, TITLES) !== undefined;
      if (leftOk && rightOk) out.push({ start: i, end: i + 2, score: 0.6 });
    }
  }
}

function findChinese(text: string, out: Candidate[]): void {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00 || code > 0x9fff) continue;
    const cls = CLASS[code - 0x4e00];
    if (cls === 0) continue;
    let sl = 0;
    let prior = 0;
    if (cls & 4 && COMPOUND_SET.has(text.slice(i, i + 2))) {
      sl = 2;
      prior = 0.2;
    } else if (cls & 1) {
      sl = 1;
      prior = 0.1;
    } else if (cls & 2) {
      sl = 1;
      prior = -0.05;
    } else continue;
    // Cheap rejection: the next character must be Han and allowed as a given-name start.
    const g1 = text[i + sl];
    if (!isHan(g1) || (NOT_GIVEN.has(g1) && g1 !== '某')) continue;
    const prev = text[i - 1];
    const before = text.slice(Math.max(0, i - 5), i);
    const intro = introBefore(before);
    // "刘女士", "王老师": a surname and a title, no given name to report.
    if (startsWithAny(text, i + sl, TITLES) !== undefined) continue;
    let left = 0;
    if (intro) left = 0.3;
    else if (prev === undefined || LEFT_OK.includes(prev) || !isHan(prev)) left = 0.15;
    else if (ROLE_END.includes(prev)) left = 0.15;
    else if (SOFT_LEFT.includes(prev)) left = 0.05;
    else left = -0.1;
    // The surname character closes a word ("谢谢", "感谢", "黄金"): it does not start a name.
    if (i > 0 && (NOT_NAME.has(text.slice(i - 1, i + 1)) || ENDS_WORD.has(text.slice(i - 1, i + 1))))
      left -= 0.3;
    const best = bestAt(text, i, sl, prior, left);
    if (best.s <= 0.3) continue;
    const candEnd = i + sl + best.gl;
    if (PLACE_END.includes(text[candEnd - 1])) best.s -= 0.3;
    else if (isDivisionName(text.slice(i, candEnd))) best.s -= 0.15;
    if (best.s <= 0.3) continue;
    // "感谢田敏": if a name starting one character later explains the text better, skip this one.
    if (sl === 1 && i + 1 < n) {
      const c2 = text.charCodeAt(i + 1);
      const cls2 = c2 >= 0x4e00 && c2 <= 0x9fff ? CLASS[c2 - 0x4e00] : 0;
      if (cls2 & 3) {
        const intro2 = introBefore(text.slice(Math.max(0, i - 4), i + 1)) ? 0.3 : -0.1;
        const next = bestAt(text, i + 1, 1, cls2 & 1 ? 0.1 : -0.05, intro2);
        if (next.s > best.s + 0.05) continue;
      }
    }
    // Overlapping candidates ("车主胡军": 车 is a surname too) are all kept; overlap resolution
    // keeps the best.
    out.push({ start: i, end: i + sl + best.gl, score: Math.min(0.95, best.s) });
  }
}

const FIRST_EN = new Set(
  'james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori tom tim jim bob bill mike dave steve chris tony sam ben max lucy kate jane amelia mia ella chloe zoe oliver harry leo lily ruby jessie tina lee lucas liam mason sophie sofia ella ava isla freya poppy alfie archie harvey charlie jake luke ryan connor callum ian neil colin stuart graham simon martin alex alexandra vanessa monica erica jenny joanna fiona claire caroline rose eva nina irene vivian wendy cindy amanda tracy eric ivan victor felix oscar hugo leon adrian vincent tommy andy jimmy danny sunny kelvin calvin alvin edwin derek frankie winnie fanny ada'.split(
    ' ',
  ),
);
const PINYIN_SURNAMES = new Set(
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lu ding ren shen yao lu cui zhong tan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao gu mao hao gong shao wan qian dai mo kong xiang ouyang situ zhuge shangguan'.split(
    ' ',
  ),
);
const PINYIN_SYL =
  /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)){1,2}$/;
const NOT_NAME_EN = new Set(
  'street road avenue lane university college school company inc ltd corp group bank hospital china beijing shanghai city province district county building tower park center centre hotel airport station the and of for monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(
    ' ',
  ),
);
/**
 * Two-word place names in Cantonese/pinyin romanisation that look like "surname + given name"
 * (Hong Kong, Macau and mainland districts common in addresses).
 */
const PLACE_EN = new Set([
  'hong kong',
  'wan chai',
  'mong kok',
  'sha tin',
  'tai po',
  'kwun tong',
  'tsuen wan',
  'yuen long',
  'tuen mun',
  'chai wan',
  'sai kung',
  'tai koo',
  'kowloon tong',
  'kowloon city',
  'sheung wan',
  'tsim sha',
  'sham shui',
  'wong tai',
  'kwai chung',
  'tung chung',
  'ma on',
  'lai chi',
  'tai wai',
  'xi an',
  'pu dong',
  'hai dian',
  'chao yang',
  'tian he',
  'nan shan',
  'fu tian',
  'lo wu',
  'san po',
]);
const RE_TITLE =
  /\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Madam)\.?[ \t]+([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:[ \t]+[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)?)/g;
const RE_CAP2 = /\b([A-Z][a-z]+)([ \t]+[A-Z]\.)?[ \t]+([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)\b/g;
/** A single first name after a greeting: "Hi Emily,". */
const RE_GREETING = /\b(?:Hi|Hello|Dear|Hey|Thanks|Thank you),?[ \t]+([A-Z][a-z]+)\b/g;
/** Introducers strong enough to take any two capitalised words for a name ("name is Priya Patel"). */
const EN_STRONG =
  /(?:name is|name:|my name's|patient|applicant|employee|cardholder|signed by|dear|姓名[:：]?|联系人[:：]?)[:：]?[ \t]*$/i;
const EN_INTRO =
  /(?:name is|name:|i am|i'm|contact|patient|customer|dear|signed by|by|from|to|with|called)[ \t]*$/i;

function findEnglish(text: string, out: Candidate[]): void {
  for (const m of execAll(RE_TITLE, text)) {
    const s = m.index + m[0].length - m[1].length;
    out.push({ start: s, end: s + m[1].length, score: 0.85 });
  }
  for (const m of execAll(RE_GREETING, text)) {
    if (!FIRST_EN.has(m[1].toLowerCase())) continue;
    const st = m.index + m[0].length - m[1].length;
    out.push({ start: st, end: st + m[1].length, score: 0.7 });
  }
  RE_CAP2.lastIndex = 0;
  for (let m = RE_CAP2.exec(text); m; m = RE_CAP2.exec(text)) {
    // On a miss, retry from the second word so "Contact John Smith" still finds "John Smith".
    RE_CAP2.lastIndex = m.index + m[1].length + 1;
    const a = m[1].toLowerCase();
    const b = m[3].toLowerCase();
    if (NOT_NAME_EN.has(a) || NOT_NAME_EN.has(b) || PLACE_EN.has(`${a} ${b}`)) continue;
    let score = 0;
    if (FIRST_EN.has(a)) score = 0.75;
    else if (PINYIN_SURNAMES.has(a) && PINYIN_SYL.test(b)) score = 0.7;
    else if (PINYIN_SYL.test(a) && PINYIN_SURNAMES.has(b)) score = 0.65;
    else if (EN_STRONG.test(text.slice(Math.max(0, m.index - 16), m.index))) score = 0.55;
    else continue;
    if (EN_INTRO.test(text.slice(Math.max(0, m.index - 14), m.index))) score += 0.15;
    out.push({ start: m.index, end: m.index + m[0].length, score: Math.min(0.95, score) });
    RE_CAP2.lastIndex = m.index + m[0].length;
  }
}

export const personNameDetector: Detector = {
  type: 'PERSON_NAME',
  languages: ['zh', 'en'],
  find(text: string): Finding[] {
    const cands: Candidate[] = [];
    findChinese(text, cands);
    if (text.includes('小') || text.includes('老')) findNicknames(text, cands);
    if (/[A-Z][a-z]/.test(text)) findEnglish(text, cands);
    const out: Finding[] = [];
    for (const c of cands) {
      let score = c.score;
      const b = windowBefore(text, c.start, NAME_CONTEXT.before ?? 20);
      const ctx = NAME_CONTEXT.words.find((w) => b.includes(w));
      if (ctx) score = Math.min(1, score + 0.15);
      out.push({
        type: 'PERSON_NAME',
        start: c.start,
        end: c.end,
        score: Math.round(score * 1000) / 1000,
        detector: 'person-name',
        explanation: `surname, given-name characters and surrounding words${ctx ? `; context word "${ctx}"` : ''}`,
      });
    }
    return out;
  },
};
