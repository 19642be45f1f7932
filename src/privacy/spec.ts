import { WumingError } from '../errors.js';
import { deltaPresence } from './delta-presence.js';
import { kAnonymity } from './k-anonymity.js';
import { kMap } from './k-map.js';
import { distinctLDiversity } from './l-diversity-distinct.js';
import { entropyLDiversity } from './l-diversity-entropy.js';
import { recursiveCLDiversity } from './l-diversity-recursive.js';
import type { ModelSpec, PrivacyModel } from './model.js';
import type { ModelOptions } from './registry.js';
import { equalDistanceTCloseness } from './t-closeness-equal.js';
import { hierarchicalDistanceTCloseness } from './t-closeness-hierarchical.js';
import { orderedDistanceTCloseness } from './t-closeness-ordered.js';

export type { ModelSpec } from './model.js';

const usage = (msg: string) => new WumingError('BAD_MODEL', msg, { kind: 'usage' });

/**
 * Build the privacy models a spec asks for, with the usage errors a person can act on. The
 * `models:` list is built by `fromOptions` (options.ts's modelFromOptions, which loads zod:
 * callers that may start without it load it only when the list is not empty; see
 * `modelsFromSpec` there for the library's one-call form).
 */
export function buildModels(
  spec: ModelSpec,
  fromOptions?: (entry: ModelOptions) => PrivacyModel,
): PrivacyModel[] {
  const out: PrivacyModel[] = [];
  const int = (name: string, v: number | undefined, min: number) => {
    if (v === undefined) return;
    if (!(Number.isInteger(v) && v >= min)) throw usage(`${name} must be an integer ≥ ${min}`);
  };
  int('k', spec.k, 1);
  int('kMap', spec.kMap, 1);
  if (spec.k !== undefined) out.push(kAnonymity(spec.k));
  const lOn = spec.lSensitive ?? spec.sensitive;
  const tOn = spec.tSensitive ?? spec.sensitive;
  if ((spec.l !== undefined && !lOn) || (spec.t !== undefined && !tOn)) {
    throw usage('l-diversity and t-closeness need the sensitive column (option sensitive)');
  }
  if (spec.l !== undefined) {
    const variant = spec.lVariant ?? 'distinct';
    if (variant === 'entropy') {
      if (!(spec.l >= 1)) throw usage('l must be ≥ 1');
      out.push(entropyLDiversity(lOn!, spec.l));
    } else {
      int('l', spec.l, 1);
      if (variant === 'distinct') out.push(distinctLDiversity(lOn!, spec.l));
      else if (variant === 'recursive') {
        if (spec.c === undefined || !(spec.c > 0)) throw usage('recursive (c,l)-diversity needs c > 0');
        out.push(recursiveCLDiversity(lOn!, spec.c, spec.l));
      } else throw usage(`unknown lVariant "${variant}"; use distinct, entropy or recursive`);
    }
  }
  if (spec.t !== undefined) {
    if (!(spec.t >= 0 && spec.t <= 1)) throw usage('t must be between 0 and 1');
    const dist = spec.tDistance ?? 'equal';
    if (dist === 'equal') out.push(equalDistanceTCloseness(tOn!, spec.t));
    else if (dist === 'ordered') out.push(orderedDistanceTCloseness(tOn!, spec.t));
    else if (dist === 'hierarchical') out.push(hierarchicalDistanceTCloseness(tOn!, spec.t));
    else throw usage(`unknown tDistance "${dist}"; use equal, hierarchical or ordered`);
  }
  if (spec.deltaMin !== undefined || spec.deltaMax !== undefined) {
    const lo = spec.deltaMin ?? 0;
    const hi = spec.deltaMax ?? 1;
    if (!(lo >= 0 && hi <= 1 && lo <= hi)) throw usage('δ-presence needs 0 ≤ δmin ≤ δmax ≤ 1');
    out.push(deltaPresence(lo, hi));
  }
  if (spec.kMap !== undefined) out.push(kMap(spec.kMap));
  for (const m of spec.models ?? []) {
    if (!fromOptions) throw new Error('buildModels: a models list needs fromOptions');
    out.push(fromOptions(m));
  }
  if (out.length === 0) throw usage('no privacy model requested (give at least k)');
  return out;
}
