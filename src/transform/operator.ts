import { type ZodType, z } from 'zod';
import { WumingError } from '../errors.js';
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
  | 'generalize';

export type Cell = string | null;

/** Per-column counters an operator fills while it runs; they go into the result and report. */
export interface OperatorStats {
  /** Non-null values seen. */
  values: number;
  /**
   * Values the operator could not transform (e.g. not a date) and replaced by the column's
   * declared safe fallback (`onInvalid: redact | suppress`). Never values copied unchanged.
   */
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

/**
 * What an operator does with a value it cannot transform (a date it cannot parse, text in a
 * numeric column, a value with nothing to encrypt). Copying it unchanged would publish the raw
 * value under a column the policy says is protected, so the only choices are safe ones:
 * `error` (default) stops the run with the file, row and column (never the value); `redact`
 * empties the cell; `suppress` writes `*` (as anonymize writes a suppressed cell). Fallbacks are
 * counted in the report (`fallback`).
 */
export const onInvalidSchema = z.enum(['error', 'redact', 'suppress']).default('error');
export type OnInvalid = z.output<typeof onInvalidSchema>;

/** The cell `suppress` writes; reidentify leaves it as it is. */
export const SUPPRESSED = '*';

/**
 * A value an operator could not transform, with its index in the batch; the job that knows the
 * batch's place in the file turns it into an error naming file, row and column
 * (`locateInvalid`). The message never quotes the value.
 */
export class InvalidValueError extends WumingError {
  constructor(
    readonly index: number,
    readonly column: string,
    what: string,
    code = 'VALUE_NOT_TRANSFORMABLE',
    fix = 'fix the cell or set onInvalid: redact or suppress for this column',
  ) {
    super(code, `${what}; no value is ever copied unchanged, so ${fix}`, {
      kind: 'data',
      location: { column },
    });
  }
}

/**
 * The cell to write for an untransformable value at `index`, or the error to stop with. Shared by
 * every operator so a fallback can only be a safe one.
 */
export function invalidValue(
  onInvalid: OnInvalid,
  stats: OperatorStats,
  column: string,
  index: number,
  what: string,
): Cell {
  if (onInvalid === 'error') throw new InvalidValueError(index, column, what);
  stats.fallback++;
  return onInvalid === 'suppress' ? SUPPRESSED : null;
}

/** Turn an operator's InvalidValueError into one naming the file and row (`firstRow` = row of index 0). */
export function locateInvalid(e: unknown, file: string, firstRow: number): unknown {
  if (!(e instanceof InvalidValueError)) return e;
  const row = firstRow + e.index;
  return new WumingError(e.code, `row ${row}: ${e.message}`, {
    kind: 'data',
    location: { file, line: row, column: e.column },
  });
}
