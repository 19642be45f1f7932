import { WumingError } from '../errors.js';
import type { PrivacyModel } from '../privacy/model.js';
import { MODEL_FLAGS, type ModelOptions, modelFromOptions } from '../privacy/registry.js';

/**
 * The per-model flags of `wuming anonymize` and `wuming verify` (`--beta 1`), read from the
 * privacy-model registry so a new model reaches the CLI from its own file. Apart from the jobs so
 * the CLI reaches them without loading the engine (the in-memory path never does).
 */
export { MODEL_FLAGS } from '../privacy/registry.js';

/**
 * The registry models the per-model CLI flags ask for (`--beta 1`, from each model's registry
 * entry), on the column of `--sensitive`.
 */
export function modelFlagOptions(
  flags: Record<string, unknown>,
  sensitive: string | undefined,
): ModelOptions[] {
  return MODEL_FLAGS.flatMap((f) => {
    const v = flags[f.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
    if (v === undefined) return [];
    const x = Number(v);
    if (!Number.isFinite(x))
      throw new WumingError('BAD_FLAG', `--${f.flag} must be a number, got "${String(v)}"`, {
        kind: 'usage',
      });
    if (f.needsSensitive && !sensitive)
      throw new WumingError('BAD_FLAG', `--${f.flag} needs --sensitive COLUMN`, { kind: 'usage' });
    return [{ id: f.id, ...f.options(x, sensitive) }];
  });
}

/** The same flags as models, for `wuming verify`. */
export const modelsFromFlags = (
  flags: Record<string, unknown>,
  sensitive: string | undefined,
): PrivacyModel[] => modelFlagOptions(flags, sensitive).map(modelFromOptions);
