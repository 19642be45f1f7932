import type { Hierarchy } from './hierarchy.js';

/**
 * What a generalization level means, in words a person can check against the output:
 * `level 3 of 5 = bands of 20, e.g. [20, 40)`, `level 4 of 4 = *`, `level 0 of 3 = original values`.
 * Builders name their levels (Hierarchy.levelNames); for ARX files the number of groups stands in.
 * The example is a label of that level (a generalized value, never a level-0 cell value).
 */
export function describeLevel(h: Hierarchy, level: number): string {
  const top = h.maps.length - 1;
  const head = `level ${level} of ${top}`;
  if (level === 0) return `${head} = original values`;
  const labels = h.labels[level] ?? [];
  if (labels.length === 1) return `${head} = ${labels[0]}`;
  const name = h.levelNames?.[level];
  const what = name ? prettyLevelName(name) : `${labels.length} groups`;
  return `${head} = ${what}, e.g. ${exampleLabel(labels)}`;
}

/** Builder step names ("10", "mask2", "macro:seven", "decade") as a reader says them. */
export function prettyLevelName(name: string): string {
  if (/^[0-9.,]+$/.test(name)) return `bands of ${name}`;
  const mask = /^mask(\d+)$/.exec(name);
  if (mask) return `last ${mask[1]} character${mask[1] === '1' ? '' : 's'} masked`;
  const macro = /^macro:(\w+)$/.exec(name);
  if (macro) return `macro-region (${macro[1]} regions scheme)`;
  return name;
}

/** A label from the middle of the level (the first is often an edge case such as "[0, 5)"). */
function exampleLabel(labels: readonly string[]): string {
  const real = labels.filter((l) => l !== '*');
  const pick = real.length > 0 ? real : labels;
  return pick[Math.floor(pick.length / 2)];
}
