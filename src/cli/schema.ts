import type { Command } from 'commander';
import { writeFileAtomic } from '../io/write.js';
import { policyJsonSchema } from '../policy/json-schema.js';
import { action } from './common.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print (or write) the JSON Schema of the policy file, for editor completion and validation')
    .option('--out <file>', 'write the schema to this file instead of printing it')
    .action(
      action(async (o: { out?: string }) => {
        const text = `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
        if (o.out) await writeFileAtomic(o.out, text);
        else process.stdout.write(text);
        return 0;
      }),
    );
}
