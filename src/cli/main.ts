#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commandLoaders } from './commands.js';
import { reportError } from './common.js';

const program = new Command();
program
  .name('wuming')
  .description(
    'Wuming (无名): find, de-identify and anonymize personal information, and prove the risk left.',
  )
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();
// Load only the command being run; --help and unknown commands load them all.
const first = process.argv[2];
const names =
  first !== undefined && Object.hasOwn(commandLoaders, first) ? [first] : Object.keys(commandLoaders);
for (const name of names) (await commandLoaders[name]()).register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander already printed its message; usage errors exit 2, --help/--version exit 0.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(e);
  }
}
