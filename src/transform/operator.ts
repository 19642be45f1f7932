import type { ZodType } from 'zod';
import type { KeyRing } from '../keys/keyfile.js';
import type { Random } from '../random.js';

/** Every action a policy can name for a column. */
export type ActionName =
  | 'keep'
  | 'mask'
  | 'redact'
  | 'drop'
  | 'replace'
  | 'token'
  | 'fpe'
  | 'date_shift'
  | 'noise'
  | 'round'
  | 'top_bottom'
  | 'generalize'
  | 'redact_text';

export type Cell = string | null;

/** Per-column counters an operator fills while it runs; they go into the result and report. */
export interface OperatorStats {
  /** Non-null values seen. */
  values: number;
  /** Values the operator could not interpret and handled by its fallback (e.g. not a date). */
  fallback: number;
  /** Extra counters specific to an operator (e.g. FPE cycle-walk steps). */
  extra: Record<string, number>;
}

export interface OperatorContext {
  /** Column name (for messages and as the default key scope). */
  column: string;
  /** Master key; required when the operator needs a key. */
  keys?: KeyRing;
  /** Randomness for noise and random replacement; secureRandom() in production. */
  random: Random;
}

/**
 * A column transform bound to its params and keys. `apply` works on a whole column vector (one
 * batch) because per-value dispatch would dominate the cost of cheap operators like masking.
 * `subjects` is the same batch of the subject column, for per-subject operators (date shift).
 */
export interface ColumnTransform {
  apply(values: readonly Cell[], subjects?: readonly Cell[]): Cell[];
  /** Present only for reversible operators; exact inverse of `apply` on its outputs. */
  invert?(values: readonly Cell[], subjects?: readonly Cell[]): Cell[];
  readonly stats: OperatorStats;
  /** The value kind an `auto` operator settled on (mask, fpe), for the report. */
  readonly kind?: string;
}

/**
 * One de-identification operator (one file each). The typed params schema replaces Presidio's
 * untyped `params` dict + `validate()`, so a policy is checked before any data is touched.
 */
export interface Operator<P> {
  readonly name: ActionName;
  /** Whether `invert` can give back the exact input (with the key). */
  readonly reversible: boolean;
  /** Whether the operator needs the master key (for these params). */
  needsKey(params: P): boolean;
  /** Whether the operator reads a subject column (date shift). */
  needsSubject?(params: P): boolean;
  readonly paramsSchema: ZodType<P>;
  create(params: P, ctx: OperatorContext): ColumnTransform;
}

export function newStats(): OperatorStats {
  return { values: 0, fallback: 0, extra: {} };
}

export function defineOperator<P>(op: Operator<P>): Operator<P> {
  return op;
}
