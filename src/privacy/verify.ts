import type { Engine, Relation } from '../engine/engine.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { PrivacyModel } from './model.js';

/** The result of re-checking a written output from scratch. */
export interface Verification {
  /** Every check passed. */
  ok: boolean;
  rowsOut: number;
  /** Rows whose QIs are all '*' (suppressed). */
  suppressed: number;
  /** Equivalence classes among the other rows. */
  classes: number;
  smallestClass: number;
  models: { model: string; label: string; ok: boolean; failingClasses: number }[];
  /** Human-readable reasons when `ok` is false (no cell values). */
  problems: string[];
}

export interface VerifyOptions {
  qi: readonly string[];
  models: readonly PrivacyModel[];
  /** Maximum suppressed rows allowed. */
  budget: number;
  /** Rows expected in the output (the input's row count). */
  rowsIn?: number;
  /** Allowed output labels per QI (the chosen level's labels), checked when given. */
  allowedLabels?: Record<string, readonly string[]>;
  /** Sensitive hierarchy for hierarchical t-closeness. */
  sensitiveHierarchy?: Hierarchy;
  /** Population with its QIs already generalized to the output's labels (δ-presence, k-map). */
  population?: { sql: string };
}

const entropyOf = (freqs: number[]): number => {
  const n = freqs.reduce((a, b) => a + b, 0);
  return -freqs.reduce((s, f) => s + (f / n) * Math.log(f / n), 0);
};

/**
 * The distinct (QI labels..., sensitive value) tuples of a written output with how many rows
 * have each: all the model checks need. Column-major like an engine batch: `columns[i][g]` is
 * QI i (in `qi` order) of group g, then the sensitive column when a model has one; a missing
 * value (NULL, or null) reads as the empty string.
 */
export interface OutputGroups {
  readonly rowCount: number;
  readonly columns: readonly (readonly unknown[])[];
  readonly counts: ArrayLike<unknown>;
}

export interface VerifyGroupsOptions extends Omit<VerifyOptions, 'population'> {
  /**
   * Rows of the (generalized) population per QI label tuple, keyed by the labels joined with
   * U+001F, for δ-presence and k-map.
   */
  populationCounts?: ReadonlyMap<string, number>;
}

/**
 * Re-reads a written output through the engine and checks every promised property from scratch
 * (see verifyGroups): ONE pass over the output, a plain GROUP BY of the QIs (and the sensitive
 * value), so a CSV output is parsed once; the population (δ-presence, k-map) by a second GROUP BY.
 */
export async function verifyOutput(
  engine: Engine,
  out: Relation,
  opts: VerifyOptions,
): Promise<Verification> {
  const d = engine.dialect;
  const sensitive = opts.models.find((m) => m.sensitive)?.sensitive;
  const cols = [...opts.qi, ...(sensitive ? [sensitive] : [])];
  const sel = cols.map((c, i) => `${d.ident(c)} AS c${i}`).join(', ');
  const batch = await engine.queryColumns(`SELECT ${sel}, count(*) AS n FROM ${out.sql} GROUP BY ALL`);
  const groups: OutputGroups = {
    rowCount: batch.rowCount,
    columns: batch.columns.slice(0, cols.length),
    counts: batch.columns[cols.length],
  };
  let populationCounts: Map<string, number> | undefined;
  if (opts.population) {
    const keyExpr = opts.qi.map((c) => `coalesce(${d.ident(c)}, '')`).join(` || chr(31) || `);
    const rows = await engine.query(
      `SELECT ${keyExpr} AS k, count(*) AS n FROM ${opts.population.sql} GROUP BY 1`,
    );
    populationCounts = new Map(rows.map((r) => [String(r.k), Number(r.n)]));
  }
  const { population: _, ...rest } = opts;
  return verifyGroups(groups, { ...rest, populationCounts });
}

/**
 * Checks every promised property of an output from its group counts: row count, allowed labels,
 * the suppression budget, and each privacy model recomputed from class statistics. The model
 * checks here are deliberately separate, straightforward implementations (Maps and sorting),
 * sharing no code with the search, so a bug in the fast path cannot vouch for itself. The groups
 * come from the written file (verifyOutput: the engine's GROUP BY; the in-memory data path:
 * its own re-read of the file), never from the search's tables.
 */
