import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import { readSource } from '../src/io/read.js';
import { writeCsvColumnsAtomic, writeRelation } from '../src/io/write.js';
import {
  describeProgress,
  formatSeconds,
  loopProgress,
  type ProgressEvent,
  pollStage,
} from '../src/progress.js';
import { runAnonymize } from '../src/run/anonymize.js';
import { countKeys } from '../src/run/data-path/engine-frequency.js';

/** The events of one stage, checked for the shape every display relies on. */
function expectStage(events: ProgressEvent[], stage: string, total: number, unit: string): ProgressEvent[] {
  const mine = events.filter((e) => e.stage === stage);
  expect(mine.length).toBeGreaterThanOrEqual(2);
  expect(mine[0]).toEqual({ stage, done: 0, total, unit });
  expect(mine.at(-1)).toEqual({ stage, done: total, total, unit });
  for (let i = 1; i < mine.length; i++) expect(mine[i].done).toBeGreaterThanOrEqual(mine[i - 1].done);
  // Only the last event says the stage is over.
  expect(mine.slice(0, -1).every((e) => e.done < total)).toBe(true);
  return mine;
}

describe('progress events', () => {
  afterEach(() => vi.useRealTimers());

  it('describes rate, time left and elapsed time from done/total and the stage clock', () => {
    const d = describeProgress({ stage: 'frequencies', done: 2_500_000, total: 10_000_000, unit: 'rows' }, 5);
    expect(d).toEqual({ amount: '2.50 M/10.0 M rows', rate: '500 k rows/s', eta: '15s', elapsed: '5.0s' });
    const b = describeProgress({ stage: 'read', done: 50e6, total: 200e6, unit: 'bytes' }, 2);
    expect(b).toEqual({ amount: '50/200 MB', rate: '25 MB/s', eta: '6.0s', elapsed: '2.0s' });
    expect(describeProgress({ stage: 'search', done: 0, total: 12960, unit: 'nodes' }, 0).eta).toBe('-');
    expect(describeProgress({ stage: 'x', done: 3, total: 3 }, 1).eta).toBe('0s');
    expect(describeProgress({ stage: 'x', done: 7 }, 1).amount).toBe('7 steps');
    expect(formatSeconds(125)).toBe('2m05s');
    expect(formatSeconds(3 * 3600 + 60)).toBe('3h01m');
  });

  it('loopProgress: a start, at most ~100 steps in between, and one end', () => {
    const events: ProgressEvent[] = [];
    const p = loopProgress((e) => events.push(e), 'write', 10_000, 'rows');
    for (let i = 1; i <= 10_000; i++) p.step(i);
    p.end();
    const mine = expectStage(events, 'write', 10_000, 'rows');
    expect(mine.length).toBeLessThanOrEqual(102);
    expect(mine.length).toBeGreaterThan(50);
  });

  it('pollStage: reports what the poll says while the work runs, then the end', () => {
    vi.useFakeTimers();
    const events: ProgressEvent[] = [];
    let at = 0;
    const w = pollStage(
      (e) => events.push(e),
      'read',
      1000,
      'bytes',
      () => at,
      100,
    );
    expect(events).toEqual([{ stage: 'read', done: 0, total: 1000, unit: 'bytes' }]);
    at = 250;
    vi.advanceTimersByTime(100);
    vi.advanceTimersByTime(100); // no change: no event
    at = Number.NaN; // the engine does not know: no event
    vi.advanceTimersByTime(100);
    at = 1000; // finished by the poll's account, but only end() ends the stage
    vi.advanceTimersByTime(100);
    w.end();
    w.end();
    vi.advanceTimersByTime(1000);
    expect(events.map((e) => e.done)).toEqual([0, 250, 1000]);
    expectStage(events, 'read', 1000, 'bytes');
  });

  it('without a callback nothing is scheduled or called', () => {
    const poll = vi.fn(() => 1);
    const w = pollStage(undefined, 'read', 10, 'bytes', poll, 1);
    w.end();
    expect(poll).not.toHaveBeenCalled();
  });

  it('counting keys reports records counted', async () => {
    const events: ProgressEvent[] = [];
    async function* batches() {
      for (let b = 0; b < 50; b++) yield { rowCount: 1000, columns: [new Float64Array(1000).fill(b % 7)] };
    }
    const r = await countKeys(batches(), { records: 50_000, onProgress: (e) => events.push(e) });
    expect(r.keys.length).toBe(7);
    const mine = expectStage(events, 'frequencies', 50_000, 'rows');
    expect(mine.length).toBeGreaterThan(10);
  });

  it('the column writer reports rows written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wuming-progress-'));
    const events: ProgressEvent[] = [];
    const rows = 3000;
    const codes = Int32Array.from({ length: rows }, (_, i) => i % 3);
    await writeCsvColumnsAtomic(join(dir, 'o.csv'), ['a'], [{ cells: ['x', 'y', 'z'], codes }], rows, {
      onProgress: (e) => events.push(e),
    });
    expectStage(events, 'write', rows, 'rows');
    expect(readFileSync(join(dir, 'o.csv'), 'utf8').split('\n').length).toBe(rows + 2);
  });

  it('reading and writing through the engine report bytes read and rows written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wuming-progress-'));
    const input = join(dir, 'in.csv');
    writeFileSync(input, `a,b\n${Array.from({ length: 2000 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`);
    const engine = await createEngine();
    try {
      const events: ProgressEvent[] = [];
      const rel = await readSource(engine, input, { onProgress: (e) => events.push(e) });
      expect(rel.info.rows).toBe(2000);
      expectStage(events, 'read', statSync(input).size, 'bytes');
      await writeRelation(engine, `SELECT * FROM ${rel.sql}`, join(dir, 'out.csv'), {
        onProgress: (e) => events.push(e),
        rows: 2000,
      });
      expectStage(events, 'write', 2000, 'rows');
      expect(typeof engine.progress).toBe('function');
    } finally {
      await engine.close();
    }
  });
});

