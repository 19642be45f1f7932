import { action, type Register } from './common.js';
import { type DeidFlags, deidOptions, runDeid } from './deidentify.js';

/** Reverse a de-identification with the same policy or flags: fpe, date shift and vault tokens. */
export const register: Register = (program) => {
  deidOptions(
    program
      .command('reidentify')
      .description('reverse fpe, date-shift and token-vault columns with the key (same flags as deidentify)'),
  ).action(action(async (input: string, o: DeidFlags) => runDeid(input, o, 'reidentify')));
};
