import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';

/**
 * DuckDB spills beyond its memory limit to `temp_directory`, by default `.tmp` in the current
 * directory: raw input rows of a large job landed in the user's folder and stayed there after a
 * kill -9. Each engine spills to a private directory in the system's temporary folder instead.
 */
describe('the engine spills to a private temporary directory', () => {
  it('under the system temporary folder, mode 0700, removed on close', async () => {
    const engine = await createEngine();
    const [r] = await engine.query(`SELECT current_setting('temp_directory') AS t`);
    const dir = String(r.t);
    expect(dir.startsWith(join(tmpdir(), `wuming-duckdb-${process.pid}-`))).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await engine.close();
    expect(existsSync(dir)).toBe(false);
  });

  it("a dead process's spill directory is removed by the next engine; a live one's stays", async () => {
    // Process ids above the kernel's pid_max (4,194,304 at most) never run.
    const dead = join(tmpdir(), 'wuming-duckdb-4999999-test');
    mkdirSync(dead, { recursive: true });
    writeFileSync(join(dead, 'duckdb_temp_storage-0.tmp'), 'raw rows');
    const live = join(tmpdir(), `wuming-duckdb-${process.ppid}-test`);
    mkdirSync(live, { recursive: true });
    const engine = await createEngine();
    await engine.close();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live, { recursive: true, force: true });
  });
});
