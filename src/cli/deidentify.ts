import type { Command } from 'commander';
import type { DeidentifyResult, ShorthandFlags } from '../run/deidentify.js';
import { deidentifyFile } from '../run/deidentify-file.js';
import {
  action,
  columnList,
  formatNumber,
  printJson,
  printTable,
  progressBar,
  type Register,
} from './common.js';
import { summaryOf } from './summaries.js';

export interface DeidFlags {
  policy?: string;
  keyFile?: string;
  out: string;
  vault?: string;
  rekeyFrom?: string;
  newVault?: string;
  mask?: string;
  token?: string;
  fpe?: string;
  dateShift?: string;
  subject?: string;
  drop?: string;
  json?: boolean;
  /** `--no-manifest` sets this to false. */
  manifest?: boolean;
}

/** Options shared by deidentify and reidentify (the shorthand is an exact contract). */
export function deidOptions(cmd: Command): Command {
  return cmd
    .argument('<input>', 'CSV, Parquet or JSON file')
    .requiredOption('--out <file>', 'output file (.csv or .parquet), written atomically')
    .option('--policy <file>', 'policy file (YAML) whose columns name an action each')
    .option('--key-file <file>', 'key file from `wuming keygen` (must be chmod 600)')
    .option('--vault <file>', 'token vault (DuckDB file) for token columns with vault: true')
    .option(
      '--mask <cols>',
      'comma-separated columns to mask (kind inferred: ID, mobile, card, email, name, address)',
    )
    .option('--token <cols>', 'columns to replace by keyed HMAC-SHA-256 tokens')
    .option('--fpe <cols>', 'columns to encrypt format-preservingly (FF1; kind inferred)')
    .option('--date-shift <cols>', 'date columns to shift per subject')
    .option('--subject <col>', 'subject (person id) column for --date-shift')
    .option('--drop <cols>', 'columns to remove')
    .option(
      '--no-manifest',
      'deidentify: write no <out>.manifest.json; reidentify: go without <input>.manifest.json (the key is then not proven)',
    )
    .option('--json', 'print one JSON object instead of a table');
}

/** The shorthand flags as the job takes them (column lists). */
function shorthandOf(o: DeidFlags): ShorthandFlags {
  return {
    mask: columnList(o.mask),
    token: columnList(o.token),
    fpe: columnList(o.fpe),
    dateShift: columnList(o.dateShift),
    subject: o.subject,
    drop: columnList(o.drop),
  };
}

export function printResult(res: DeidentifyResult): void {
  const reverse = res.direction === 'reidentify';
  printTable(
    ['column', 'action', 'kind', 'values', 'fallback', reverse ? 'reversed' : 'collisions', 'note'],
    res.columns.map((c) => [
      c.column,
      c.action,
      c.kind ?? '',
      c.values,
      c.fallback,
      reverse
        ? c.reversed
          ? 'yes'
          : 'no'
        : c.collisions !== undefined
          ? `${c.collisions} (expected ${formatNumber(c.expectedCollisions ?? 0)})`
          : '',
      c.note ?? '',
    ]),
  );
  const lines = [
    `${res.rows.toLocaleString('en-US')} rows → ${res.output} in ${res.seconds.toFixed(1)} s`,
    res.dropped.length ? `dropped: ${res.dropped.join(', ')}` : '',
    res.keyId ? `key id: ${res.keyId}` : '',
    res.vault ? `token vault: ${res.vault}` : '',
    res.manifest ? `manifest: ${res.manifest}` : '',
  ].filter(Boolean);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function runDeid(
  input: string,
  o: DeidFlags,
  direction: 'deidentify' | 'reidentify',
): Promise<number> {
  const bar = progressBar(!o.json);
  try {
    const res = await deidentifyFile({
      direction,
      input,
      out: o.out,
      policy: o.policy,
      shorthand: shorthandOf(o),
      keyFile: o.keyFile,
      vault: o.vault,
      rekeyFrom: o.rekeyFrom,
      newVault: o.newVault,
      manifest: o.manifest === false ? false : undefined,
      onProgress: bar.onProgress,
    });
    bar.stop();
    // Warnings go to stderr (never values), so stdout stays the result.
    for (const w of res.warnings) process.stderr.write(`wuming: warning: ${w.message}\n`);
    if (o.json) printJson(res);
    else printResult(res);
    return 0;
  } finally {
    bar.stop();
  }
}

export const register: Register = (program) => {
  deidOptions(program.command('deidentify').description(summaryOf('deidentify')))
    .option(
      '--rekey-from <file>',
      'key rotation: INPUT was de-identified with this old key; re-key it to --key-file',
    )
    .option('--new-vault <file>', 'key rotation: token vault to write with the new key')
    .action(action(async (input: string, o: DeidFlags) => runDeid(input, o, 'deidentify')));
};
