import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import { loadPolicy, MAX_POLICY_BYTES } from '../../src/policy/parse.js';

/** Issue 19 case 10: a cyclic hierarchy was accepted; a 50 MB policy was parsed into 1.9 GB. */
const dir = mkdtempSync(join(tmpdir(), 'wuming-limits-'));

describe('hierarchies that would publish records under another real category are refused', () => {
  it('a cycle (中专 → 初中 → 大专 → 中专), naming the lines', () => {
    const text = '小学;义务教育;*\n中专;初中;*\n初中;大专;*\n大专;中专;*\n';
    expect(() => parseArxHierarchy(text, 'edu', 'edu.csv')).toThrow(
      expect.objectContaining({ code: 'HIERARCHY_INVALID', location: expect.objectContaining({ line: 2 }) }),
    );
  });
  it('a cycle across levels (A → B at level 1, B → A at level 2)', () => {
    const text = 'A;B;A\nB;B;A\nC;C;C\n';
    expect(() => parseArxHierarchy(text, 'x', 'x.csv')).toThrow(/cyclic/);
  });
  it('a coarser value that is also a leaf and stays itself is accepted (海淀区 → 北京市)', () => {
    const h = parseArxHierarchy('海淀区;北京市;*\n朝阳区;北京市;*\n北京市;北京市;*\n', 'city', 'c.csv');
    expect(h.maps.length).toBe(3);
  });
});

describe('policy size', () => {
  it('a policy over 1 MiB is refused unread, naming the file', async () => {
    const p = join(dir, 'big.yaml');
    writeFileSync(p, `columns:\n${'  # padding\n'.repeat(MAX_POLICY_BYTES / 10)}`);
    await expect(loadPolicy(p)).rejects.toMatchObject({
      code: 'POLICY_TOO_LARGE',
      kind: 'policy',
      location: { file: p },
    });
  });
});

describe('a header with an empty column name (issue 19 case 6)', () => {
  it('is still read as the header; the unnamed column gets a name', async () => {
    const { sniffDialect } = await import('../../src/io/dialect.js');
    const names = Array.from({ length: 20 }, (_, i) => (i === 7 ? '' : `col_${i}`));
    const rows = [names.join(',')];
    for (let r = 0; r < 5; r++) rows.push(names.map((_, i) => String(r * 100 + i)).join(','));
    const d = sniffDialect(`${rows.join('\n')}\n`);
    expect(d.header).toBe(true);
    expect(d.columns[0]).toBe('col_0');
    expect(d.columns[7]).toBe('column8');
  });
  it('a data row with a gap is still data', async () => {
    const { sniffDialect } = await import('../../src/io/dialect.js');
    expect(sniffDialect('1,,3\n4,5,6\n7,8,9\n').header).toBe(false);
  });
});

describe('inputs that are not readable files say what they are (issue 19 case 7)', () => {
  it('permission denied is INPUT_PERMISSION, exit 1, naming the file (was: "internal error")', async () => {
    const { chmodSync, mkdirSync } = await import('node:fs');
    const sub = join(dir, 'locked');
    mkdirSync(sub, { mode: 0o755 });
    chmodSync(sub, 0o755);
    const file = join(sub, 'x.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    chmodSync(file, 0o600);
    if (process.getuid?.() === 0) {
      // root reads any file: the CLI runs as another user (nobody), for whom the file is unreadable.
      const { spawnSync } = await import('node:child_process');
      const { CLI_ARGS } = await import('../helpers/cli.js');
      chmodSync(dir, 0o755);
      const r = spawnSync(process.execPath, [...CLI_ARGS, 'scan', file], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        env: { ...process.env, HOME: sub },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${file}: cannot read input: permission denied`);
      expect(r.stderr).not.toMatch(/internal/i);
    } else {
      chmodSync(file, 0o000);
      const { inputStat } = await import('../../src/io/read.js');
      await expect(inputStat(file)).rejects.toMatchObject({ code: 'INPUT_PERMISSION', location: { file } });
    }
  });

  it('a directory, a FIFO and a missing file', async () => {
    const { inputStat } = await import('../../src/io/read.js');
    const { execFileSync } = await import('node:child_process');
    await expect(inputStat(dir)).rejects.toMatchObject({ code: 'INPUT_IS_DIRECTORY', kind: 'io' });
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(inputStat(fifo)).rejects.toMatchObject({ code: 'INPUT_NOT_A_FILE' });
    await expect(inputStat(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});