export function verifyGroups(groups: OutputGroups, opts: VerifyGroupsOptions): Verification {
  const problems: string[] = [];
  const sensitive = opts.models.find((m) => m.sensitive)?.sensitive;
  // Row count, the distinct labels per column, suppressed rows, class sizes and the sensitive
  // distributions (per class and overall) are all sums over the groups.
  const dq = opts.qi.length;
  const nCol = groups.counts;
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const allTop =
    opts.allowedLabels !== undefined &&
    opts.qi.every((c) => opts.allowedLabels![c].length === 1 && opts.allowedLabels![c][0] === '*');
  let rowsOut = 0;
  let suppressed = 0;
  const seen = opts.qi.map(() => new Set<string>());
  const size = new Map<string, number>();
  // Sensitive distributions per class, and overall (all rows: the sensitive column is unchanged).
  const dist = new Map<string, Map<string, number>>();
  const overall = new Map<string, number>();
  for (let g = 0; g < groups.rowCount; g++) {
    const n = Number(nCol[g]);
    rowsOut += n;
    let key = '';
    let star = true;
    for (let i = 0; i < dq; i++) {
      const v = text(groups.columns[i][g]);
      seen[i].add(v);
      if (v !== '*') star = false;
      key += i === 0 ? v : `\u001f${v}`;
    }
    const s = sensitive ? text(groups.columns[dq][g]) : undefined;
    if (s !== undefined) overall.set(s, (overall.get(s) ?? 0) + n);
    if (star && !allTop) {
      suppressed += n;
      continue;
    }
    size.set(key, (size.get(key) ?? 0) + n);
    if (s !== undefined) {
      let m = dist.get(key);
      if (!m) {
        m = new Map();
        dist.set(key, m);
      }
      m.set(s, (m.get(s) ?? 0) + n);
    }
  }
  if (opts.rowsIn !== undefined && rowsOut !== opts.rowsIn)
    problems.push(`the output has ${rowsOut} rows, the input ${opts.rowsIn}`);
  if (opts.allowedLabels) {
    opts.qi.forEach((c, i) => {
      const allowed = new Set(opts.allowedLabels![c]);
      let bad = 0;
      for (const v of seen[i]) if (v !== '*' && !allowed.has(v)) bad++;
      if (bad > 0)
        problems.push(
          `column "${c}": ${bad} output values are not labels of the chosen generalization level`,
        );
    });
  }
  if (suppressed > opts.budget)
    problems.push(`${suppressed} rows are suppressed, more than the limit of ${opts.budget}`);
  const popCount = opts.populationCounts ?? new Map<string, number>();
  const total = [...overall.values()].reduce((a, b) => a + b, 0);
  const q0 = new Map([...overall].map(([v, n]) => [v, n / total]));
  // The value order of ordered-distance t-closeness, sorted once (not once per class: 5,533
  // distinct incomes × 4,394 classes made verification take 12 s).
  const ordered = opts.models.some((m) => m.id === 't-closeness-ordered') ? orderedValues(q0) : undefined;
  const models = opts.models.map((m) => {
    let failing = 0;
    for (const [k, n] of size) {
      const freqs = dist.get(k);
      if (!classPasses(m, n, freqs, q0, popCount.get(k) ?? 0, opts.sensitiveHierarchy, ordered)) failing++;
    }
    if (failing > 0) problems.push(`${m.label}: ${failing} classes fail`);
    return { model: m.id, label: m.label, ok: failing === 0, failingClasses: failing };
  });
  let smallestClass = 0;
  for (const n of size.values()) if (smallestClass === 0 || n < smallestClass) smallestClass = n;
  return {
    ok: problems.length === 0,
    rowsOut,
    suppressed,
    classes: size.size,
    smallestClass,
    models,
    problems,
  };
}

