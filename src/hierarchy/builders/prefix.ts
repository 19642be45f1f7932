import { z } from 'zod';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, type ChainStep, TOP, topStep } from './chain.js';

export const prefixOptionsSchema = z.strictObject({
  /** Characters masked per level (default 1). */
  step: z.number().int().positive().optional(),
  /** Most characters masked before the top level (default: longest value's length − 1). */
  maxMasked: z.number().int().positive().optional(),
  /** Mask character (default "*"): exactly one character, so masked labels keep the value's length. */
  mask: z
    .string()
    .refine((s) => [...s].length === 1, 'mask must be a single character')
    .optional(),
  topLabel: z.string().min(1).optional(),
});
export type PrefixOptions = z.input<typeof prefixOptionsSchema>;

/**
 * Prefix masking for codes whose leading characters carry the coarse meaning (postal codes,
 * phone prefixes, product codes): level L replaces the last min(L·step, length) characters with
 * the mask, e.g. 100871 → 10087* → 1008** → …; then the top value. Works on Unicode code points,
 * so Chinese text masks one character at a time. Level L is computed by masking more of the
 * level L-1 label, so it is a function of the level below even for values of different lengths.
 */
export function buildPrefix(
  column: string,
  leaves: readonly string[],
  options: PrefixOptions = {},
): Hierarchy {
  const step = options.step ?? 1;
  const mask = options.mask ?? '*';
  if ([...mask].length !== 1) {
    throw new WumingError(
      'HIERARCHY_PREFIX_OPTIONS',
      `prefix masking for column "${column}": mask must be one character`,
      {
        kind: 'policy',
        location: { column },
      },
    );
  }
  let longest = 0;
  for (const leaf of leaves) longest = Math.max(longest, [...leaf].length);
  const maxMasked = options.maxMasked ?? Math.max(0, longest - 1);
  if (options.maxMasked !== undefined && options.maxMasked < step) {
    throw new WumingError(
      'HIERARCHY_PREFIX_OPTIONS',
      `prefix masking for column "${column}": maxMasked must be at least step`,
      { kind: 'policy', location: { column } },
    );
  }
  // The mask is one code point, so a label has as many characters as its value and level L only
  // needs the level L-1 label to mask m more trailing characters.
  const steps: ChainStep[] = [];
  for (let masked = step; masked <= maxMasked; masked += step) {
    const m = masked;
    steps.push({
      name: `mask${m}`,
      next: (key) => {
        const chars = [...key];
        const keep = Math.max(0, chars.length - m);
        return chars.slice(0, keep).join('') + mask.repeat(chars.length - keep);
      },
    });
  }
  steps.push(topStep(options.topLabel ?? TOP));
  return buildChain({
    column,
    leaves,
    leafKey: (leaf) => leaf,
    steps,
    invalid: () => new WumingError('HIERARCHY_INTERNAL', 'unreachable', { kind: 'internal' }),
    origin: `prefix(step ${step}, up to ${maxMasked} masked)`,
  });
}
