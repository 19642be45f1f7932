import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { verifyFile } from '../run/verify.js';
import { action, columnList, parseNumber, printJson, printTable } from './common.js';

export function register(program: Command): void {
  program
    .command('verify')
    .description(
      're-read a released file and check k-anonymity / l-diversity independently (exit 1 if any fails)',
    )
    .argument('<file>', 'the released CSV or Parquet file')
    .requiredOption('--qi <cols>', 'quasi-identifier columns, comma-separated')
    .option('--k <n>', 'required k')
    .option('--l <n>', 'required l (with --sensitive)')
    .option('--l-variant <v>', 'distinct | entropy | recursive', 'distinct')
    .option('--c <c>', 'c for recursive (c,l)-diversity')
    .option('--sensitive <col>', 'sensitive column for l-diversity')
    .option('--json', 'print one JSON object')
    .action(
      action(
        async (
          file: string,
          o: {
            qi: string;
            k?: string;
            l?: string;
            lVariant: string;
            c?: string;
            sensitive?: string;
            json?: boolean;
          },
        ) => {
          const l = parseNumber('l', o.l, { min: 1 });
          if (l !== undefined && !o.sensitive) throw usageError('--l needs --sensitive COL');
          if (!['distinct', 'entropy', 'recursive'].includes(o.lVariant))
            throw usageError('--l-variant must be distinct, entropy or recursive');
          const r = await verifyFile(file, {
            qi: columnList(o.qi) ?? [],
            k: parseNumber('k', o.k, { min: 1, integer: true }),
            l:
              l === undefined
                ? undefined
                : {
                    l,
                    variant: o.lVariant as 'distinct',
                    c: parseNumber('c', o.c, { min: 0 }),
                    sensitive: o.sensitive!,
                  },
          });
          if (o.json) printJson(r);
          else {
            printTable(
              ['model', 'holds', 'detail'],
              r.checks.map((c) => [c.model, c.verified ? 'yes' : 'NO', c.detail]),
            );
            process.stdout.write(`${r.rows} rows, ${r.classes} classes, ${r.suppressed} suppressed\n`);
          }
          return r.passed ? 0 : 1;
        },
      ),
    );
}
