import { z } from 'zod';
import { dateShift, dateShiftParamsSchema } from './date-shift.js';
import { drop, dropParamsSchema } from './drop.js';
import { fpe, fpeParamsSchema } from './fpe.js';
import { generalize, generalizeParamsSchema } from './generalize.js';
import { keep, keepParamsSchema } from './keep.js';
import { mask, maskParamsSchema } from './mask.js';
import { noise, noiseParamsSchema } from './noise.js';
import type { ActionName, Operator } from './operator.js';
import { redact, redactParamsSchema } from './redact.js';
import { redactText, redactTextParamsSchema } from './redact-text.js';
import { replace, replaceParamsSchema } from './replace.js';
import { round, roundParamsSchema } from './round.js';
import { token, tokenParamsSchema } from './token.js';
import { topBottom, topBottomParamsSchema } from './top-bottom.js';

/**
 * The operator registry (Presidio's OperatorsFactory, typed): one entry per action name.
 * Adding an operator = one file exporting `<name>` and `<name>ParamsSchema`, one line in
 * `operators` and one line in `columnActionSchema`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry is heterogeneous by design; each entry's params are checked by its own schema.
export const operators: Record<ActionName, Operator<any>> = {
  keep,
  mask,
  redact,
  drop,
  replace,
  token,
  fpe,
  date_shift: dateShift,
  noise,
  round,
  top_bottom: topBottom,
  generalize,
  redact_text: redactText,
};

export function getOperator(name: ActionName): Operator<unknown> {
  return operators[name];
}

// Zod cannot extend a refined object, so the action literal is added to the base shape and the
// operator's own schema (with its refinements) re-checks the params inside `superRefine`.
function withAction<N extends ActionName, S extends z.ZodType>(name: N, schema: S) {
  // biome-ignore lint/suspicious/noExplicitAny: reading the inner shape of a (possibly refined) object schema.
  const inner = ((schema as any)._zod.def.type === 'pipe' ? (schema as any).in : schema) as z.ZodObject;
  return z.strictObject({ action: z.literal(name), ...inner.shape }).superRefine((v, c) => {
    const { action: _a, ...params } = v as Record<string, unknown>;
    const r = schema.safeParse(params);
    if (!r.success)
      for (const issue of r.error.issues) c.addIssue({ ...issue, code: 'custom', message: issue.message });
  });
}

/**
 * One column's action in a policy: `{ action: 'mask', kind: 'mobile' }`,
 * `{ action: 'token', length: 20 }`, `{ action: 'date_shift', subject: 'patient_id' }` ...
 * A discriminated union on `action`, so a typo in a param is an error naming the key.
 */
export const columnActionSchema = z.discriminatedUnion('action', [
  withAction('keep', keepParamsSchema),
  withAction('mask', maskParamsSchema),
  withAction('redact', redactParamsSchema),
  withAction('drop', dropParamsSchema),
  withAction('replace', replaceParamsSchema),
  withAction('token', tokenParamsSchema),
  withAction('fpe', fpeParamsSchema),
  withAction('date_shift', dateShiftParamsSchema),
  withAction('noise', noiseParamsSchema),
  withAction('round', roundParamsSchema),
  withAction('top_bottom', topBottomParamsSchema),
  withAction('generalize', generalizeParamsSchema),
  withAction('redact_text', redactTextParamsSchema),
]);
export type ColumnAction =
  | { action: 'keep' }
  | ({ action: 'mask' } & z.input<typeof maskParamsSchema>)
  | ({ action: 'redact' } & z.input<typeof redactParamsSchema>)
  | { action: 'drop' }
  | ({ action: 'replace' } & z.input<typeof replaceParamsSchema>)
  | ({ action: 'token' } & z.input<typeof tokenParamsSchema>)
  | ({ action: 'fpe' } & z.input<typeof fpeParamsSchema>)
  | ({ action: 'date_shift' } & z.input<typeof dateShiftParamsSchema>)
  | ({ action: 'noise' } & z.input<typeof noiseParamsSchema>)
  | ({ action: 'round' } & z.input<typeof roundParamsSchema>)
  | ({ action: 'top_bottom' } & z.input<typeof topBottomParamsSchema>)
  | ({ action: 'generalize' } & z.input<typeof generalizeParamsSchema>)
  | ({ action: 'redact_text' } & z.input<typeof redactTextParamsSchema>);

/** Split a parsed column action into operator name and params. */
export function splitAction(a: ColumnAction): { name: ActionName; params: Record<string, unknown> } {
  const { action, ...params } = a as { action: ActionName } & Record<string, unknown>;
  return { name: action, params };
}

export { encodeToken, tokenBits } from '../crypto/token-encoding.js';
export { districtPrefix } from './address.js';
export type { DateShiftParams } from './date-shift.js';
export { shiftDate } from './date-shift.js';
export type { FakeKind } from './fake.js';
export { fakeValue, sampleValue } from './fake.js';
export type { FpeParams } from './fpe.js';
export * from './kinds.js';
export type { MaskParams } from './mask.js';
export { maskEmail, maskName, maskPositional } from './mask.js';
export type { NoiseParams } from './noise.js';
export type {
  ActionName,
  Cell,
  ColumnTransform,
  Operator,
  OperatorContext,
  OperatorStats,
} from './operator.js';
export type { ReplaceParams } from './replace.js';
export type { RoundParams } from './round.js';
export type { TokenParams } from './token.js';
export type { TopBottomParams } from './top-bottom.js';
export {
  dateShiftParamsSchema,
  dropParamsSchema,
  fpeParamsSchema,
  generalizeParamsSchema,
  keepParamsSchema,
  maskParamsSchema,
  noiseParamsSchema,
  redactParamsSchema,
  replaceParamsSchema,
  roundParamsSchema,
  tokenParamsSchema,
  topBottomParamsSchema,
};
