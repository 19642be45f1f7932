import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function wuming(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('wuming verify: hierarchical t-closeness with --hierarchies', () => {
  it('checks the sensitive column against its hierarchy and fails where classes drift (Adult)', () => {
    const r = wuming(
      'verify',
      'data/adult/adult.csv',
      '--qi',
      'sex,race',
      '--sensitive',
      'occupation',
      '--t',
      '0.2',
      '--t-distance',
      'hierarchical',
      '--hierarchies',
      'data/adult',
      '--json',
    );
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.checks[0].model).toBe('hierarchical-distance 0.2-closeness on occupation');
    expect(out.checks[0].verified).toBe(false);
    // Loose enough for every class: the same check passes.
    const ok = wuming(
      'verify',
      'data/adult/adult.csv',
      '--qi',
      'sex',
      '--sensitive',
      'occupation',
      '--t',
      '0.9',
      '--t-distance',
      'hierarchical',
      '--hierarchies',
      'data/adult',
      '--json',
    );
    expect(ok.code).toBe(0);
  });

  it('refuses hierarchical distance without the hierarchy (usage error, exit 2)', () => {
    const r = wuming(
      'verify',
      'data/adult/adult.csv',
      '--qi',
      'sex',
      '--sensitive',
      'occupation',
      '--t',
      '0.2',
      '--t-distance',
      'hierarchical',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs the hierarchy of "occupation".*--hierarchies DIR/);
  });
});
