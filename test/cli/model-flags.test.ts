import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register as registerAnonymize } from '../../src/cli/anonymize.js';
import { register as registerVerify } from '../../src/cli/verify.js';
import { MODEL_FLAGS, modelSpecFromFlags } from '../../src/run/model-flags.js';

/**
 * The privacy-model flags of `anonymize` and `verify` are declared by the models
 * (src/privacy/<model>.ts, `flags`); the commands add them in registry order. The exact flags are
 * a contract (scripts and the independent checks call them): none may be renamed or lost.
 */
function options(register: (p: Command) => void, name: string): string[] {
  const program = new Command();
  register(program);
  const cmd = program.commands.find((c) => c.name() === name)!;
  return cmd.options.map((o) => o.flags);
}

describe('privacy-model flags, declared by the models', () => {
  it('keeps every flag of anonymize and verify, in the order --help has always shown', () => {
    expect(options(registerAnonymize, 'anonymize')).toEqual([
      '--out <file>',
      '--hierarchies <dir>',
      '--save-hierarchies <dir>',
      '--policy <file>',
      '--report <dir>',
      '--qi <cols>',
      '--k <n>',
      '--l <n>',
      '--l-variant <v>',
      '--c <c>',
      '--sensitive <col>',
      '--t <t>',
      '--t-sensitive <col>',
      '--t-distance <d>',
      '--subject <col>',
      '--population <file>',
      '--delta-min <x>',
      '--delta-max <x>',
      '--kmap <n>',
      '--suppression <pct>',
      '--metric <m>',
      '--local-recoding',
      '--time-limit <s>',
      '--data-path <p>',
      '--json',
      '--beta <x>',
    ]);
    expect(options(registerVerify, 'verify')).toEqual([
      '--qi <cols>',
      '--k <n>',
      '--l <n>',
      '--l-variant <v>',
      '--c <c>',
      '--sensitive <col>',
      '--t <t>',
      '--t-distance <d>',
      '--t-sensitive <col>',
      '--subject <col>',
      '--hierarchies <dir>',
      '--json',
      '--beta <x>',
    ]);
  });

  it('comes from the registry: every declared flag belongs to a model and reaches a command', () => {
    for (const f of MODEL_FLAGS) {
      expect(f.id).toMatch(/^[a-z0-9-]+$/);
      expect(Object.keys(f.help).length).toBeGreaterThan(0);
    }
    expect(MODEL_FLAGS.map((f) => f.name)).toEqual([
      'k',
      'l',
      'l-variant',
      'c',
      't',
      't-distance',
      'delta-min',
      'delta-max',
      'kmap',
      'beta',
    ]);
  });

  it('reads the values into the model spec, with usage errors naming the flag', () => {
    const spec = modelSpecFromFlags(
      {
        k: '5',
        l: '2',
        lVariant: 'entropy',
        t: '0.2',
        tDistance: 'ordered',
        kmap: '3',
        deltaMax: '0.5',
        beta: '1',
      },
      'anonymize',
      'dx',
    );
    expect(spec).toEqual({
      k: 5,
      l: 2,
      lVariant: 'entropy',
      t: 0.2,
      tDistance: 'ordered',
      deltaMax: 0.5,
      kMap: 3,
      models: [{ id: 'beta-likeness', beta: 1, sensitive: 'dx' }],
    });
    // δ-presence and k-map have no verify flags: verify ignores them.
    expect(modelSpecFromFlags({ kmap: '3' }, 'verify', undefined)).toEqual({ models: [] });
    const usage = (flags: Record<string, string>) => {
      try {
        modelSpecFromFlags(flags, 'anonymize', undefined);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(usage({ k: '2.5' })).toBe('--k must be an integer ≥ 1, got "2.5"');
    expect(usage({ t: '2' })).toBe('--t must be a number ≥ 0 and ≤ 1, got "2"');
    expect(usage({ kmap: '0' })).toBe('--kmap must be an integer ≥ 1, got "0"');
    expect(usage({ deltaMin: '-1' })).toBe('--delta-min must be a number ≥ 0 and ≤ 1, got "-1"');
    expect(usage({ beta: 'x' })).toBe('--beta must be a number, got "x"');
    expect(usage({ beta: '1' })).toBe('--beta needs --sensitive COLUMN');
  });
});
