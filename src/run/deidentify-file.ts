import { createEngine } from '../engine/index.js';
import { WumingError } from '../errors.js';
import type { ProgressFn } from '../progress.js';
import {
  type DeidentifyPlan,
  type DeidentifyResult,
  deidentify,
  loadPlanFile,
  reidentify,
  rekey,
  type ShorthandFlags,
  shorthandPlan,
} from './deidentify.js';

/** A de-identification job on files, as the CLI and a server take it. */
export interface DeidentifyFileOptions {
  /** 'deidentify' (default) applies the plan; 'reidentify' reverses fpe, date shifts and vault tokens. */
  direction?: 'deidentify' | 'reidentify';
  input: string;
  /** Output file (.csv or .parquet), written atomically. */
  out: string;
  /** A policy file (YAML) whose columns name an action each; not together with `shorthand`. */
  policy?: string;
  /** The shorthand of `--mask/--token/--fpe/--date-shift/--subject/--drop` (exact contract). */
  shorthand?: ShorthandFlags;
  /** Key file from `wuming keygen` (must be chmod 600). */
  keyFile?: string;
  /** Token vault (DuckDB file) for token columns with `vault: true`. */
  vault?: string;
  /** Key rotation: the input was de-identified with this old key file; re-key it to `keyFile`. */
  rekeyFrom?: string;
  /** Key rotation: token vault to write with the new key. */
  newVault?: string;
  /**
   * false: deidentify writes no `<out>.manifest.json`, reidentify goes without
   * `<input>.manifest.json` (the key is then not proven).
   */
  manifest?: false;
  onProgress?: ProgressFn;
}

/** Whether any shorthand flag was given. */
function hasShorthand(s: ShorthandFlags | undefined): boolean {
  return s !== undefined && Object.values(s).some((v) => v !== undefined);
}

/**
 * The plan of a job: the policy file's, the shorthand's, or (reidentify with neither, and a
 * manifest) undefined, so that reidentify takes it from the manifest next to the input.
 */
async function planOf(o: DeidentifyFileOptions): Promise<DeidentifyPlan | undefined> {
  const short = hasShorthand(o.shorthand);
  if (o.direction === 'reidentify' && !o.policy && !short && o.manifest !== false) return undefined;
  if (o.policy && short)
    throw new WumingError(
      'USAGE',
      'give either --policy or the shorthand flags (--mask, --token, --fpe, ...), not both',
      { kind: 'usage' },
    );
  if (o.policy) return loadPlanFile(o.policy);
  return shorthandPlan(o.shorthand ?? {});
}

/**
 * De-identify (or re-identify, or re-key) a file: the plan from a policy file or the shorthand,
 * an engine made (and closed) for the job, the result with its per-column report and warnings.
 * This is the whole `wuming deidentify|reidentify` job; the CLI only parses flags and prints.
 *
 * @example
 * const r = await deidentifyFile({ input: 'people.csv', out: 'people.deid.csv',
 *   shorthand: { mask: ['mobile'], token: ['id'] }, keyFile: 'wuming.key' });
 */
export async function deidentifyFile(o: DeidentifyFileOptions): Promise<DeidentifyResult> {
  const plan = await planOf(o);
  const engine = await createEngine();
  try {
    const common = {
      engine,
      input: o.input,
      out: o.out,
      plan,
      keyFile: o.keyFile,
      vault: o.vault,
      manifest: o.manifest === false ? (false as const) : undefined,
      onProgress: o.onProgress,
    };
    return o.direction === 'reidentify'
      ? await reidentify(common)
      : o.rekeyFrom
        ? await rekey({ ...common, oldKeyFile: o.rekeyFrom, newVault: o.newVault })
        : await deidentify(common);
  } finally {
    await engine.close();
  }
}
