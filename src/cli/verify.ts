import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { modelSpecFromFlags } from '../run/model-flags.js';
import { modelFromOptions, verifyFile } from '../run/verify.js';
import { action, columnList, modelFlags, printJson, printTable } from './common.js';
import { summaryOf } from './summaries.js';

export function register(program: Command): void {
  const cmd = program
    .command('verify')
    .description(summaryOf('verify'))
    .argument('<file>', 'the released CSV or Parquet file')
    .requiredOption('--qi <cols>', 'quasi-identifier columns, comma-separated');
  // The privacy models' flags (src/privacy/), with the command's own where --help has shown them.
  const flags = modelFlags(cmd, 'verify');
  flags.upTo('c').option('--sensitive <col>', 'sensitive column for l-diversity and t-closeness');
  flags
    .upTo('t-distance')
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
          const spec = modelSpecFromFlags(o, 'verify', o.sensitive);
          const l = spec.l;
          if (l !== undefined && !o.sensitive) throw usageError('--l needs --sensitive COL');
          const t = spec.t;
          const tOn = o.tSensitive ?? o.sensitive;
          if (t !== undefined && !tOn) throw usageError('--t needs --sensitive COL (or --t-sensitive COL)');
          if (o.tDistance !== undefined && !['equal', 'ordered', 'hierarchical'].includes(o.tDistance))
            throw usageError('--t-distance must be equal, ordered or hierarchical');
          if (!['distinct', 'entropy', 'recursive'].includes(o.lVariant))
            throw usageError('--l-variant must be distinct, entropy or recursive');
          const r = await verifyFile(file, {
            qi: columnList(o.qi) ?? [],
            k: spec.k,
            l:
              l === undefined
                ? undefined
                : {
                    l,
                    variant: o.lVariant as 'distinct',
                    c: spec.c,
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
            models: spec.models.map(modelFromOptions),
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
  flags.rest();
}
