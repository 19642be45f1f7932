import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { modelsFromFlags } from '../run/model-flags.js';
import { verifyFile } from '../run/verify.js';
import { action, addModelFlags, columnList, parseNumber, printJson, printTable } from './common.js';

export function register(program: Command): void {
  const cmd = program
    .command('verify')
    .description(
      're-read a released file and check k-anonymity, l-diversity and t-closeness independently (exit 1 if any fails)',
    )
    .argument('<file>', 'the released CSV or Parquet file')
    .requiredOption('--qi <cols>', 'quasi-identifier columns, comma-separated')
    .option('--k <n>', 'required k')
    .option('--l <n>', 'required l (with --sensitive)')
    .option('--l-variant <v>', 'distinct | entropy | recursive', 'distinct')
    .option('--c <c>', 'c for recursive (c,l)-diversity')
    .option('--sensitive <col>', 'sensitive column for l-diversity and t-closeness')
    .option('--t <t>', 'required t of t-closeness')
    .option('--t-distance <d>', 'equal | ordered | hierarchical (default: ordered for numbers, else equal)')
    .option('--t-sensitive <col>', 'the sensitive column of t-closeness, when not --sensitive')
    .option('--subject <col>', 'the column naming the person each row is about: classes count people')
    .option(
      '--hierarchies <dir>',
      "ARX hierarchy files (<anything>_hierarchy_<column>.csv or <column>.csv): the sensitive column's makes t-closeness hierarchical",
    )
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
            t?: string;
            tDistance?: string;
            tSensitive?: string;
            subject?: string;
            hierarchies?: string;
            json?: boolean;
          },
        ) => {
          const l = parseNumber('l', o.l, { min: 1 });
          if (l !== undefined && !o.sensitive) throw usageError('--l needs --sensitive COL');
          const t = parseNumber('t', o.t, { min: 0, max: 1 });
          const tOn = o.tSensitive ?? o.sensitive;
          if (t !== undefined && !tOn) throw usageError('--t needs --sensitive COL (or --t-sensitive COL)');
          if (o.tDistance !== undefined && !['equal', 'ordered', 'hierarchical'].includes(o.tDistance))
            throw usageError('--t-distance must be equal, ordered or hierarchical');
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
            t:
              t === undefined
                ? undefined
                : {
                    t,
                    distance: o.tDistance as 'equal' | 'ordered' | 'hierarchical' | undefined,
                    sensitive: tOn!,
                  },
            models: modelsFromFlags(o, o.sensitive),
            subject: o.subject,
            hierarchies: o.hierarchies,
          });
          if (o.json) printJson(r);
          else {
            printTable(
              ['model', 'holds', 'detail'],
              r.checks.map((c) => [c.model, c.verified ? 'yes' : 'NO', c.detail]),
            );
            process.stdout.write(`${r.rows} rows, ${r.classes} classes, ${r.suppressed} suppressed\n`);
            for (const p of r.problems) process.stdout.write(`✘ ${p}\n`);
          }
          return r.passed ? 0 : 1;
        },
      ),
    );
  addModelFlags(cmd);
}
