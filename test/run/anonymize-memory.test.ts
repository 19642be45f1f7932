import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { WumingError } from '../../src/errors.js';
import { kAnonymity } from '../../src/privacy/index.js';
import type { ModelSpec } from '../../src/privacy/spec.js';
import { type RunAnonymizeOptions, runAnonymize } from '../../src/run/anonymize.js';
import { allNumeric, Ineligible, verifyWrittenCsv } from '../../src/run/data-path/memory.js';
import { ADULT_QI } from '../search/adult.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ADULT = join(ROOT, 'data/adult');
const ADULT_CSV = join(ADULT, 'adult.csv');
const QI = ADULT_QI;
const dir = mkdtempSync(join(tmpdir(), 'wuming-anon-mem-'));
let seq = 0;

type Job = Omit<RunAnonymizeOptions, 'out' | 'dataPath'>;

/** Run one job on both data paths; both must succeed with the same result and the same bytes. */
async function bothPaths(job: Job) {
  const tag = ++seq;
  const mem = await runAnonymize({ ...job, out: join(dir, `m${tag}.csv`), dataPath: 'memory' });
  const eng = await runAnonymize({ ...job, out: join(dir, `e${tag}.csv`), dataPath: 'engine' });
  expect(mem.dataPath).toBe('memory');
  expect(eng.dataPath).toBe('engine');
  expect(mem.transformation).toEqual(eng.transformation);
  expect(mem.suppressed).toBe(eng.suppressed);
  expect(mem.classes).toBe(eng.classes);
  expect(mem.distinctCombinations).toBe(eng.distinctCombinations);
  expect(mem.models).toEqual(eng.models);
  expect(Math.abs(mem.score - eng.score)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(eng.score)));
  expect(mem.verification).toEqual(eng.verification);
  expect(mem.verification.ok).toBe(true);
  expect(readFileSync(mem.out).equals(readFileSync(eng.out))).toBe(true);
  expect(Object.keys(mem.stages)).toEqual(
    expect.arrayContaining(['read', 'frequencies', 'search', 'write', 'verify']),
  );
  return { mem, eng };
}

const adult = (models: ModelSpec, suppression: number, extra: Partial<Job> = {}): Job => ({
  input: ADULT_CSV,
  hierarchiesDir: ADULT,
  qi: 'all',
  models,
  suppression,
  ...extra,
});

describe("the in-memory data path gives the engine path's result and bytes on Adult", () => {
  it('5-anonymity, 0 % and 5 % (ARX optimum)', async () => {
    const a = await bothPaths(adult({ k: 5 }, 0));
    expect(QI.map((c) => a.mem.transformation[c])).toEqual([0, 4, 1, 1, 3, 2, 2, 1, 0]);
    const b = await bothPaths(adult({ k: 5 }, 0.05));
    expect(QI.map((c) => b.mem.transformation[c])).toEqual([0, 3, 0, 0, 2, 1, 1, 2, 0]);
    expect(b.mem.suppressed).toBe(1346);
    expect(b.mem.classes).toBe(397);
  });

  it('5-anonymity + distinct 2-diversity on occupation', async () => {
    await bothPaths(adult({ k: 5, l: 2, sensitive: 'occupation' }, 0.05));
  });

  it('0.2-closeness, hierarchical (auto: occupation has a hierarchy) and equal distance', async () => {
    // Five QIs: the paths are compared on the same search either way, and t-closeness over all
    // nine QIs' 12,960 transformations took most of this file's time.
    const qi = ['sex', 'age', 'race', 'marital-status', 'education'];
    const h = await bothPaths(adult({ k: 5, t: 0.2, sensitive: 'occupation' }, 0.05, { qi }));
    expect(h.mem.models[1]).toMatch(/hierarchical/);
    const e = await bothPaths(
      adult({ k: 5, t: 0.2, tDistance: 'equal', sensitive: 'occupation' }, 0.05, { qi }),
    );
    expect(e.mem.models[1]).toMatch(/equal/);
  });

  it('two sensitive columns at once: l on occupation, hierarchical t on salary-class', async () => {
    const r = await bothPaths(
      adult({ k: 5, l: 2, lSensitive: 'occupation', t: 0.1, tSensitive: 'salary-class' }, 0.05, {
        qi: ['sex', 'age', 'race', 'education', 'marital-status'],
      }),
    );
    expect(r.mem.models).toEqual([
      '5-anonymity',
      'distinct-2-diversity on occupation',
      'hierarchical-distance 0.1-closeness on salary-class',
    ]);
    expect(r.mem.verification.models.map((m) => m.ok)).toEqual([true, true, true]);
  });

  it('recursive (c,l)-diversity with the entropy metric', async () => {
    await bothPaths(
      adult({ k: 3, l: 2, lVariant: 'recursive', c: 4, sensitive: 'occupation' }, 0.02, {
        qi: ['sex', 'age', 'race', 'education', 'marital-status'],
        metric: 'entropy',
      }),
    );
  });

  it('local recoding', async () => {
    const { mem } = await bothPaths(adult({ k: 5 }, 0, { localRecoding: true }));
    expect(mem.algorithm).toBe('local-recoding');
    expect(mem.local!.granularity).toBeGreaterThan(mem.local!.globalGranularity);
  });
});