/** The overall distribution in the values' natural order (see orderedValues). */
interface OrderedValues {
  /** Position of each value in the order. */
  pos: Map<string, number>;
  /** Overall share of the value at each position. */
  q: Float64Array;
  /** All zero between classes: a class's shares by position. */
  scratch: Float64Array;
}

/** The sensitive values in their natural order: numeric when every value is a number, else text. */
function orderedValues(q: Map<string, number>): OrderedValues {
  const values = [...q.keys()];
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  values.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    pos: new Map(values.map((v, i) => [v, i])),
    q: Float64Array.from(values, (v) => q.get(v) ?? 0),
    scratch: new Float64Array(values.length),
  };
}

function classPasses(
  m: PrivacyModel,
  n: number,
  freqs: Map<string, number> | undefined,
  q: Map<string, number>,
  pop: number,
  sh: Hierarchy | undefined,
  ordered: OrderedValues | undefined,
): boolean {
  const p = m.params;
  const f = freqs ? [...freqs.values()] : [];
  switch (m.id) {
    case 'k-anonymity':
      return n >= p.k;
    case 'distinct-l-diversity':
      return f.length >= p.l;
    case 'entropy-l-diversity':
      return entropyOf(f) >= Math.log(p.l) - 1e-9 * Math.max(1, Math.log(p.l));
    case 'recursive-cl-diversity': {
      const sorted = [...f].sort((a, b) => b - a);
      if (sorted.length < p.l) return false;
      const tail = sorted.slice(p.l - 1).reduce((a, b) => a + b, 0);
      return sorted[0] < p.c * tail;
    }
    case 't-closeness-equal': {
      let s = 0;
      for (const [v, qv] of q) s += Math.abs((freqs?.get(v) ?? 0) / n - qv);
      return s / 2 <= p.t + 1e-9;
    }
    case 't-closeness-ordered': {
      if (!ordered || ordered.q.length <= 1) return true;
      // EMD over ordered values: the sum of |cumulative (class share − overall share)|.
      const { pos, q: qs, scratch } = ordered;
      if (freqs) for (const [v, c] of freqs) scratch[pos.get(v)!] = c / n;
      let run = 0;
      let emd = 0;
      for (let i = 0; i < qs.length; i++) {
        run += scratch[i] - qs[i];
        emd += Math.abs(run);
        scratch[i] = 0;
      }
      return emd / (qs.length - 1) <= p.t + 1e-9;
    }
    case 't-closeness-hierarchical': {
      if (!sh) return false;
      // Independent form: move mass greedily bottom-up; at each node of level L, the matched
      // positive and negative mass min(pos, neg) is transported at cost L / H.
      const H = sh.maps.length - 1;
      if (H === 0) return true;
      let emd = 0;
      let extra = new Map<string, number>();
      for (const leaf of sh.leaves) extra.set(leaf, (freqs?.get(leaf) ?? 0) / n - (q.get(leaf) ?? 0));
      for (let L = 1; L <= H; L++) {
        const pos = new Map<number, number>();
        const neg = new Map<number, number>();
        const next = new Map<string, number>();
        // The level-(L-1) node of each leaf and its parent at L, by label.
        const seen = new Set<string>();
        sh.leaves.forEach((_, i) => {
          const child = sh.labels[L - 1][sh.maps[L - 1][i]];
          if (seen.has(child)) return;
          seen.add(child);
          const parent = sh.maps[L][i];
          const e = extra.get(child) ?? 0;
          if (e > 0) pos.set(parent, (pos.get(parent) ?? 0) + e);
          else neg.set(parent, (neg.get(parent) ?? 0) - e);
          const pl = sh.labels[L][parent];
          next.set(pl, (next.get(pl) ?? 0) + e);
        });
        for (const [g, v] of pos) emd += (L / H) * Math.min(v, neg.get(g) ?? 0);
        extra = next;
      }
      return emd <= p.t + 1e-9;
    }
    case 'delta-presence':
      return pop > 0 && n / pop >= p.deltaMin - 1e-12 && n / pop <= p.deltaMax + 1e-12;
    case 'k-map':
      return pop >= p.k;
    default:
      return false;
  }
}
