import type { Command } from 'commander';
import { policySchemaText, writePolicySchema } from '../run/schema.js';
import { action } from './common.js';
import { summaryOf } from './summaries.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description(summaryOf('schema'))
    .option('--out <file>', 'write the schema to this file instead of printing it')
    .action(
      action(async (o: { out?: string }) => {
        if (o.out) await writePolicySchema(o.out);
        else process.stdout.write(policySchemaText());
        return 0;
      }),
    );
}