describe('ARX-BASELINE.md rows through the in-memory path', () => {
  const rows: {
    name: string;
    models: ModelSpec;
    suppression: number;
    metric: 'loss' | 'entropy';
    optimum: number[];
    suppressed?: number;
    classes?: number;
    score?: number;
  }[] = [
    {
      name: '5-anonymity 0 % loss',
      models: { k: 5 },
      suppression: 0,
      metric: 'loss',
      optimum: [0, 4, 1, 1, 3, 2, 2, 1, 0],
      suppressed: 0,
      classes: 24,
      score: 0.57315,
    },
    {
      name: '5-anonymity 5 % loss',
      models: { k: 5 },
      suppression: 0.05,
      metric: 'loss',
      optimum: [0, 3, 0, 0, 2, 1, 1, 2, 0],
      suppressed: 1346,
      classes: 397,
      score: 0.24193,
    },
    {
      name: '5-anonymity 0 % entropy',
      models: { k: 5 },
      suppression: 0,
      metric: 'entropy',
      optimum: [1, 2, 1, 1, 3, 2, 2, 1, 1],
      suppressed: 0,
      classes: 48,
      score: 407289.5388925293,
    },
    {
      name: '5-anonymity 4 % entropy',
      models: { k: 5 },
      suppression: 0.04,
      metric: 'entropy',
      optimum: [1, 0, 1, 1, 3, 2, 2, 0, 1],
      suppressed: 906,
      classes: 1046,
      score: 255559.85455731067,
    },
    {
      name: '100-anonymity 0 % entropy',
      models: { k: 100 },
      suppression: 0,
      metric: 'entropy',
      optimum: [0, 4, 1, 1, 3, 2, 2, 1, 1],
      suppressed: 0,
      score: 453196.8932458743,
    },
    {
      name: 'entropy-5-diversity 4 % entropy',
      models: { l: 5, lVariant: 'entropy', sensitive: 'occupation' },
      suppression: 0.04,
      metric: 'entropy',
      optimum: [1, 0, 1, 1, 2, 2, 2, 1],
      suppressed: 753,
      classes: 223,
      score: 228878.2039109517,
    },
    {
      name: '5-anonymity + distinct-2-diversity 0 % loss',
      models: { k: 5, l: 2, sensitive: 'occupation' },
      suppression: 0,
      metric: 'loss',
      optimum: [0, 4, 1, 2, 3, 2, 0, 0],
    },
    {
      name: '5-anonymity + distinct-2-diversity 5 % loss',
      models: { k: 5, l: 2, sensitive: 'occupation' },
      suppression: 0.05,
      metric: 'loss',
      optimum: [0, 3, 0, 0, 2, 1, 1, 0],
      suppressed: 1346,
    },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      const r = await runAnonymize({
        ...adult(row.models, row.suppression, { metric: row.metric }),
        out: join(dir, `arx-${++seq}.csv`),
        dataPath: 'memory',
      });
      expect(r.dataPath).toBe('memory');
      expect(r.qi.map((c) => r.transformation[c])).toEqual(row.optimum);
      expect(r.optimal).toBe(true);
      expect(r.verification.ok).toBe(true);
      if (row.suppressed !== undefined) expect(r.suppressed).toBe(row.suppressed);
      if (row.classes !== undefined) expect(r.classes).toBe(row.classes);
      if (row.score !== undefined) {
        if (row.metric === 'loss') expect(Math.abs(r.score - row.score)).toBeLessThan(5e-6);
        else expect(Math.abs(r.score - row.score) / row.score).toBeLessThan(1e-6);
      }
    });
  }
});

