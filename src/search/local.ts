import type { FrequencyTable } from '../core/table.js';
import { WumingError } from '../errors.js';
import type { ClassView } from '../metrics/metric.js';
import { modelContext } from '../privacy/evaluate.js';
import type { ClassStats, PrivacyModel } from '../privacy/model.js';

export interface LocalRecodingResult {
  /** The recoded table as the metrics see it (per-class levels, classOf per frequency row). */
  view: ClassView;
  /** Partitions produced before merging identical generalized tuples. */
  partitions: number;
}

/**
 * Local recoding by top-down specialization over the hierarchies (in the spirit of Mondrian,
 * LeFevre et al. 2006, with hierarchy levels as cut points): start with every record fully
 * generalized in one partition; repeatedly specialize a partition on one column by one level,
 * splitting it into the groups of the finer value. Groups that satisfy every model become new
 * partitions; groups that do not stay together at the coarser value (a remainder partition) —
 * the split is taken only if that remainder also satisfies the models. Among the columns, the
 * one that reduces ARX's Loss the most is taken. Different partitions may end at different
 * levels of the same column, which is what lets local recoding keep more detail than any single
 * full-domain transformation. Every partition satisfies the models at all times, and merging
 * partitions that print the same (models monotonic with generalization) keeps them satisfied.
 * Nothing is suppressed.
 */
