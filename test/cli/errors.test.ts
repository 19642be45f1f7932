import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CLI_ARGS } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-cli-'));
function wuming(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI error handling: clear messages, documented exit codes, no stack traces', () => {
  it('names the file and line of a ragged row (exit 1) without quoting the row', () => {
    const p = join(dir, 'ragged.csv');
    writeFileSync(p, 'name,mobile\n张三,13800138000\n李四,13900139000,extra\n');
    const r = wuming('scan', p);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p}:3`);
    expect(r.err).not.toContain('13900139000');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reads a GBK export through the CLI', () => {
    const p = join(dir, 'gbk.csv');
    writeFileSync(
      p,
      iconv.encode('姓名,手机号\n张三,13800138000\n李四,13900139000\n王五,13700137000\n', 'gbk'),
    );
    const r = wuming('scan', p, '--json');
    expect(r.code).toBe(0);
    const inv = JSON.parse(r.out.trim().split('\n').at(-1)!);
    expect(inv.source.encoding).toBe('gb18030');
    expect(inv.columns.map((c: { column: string }) => c.column)).toEqual(['姓名', '手机号']);
    expect(inv.columns[1].types[0].type).toBe('CN_MOBILE');
  });

  it('rejects an empty file (exit 1) and a bad flag (exit 2)', () => {
    const p = join(dir, 'empty.csv');
    writeFileSync(p, '');
    const r = wuming('scan', p);
    expect(r.code).toBe(1);
    expect(r.err).toContain('empty');
    const u = wuming('verify', p, '--qi', 'a', '--k', 'five');
    expect(u.code).toBe(2);
    expect(u.err).toContain('--k');
  });

  it('names the line of a policy type error, and an unknown policy column', () => {
    const data = join(dir, 'd.csv');
    writeFileSync(data, 'age,sex\n30,M\n31,F\n');
    const pol = join(dir, 'p.yaml');
    writeFileSync(
      pol,
      'columns:\n  age: { role: quasi_identifier }\n  sex: { role: quasi_identifier }\nprivacy:\n  k: lots\n',
    );
    const r = wuming('report', data, '--policy', pol, '--out', join(dir, 'rep'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${pol}:5`);
    expect(r.err).toContain('privacy.k');
    writeFileSync(pol, 'columns:\n  age: { role: quasi_identifier }\n  gender: { role: quasi_identifier }\n');
    const r2 = wuming('report', data, '--policy', pol, '--out', join(dir, 'rep'));
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('"gender"');
  });

  it('fails cleanly on an unwritable output path and leaves no partial file', () => {
    const out = join(dir, 'missing-dir', 'x.csv');
    const r = wuming('sample', '--rows', '10', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(out);
    expect(readdirSync(dir).some((f) => f.includes('wuming-tmp'))).toBe(false);
  });
});