/** A small file with everything CSV can throw: BOM, CRLF, quoted commas and quotes, line breaks, Chinese. */
function trickyJob(): Job {
  const d = join(dir, `tricky-${++seq}`);
  mkdirSync(d);
  const cities = ['"Beijing, Chaoyang"', '"Shanghai ""Pudong"""', '上海市'];
  const cityLabels = ['Beijing, Chaoyang', 'Shanghai "Pudong"', '上海市'];
  const notes = ['"a, b"', '', '"line1\r\nline2"', '"""quoted"""', '你好', '""', '#x', ' spaced '];
  const lines = ['性别,age,city,note,score'];
  for (let i = 0; i < 24; i++) {
    const sex = i % 2 === 0 ? '男' : '女';
    lines.push(`${sex},${20 + (i % 10)},${cities[i % 3]},${notes[i % notes.length]},${(i * 7) % 11}.5`);
  }
  const csv = `\ufeff${lines.join('\r\n')}\r\n`;
  const input = join(d, 'tricky.csv');
  writeFileSync(input, csv);
  writeFileSync(join(d, '性别.csv'), '男;*\n女;*\n');
  writeFileSync(
    join(d, 'age.csv'),
    Array.from({ length: 10 }, (_, i) => `${20 + i};${i < 5 ? '20-24' : '25-29'};*`).join('\n'),
  );
  writeFileSync(
    join(d, 'city.csv'),
    cityLabels
      .map((c, i) => `"${c.replaceAll('"', '""')}";${i < 2 ? '"East, coast"' : '直辖市'};*`)
      .join('\n'),
  );
  return { input, hierarchiesDir: d, qi: ['性别', 'age', 'city'], models: { k: 2 }, suppression: 0 };
}

describe('a tricky small CSV', () => {
  it('BOM, CRLF, quoted commas, doubled quotes, embedded line breaks, empty cells, Chinese: same bytes', async () => {
    const { mem } = await bothPaths(trickyJob());
    const text = readFileSync(mem.out, 'utf8');
    expect(text).toContain('"line1\r\nline2"');
    expect(text).toContain('"""quoted"""');
    expect(text.startsWith('性别,age,city,note,score\n')).toBe(true);
  });

  it('k=3 with suppression, local recoding, and t-closeness with automatic distance', async () => {
    await bothPaths({ ...trickyJob(), models: { k: 3 }, suppression: 0.2 });
    await bothPaths({ ...trickyJob(), models: { k: 2 }, localRecoding: true });
    // score is numeric and has no hierarchy: ordered distance on both paths.
    const o = await bothPaths({
      ...trickyJob(),
      models: { k: 2, t: 0.6, sensitive: 'score' },
      suppression: 0.1,
    });
    expect(o.mem.models[1]).toMatch(/ordered/);
    // note is text without a hierarchy: equal distance (its empty cells are one more value).
    const e = await bothPaths({
      ...trickyJob(),
      models: { k: 2, t: 0.9, sensitive: 'note' },
      suppression: 0.1,
    });
    expect(e.mem.models[1]).toMatch(/equal/);
  });
});

