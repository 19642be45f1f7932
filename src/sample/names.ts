/**
 * Given-name frequency tables for the synthetic person generator (the surname share table is in
 * src/china/surnames.ts). Each entry is `character(s)` + romanisation (used to build plausible
 * e-mail handles) + weight.
 */

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
