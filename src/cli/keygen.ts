import { createKeyFile } from '../run/keys.js';
import { action, printJson, type Register } from './common.js';
import { summaryOf } from './summaries.js';

export const register: Register = (program) => {
  program
    .command('keygen')
    .description(summaryOf('keygen'))
    .requiredOption('--out <file>', 'key file to create')
    .option('--force', 'replace an existing key file (data encrypted with it becomes unrecoverable)')
    .option('--json', 'print one JSON object')
    .action(
      action(async (o: { out: string; force?: boolean; json?: boolean }) => {
        const r = await createKeyFile(o.out, { force: o.force });
        if (o.json) printJson(r);
        else
          process.stdout.write(
            `wrote ${r.path} (mode 600)\nkey id: ${r.keyId}\nKeep this file secret and backed up: without it FPE columns cannot be decrypted.\n`,
          );
        return 0;
      }),
    );
};