describe('fallback to the engine path', () => {
  async function rejects(job: Job, code: string) {
    const err = await runAnonymize({ ...job, out: join(dir, `f${++seq}.csv`) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WumingError);
    expect((err as WumingError).code).toBe(code);
    return err as WumingError;
  }
  const small = (name: string, content: string | Buffer) => {
    const d = join(dir, `fb-${++seq}`);
    mkdirSync(d);
    writeFileSync(join(d, 'sex.csv'), 'Male;*\nFemale;*\n');
    writeFileSync(join(d, 'age.csv'), ['38', '39', '40', '41'].map((a) => `${a};*`).join('\n'));
    const input = join(d, name);
    writeFileSync(input, content);
    return { input, hierarchiesDir: d, qi: ['sex', 'age'], models: { k: 1 }, suppression: 0 } as Job;
  };

  it('a GBK file is read by the engine (transcoded) and anonymized there', async () => {
    const job = small(
      'gbk.csv',
      iconv.encode('sex,age,备注\nMale,39,张三\nFemale,40,李四\nMale,41,王五\n', 'gbk'),
    );
    const r = await runAnonymize({ ...job, out: join(dir, `gbk-${++seq}.csv`) });
    expect(r.dataPath).toBe('engine');
    expect(r.verification.ok).toBe(true);
    const err = await runAnonymize({ ...job, out: join(dir, `gbk-${++seq}.csv`), dataPath: 'memory' }).catch(
      (e) => e,
    );
    expect((err as WumingError).code).toBe('MEMORY_PATH_INELIGIBLE');
    expect((err as WumingError).message).toMatch(/GB18030 text needs transcoding/);
  });

  it("a ragged row, a value missing from a hierarchy, an empty file: the engine path's errors", async () => {
    const ragged = await rejects(small('ragged.csv', 'sex,age\nMale,39\nFemale,40,x\n'), 'RAGGED_ROW');
    expect(ragged.location.line).toBe(3);
    const missing = await rejects(
      small('missing.csv', 'sex,age\nMale,39\nFemale,999\nMale,1000\n'),
      'NOT_IN_HIERARCHY',
    );
    expect(missing.message).toMatch(/column "age": 2 distinct values \(2 records\) are not in its hierarchy/);
    const empty = await rejects(small('missing2.csv', 'sex,age\nMale,39\n,40\n'), 'NOT_IN_HIERARCHY');
    expect(empty.message).toMatch(/empty cells/);
    await rejects(small('empty.csv', ''), 'EMPTY_FILE');
    await rejects(small('header.csv', 'sex,age\n'), 'EMPTY_FILE');
    const forced = await runAnonymize({
      ...small('missing3.csv', 'sex,age\nMale,39\nFemale,999\n'),
      out: join(dir, `f${++seq}.csv`),
      dataPath: 'memory',
    }).catch((e) => e);
    expect((forced as WumingError).code).toBe('MEMORY_PATH_INELIGIBLE');
    expect((forced as WumingError).message).toMatch(/column "age" has values not in its hierarchy/);
    expect((forced as WumingError).message).not.toMatch(/999/);
  });

  it('Parquet in or out, and a population table, go through the engine', async () => {
    const job = small('p.csv', 'sex,age\nMale,39\nFemale,40\nMale,41\nFemale,38\n');
    const engine = await createEngine();
    const parquet = join(dirname(job.input), 'p.parquet');
    try {
      await engine.exec(
        `COPY (SELECT * FROM read_csv(${engine.dialect.string(job.input)}, all_varchar=true)) TO ${engine.dialect.string(parquet)} (FORMAT parquet)`,
      );
    } finally {
      await engine.close();
    }
    const a = await runAnonymize({ ...job, input: parquet, out: join(dir, `pq-${++seq}.csv`) });
    expect(a.dataPath).toBe('engine');
    const b = await runAnonymize({ ...job, out: join(dir, `pq-${++seq}.parquet`) });
    expect(b.dataPath).toBe('engine');
    const c = await runAnonymize({
      ...job,
      models: { kMap: 1 },
      population: job.input,
      out: join(dir, `pop-${++seq}.csv`),
    });
    expect(c.dataPath).toBe('engine');
    const forced = await runAnonymize({
      ...job,
      input: parquet,
      out: join(dir, `f${++seq}.csv`),
      dataPath: 'memory',
    }).catch((e) => e);
    expect((forced as WumingError).message).toMatch(/parquet input/);
  });
});

describe('the in-memory verification is real', () => {
  it('a written file tampered with so that a class drops below k fails verification', async () => {
    const r = await runAnonymize({
      ...adult({ k: 5 }, 0.05),
      out: join(dir, `tamper-${++seq}.csv`),
      dataPath: 'memory',
    });
    const lines = readFileSync(r.out, 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    const idx = r.qi.map((c) => header.indexOf(c));
    const qiKey = (cells: string[]) => idx.map((i) => cells[i]).join(',');
    const count = new Map<string, number>();
    const labels = idx.map(() => new Set<string>());
    for (const l of lines.slice(1)) {
      const cells = l.split(',');
      count.set(qiKey(cells), (count.get(qiKey(cells)) ?? 0) + 1);
      for (let j = 0; j < idx.length; j++) labels[j].add(cells[idx[j]]);
    }
    // Change one QI of one row to another label of its level, making a combination no row has:
    // a class of one.
    let done = false;
    for (let row = 1; row < lines.length && !done; row++) {
      const cells = lines[row].split(',');
      if (cells[idx[0]] === '*') continue;
      for (let j = 0; j < idx.length && !done; j++) {
        for (const other of labels[j]) {
          if (other === '*' || other === cells[idx[j]]) continue;
          const changed = [...cells];
          changed[idx[j]] = other;
          if (count.has(qiKey(changed))) continue;
          lines[row] = changed.join(',');
          done = true;
          break;
        }
      }
    }
    expect(done).toBe(true);
    const tampered = join(dir, `tampered-${++seq}.csv`);
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const opts = {
      qi: r.qi,
      models: [kAnonymity(5)],
      budget: r.suppression.budget,
      rowsIn: r.rowsIn,
      sensitive: undefined,
    };
    const good = await verifyWrittenCsv(r.out, header, ',', opts);
    expect(good.ok).toBe(true);
    const bad = await verifyWrittenCsv(tampered, header, ',', opts);
    expect(bad.ok).toBe(false);
    expect(bad.models[0]).toMatchObject({ ok: false, failingClasses: 1 });
    expect(bad.smallestClass).toBe(1);
    // A dropped row and a wrong header are caught too.
    const short = join(dir, `short-${++seq}.csv`);
    writeFileSync(short, `${lines.slice(0, -1).join('\n')}\n`);
    expect((await verifyWrittenCsv(short, header, ',', opts)).problems.join(';')).toMatch(/rows, the input/);
    const renamed = join(dir, `renamed-${++seq}.csv`);
    writeFileSync(renamed, `${['x', ...lines.slice(1)].join('\n')}\n`);
    expect((await verifyWrittenCsv(renamed, header, ',', opts)).ok).toBe(false);
  });
});

describe('t-closeness distance: the numeric test matches TRY_CAST(... AS DOUBLE)', () => {
  it('plain numbers are numeric, text is not, and undecidable forms fall back to the engine', () => {
    expect(allNumeric(['1', ' 2.5 ', '-3e2', '.5', '5.', null, '+7'])).toBe(true);
    expect(allNumeric(['1', 'x'])).toBe(false);
    expect(allNumeric(['1', ''])).toBe(false);
    expect(allNumeric(['1', '1 2'])).toBe(false);
    expect(allNumeric([null])).toBe(false);
    expect(allNumeric(['1_000', 'abc'])).toBe(false);
    expect(() => allNumeric(['1', '1_000'])).toThrow(Ineligible);
    expect(() => allNumeric(['inf'])).toThrow(Ineligible);
  });

  it('agrees with the engine on every decidable form', async () => {
    const engine = await createEngine();
    try {
      const forms = [
        '1',
        ' 2.5 ',
        '\t-3e2\n',
        '.5',
        '5.',
        '+7',
        '1e',
        'e5',
        '1 2',
        '',
        '  ',
        '0x10',
        '1,5',
        '１',
        'abc',
        '1d',
      ];
      let decided = 0;
      for (const f of forms) {
        let mine: boolean;
        try {
          mine = allNumeric([f]);
        } catch (e) {
          expect(e).toBeInstanceOf(Ineligible); // '1e', 'e5': left to the engine
          continue;
        }
        decided++;
        const [row] = await engine.query(
          `SELECT TRY_CAST(${engine.dialect.string(f)} AS DOUBLE) IS NOT NULL AS ok`,
        );
        expect(mine, JSON.stringify(f)).toBe(row.ok === true);
      }
      expect(decided).toBeGreaterThanOrEqual(forms.length - 2);
    } finally {
      await engine.close();
    }
  });
});

describe('DuckDB is not loaded on the in-memory path', () => {
  /** Static imports (not `import type`, not dynamic import()) reachable from a source file. */
  function staticGraph(entry: string): Set<string> {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      const re = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
      for (const m of src.matchAll(re)) visit(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
    };
    visit(resolve(ROOT, entry));
    return seen;
  }

  it('no static import chain leads from the anonymize command to the engine module', () => {
    const duckdb = resolve(ROOT, 'src/engine/duckdb.ts');
    const graph = staticGraph('src/cli/anonymize.ts');
    expect(graph.has(resolve(ROOT, 'src/run/data-path/memory.ts'))).toBe(true);
    expect(graph.has(duckdb)).toBe(false);
    // The walker does find such a chain where one exists.
    expect(staticGraph('src/run/demo.ts').has(duckdb)).toBe(true);
  });

  it('a run on the memory path loads no @duckdb module (and the engine path does)', () => {
    const script = (dataPath: string) => `
      import { createRequire } from 'node:module';
      const { runAnonymize } = await import(${JSON.stringify(join(ROOT, 'src/run/anonymize.ts'))});
      const r = await runAnonymize({ input: ${JSON.stringify(ADULT_CSV)}, out: ${JSON.stringify(join(dir, `child-${dataPath}.csv`))},
        hierarchiesDir: ${JSON.stringify(ADULT)}, qi: ['sex', 'age'], models: { k: 5 }, suppression: 0, dataPath: '${dataPath}' });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@duckdb'));
      console.log(JSON.stringify({ dataPath: r.dataPath, duckdb: loaded.length }));`;
    const run = (dataPath: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(dataPath)], {
          cwd: ROOT,
          encoding: 'utf8',
        })
          .trim()
          .split('\n')
          .pop()!,
      );
    expect(run('auto')).toEqual({ dataPath: 'memory', duckdb: 0 });
    expect(run('engine').duckdb).toBeGreaterThan(0);
  });
});