export function localRecoding(
  table: FrequencyTable,
  models: readonly PrivacyModel[],
  _opts: { suppression?: number } = {},
): LocalRecodingResult {
  const unsupported = models.filter((m) => !m.supportsLocalRecoding || !m.monotonicWithGeneralization);
  if (unsupported.length > 0) {
    throw new WumingError(
      'NO_LOCAL_RECODING',
      `local recoding does not support ${unsupported.map((m) => m.label).join(', ')}`,
      {
        kind: 'usage',
      },
    );
  }
  const d = table.qi.length;
  const H = table.hierarchies;
  const ctx = modelContext(table);
  const checks = models.map((m) => m.prepare(ctx));
  const minSize = Math.max(1, ...models.map((m) => m.minClassSize ?? 1));
  const domain = ctx.sensitive?.domain ?? 0;
  const hist = new Float64Array(domain);
  const touched = new Int32Array(domain);
  const freqs = new Float64Array(domain);
  const stats: ClassStats = { count: 0, publicCount: Number.NaN };
  const passes = (rows: ArrayLike<number>, len: number): boolean => {
    let count = 0;
    let pub = 0;
    for (let j = 0; j < len; j++) {
      count += table.counts[rows[j]];
      if (table.publicCounts) pub += table.publicCounts[rows[j]];
    }
    if (count < minSize) return false;
    stats.count = count;
    stats.publicCount = table.publicCounts ? pub : Number.NaN;
    if (table.sensitive) {
      const codes = table.sensitive.codes;
      let size = 0;
      for (let j = 0; j < len; j++) {
        const r = rows[j];
        const cnt = table.counts[r];
        if (cnt === 0) continue;
        const s = codes[r];
        if (hist[s] === 0) touched[size++] = s;
        hist[s] += cnt;
      }
      for (let i = 0; i < size; i++) {
        freqs[i] = hist[touched[i]];
        hist[touched[i]] = 0;
      }
      stats.sensitive = { size, codes: touched, freqs };
    }
    for (const c of checks) if (!c(stats)) return false;
    return true;
  };
  // Loss share of a generalized value (hierarchy rows under it / hierarchy rows), per column and level.
  const share = H.map((h) =>
    h.maps.map((map, L) => {
      const s = new Float64Array(h.labels[L].length);
      for (let leaf = 0; leaf < map.length; leaf++) s[map[leaf]] += 1 / map.length;
      return s;
    }),
  );
  const allRows = new Int32Array(table.rows);
  for (let r = 0; r < table.rows; r++) allRows[r] = r;
  const top = Int32Array.from(H, (h) => h.maps.length - 1);
  if (!passes(allRows, allRows.length)) {
    throw new WumingError(
      'NO_SOLUTION',
      'even the fully generalized table does not satisfy the privacy models',
      {
        kind: 'policy',
      },
    );
  }
  type Part = { rows: Int32Array; levels: Int32Array };
  const work: Part[] = [{ rows: allRows, levels: top }];
  const done: Part[] = [];
  while (work.length > 0) {
    const p = work.pop()!;
    let best: { gain: number; i: number; groups: Int32Array[]; rest: Int32Array } | undefined;
    for (let i = 0; i < d; i++) {
      const L = p.levels[i];
      if (L === 0) continue;
      const map = H[i].maps[L - 1];
      const codes = table.codes[i];
      // Group the partition's rows by their value one level down.
      const byCode = new Map<number, number[]>();
      for (const r of p.rows) {
        const g = map[codes[r]];
        let a = byCode.get(g);
        if (!a) {
          a = [];
          byCode.set(g, a);
        }
        a.push(r);
      }
      let groups: Int32Array[] = [];
      let gains: number[] = [];
      const rest: number[] = [];
      let gain = 0;
      for (const [g, rows] of byCode) {
        const arr = Int32Array.from(rows);
        if (passes(arr, arr.length)) {
          groups.push(arr);
          let cnt = 0;
          for (const r of rows) cnt += table.counts[r];
          const parent = H[i].maps[L][codes[rows[0]]];
          const gg = cnt * (share[i][L][parent] - share[i][L - 1][g]);
          gains.push(gg);
          gain += gg;
        } else for (const r of rows) rest.push(r);
      }
      if (groups.length === 0) continue;
      let restArr = Int32Array.from(rest);
      if (restArr.length > 0 && !passes(restArr, restArr.length)) {
        // The groups that fail alone stay at the coarser value; when together they still fail,
        // a passing group with the least gain joins them (tried in increasing order of gain).
        const order = gains.map((_, k) => k).sort((a, b) => gains[a] - gains[b]);
        let merged = -1;
        for (const k of order.slice(0, 4)) {
          const union = new Int32Array(restArr.length + groups[k].length);
          union.set(restArr);
          union.set(groups[k], restArr.length);
          if (passes(union, union.length)) {
            merged = k;
            restArr = union;
            break;
          }
        }
        if (merged < 0) continue;
        gain -= gains[merged];
        groups = groups.filter((_, k) => k !== merged);
        gains = gains.filter((_, k) => k !== merged);
        if (groups.length === 0) continue;
      }
      if (gain <= 0 && restArr.length > 0) continue;
      if (!best || gain > best.gain) best = { gain, i, groups, rest: restArr };
    }
    if (!best) {
      done.push(p);
      continue;
    }
    for (const g of best.groups) {
      const levels = p.levels.slice();
      levels[best.i]--;
      work.push({ rows: g, levels });
    }
    if (best.rest.length > 0) work.push({ rows: best.rest, levels: p.levels });
  }
  // Merge partitions that print the same generalized tuple into one class.
  const classKey = new Map<string, number>();
  const classOf = new Int32Array(table.rows);
  const classLevels: number[] = [];
  const sizes: number[] = [];
  const rep: number[] = [];
  for (const p of done) {
    const r0 = p.rows[0];
    let key = '';
    for (let i = 0; i < d; i++) key += `${p.levels[i]}:${H[i].maps[p.levels[i]][table.codes[i][r0]]},`;
    let c = classKey.get(key);
    if (c === undefined) {
      c = sizes.length;
      classKey.set(key, c);
      for (let i = 0; i < d; i++) classLevels.push(p.levels[i]);
      sizes.push(0);
      rep.push(r0);
    }
    for (const r of p.rows) {
      classOf[r] = c;
      sizes[c] += table.counts[r];
    }
  }
  const numClasses = sizes.length;
  const kept = new Uint8Array(numClasses).fill(1);
  return {
    partitions: done.length,
    view: {
      levels: top,
      numClasses,
      sizes: Float64Array.from(sizes),
      rep: Int32Array.from(rep),
      kept,
      suppressed: 0,
      classes: sizes.filter((s) => s > 0).length,
      classLevels: Int32Array.from(classLevels),
      classOf,
    },
  };
}