describe('anonymize reports each stage in order, on both data paths', () => {
  const ADULT = join(import.meta.dirname, '../data/adult');
  for (const dataPath of ['memory', 'engine'] as const) {
    it(`${dataPath} path`, async () => {
      const events: ProgressEvent[] = [];
      const out = join(mkdtempSync(join(tmpdir(), 'wuming-progress-')), 'out.csv');
      const r = await runAnonymize({
        input: join(ADULT, 'adult.csv'),
        hierarchiesDir: ADULT,
        qi: 'all',
        models: { k: 5 },
        suppression: 0.05,
        out,
        dataPath,
        onProgress: (e) => events.push(e),
      });
      expect(r.dataPath).toBe(dataPath);
      // Stages in the order they run, each opened once (consecutive events of one stage).
      const order = events.map((e) => e.stage).filter((s, i, a) => s !== a[i - 1]);
      const expected = ['frequencies', 'search', 'write', 'verify'];
      expect(order).toEqual(dataPath === 'engine' ? ['read', ...expected] : expected);
      for (const stage of order) {
        const mine = events.filter((e) => e.stage === stage);
        expect(mine[0].done, stage).toBe(0);
        expect(mine.at(-1)!.done, stage).toBe(mine.at(-1)!.total);
      }
      const units = (stage: string) => new Set(events.filter((e) => e.stage === stage).map((e) => e.unit));
      expect(units('search')).toEqual(new Set(['nodes']));
      if (dataPath === 'engine') {
        expect(units('read')).toEqual(new Set(['bytes']));
        expect(units('frequencies')).toContain('rows');
        expect(units('write')).toContain('rows');
        expect(events.find((e) => e.stage === 'write' && e.unit === 'rows')!.total).toBe(30162);
      } else expect(units('write')).toContain('rows');
    });
  }
});

describe('DuckDB memory limit', () => {
  it('is 1/24 of the machine, between 1 and 8 GB, unless WUMING_MEMORY_LIMIT says otherwise', async () => {
    const { defaultMemoryLimit } = await import('../src/engine/duckdb.js');
    const saved = process.env.WUMING_MEMORY_LIMIT;
    try {
      delete process.env.WUMING_MEMORY_LIMIT;
      expect(defaultMemoryLimit(24 * 2 ** 30)).toBe('1024MB');
      expect(defaultMemoryLimit(48 * 2 ** 30)).toBe('2048MB');
      expect(defaultMemoryLimit(2 * 2 ** 30)).toBe('1024MB');
      expect(defaultMemoryLimit(256 * 2 ** 30)).toBe('8192MB');
      process.env.WUMING_MEMORY_LIMIT = '3GB';
      expect(defaultMemoryLimit(24 * 2 ** 30)).toBe('3GB');
      process.env.WUMING_MEMORY_LIMIT = 'lots';
      expect(defaultMemoryLimit(48 * 2 ** 30)).toBe('2048MB');
      const engine = await createEngine();
      try {
        const [r] = await engine.query(`SELECT current_setting('memory_limit') AS m`);
        expect(String(r.m)).toMatch(/GiB|MiB/);
      } finally {
        await engine.close();
      }
    } finally {
      if (saved === undefined) delete process.env.WUMING_MEMORY_LIMIT;
      else process.env.WUMING_MEMORY_LIMIT = saved;
    }
  });
});
