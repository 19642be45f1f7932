import { spawn, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { WumingError } from '../../src/errors.js';
import {
  openAtomicStream,
  removeStaleTemps,
  writeCsvColumnsAtomic,
  writeFileAtomic,
  writeRelation,
} from '../../src/io/write.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import { runAnonymize } from '../../src/run/anonymize.js';
import { deidentify } from '../../src/run/deidentify.js';
import { CLI_ARGS } from '../helpers/cli.js';

/**
 * Issue 19 cases 2, 4 and 5: outputs were renamed onto --out before they were verified (a
 * failing run left the new file and lost the old one); --out equal to the input replaced the
 * source; temporary files of killed runs stayed for ever.
 */
const verifyFails = vi.hoisted(() => ({ on: false }));
vi.mock('../../src/privacy/verify.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/privacy/verify.js')>();
  const broken = <T extends { ok: boolean; problems: string[] }>(v: T): T =>
    verifyFails.on ? { ...v, ok: false, problems: ['injected failure'] } : v;
  return {
    ...m,
    verifyGroups: (...a: Parameters<typeof m.verifyGroups>) => broken(m.verifyGroups(...a)),
  };
});

const ROOT = resolve(import.meta.dirname, '../..');
const ADULT = join(ROOT, 'data/adult');
const dir = mkdtempSync(join(tmpdir(), 'wuming-atomic-'));
const temps = (d = dir) => readdirSync(d).filter((n) => n.includes('.wuming-tmp-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => engine.close());

describe('verify, then publish', () => {
  it('a writer whose verification fails leaves the old output and no temporary file', async () => {
    const out = join(dir, 'w.csv');
    writeFileSync(out, 'old\n');
    for (const write of [
      (verify: (t: string) => Promise<void>) => writeRelation(engine, 'SELECT 1 AS a', out, { verify }),
      (verify: (t: string) => Promise<void>) => writeFileAtomic(out, 'new\n', { verify }),
      (verify: (t: string) => Promise<void>) =>
        writeCsvColumnsAtomic(out, ['a'], [{ cells: ['x'], codes: new Int32Array([0]) }], 1, { verify }),
    ]) {
      let seen = '';
      const err = await write(async (tmp) => {
        seen = readFileSync(tmp, 'utf8');
        throw new WumingError('CHECK', 'the check failed', { kind: 'data' });
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'CHECK' });
      expect(seen).not.toBe(''); // the verifier saw the complete new file
      expect(readFileSync(out, 'utf8')).toBe('old\n');
      expect(temps()).toEqual([]);
    }
    await writeFileAtomic(out, 'new\n', { verify: async () => {} });
    expect(readFileSync(out, 'utf8')).toBe('new\n');
  });

  for (const dataPath of ['memory', 'engine'] as const) {
    it(`anonymize (${dataPath} path): a failed verification keeps the old output`, async () => {
      const out = join(dir, `anon-${dataPath}.csv`);
      writeFileSync(out, 'old output\n');
      const job = {
        input: join(ADULT, 'adult.csv'),
        out,
        hierarchiesDir: ADULT,
        qi: ['age', 'sex', 'race'],
        models: { k: 5 },
        suppression: 0.05,
        dataPath,
      };
      verifyFails.on = true;
      try {
        const err = await runAnonymize(job).catch((e) => e);
        expect(err).toMatchObject({ code: 'VERIFICATION_FAILED' });
      } finally {
        verifyFails.on = false;
      }
      expect(readFileSync(out, 'utf8')).toBe('old output\n');
      expect(temps()).toEqual([]);
      const ok = await runAnonymize(job);
      expect(ok.verification.ok).toBe(true);
      expect(readFileSync(out, 'utf8')).not.toBe('old output\n');
    });
  }

  it('a full disk while streaming is a clear io error naming the output; nothing is left behind', async () => {
    const out = join(dir, 'full.csv');
    writeFileSync(out, 'old\n');
    const sink = await openAtomicStream(out);
    await sink.write('a,b\n');
    sink.stream.emit(
      'error',
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    );
    const err = (await sink.write('1,2\n').catch((e: unknown) => e)) as WumingError;
    expect(err).toMatchObject({
      code: 'WRITE_FAILED',
      kind: 'io',
      message: 'cannot write output: the disk is full',
    });
    expect(err.location.file).toBe(out);
    expect(temps()).toEqual([]);
    expect(readFileSync(out, 'utf8')).toBe('old\n');
  });

  it('refuses to replace a device or FIFO', async () => {
    // A FIFO of the test's own, never /dev/null: a regression run as root would replace the
    // machine's /dev/null with a regular file (it did once).
    const fifo = join(dir, 'out.fifo');
    spawnSync('mkfifo', [fifo]);
    const err = await writeFileAtomic(fifo, 'x').catch((e) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_NOT_A_FILE' });
  });
});

describe('--out that is the input is refused', () => {
  const keys = new KeyRing(Buffer.alloc(32, 3));
  const src = join(dir, 'src', 'people.csv');
  const text = 'name,phone\n张三,13800138000\n李四,13900139000\n';
  beforeAll(() => {
    mkdirSync(join(dir, 'src', 'sub'), { recursive: true });
    writeFileSync(src, text);
    linkSync(src, join(dir, 'src', 'hard.csv'));
  });
  for (const [what, out] of [
    ['the same path', () => src],
    ['a path through ..', () => join(dir, 'src', 'sub', '..', 'people.csv')],
    ['a hard link', () => join(dir, 'src', 'hard.csv')],
  ] as const) {
    it(`deidentify: ${what}`, async () => {
      const err = await deidentify({
        engine,
        input: src,
        out: out(),
        plan: { columns: { phone: { action: 'mask' } } },
        keys,
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'OUTPUT_IS_INPUT' });
      expect(readFileSync(src, 'utf8')).toBe(text);
    });
  }
  it('anonymize through the CLI: exit 2, source untouched', () => {
    const input = join(dir, 'adult-copy.csv');
    writeFileSync(input, readFileSync(join(ADULT, 'adult.csv')));
    const before = readFileSync(input);
    const r = spawnSync(
      process.execPath,
      [
        ...CLI_ARGS,
        'anonymize',
        input,
        '--hierarchies',
        ADULT,
        '--qi',
        'age,sex',
        '--k',
        '2',
        '--out',
        join(dir, 'x', '..', 'adult-copy.csv'),
      ],
      { encoding: 'utf8', cwd: ROOT },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the output is the input');
    expect(readFileSync(input).equals(before)).toBe(true);
  });
});

describe('kill -9 at any point: the old output or the complete verified new one, temporaries cleaned', () => {
  it('stale temporary files of dead processes are removed by the next write; live ones stay', async () => {
    const d = join(dir, 'stale');
    mkdirSync(d);
    // A pid that cannot be running (above the kernel's pid limit), and our own (alive).
    writeFileSync(join(d, '.out.csv.wuming-tmp-99999999-abc-1.csv'), 'partial');
    writeFileSync(join(d, `.out.csv.wuming-tmp-${process.pid}-abc-1.csv`), 'in progress');
    writeFileSync(join(d, 'unrelated.csv'), 'keep');
    await writeFileAtomic(join(d, 'other.txt'), 'x');
    expect(readdirSync(d).sort()).toEqual(
      [`.out.csv.wuming-tmp-${process.pid}-abc-1.csv`, 'other.txt', 'unrelated.csv'].sort(),
    );
    expect(await removeStaleTemps(d)).toEqual([]);
  });

  it('deidentify killed mid-write and at random offsets', async () => {
    const d = join(dir, 'kill');
    mkdirSync(d);
    const input = join(d, 'in.csv');
    const lines = ['id,phone,note'];
    for (let i = 0; i < 60_000; i++) lines.push(`${i},1380013${String(i % 10000).padStart(4, '0')},n${i}`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(d, 'out.csv');
    const args = [...CLI_ARGS, 'deidentify', input, '--mask', 'phone', '--out', out];
    const ref = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(ref.status).toBe(0);
    const complete = readFileSync(out, 'utf8');
    writeFileSync(out, 'old\n');
    // Kill when the temporary file has appeared (mid-write), then after fixed delays.
    const runKilled = (when: 'temp' | number) =>
      new Promise<void>((res) => {
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
        const kill = () => child.kill('SIGKILL');
        let poll: NodeJS.Timeout | undefined;
        if (when === 'temp')
          poll = setInterval(() => {
            if (temps(d).length > 0) kill();
          }, 5);
        else setTimeout(kill, when);
        child.on('exit', () => {
          if (poll) clearInterval(poll);
          res();
        });
      });
    let sawTemp = false;
    for (const when of ['temp', 2000] as const) {
      await runKilled(when);
      if (temps(d).length > 0) sawTemp = true;
      const now = readFileSync(out, 'utf8');
      expect(now === 'old\n' || now === complete).toBe(true);
      writeFileSync(out, 'old\n');
    }
    expect(sawTemp).toBe(true);
    // The next run in the folder removes what the killed ones left.
    const again = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(complete);
    expect(temps(d)).toEqual([]);
  });
});
