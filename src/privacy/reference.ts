import type { Hierarchy } from '../hierarchy/hierarchy.js';

/**
 * Reference checks: the textbook definition of each privacy model, evaluated on one equivalence
 * class of a written output. They are the verifier's half of every model and deliberately share
 * nothing with the search's fast checks (`prepare` in each model file): plain Maps keyed by the
 * values' text, the formulas as the papers state them, no typed arrays, no codes. A bug in the
 * search's model cannot vouch for itself here.
 *
 * Adding a privacy model: its file (the search's check) plus one entry below (the reference
 * check) plus one line in `index.ts`; the registry test (test/privacy/registry.test.ts) then asks
 * for a case that must pass and one that must fail. A model without an entry here fails
 * verification (the verifier fails closed).
 */

/** One class of the output as the reference checks see it. */
export interface ReferenceClass {
  /** Members of the class: records, or distinct subjects when the data has a subject column. */
  readonly size: number;
  /** Members per sensitive value of the model's column (subjects holding it, or records). */
  readonly freqs: ReadonlyMap<string, number>;
  /** Records of the population table in the class (δ-presence, k-map); 0 when none. */
  readonly population: number;
}

/** Table-wide facts: the model's parameters and its sensitive column's overall distribution. */
interface ReferenceContext {
  readonly params: Readonly<Record<string, number>>;
  /** Overall share of each sensitive value (sums to 1). */
  readonly overall: ReadonlyMap<string, number>;
  /** Hierarchy of the sensitive column (hierarchical t-closeness). */
  readonly hierarchy?: Hierarchy;
}

export type ReferenceCheck = (cls: ReferenceClass, ctx: ReferenceContext) => boolean;

/** Tolerance for float sums compared against a threshold given by a person (t = 0.2 is 0.2). */
const EPS = 1e-9;

/** Shares of a class's sensitive values (each frequency over their sum). */
function shares(freqs: ReadonlyMap<string, number>): Map<string, number> {
  let n = 0;
  for (const f of freqs.values()) n += f;
  return new Map([...freqs].map(([v, f]) => [v, n > 0 ? f / n : 0]));
}

/** True when every value reads as a finite number: the ordered distance then sorts numerically. */
const allNumeric = (values: readonly string[]) =>
  values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));

/**
 * The checks, one per model id. Mutable on purpose: scripts/mutate-verifier.ts replaces one entry
 * at a time with "always passes" and expects the test suite to go red.
 */
export const REFERENCE_CHECKS: Record<string, ReferenceCheck> = {
  /** Sweeney (2002): every class has at least k members. */
  'k-anonymity': (cls, { params }) => cls.size >= params.k,

  /** Machanavajjhala et al. (2007), §4.1: at least l distinct sensitive values in every class. */
  'distinct-l-diversity': (cls, { params }) => cls.freqs.size >= params.l,

  /**
   * Machanavajjhala et al. (2007), Def. 4.1 (entropy l-diversity): −Σ p(s) log p(s) ≥ log l.
   * The tolerance is relative so that l = e^H computed in floating point still passes.
   */
  'entropy-l-diversity': (cls, { params }) => {
    let h = 0;
    for (const p of shares(cls.freqs).values()) if (p > 0) h -= p * Math.log(p);
    return h >= Math.log(params.l) - EPS * Math.max(1, Math.log(params.l));
  },

  /**
   * Machanavajjhala et al. (2007), Def. 4.2 (recursive (c,l)-diversity): with the frequencies
   * sorted in decreasing order r1 ≥ r2 ≥ … ≥ rm, r1 < c · (r_l + r_{l+1} + … + r_m).
   */
  'recursive-cl-diversity': (cls, { params }) => {
    const r = [...cls.freqs.values()].sort((a, b) => b - a);
    if (r.length < params.l) return false;
    let tail = 0;
    for (let i = params.l - 1; i < r.length; i++) tail += r[i];
    return r[0] < params.c * tail;
  },

  /**
   * Li, Li & Venkatasubramanian (2007), §4.2, equal ground distance: the EMD between the class's
   * distribution P and the overall Q is the total variation ½ Σ |p_i − q_i|.
   */
  't-closeness-equal': (cls, { params, overall }) => {
    const p = shares(cls.freqs);
    let sum = 0;
    const values = new Set([...overall.keys(), ...p.keys()]);
    for (const v of values) sum += Math.abs((p.get(v) ?? 0) - (overall.get(v) ?? 0));
    return sum / 2 <= params.t + EPS;
  },

  /**
   * Li, Li & Venkatasubramanian (2007), §4.2, ordered distance over m values in their natural
   * order: EMD = (1 / (m − 1)) Σ_{i=1..m} |Σ_{j ≤ i} (p_j − q_j)|.
   */
  't-closeness-ordered': (cls, { params, overall }) => {
    const p = shares(cls.freqs);
    const values = [...new Set([...overall.keys(), ...p.keys()])];
    if (values.length <= 1) return true;
    if (allNumeric(values)) values.sort((a, b) => Number(a) - Number(b));
    else values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let run = 0;
    let sum = 0;
    for (const v of values) {
      run += (p.get(v) ?? 0) - (overall.get(v) ?? 0);
      sum += Math.abs(run);
    }
    return sum / (values.length - 1) <= params.t + EPS;
  },

  /**
   * Li, Li & Venkatasubramanian (2007), §4.2, hierarchical distance: a leaf's mass that cannot be
   * matched inside a subtree moves up; matching positive and negative extra mass at a node of
   * level L costs L / H per unit, H the hierarchy's height. Computed here bottom-up by labels.
   */
  't-closeness-hierarchical': (cls, { params, overall, hierarchy: h }) => {
    if (!h) return false;
    const H = h.maps.length - 1;
    if (H === 0) return true;
    const p = shares(cls.freqs);
    // Extra mass (p − q) of each node at the current level, keyed by its label.
    let extra = new Map<string, number>();
    for (const leaf of h.leaves) extra.set(leaf, (p.get(leaf) ?? 0) - (overall.get(leaf) ?? 0));
    // A value outside the hierarchy cannot be placed: the distance is undefined, so it fails.
    for (const v of p.keys()) if (!extra.has(v)) return false;
    let emd = 0;
    for (let L = 1; L <= H; L++) {
      const parentOf = new Map<string, string>();
      h.leaves.forEach((_, i) => {
        parentOf.set(h.labels[L - 1][h.maps[L - 1][i]], h.labels[L][h.maps[L][i]]);
      });
      const pos = new Map<string, number>();
      const neg = new Map<string, number>();
      const next = new Map<string, number>();
      for (const [child, e] of extra) {
        const parent = parentOf.get(child)!;
        if (e > 0) pos.set(parent, (pos.get(parent) ?? 0) + e);
        else neg.set(parent, (neg.get(parent) ?? 0) - e);
        next.set(parent, (next.get(parent) ?? 0) + e);
      }
      for (const [node, v] of pos) emd += (L / H) * Math.min(v, neg.get(node) ?? 0);
      extra = next;
    }
    return emd <= params.t + EPS;
  },

  /**
   * Nergiz, Atzori & Clifton (2007): δ-presence, δmin ≤ P(a person of the population is in the
   * release | their class) = (class size / population records in the class) ≤ δmax.
   */
  'delta-presence': (cls, { params }) =>
    cls.population > 0 &&
    cls.size / cls.population >= params.deltaMin - 1e-12 &&
    cls.size / cls.population <= params.deltaMax + 1e-12,

  /** Sweeney (2002); El Emam & Dankar (2008): every class matches at least k population records. */
  'k-map': (cls, { params }) => cls.population >= params.k,
};
