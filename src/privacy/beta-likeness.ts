import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';
import { normalized } from './t-closeness-equal.js';

/**
 * Enhanced β-likeness (Cao & Karras, "Publishing microdata with a robust privacy guarantee",
 * PVLDB 5(11), 2012, Def. 4): for every class and every sensitive value v with overall share
 * p > 0, the class's share q of v may exceed p only by a relative gain
 * (q − p) / p ≤ min(β, −ln p). The −ln p cap tightens the bound on frequent values, where a
 * relative gain of β would let q reach 1 (an attacker would learn the value for sure). Unlike
 * t-closeness it bounds the gain on each value, not the distribution distance on average.
 *
 * Each value's bound is linear in q, so a merge of classes that pass passes: monotonic with
 * generalization, not with suppression (ARX's EnhancedBLikeness classifies it the same way).
 */
export function betaLikeness(sensitive: string, beta: number): PrivacyModel {
  if (!(Number.isFinite(beta) && beta > 0)) throw new RangeError('β must be a number > 0');
  return definePrivacyModel({
    id: 'beta-likeness',
    label: `enhanced ${beta}-likeness on ${sensitive}`,
    requires: 'distribution',
    params: { beta },
    sensitive,
    monotonicWithGeneralization: true,
    monotonicWithSuppression: false,
    prepare: (ctx) => {
      // Largest class share each sensitive code may reach: p · (1 + min(β, −ln p)).
      const maxShare = normalized(ctx.sensitive!.totals).map((p) =>
        p > 0 ? p * (1 + Math.min(beta, -Math.log(p))) : 0,
      );
      return (cls) => {
        const s = cls.sensitive!;
        let total = 0;
        for (let i = 0; i < s.size; i++) total += s.freqs[i];
        for (let i = 0; i < s.size; i++) if (s.freqs[i] / total > maxShare[s.codes[i]] + 1e-12) return false;
        return true;
      };
    },
  });
}

/**
 * The registry entry: options as the policy's `models:` list and the CLI give them, and the
 * verifier's reference check. The reference check restates Def. 4 on the written output's
 * values (Maps by text, gains computed as the paper writes them) and shares no code with
 * `prepare` above.
 */
export const betaLikenessModel = defineModelKind({
  id: 'beta-likeness',
  summary: 'enhanced β-likeness (Cao & Karras 2012): (q − p)/p ≤ min(β, −ln p) for every class and value',
  options: (z) =>
    z.strictObject({
      beta: z.number().positive(),
      sensitive: z.string().min(1),
    }),
  create: (o) => betaLikeness(o.sensitive, o.beta),
  flags: [
    {
      name: 'beta',
      arg: '<x>',
      help: {
        anonymize: 'enhanced β-likeness of --sensitive (β > 0, e.g. 1)',
        verify: 'enhanced β-likeness of --sensitive (β > 0, e.g. 1)',
      },
      options: (beta, sensitive) => ({ beta, sensitive }),
    },
  ],
  reference: (cls, { params, overall }) => {
    let n = 0;
    for (const f of cls.freqs.values()) n += f;
    for (const [v, f] of cls.freqs) {
      const p = overall.get(v) ?? 0;
      if (p <= 0) return false;
      const gain = (f / n - p) / p;
      if (gain > Math.min(params.beta, -Math.log(p)) + 1e-9) return false;
    }
    return true;
  },
});
