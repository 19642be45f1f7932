/**
 * Compound (two-character) surnames, 复姓: the 百家姓 list of compound surnames and those still
 * in use (欧阳 ≈ 1.1 million holders, 司马, 上官, 诸葛 ...). A name starting with one keeps both
 * characters as its surname (欧阳娜娜 → 欧阳 + 娜娜) when it is masked.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 澹台 公冶 端木 独孤 ' +
    '南宫 西门 百里 呼延 太史 申屠 闻人 赫连 拓跋 万俟 司空 第五 东郭 濮阳 单于 淳于 仲孙 左丘 梁丘 ' +
    '谷梁 宰父 乐正 壤驷 公良 漆雕 巫马 公西 颛孙 羊舌 微生 段干 亓官 司寇 子车 鲜于 闾丘 东门 公羊 宗政'
  ).split(' '),
);

/**
 * Split a Chinese name into surname and given name: a compound surname when the name starts with
 * one and has a given name after it, else the first character. Undefined for a single character.
 */
export function splitChineseName(name: string): { surname: string; given: string } | undefined {
  const chars = Array.from(name);
  if (chars.length < 2) return undefined;
  const two = chars[0] + chars[1];
  const n = COMPOUND_SURNAMES.has(two) && chars.length >= 3 ? 2 : 1;
  return { surname: chars.slice(0, n).join(''), given: chars.slice(n).join('') };
}

/**
 * Single-character surnames, most frequent first: the ranking of 公安部《二〇二〇年全国姓名报告》
 * (2020 national name report) as the NER features took it (253 characters), with the surnames of
 * the 2007 share table below that it lacks (傅 赖 洪 储 官 占 粟) inserted at their 2007 rank, and
 * the variant forms 萧 and 阎 right after 肖 and 闫, under which the reports count them. The one surname list: the rule-based name detector
 * (detect/person-name.ts) and fake names (transform/fake.ts) select from it by rank.
 * src/detect/ner/features.ts keeps a frozen copy of the first 253: the shipped model's features
 * were computed with it, so it must not follow edits here.
 */
export const SURNAMES_BY_FREQUENCY: readonly string[] = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖萧田董傅袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴赖莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申洪欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛储靳管柴蒙鲍华喻祁蒲房滕屈官饶解牟艾尤阳时穆农司卓古吉缪简车占粟项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
);

/**
 * The share table, for the synthetic person generator (src/sample): each entry is `character(s)` +
 * romanisation (used to build plausible e-mail handles) + share in percent.
 *
 * Top-100 single-character surnames with their share of the population in percent.
 * Source: Ministry of Public Security household-registration surname statistics (April 2007,
 * as tabulated in Wikipedia "List of common Chinese surnames"), ranking cross-checked against
 * the MPS 二〇一九年/二〇二〇年全国姓名报告 (2019/2020 national name reports: 王 ≈ 1.015 亿,
 * 李 ≈ 1.009 亿, 张 ≈ 9,540 万, 刘 ≈ 7,210 万, 陈 ≈ 6,540 万 of ≈ 14 亿). The top 100 cover
 * ≈ 86 % of the population; shares below rank ~30 are rounded to 0.01 %.
 */
export const TOP_SURNAMES = `
王wang7.25 李li7.19 张zhang6.83 刘liu5.38 陈chen4.53 杨yang3.08 赵zhao2.29 黄huang2.23 周zhou2.12 吴wu2.05
徐xu1.67 孙sun1.54 胡hu1.31 朱zhu1.26 高gao1.21 林lin1.18 何he1.17 郭guo1.15 马ma1.05 罗luo0.86
梁liang0.84 宋song0.81 郑zheng0.78 谢xie0.72 韩han0.68 唐tang0.65 冯feng0.64 于yu0.62 董dong0.61 肖xiao0.59
程cheng0.57 曹cao0.57 袁yuan0.54 邓deng0.54 许xu0.54 傅fu0.51 沈shen0.50 曾zeng0.50 彭peng0.49 吕lv0.47
苏su0.46 卢lu0.46 蒋jiang0.46 蔡cai0.44 贾jia0.42 丁ding0.42 魏wei0.41 薛xue0.40 叶ye0.40 闫yan0.39
余yu0.38 潘pan0.38 杜du0.37 戴dai0.36 夏xia0.36 钟zhong0.35 汪wang0.35 田tian0.35 任ren0.34 姜jiang0.34
范fan0.33 方fang0.33 石shi0.32 姚yao0.32 谭tan0.31 廖liao0.31 邹zou0.30 熊xiong0.30 金jin0.29 陆lu0.29
郝hao0.28 孔kong0.28 白bai0.28 崔cui0.27 康kang0.27 毛mao0.27 邱qiu0.26 秦qin0.26 江jiang0.25 史shi0.25
顾gu0.25 侯hou0.25 邵shao0.24 孟meng0.24 龙long0.24 万wan0.23 段duan0.23 雷lei0.23 钱qian0.22 汤tang0.22
尹yin0.21 黎li0.21 易yi0.21 常chang0.21 武wu0.20 乔qiao0.20 贺he0.20 赖lai0.20 龚gong0.20 文wen0.19
`;
/**
 * Surnames ranked roughly 101-200 (same sources). The published tables give only ranks here, so
 * shares fall linearly from 0.18 % to 0.05 % (≈ 11.5 % in all), which matches the size of the
 * band in the 2007 MPS statistics; the very long tail of rarer surnames is folded into it.
 */
export const TAIL_SURNAMES = `
付fu 覃qin 韦wei 莫mo 向xiang 陶tao 严yan 牛niu 温wen 俞yu 章zhang 鲁lu 葛ge 伍wu 申shen 尤you 毕bi 聂nie
柴chai 焦jiao 柳liu 邢xing 岳yue 齐qi 梅mei 殷yin 庞pang 倪ni 洪hong 包bao 耿geng 牟mou 施shi 单shan 凌ling
蓝lan 管guan 童tong 祝zhu 涂tu 路lu 喻yu 甘gan 卞bian 纪ji 左zuo 骆luo 翟zhai 蒙meng 关guan 欧ou 苗miao 舒shu
阮ruan 盛sheng 兰lan 晏yan 项xiang 车che 芦lu 霍huo 裴pei 宁ning 吉ji 景jing 柏bai 祁qi 詹zhan 储chu 卜bu 桂gui
谷gu 尚shang 宫gong 戚qi 滕teng 宗zong 冉ran 刁diao 巫wu 窦dou 官guan 穆mu 全quan 华hua 符fu 闵min 商shang
房fang 季ji 褚chu 屈qu 查zha 成cheng 鲍bao 饶rao 解xie 麦mai 占zhan 粟su
`;
/**
 * Compound (two-character) surnames with shares in percent. 欧阳 is by far the most common
 * (≈ 110 万 holders, ≈ 0.08 %); the others are each a few tens of thousands of people or fewer,
 * so together compound surnames stay near 0.13 % of the population.
 */
export const COMPOUND_SURNAME_SHARES = `
欧阳ouyang0.080 司徒situ0.012 皇甫huangfu0.006 上官shangguan0.004 司马sima0.004 诸葛zhuge0.004
东方dongfang0.002 令狐linghu0.002 夏侯xiahou0.002 端木duanmu0.002 慕容murong0.001 尉迟yuchi0.001
公孙gongsun0.001 长孙zhangsun0.001 宇文yuwen0.001 南宫nangong0.001 西门ximen0.001 闻人wenren0.001
呼延huyan0.001 万俟moqi0.0005
`;
