import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { WumingError } from '../../src/errors.js';
import { sniffEncoding } from '../../src/io/encoding.js';
import { detectFileAll } from '../../src/run/detect.js';
import { CLI_ARGS } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-detect-'));
const TEXT = '姓名：张伟，手机13812345678\n\n邮箱 a@b.cn\r\n';

describe('detectFile', () => {
  it('reads UTF-8 with and without BOM', async () => {
    const p1 = join(dir, 'a.txt');
    writeFileSync(p1, TEXT);
    const p2 = join(dir, 'b.txt');
    writeFileSync(p2, `\ufeff${TEXT}`);
    const a = await detectFileAll(p1);
    expect(a.map((f) => [f.line, f.start, f.end, f.type])).toEqual([
      [0, 3, 5, 'PERSON_NAME'],
      [0, 8, 19, 'CN_MOBILE'],
      [2, 3, 9, 'EMAIL'],
    ]);
    expect(await detectFileAll(p2)).toEqual(a);
  });

  it('reads GBK text', async () => {
    const p = join(dir, 'gbk.txt');
    writeFileSync(p, iconv.encode(TEXT, 'gbk'));
    expect(sniffEncoding(iconv.encode(TEXT, 'gbk'))).toBe('gb18030');
    expect((await detectFileAll(p)).map((f) => f.type)).toEqual(['PERSON_NAME', 'CN_MOBILE', 'EMAIL']);
  });

  it('streams big files with correct line numbers', async () => {
    const p = join(dir, 'big.txt');
    const filler = '普通的一行文字，没有个人信息。\n'.repeat(120_000);
    writeFileSync(p, `${filler}手机13812345678\n`);
    const got = await detectFileAll(p);
    expect(got).toEqual([{ line: 120_000, start: 2, end: 13, type: 'CN_MOBILE', score: expect.any(Number) }]);
  });

  it('names the file when it is not text or does not exist', async () => {
    const p = join(dir, 'bin.txt');
    writeFileSync(p, Buffer.from([0xff, 0xff, 0xff, 0x80, 0x81, 0xfe]));
    await expect(detectFileAll(p)).rejects.toThrow(WumingError);
    await expect(detectFileAll(p)).rejects.toMatchObject({ location: { file: p } });
    await expect(detectFileAll(join(dir, 'missing.txt'))).rejects.toMatchObject({ kind: 'io' });
  });
});

describe('wuming detect CLI', () => {
  const run = (args: string[]) =>
    execFileSync(process.execPath, [...CLI_ARGS, 'detect', ...args], { encoding: 'utf8' });

  it('prints one JSON line per finding with the documented keys', () => {
    const p = join(dir, 'cli.txt');
    writeFileSync(p, TEXT);
    const lines = run([p, '--json'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { line: 0, start: 3, end: 5, type: 'PERSON_NAME', score: expect.any(Number) },
      { line: 0, start: 8, end: 19, type: 'CN_MOBILE', score: expect.any(Number) },
      { line: 2, start: 3, end: 9, type: 'EMAIL', score: expect.any(Number) },
    ]);
    for (const l of lines) expect(Object.keys(l)).toEqual(['line', 'start', 'end', 'type', 'score']);
    const filtered = run([p, '--json', '--types', 'EMAIL'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(filtered.map((f) => f.type)).toEqual(['EMAIL']);
  });

  it('prints a table without values', () => {
    const p = join(dir, 'cli2.txt');
    writeFileSync(p, TEXT);
    const out = run([p]);
    expect(out).toContain('CN_MOBILE');
    expect(out).not.toContain('13812345678');
  });
});
