import { z } from 'zod';
import { decimalsOf, formatNum, mapNumbers } from './numeric.js';
import { defineOperator, newStats, onInvalidSchema } from './operator.js';

/**
 * Additive random noise for numeric columns. Laplace(0, b) has variance 2b²; Gaussian uses
 * `scale` as σ; uniform draws from [−scale, scale]. Output keeps the input's decimals (or
 * `decimals`) and may be clamped. This is perturbation for utility-preserving release, not a
 * differential-privacy guarantee (that needs a sensitivity and a budget: see the DP module).
 */
export const noiseParamsSchema = z.strictObject({
  distribution: z.enum(['laplace', 'gaussian', 'uniform']).default('laplace'),
  scale: z.number().positive(),
  decimals: z.number().int().min(0).max(20).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** A cell that is not a number: `error` (default), `redact` (empty) or `suppress` (`*`). */
  onInvalid: onInvalidSchema,
});
export type NoiseParams = z.input<typeof noiseParamsSchema>;

export const noise = defineOperator({
  name: 'noise',
  summary: 'add Laplace, Gaussian or uniform noise to numbers (perturbation, not differential privacy)',
  accepts: ['number'],
  reversible: false,
  needsKey: () => false,
  paramsSchema: noiseParamsSchema,
  create(params: NoiseParams, ctx) {
    const p = noiseParamsSchema.parse(params);
    const stats = newStats();
    const invalid = { onInvalid: p.onInvalid, column: ctx.column, operator: 'noise' };
    const r = ctx.random;
    const draw = (): number => {
      switch (p.distribution) {
        case 'laplace': {
          // Inverse CDF: −b·sgn(u)·ln(1 − 2|u|), u uniform in (−½, ½).
          let u = r.next() - 0.5;
          while (u === -0.5) u = r.next() - 0.5;
          return -p.scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
        }
        case 'gaussian': {
          // Box–Muller.
          let u1 = r.next();
          while (u1 === 0) u1 = r.next();
          return p.scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.next());
        }
        case 'uniform':
          return (2 * r.next() - 1) * p.scale;
      }
    };
    return {
      stats,
      apply(values) {
        return mapNumbers(values, stats, invalid, (n, v) => {
          let y = n + draw();
          if (p.min !== undefined && y < p.min) y = p.min;
          if (p.max !== undefined && y > p.max) y = p.max;
          return formatNum(y, p.decimals ?? decimalsOf(v));
        });
      },
    };
  },
});
