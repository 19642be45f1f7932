/**
 * Compound (two-character) surnames, 复姓: the 百家姓 list of compound surnames and those still
 * in use (欧阳 ≈ 1.1 million holders, 司马, 上官, 诸葛 ...). A name starting with one keeps both
 * characters as its surname (欧阳娜娜 → 欧阳 + 娜娜) when it is masked.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 澹台 公冶 端木 独孤 ' +
    '南宫 西门 百里 呼延 太史 申屠 闻人 赫连 拓跋 万俟 司空 第五 东郭 濮阳 单于 淳于 仲孙 左丘 梁丘 ' +
    '谷梁 宰父 乐正 壤驷 公良 漆雕 巫马 公西 颛孙 羊舌 微生 段干 亓官 司寇 子车 鲜于 闾丘 东门 公羊'
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
