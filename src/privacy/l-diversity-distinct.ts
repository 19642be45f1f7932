import { definePrivacyModel, type PrivacyModel } from './model.js';

/**
 * Distinct l-diversity (Machanavajjhala et al. 2007, §4.1 "distinct"): every class holds at least
 * l distinct values of the sensitive attribute. Monotonic both ways: a merged class has at least
 * as many distinct values as any of its parts.
 */
export function distinctLDiversity(sensitive: string, l: number): PrivacyModel {
  if (!(Number.isInteger(l) && l >= 1)) throw new RangeError('l must be an integer ≥ 1');
  return definePrivacyModel({
    id: 'distinct-l-diversity',
    label: `distinct-${l}-diversity on ${sensitive}`,
    requires: 'distribution',
    params: { l },
    sensitive,
    monotonicWithGeneralization: true,
    monotonicWithSuppression: true,
    minClassSize: l,
    prepare: () => (cls) => cls.sensitive!.size >= l,
  });
}
