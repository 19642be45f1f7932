import { z } from 'zod';
import { dateShift } from '../transform/date-shift.js';
import { drop } from '../transform/drop.js';
import { fpe } from '../transform/fpe.js';
import { generalize } from '../transform/generalize.js';
import { keep } from '../transform/keep.js';
import { keepSurname } from '../transform/keep-surname.js';
import { mask } from '../transform/mask.js';
import { noise } from '../transform/noise.js';
import type { Operator } from '../transform/operator.js';
import { redact } from '../transform/redact.js';
import { replace } from '../transform/replace.js';
import { round } from '../transform/round.js';
import { token } from '../transform/token.js';
import { topBottom } from '../transform/top-bottom.js';
import { redactTextOperator } from './redact-text.js';

/**
 * The operator registry (Presidio's OperatorsFactory, typed, capability-driven): one line per
 * operator. An operator is one file exporting a `defineOperator({...})` (its params schema and
 * capabilities: keys, reversal, subject, auto kinds, reports) plus its line here; the jobs
 * (run/deidentify.ts), the policy's action list and its JSON Schema are all read from this list.
 * The files are in transform/ (a value in, a value out), except the operators that compose
 * detect/ with transform/ (redact_text: find, then replace), which live in this folder, above both.
 */
export const OPERATORS = [
  keep,
  mask,
  redact,
  drop,
  replace,
  token,
  fpe,
  dateShift,
  noise,
  round,
  topBottom,
  generalize,
  redactTextOperator,
  keepSurname,
] as const;

/** Every action a policy can name for a column. */
export type ActionName = (typeof OPERATORS)[number]['name'];
export const ACTION_NAMES = OPERATORS.map((o) => o.name) as [ActionName, ...ActionName[]];

/**
 * The registry by name, for jobs that look an action up. Params are any object here: each
 * entry checks them with its own schema.
 */
export const operators = Object.fromEntries(OPERATORS.map((o) => [o.name, o])) as Record<
  ActionName,
  Operator<ActionName, object>
>;

/**
 * What an action does besides transforming values, from its operator's declaration: `copy`
 * (keep: the values stay in clear), `remove` (drop), `deferred` (generalize: the anonymization
 * search applies it). Undefined for an operator that transforms the values, or an unknown name.
 * Jobs, the policy's checks and the verdict ask this instead of comparing action names.
 */
export const effectOf = (action: string): 'copy' | 'remove' | 'deferred' | undefined =>
  Object.hasOwn(operators, action) ? operators[action as ActionName].effect : undefined;

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

type ParamsOf<O> = O extends Operator<string, infer P> ? P : never;

/**
 * One column's action in a policy: `{ action: 'mask', kind: 'mobile' }`,
 * `{ action: 'token', length: 20 }`, `{ action: 'date_shift', subject: 'patient_id' }` ...
 * A discriminated union on `action`, built from the registry, so a typo in a param is an error
 * naming the key.
 */
export const columnActionSchema = z.discriminatedUnion(
  'action',
  OPERATORS.map((o) => withAction(o.name, o.paramsSchema)) as unknown as [
    ReturnType<typeof withAction>,
    ...ReturnType<typeof withAction>[],
  ],
);
export type ColumnAction = {
  [O in (typeof OPERATORS)[number] as O['name']]: { action: O['name'] } & ParamsOf<O>;
}[ActionName];

/** Split a parsed column action into operator name and params. */
export function splitAction(a: ColumnAction): { name: ActionName; params: Record<string, unknown> } {
  const { action, ...params } = a as { action: ActionName } & Record<string, unknown>;
  return { name: action, params };
}
