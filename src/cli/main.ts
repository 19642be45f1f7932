#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commandLoaders } from './commands.js';
import { reportError } from './common.js';
import { COMMAND_SUMMARIES } from './summaries.js';

const program = new Command();
program
  .name('wuming')
  .description(
    'Wuming (无名): find, de-identify and anonymize personal information, and prove the risk left.',
  )
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();
// Load only the command being run (or asked about with `help <command>`). The overview
// (`wuming`, `--help`, an unknown command) lists every command from its summary without loading
// any: loading all fifteen took over a second.
const [first, second] = process.argv.slice(2);
const asked = first === 'help' ? second : first;
if (asked !== undefined && Object.hasOwn(commandLoaders, asked)) {
  (await commandLoaders[asked]()).register(program);
} else {
  for (const [name, { args, summary }] of Object.entries(COMMAND_SUMMARIES)) {
    program.command(`${name}${args ? ` ${args}` : ''}`).description(summary);
  }
  // Every command has options: the overview says so, as commander does for a loaded command.
  program.configureHelp({
    subcommandTerm: (cmd) =>
      [
        cmd.name(),
        ...(Object.hasOwn(COMMAND_SUMMARIES, cmd.name()) ? ['[options]'] : []),
        ...cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)),
      ].join(' '),
  });
}

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
