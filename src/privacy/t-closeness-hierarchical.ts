import { WumingError } from '../errors.js';
import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';
import { EPS, shares } from './reference.js';
import { normalized, tClosenessOptions } from './t-closeness-equal.js';

/**
 * t-closeness with the hierarchical distance (Li, Li & Venkatasubramanian 2007, §4.2, categorical
 * attributes with a taxonomy): the ground distance between two leaves is the level of their
 * lowest common ancestor divided by the hierarchy's height H, and the EMD has the closed form
 *   EMD = Σ_{internal nodes N} (level(N) / H) · min(pos_extra(N), neg_extra(N)),
 * where extra(N) = Σ_{leaves under N} (p − q), pos_extra(N) sums the positive extras of N's
 * children and neg_extra(N) the absolute negative ones. Needs the sensitive column's hierarchy.
 */
export function hierarchicalDistanceTCloseness(sensitive: string, t: number): PrivacyModel {
  if (!(t >= 0 && t <= 1)) throw new RangeError('t must be in [0, 1]');
  return definePrivacyModel({
    id: 't-closeness-hierarchical',
    label: `hierarchical-distance ${t}-closeness on ${sensitive}`,
    requires: 'distribution',
    params: { t },
    sensitive,
    needsHierarchyOf: 'sensitive',
    monotonicWithGeneralization: true,
    monotonicWithSuppression: false,
    prepare: (ctx) => {
      const sens = ctx.sensitive!;
      const h = sens.hierarchy;
      if (!h) {
        throw new WumingError(
          'NEEDS_HIERARCHY',
          `hierarchical-distance t-closeness needs a hierarchy for the sensitive column "${sensitive}"`,
          { kind: 'usage', location: { column: sensitive } },
        );
      }
      const levels = h.maps.length;
      const height = levels - 1;
      const q = normalized(sens.totals);
      const m = h.leaves.length;
      // parent[L][code at L-1] = code at L
      const parent: Int32Array[] = [new Int32Array(0)];
      for (let L = 1; L < levels; L++) {
        const par = new Int32Array(h.labels[L - 1].length);
        for (let leaf = 0; leaf < m; leaf++) par[h.maps[L - 1][leaf]] = h.maps[L][leaf];
        parent.push(par);
      }
      const extra = h.labels.map((lab) => new Float64Array(lab.length));
      const pos = h.labels.map((lab) => new Float64Array(lab.length));
      const neg = h.labels.map((lab) => new Float64Array(lab.length));
      return (cls) => {
        if (height === 0) return true;
        const s = cls.sensitive!;
        let total = 0;
        for (let i = 0; i < s.size; i++) total += s.freqs[i];
        const e0 = extra[0];
        for (let leaf = 0; leaf < m; leaf++) e0[leaf] = -q[leaf];
        for (let i = 0; i < s.size; i++) e0[s.codes[i]] += s.freqs[i] / total;
        let emd = 0;
        for (let L = 1; L < levels; L++) {
          const e = extra[L];
          const pp = pos[L];
          const nn = neg[L];
          e.fill(0);
          pp.fill(0);
          nn.fill(0);
          const below = extra[L - 1];
          const par = parent[L];
          for (let c = 0; c < below.length; c++) {
            const v = below[c];
            const g = par[c];
            e[g] += v;
            if (v > 0) pp[g] += v;
            else nn[g] -= v;
          }
          for (let g = 0; g < e.length; g++) emd += (L / height) * Math.min(pp[g], nn[g]);
        }
        return emd <= t + 1e-12;
      };
    },
  });
}

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const hierarchicalDistanceTClosenessModel = defineModelKind({
  id: 't-closeness-hierarchical',
  summary: 't-closeness, hierarchical distance (needs the sensitive column’s hierarchy)',
  options: tClosenessOptions,
  create: (o) => hierarchicalDistanceTCloseness(o.sensitive, o.t),
  /**
   * Li, Li & Venkatasubramanian (2007), §4.2, hierarchical distance: a leaf's mass that cannot be
   * matched inside a subtree moves up; matching positive and negative extra mass at a node of
   * level L costs L / H per unit, H the hierarchy's height. Computed here bottom-up by labels.
   */
  reference: (cls, { params, overall, hierarchy: h }) => {
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
});
