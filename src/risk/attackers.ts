import type { AttackContext, RiskRow } from './attacker.js';
import { journalist } from './journalist.js';
import { marketer } from './marketer.js';
import { prosecutor } from './prosecutor.js';

/**
 * The attacker models: one file each, one line here, in the order their figures are computed (a
 * model reads the figures of those before it: the journalist stands in with the prosecutor's
 * when F is unknown, the marketer reads the journalist's average). `riskFromHistogram` and
 * `assessRisk` fill `<id>: figure` of the JSON from this list; `wuming risk` and the report's
 * risk table print each model's rows.
 */
export const ATTACKER_MODELS = [prosecutor, journalist, marketer] as const;

type Attacker = (typeof ATTACKER_MODELS)[number];
/** Every attacker model's figure under its id: `{prosecutor, journalist, marketer}`. */
export type AttackFigures = { [A in Attacker as A['id']]: ReturnType<A['estimate']> };

/** Run every attacker model on one data set. */
export function attackFigures(ctx: AttackContext): AttackFigures {
  const out: Record<string, unknown> = {};
  for (const a of ATTACKER_MODELS) out[a.id] = a.estimate(ctx, out);
  return out as AttackFigures;
}

/** Where the journalist's population class sizes came from, for its rows. */
interface RowContext {
  readonly thresholds: readonly number[];
  readonly journalistModel: string;
}

/** Every attacker model's rows of `wuming risk`'s table, in registry order. */
export function attackerRows(figures: AttackFigures, r: RowContext): RiskRow[] {
  return ATTACKER_MODELS.flatMap((a) => (a.rows as AnyRows)(figures[a.id], r));
}

/**
 * The rows of the report's risk table: `figures` may lack a model the report does not carry
 * (its value is then undefined and the report shows "—").
 */
export function attackerReportRows(figures: { readonly [K in Attacker['id']]?: unknown }): RiskRow[] {
  return ATTACKER_MODELS.flatMap((a) => {
    const rows = 'reportRows' in a ? (a.reportRows as AnyRows | undefined) : undefined;
    return rows ? rows(figures[a.id]) : [];
  });
}

// Each model's rows read its own figure (typed in its file); the loop sees the union.
type AnyRows = (value: unknown, r?: RowContext) => RiskRow[];
