import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandLoaders } from '../../src/cli/commands.js';
import { COMMAND_SUMMARIES } from '../../src/cli/summaries.js';
import { CLI_ARGS } from '../helpers/cli.js';

/**
 * `wuming --help` lists the commands from src/cli/summaries.ts without loading them; these checks
 * keep that list equal to what the commands register, so the overview cannot drift from them.
 */
describe('command overview without loading the commands', () => {
  it('has one summary per command, with the arguments and description the command registers', async () => {
    expect(Object.keys(COMMAND_SUMMARIES).sort()).toEqual(Object.keys(commandLoaders).sort());
    const program = new Command();
    for (const load of Object.values(commandLoaders)) (await load()).register(program);
    for (const cmd of program.commands) {
      const s = COMMAND_SUMMARIES[cmd.name() as keyof typeof COMMAND_SUMMARIES];
      const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
      expect({ name: cmd.name(), args: args.join(' '), summary: cmd.description() }).toEqual({
        name: cmd.name(),
        args: s.args,
        summary: s.summary,
      });
      // The overview writes "[options]" for every listed command.
      expect(cmd.options.length, cmd.name()).toBeGreaterThan(0);
    }
  });

  it('prints the overview and still runs `help <command>` with the command loaded', () => {
    const overview = spawnSync(process.execPath, [...CLI_ARGS, '--help'], { encoding: 'utf8' });
    expect(overview.status).toBe(0);
    for (const [name, { args }] of Object.entries(COMMAND_SUMMARIES))
      expect(overview.stdout).toContain(`${name} [options]${args ? ` ${args}` : ''}`);
    expect(overview.stdout).toContain('help [command]');
    const one = spawnSync(process.execPath, [...CLI_ARGS, 'help', 'anonymize'], { encoding: 'utf8' });
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('Usage: wuming anonymize [options] <input>');
    expect(one.stdout).toContain('--suppression');
    const typo = spawnSync(process.execPath, [...CLI_ARGS, 'anonymiz'], { encoding: 'utf8' });
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Did you mean anonymize?');
  });
});
