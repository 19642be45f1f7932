import { WumingError } from '../errors.js';
import type { ModelFlagCommand, ModelSpec } from '../privacy/model.js';
import { MODEL_FLAGS, type ModelOptions } from '../privacy/registry.js';

/**
 * The flags of `wuming anonymize` and `wuming verify` that the privacy models declare (`--k 5`,
 * `--l-variant entropy`, `--beta 1`: each model's `flags`, src/privacy/), read from the registry
 * so a new model reaches the CLI from its own file. Apart from the jobs so the CLI reaches them
 * without loading the engine (the in-memory path never does).
 */
export { MODEL_FLAGS } from '../privacy/registry.js';

/** A numeric flag within bounds, or a usage error naming the flag (never more than its own value). */
export function parseNumber(
  name: string,
  v: string | undefined,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (
    !Number.isFinite(n) ||
    (opts.integer && !Number.isInteger(n)) ||
    (opts.min !== undefined && n < opts.min) ||
    (opts.max !== undefined && n > opts.max)
  ) {
    const range = [
      opts.min !== undefined ? `≥ ${opts.min}` : '',
      opts.max !== undefined ? `≤ ${opts.max}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new WumingError(
      'BAD_FLAG',
      `--${name} must be ${opts.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}, got "${v}"`,
      { kind: 'usage' },
    );
  }
  return n;
}

/** commander's attribute of a flag: `--l-variant` → `lVariant`. */
const attribute = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * What the model flags of a command ask for: the flat `ModelSpec` keys (`--k 5` → `k: 5`,
 * numbers checked against each flag's bounds) and, under `models`, the models asked for by id
 * (`--beta 1` → `{id: 'beta-likeness', beta: 1, sensitive}`, on the column of `--sensitive`).
 */
export function modelSpecFromFlags(
  flags: Readonly<Record<string, unknown>>,
  command: ModelFlagCommand,
  sensitive: string | undefined,
): ModelSpec & { models: ModelOptions[] } {
  const spec: Record<string, unknown> = {};
  const models: ModelOptions[] = [];
  for (const f of MODEL_FLAGS) {
    if (f.help[command] === undefined) continue;
    const v = flags[attribute(f.name)];
    if (v === undefined) continue;
    if ('spec' in f) {
      spec[f.spec] = f.number ? parseNumber(f.name, String(v), f.number) : String(v);
      continue;
    }
    const x = parseNumber(f.name, String(v))!;
    if (f.needsSensitive && !sensitive)
      throw new WumingError('BAD_FLAG', `--${f.name} needs --sensitive COLUMN`, { kind: 'usage' });
    models.push({ id: f.id, ...f.options(x, sensitive) });
  }
  return { ...spec, models };
}
