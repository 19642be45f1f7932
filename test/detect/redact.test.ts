import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectLines } from '../../src/detect/index.js';
import { WumingError } from '../../src/errors.js';
import * as lib from '../../src/index.js';
import { generateKey, writeKeyFile } from '../../src/keys/keyfile.js';
import { redactText } from '../../src/operators/redact-text.js';
import { redactFile } from '../../src/run/detect.js';
import { CLI_ARGS } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-redact-'));
const TEXT = '姓名：张伟，手机13812345678\n\n邮箱 a@b.cn，卡号 6222 0210 0112 3456 789\r\n无';

function wuming(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    encoding: 'utf8',
    input,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('redactText', () => {
  it('replaces every finding with its type tag, keeping line breaks', () => {
    expect(redactText(TEXT)).toBe(
      '姓名：[PERSON_NAME]，手机[CN_MOBILE]\n\n邮箱 [EMAIL]，卡号 [BANK_CARD]\r\n无',
    );
  });

  it('masks letters and digits, keeping separators and length', () => {
    const m = redactText('手机 138-1234-5678，邮箱 zw@qq.com', { style: 'mask' });
    expect(m).toBe('手机 ***-****-****，邮箱 **@**.***');
  });

  it('gives keyed tokens: same value same token, spacing ignored, other key other token', () => {
    const k1 = generateKey();
    const t = redactText('手机13812345678，又 138 1234 5678', { style: 'token', keys: k1 });
    const tokens = t.match(/\[CN_MOBILE:[0-9a-f]{16}\]/g);
    expect(tokens).toHaveLength(2);
    expect(tokens?.[0]).toBe(tokens?.[1]);
    expect(t).not.toContain('5678');
    const t2 = redactText('手机13812345678', { style: 'token', keys: generateKey() });
    expect(t2).not.toBe(t.slice(0, t2.length));
  });

  it('is part of the package entry point, with the file and stream forms', () => {
    expect(lib.redactText('手机13812345678')).toBe('手机[CN_MOBILE]');
    for (const f of ['redactFile', 'redactStream', 'detectFile', 'detectStream', 'likelySubjectColumns'])
      expect(typeof (lib as Record<string, unknown>)[f], f).toBe('function');
  });

  it('honours the detection options and names a bad option', () => {
    expect(redactText('张伟 13812345678', { types: ['CN_MOBILE'] })).toBe('张伟 [CN_MOBILE]');
    expect(() => redactText('x', { style: 'token' })).toThrow(/option `keys`/);
    expect(() => redactText('x', { style: 'nope' as 'tag' })).toThrow(/option `style`/);
  });

  it('leaves no detected value in the text', () => {
    const lines = readFileSync(
      join(import.meta.dirname, '../../data/eval/detect/tuned/heldout-3.jsonl'),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text)
      .join('\n');
    expect(detectLines(lines).length).toBeGreaterThan(100);
    const r = redactText(lines).split('\n');
    const src = lines.split('\n');
    expect(r).toHaveLength(src.length);
    for (const f of detectLines(lines)) expect(r[f.line]).not.toContain(src[f.line].slice(f.start, f.end));
  });
});

describe('redactFile', () => {
  it('writes the redacted text atomically and counts the findings', async () => {
    const p = join(dir, 'in.txt');
    writeFileSync(p, iconv.encode(TEXT, 'gbk'));
    const out = join(dir, 'out.txt');
    const counts = await redactFile(p, out);
    expect(readFileSync(out, 'utf8')).toBe(redactText(TEXT));
    expect(counts).toEqual({ PERSON_NAME: 1, CN_MOBILE: 1, EMAIL: 1, BANK_CARD: 1 });
    await expect(redactFile(join(dir, 'missing.txt'), join(dir, 'o2.txt'))).rejects.toBeInstanceOf(
      WumingError,
    );
    expect(readdirSync(dir).filter((f) => f.startsWith('o2'))).toEqual([]);
  });
});

describe('wuming detect: line numbers, stdin, --redact', () => {
  it('uses the same 0-based line numbers in the table as in --json', () => {
    const p = join(dir, 'lines.txt');
    writeFileSync(p, '无\n无\n手机13812345678\n');
    const json = JSON.parse(wuming(['detect', p, '--json']).out.trim());
    expect(json.line).toBe(2);
    const table = wuming(['detect', p]).out;
    const row = table.split('\n').find((l) => l.includes('CN_MOBILE'));
    expect(row?.split('│').map((c) => c.trim())[1]).toBe('2');
    expect(table).toContain('0-based');
  });

  it('reads standard input with -', () => {
    const r = wuming(['detect', '-', '--json'], '无\n邮箱 a@b.cn\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.trim())).toEqual({
      line: 1,
      start: 3,
      end: 9,
      type: 'EMAIL',
      score: expect.any(Number),
    });
    const gbk = wuming(['detect', '-', '--json'], iconv.encode('手机13812345678', 'gbk'));
    expect(JSON.parse(gbk.out.trim()).type).toBe('CN_MOBILE');
  });

  it('--redact writes the text to stdout, or to --out with the findings on stdout', () => {
    const p = join(dir, 'r.txt');
    writeFileSync(p, TEXT);
    const r = wuming(['detect', p, '--redact']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(redactText(TEXT));
    expect(r.err).toContain('4 findings replaced (tag)');
    expect(r.err).not.toContain('13812345678');
    const piped = wuming(['detect', '-', '--redact', '--redact-with', 'mask'], '手机13812345678');
    expect(piped.out).toBe('手机***********');
    const out = join(dir, 'r.out.txt');
    const j = wuming(['detect', p, '--redact', '--out', out, '--json']);
    expect(readFileSync(out, 'utf8')).toBe(redactText(TEXT));
    expect(
      j.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).type),
    ).toEqual(['PERSON_NAME', 'CN_MOBILE', 'EMAIL', 'BANK_CARD']);
  });

  it('--redact with --key-file gives keyed tokens; usage errors exit 2', async () => {
    const p = join(dir, 't.txt');
    writeFileSync(p, '手机13812345678');
    const key = join(dir, 'k.json');
    await writeKeyFile(key, generateKey());
    const r = wuming(['detect', p, '--redact', '--key-file', key]);
    expect(r.out).toMatch(/^手机\[CN_MOBILE:[0-9a-f]{16}\]$/);
    expect(wuming(['detect', p, '--redact', '--key-file', key]).out).toBe(r.out);
    expect(wuming(['detect', p, '--redact', '--redact-with', 'token']).code).toBe(2);
    expect(wuming(['detect', p, '--redact-with', 'mask']).code).toBe(2);
  });
});
