/**
 * Name frequency tables for the synthetic person generator. Each entry is `character(s)` +
 * romanisation (used to build plausible e-mail handles) + weight.
 */

/**
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
export const COMPOUND_SURNAMES = `
欧阳ouyang0.080 司徒situ0.012 皇甫huangfu0.006 上官shangguan0.004 司马sima0.004 诸葛zhuge0.004
东方dongfang0.002 令狐linghu0.002 夏侯xiahou0.002 端木duanmu0.002 慕容murong0.001 尉迟yuchi0.001
公孙gongsun0.001 长孙zhangsun0.001 宇文yuwen0.001 南宫nangong0.001 西门ximen0.001 闻人wenren0.001
呼延huyan0.001 万俟moqi0.0005
`;

/**
 * Given-name characters by sex and birth generation. The MPS name reports show strong fashions:
 * 建国/建华/秀英/桂兰 for people born before the mid-1960s, 伟/磊/静/丽 for the 1970s-80s,
 * 子轩/浩宇/梓涵/欣怡 for those born after 1990.
 */
export const GIVEN = {
  male: {
    old: '建jian 国guo 华hua 明ming 军jun 伟wei 强qiang 平ping 东dong 海hai 林lin 文wen 志zhi 德de 福fu 贵gui 生sheng 荣rong 兴xing 忠zhong 庆qing 祥xiang 兵bing 金jin 宝bao 山shan 发fa 春chun 永yong 成cheng 水shui 长chang 根gen 友you 胜sheng 玉yu 清qing 洪hong 学xue 正zheng 茂mao 树shu 富fu 民min 新xin 光guang 卫wei 红hong',
    mid: '伟wei 磊lei 军jun 勇yong 杰jie 涛tao 斌bin 超chao 明ming 刚gang 平ping 辉hui 鹏peng 华hua 飞fei 鑫xin 波bo 峰feng 亮liang 强qiang 健jian 俊jun 凯kai 宁ning 龙long 林lin 阳yang 彬bin 毅yi 翔xiang 坤kun 松song 江jiang 海hai 东dong 新xin 立li 光guang 志zhi 文wen 永yong 晓xiao 小xiao 建jian 卫wei 宏hong 金jin 兵bing 浩hao 宇yu',
    young:
      '子zi 轩xuan 浩hao 宇yu 博bo 睿rui 泽ze 晨chen 铭ming 昊hao 天tian 航hang 然ran 瑞rui 霖lin 锦jin 一yi 皓hao 逸yi 楷kai 诚cheng 俊jun 杰jie 鑫xin 豪hao 梓zi 文wen 哲zhe 奕yi 宸chen 煜yu 嘉jia 明ming 思si 佳jia 雨yu 辰chen 涛tao 鹏peng 阳yang 磊lei 帅shuai 旭xu 凯kai 翔xiang 宁ning 伟wei 超chao',
  },
  female: {
    old: '秀xiu 英ying 兰lan 芳fang 珍zhen 玉yu 桂gui 凤feng 淑shu 华hua 丽li 梅mei 红hong 琴qin 霞xia 云yun 春chun 金jin 翠cui 素su 莲lian 荣rong 美mei 慧hui 敏min 菊ju 花hua 月yue 爱ai 萍ping 淑shu 香xiang 娥e 秋qiu 芬fen 彩cai 兰lan 琼qiong',
    mid: '丽li 静jing 敏min 燕yan 艳yan 娟juan 霞xia 玲ling 芳fang 红hong 梅mei 丹dan 萍ping 洁jie 琳lin 莉li 颖ying 婷ting 慧hui 雪xue 晶jing 倩qian 娜na 璐lu 蕾lei 琴qin 佳jia 晓xiao 小xiao 欣xin 媛yuan 文wen 海hai 春chun 玉yu 雅ya 凤feng 岚lan 薇wei 月yue',
    young:
      '欣xin 怡yi 涵han 萱xuan 雨yu 诗shi 梓zi 可ke 晴qing 悦yue 彤tong 琪qi 瑶yao 妍yan 思si 嘉jia 梦meng 馨xin 子zi 一yi 佳jia 雅ya 婷ting 若ruo 依yi 语yu 紫zi 晨chen 宁ning 安an 诺nuo 蕊rui 菲fei 雯wen 月yue 雪xue 颖ying 琳lin 乐le 婧jing',
  },
};

/**
 * Uyghur/Kazakh names are transliterated "given·father's name"; Tibetan names are two common
 * two-syllable name elements. Used for people whose generated ethnicity is 维吾尔/哈萨克/
 * 柯尔克孜/乌孜别克/塔吉克/塔塔尔 or 藏/门巴, whose names do not follow Han surname patterns.
 */
export const TURKIC = {
  male: '艾力aili 买买提maimaiti 阿不都abudu 艾尔肯aierken 努尔nuer 吐尔逊tuerxun 热合曼reheman 依明yiming 麦麦提maimaiti 阿里木alimu 帕尔哈提paerhati 艾克拜尔aikebaier 伊力哈木yilihamu 阿布来提abulaiti 吾斯曼wusiman 叶尔兰yeerlan 努尔兰nuerlan 别克bieke 哈那提hanati 赛力克sailike 亚森yasen 肉孜rouzi 卡德尔kadeer 阿迪力adili',
  female:
    '古丽guli 阿依古丽ayiguli 热依拉reyila 帕提古丽patiguli 迪丽努尔dilinuer 阿依努尔ayinuer 米热古丽miereguli 祖丽菲亚zulifeiya 努尔古丽nuerguli 海力且姆hailiqiemu 阿依达娜ayidana 古丽娜尔gulinaer 再努尔zainuer 阿丽米热alimire 布维buwei 玛依拉mayila',
};
export const TIBETAN = {
  male: '扎西zhaxi 次仁ciren 多吉duoji 格桑gesang 达瓦dawa 尼玛nima 平措pingcuo 顿珠dunzhu 旺堆wangdui 洛桑luosang 索朗suolang 强巴qiangba 罗布luobu 普布pubu 边巴bianba 丹增danzeng',
  female:
    '卓玛zhuoma 央金yangjin 拉姆lamu 德吉deji 次仁ciren 格桑gesang 白玛baima 曲珍quzhen 措姆cuomu 旺姆wangmu 尼玛nima 达瓦dawa 央宗yangzong 普赤puchi',
};

export interface NameEntry {
  text: string;
  latin: string;
  weight: number;
}

/** Parse "字pinyin1.23 字pinyin" lists; entries without a number get weight 1. */
export function parseEntries(src: string): NameEntry[] {
  const out: NameEntry[] = [];
  for (const tok of src.split(/\s+/)) {
    if (!tok) continue;
    const m = /^([^\x00-\x7f]+)([a-z]+)([\d.]*)$/.exec(tok);
    if (!m) throw new Error(`bad name table entry: ${tok}`);
    out.push({ text: m[1], latin: m[2], weight: m[3] ? Number(m[3]) : 1 });
  }
  return out;
}
