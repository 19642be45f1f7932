import { action, type Register } from './common.js';
import { type DeidFlags, deidOptions, runDeid } from './deidentify.js';
import { summaryOf } from './summaries.js';

/** Reverse a de-identification with the same policy or flags: fpe, date shift and vault tokens. */
export const register: Register = (program) => {
  deidOptions(program.command('reidentify').description(summaryOf('reidentify'))).action(
    action(async (input: string, o: DeidFlags) => runDeid(input, o, 'reidentify')),
  );
};
