import { type ZodType, z } from 'zod';
import { WumingError } from '../errors.js';
import type { KeyRing } from '../keys/keyfile.js';
import type { Random } from '../random.js';
import type { ValueKind } from './kinds.js';

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
  /**
   * Params the forward run settled on from the data (date_shift's padding style), recorded in
   * the de-identification manifest so `reidentify` inverts with them; `reidentify` takes each
   * from the manifest when its plan leaves the param unset or `auto`.
   */
  applied?(): Record<string, unknown>;
  /** Why the inverse may not give every cell back byte for byte (a warning; never a value). */
  caveat?(): string | undefined;
}

/** What a value must look like for an operator to transform it (docs, JSON Schema, scan). */
type ValueClass = 'any' | 'text' | 'number' | 'date' | 'identifier' | 'name';

/**
 * One de-identification operator (one file each) and what it can do. The jobs (run/deidentify.ts:
 * deidentify, reidentify, rekey) read these capabilities and never branch on an operator's name;
 * the policy's action list and its JSON Schema are generated from the registry. The typed params
 * schema replaces Presidio's untyped `params` dict + `validate()`, so a policy is checked before
 * any data is touched.
 */
export interface Operator<N extends string = string, P = unknown> {
  readonly name: N;
  /** One line for people (README's table, the JSON Schema's description). */
  readonly summary: string;
  /** The values it transforms; others go to the column's `onInvalid` fallback where it has one. */
  readonly accepts: readonly ValueClass[];
  /** Whether the output can give back the exact input (with the key). */
  readonly reversible: boolean;
  /** Whether the operator needs the master key (for these params). */
  needsKey(params: P): boolean;
  /**
   * How `reidentify` restores the column: `invert` (the transform's inverse, with the key) or
   * `vault` (token → value pairs stored while de-identifying, in the vault file, under the
   * `scope` param or the column name). Absent or undefined: one-way.
   */
  restore?(params: P): 'invert' | 'vault' | undefined;
  /** Why a one-way column cannot be restored (reidentify's note); default "one-way". */
  readonly oneWayNote?: string;
  /** Why a keyed one-way column cannot be re-keyed (rekey flags it with this note). */
  readonly rekeyNote?: string;
  /**
   * The operator reads a subject column named by its `subject` param (a per-person key, as the
   * date shift's offset): the policy's `subject:` fills it, the column must exist, and reversal
   * runs after the subject column is restored.
   */
  readonly takesSubject?: boolean;
  /**
   * The `kind` param may be `auto`: the job infers it from the column's first values among
   * `candidates` (in priority order), writing `generic` as `otherwise`, and records it in the
   * manifest; `onReverse` infers it again when reversing (kinds the operator preserves).
   */
  readonly autoKind?: {
    readonly candidates: readonly ValueKind[];
    readonly otherwise: string;
    readonly onReverse: boolean;
  };
  /**
   * What the job does with the column apart from transforming it: `copy` (left in clear, so a
   * direct identifier in it is warned about, and a policy's plan does not list it), `remove`
   * (not written), `deferred` (applied by `wuming anonymize`'s search; copied here).
   */
  readonly effect?: 'copy' | 'remove' | 'deferred';
  /**
   * Token-like outputs: the bits an output keeps, so the job counts distinct inputs and outputs
   * (collisions) and the birthday bound n²/2^(bits+1) for the report.
   */
  collisionBits?(params: P): number;
  readonly paramsSchema: ZodType;
  create(params: P, ctx: OperatorContext): ColumnTransform;
}

export function newStats(): OperatorStats {
  return { values: 0, fallback: 0, extra: {} };
}

export function defineOperator<const N extends string, P>(op: Operator<N, P>): Operator<N, P> {
  return op;
}

/**
 * The per-value loop every operator shares: a missing cell (NULL) and an empty one stay as they
 * are, every other value is counted and transformed by `fn` (given its index in the batch).
 */
export function mapValues(
  values: readonly Cell[],
  stats: OperatorStats,
  fn: (v: string, i: number) => Cell,
): Cell[] {
  const out = new Array<Cell>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === '') {
      out[i] = v;
      continue;
    }
    stats.values++;
    out[i] = fn(v, i);
  }
  return out;
}

/** The key a keyed operator needs, or the usage error naming the column and the flag to give. */
export function requireKey(ctx: OperatorContext, what: string): KeyRing {
  if (!ctx.keys)
    throw new WumingError('KEY_REQUIRED', `${what} needs a key file (--key-file)`, {
      kind: 'usage',
      location: { column: ctx.column },
    });
  return ctx.keys;
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
