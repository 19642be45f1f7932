import type { FrequencyTable } from '../../core/table.js';
import type { Engine, Relation } from '../../engine/engine.js';
import { WumingError } from '../../errors.js';
import type { MemoryTable } from '../../io/csv-memory.js';
import { writeRelation } from '../../io/write.js';
import type { Verification, VerifyOptions } from '../../privacy/verify.js';
import { type ProgressFn, pollStage } from '../../progress.js';
import { canonicalOrder } from '../../search/frequency-memory.js';
import type { LocalRecodingResult } from '../../search/local.js';
import { JOINT_COLUMN, UNIT_SEPARATOR } from '../joint-sensitive.js';
import type { DataPath, FrequencyRequest, OutputRequest, VerifyStage } from './data-path.js';
import { buildFrequencyTable, loadCodeTable, tempPrefix } from './engine-frequency.js';
import { verifyOutput } from './engine-verify.js';

/** What only the engine path takes (see RelationAnonymizeOptions). */
export interface EnginePathOptions {
  /** The column naming the person each row is about: models count distinct subjects. */
  subject?: string;
  /** Input columns read for the job but not written. */
  exclude?: readonly string[];
  /** Population table (a relation in the engine, or a path read on first use) for δ-presence and k-map. */
  population?: Relation | string;
  /** The input file, when the relation was read from one: the writer refuses to overwrite it. */
  inputPath?: string;
  /** 'read' events while a file is loaded (bytes). */
  onProgress?: ProgressFn;
}

/**
 * The rows in a relation of a DuckDB engine: the frequency table by one GROUP BY (or a streamed
 * key count) in the engine, the chosen transformation applied back in SQL (a join on per-QI
 * label tables) and written by the engine, the written file re-read by a single GROUP BY for
 * the verifier. Subjects (one row per distinct person), populations and columns read but not
 * written are handled here only.
 */
export class EngineDataPath implements DataPath {
  readonly kind = 'engine';
  readonly columns: readonly string[];
  /** Names of this job's temporary tables in the engine. */
  private readonly prefix = tempPrefix();
  private population: Relation | undefined;

  private constructor(
    private readonly engine: Engine,
    private readonly rel: Relation,
    private readonly opts: EnginePathOptions,
  ) {
    this.columns = rel.columns.map((c) => c.name);
  }

  /** Read `input` into the engine (Parquet in place as a view), or take a relation already in it. */
  static async open(
    engine: Engine,
    input: Relation | string,
    opts: EnginePathOptions = {},
  ): Promise<EngineDataPath> {
    // Loaded here, not at start-up: the in-memory path never needs the reader (nor iconv-lite).
    const rel =
      typeof input === 'string'
        ? await (await import('../../io/read.js')).readSource(engine, input, {
            view: isColumnar(input),
            onProgress: opts.onProgress,
          })
        : input;
    return new EngineDataPath(engine, rel, {
      ...opts,
      inputPath: opts.inputPath ?? (typeof input === 'string' ? input : undefined),
    });
  }

  /** The relation holding the rows. */
  get relation(): Relation {
    return this.rel;
  }

  async distinct(column: string): Promise<string[]> {
    const d = this.engine.dialect;
    const rows = await this.engine.queryColumns(
      `SELECT DISTINCT ${d.asText(d.ident(column))} AS v FROM ${this.rel.sql} WHERE ${d.ident(column)} IS NOT NULL ORDER BY 1`,
    );
    return rows.columns[0].map((v) => String(v));
  }

  async allNumeric(column: string): Promise<boolean> {
    const d = this.engine.dialect;
    const s = d.ident(column);
    const r = await this.engine.query(
      `SELECT bool_and(${d.tryDouble(s)} IS NOT NULL) AS num FROM ${this.rel.sql} WHERE ${s} IS NOT NULL`,
    );
    return r[0].num === true;
  }

  async frequencies(request: FrequencyRequest): Promise<FrequencyTable> {
    const { engine, rel, opts, prefix } = this;
    const pop = opts.population;
    if (pop !== undefined)
      this.population =
        typeof pop === 'string'
          ? await (await import('../../io/read.js')).readSource(engine, pop, { view: isColumnar(pop) })
          : pop;
    // Several sensitive columns: counted through a view adding each row's joint key.
    const joint = request.jointSensitive;
    const source = joint ? await jointView(engine, rel, joint, prefix) : rel;
    const sensitive = joint ? JOINT_COLUMN : request.sensitive;
    if (opts.subject && joint?.includes(opts.subject))
      throw new WumingError(
        'SUBJECT_IS_QI',
        `the subject column "${opts.subject}" cannot also be a quasi-identifier or the sensitive column`,
        { kind: 'usage', location: { column: opts.subject } },
      );
    if (opts.subject)
      await assertSensitiveConstant(
        engine,
        rel,
        opts.subject,
        joint ?? (request.sensitive ? [request.sensitive] : []),
      );
    const counted = opts.subject
      ? await subjectRelation(engine, source, opts.subject, request.qi, sensitive, prefix)
      : source;
    const table = await buildFrequencyTable(engine, counted, {
      qi: request.qi,
      hierarchies: request.hierarchies,
      sensitive,
      sensitiveHierarchy: request.sensitiveHierarchy,
      population: this.population,
      prefix,
      onProgress: request.onProgress,
    });
    // Local recoding depends on the row order (see canonicalOrder); GROUP BY's is arbitrary.
    return request.canonical ? canonicalOrder(table).table : table;
  }

  async write(request: OutputRequest, verified: VerifyStage): Promise<Verification> {
    const { engine, rel, opts, prefix, population } = this;
    const { out, table, result, local } = request;
    const exclude = new Set(opts.exclude ?? []);
    const outRel = exclude.size ? { ...rel, columns: rel.columns.filter((c) => !exclude.has(c.name)) } : rel;
    const outSql = local
      ? await localOutputSql(engine, outRel, table, local, prefix)
      : await globalOutputSql(
          engine,
          outRel,
          table,
          result.levels,
          result.partition,
          result.checked.kept,
          prefix,
        );
    let verification!: Verification;
    // Verify-then-publish: the verification runs on the complete temporary file, which
    // replaces out only when it passes (src/io/write.ts).
    await writeRelation(engine, outSql, out, {
      inputs: [opts.inputPath],
      onProgress: request.onProgress,
      rows: opts.subject ? undefined : table.n,
      verify: async (tmp) => {
        verification = await verified(async () => {
          // The re-read is one query over the file: its progress is polled from the engine.
          const watch = pollStage(request.onProgress, 'verify', 100, '%', () =>
            engine.progress ? (engine.progress() ?? Number.NaN) * 100 : undefined,
          );
          // One pass over the written file (no copy into the engine): verifyOutput needs a single GROUP BY.
          const { scanSource } = await import('../../io/read.js');
          const written = await scanSource(engine, tmp, { name: `${prefix}_out` });
          let popSql: VerifyOptions['population'];
          if (population)
            popSql = {
              sql: await generalizedPopulationSql(
                engine,
                population,
                table,
                local ? undefined : result.levels,
                prefix,
              ),
            };
          // A subject column that is not written is attached to the re-read rows by position (the
          // output keeps the input's row order), so the verifier still counts people.
          const checked =
            opts.subject && exclude.has(opts.subject)
              ? await attachByRow(engine, written, rel, opts.subject, `${prefix}_subj`)
              : written;
          const v = await verifyOutput(engine, checked, {
            ...request.check,
            rowsIn: opts.subject ? await rowCount(engine, rel) : request.check.rowsIn,
            subject: opts.subject,
            population: popSql,
          });
          if (checked !== written) await engine.exec(`DROP TABLE IF EXISTS ${checked.sql}`);
          if (!written.sql.startsWith('(')) await engine.exec(`DROP TABLE IF EXISTS ${written.sql}`);
          watch.end();
          return v;
        });
      },
    });
    return verification;
  }
}

/**
 * Rows given in memory, loaded into the engine as a relation of text columns (for jobs the
 * in-memory path cannot take: a subject, a population, Parquet output).
 */
export async function loadRows(engine: Engine, table: MemoryTable): Promise<Relation> {
  const name = `${tempPrefix()}_rows`;
  const raw = `${name}_raw`;
  const d = engine.dialect;
  const cols = table.columns.map((c) => ({ name: c, type: 'VARCHAR' as const }));
  const cells: string[][] = [];
  for (let r = 0; r < table.rows; r++) cells.push(table.data.map((col) => col!.values[col!.codes[r]] ?? ''));
  await engine.loadTable(raw, cols, cells);
  // '' stands for a missing value in the bulk load, as an empty CSV field does.
  return engine.materialize(
    name,
    `SELECT ${table.columns.map((c) => `NULLIF(${d.ident(c)}, '') AS ${d.ident(c)}`).join(', ')} FROM ${d.ident(raw)}`,
    { source: table.source },
  );
}

/**
 * `written` with one more column: `column` of `source` at the same row position. The output is
 * written in the source's row order (orderedSource), so position is the link.
 */
export async function attachByRow(
  engine: Engine,
  written: Relation,
  source: Relation,
  column: string,
  name: string,
): Promise<Relation> {
  const d = engine.dialect;
  const src = await orderedSource(engine, source);
  const rn = d.ident(`${name}_rn`);
  return engine.materialize(
    name,
    `SELECT w.*, s.${d.ident(column)} FROM (SELECT *, row_number() OVER () AS ${rn} FROM ${written.sql}) w
     JOIN (SELECT t.${d.ident(column)}, row_number() OVER (${src.order}) AS ${rn} FROM ${src.from} t) s ON w.${rn} = s.${rn}`,
    { source: written.source },
  );
}

/** Rows of a relation. */
async function rowCount(engine: Engine, rel: Relation): Promise<number> {
  const [r] = await engine.query(`SELECT count(*) AS n FROM ${rel.sql}`);
  return Number(r.n);
}

/**
 * Per-person l-diversity and t-closeness read one sensitive value per person. A person with
 * several (a diagnosis per visit) would count once per value in the class sizes, so the search's
 * k would not be the verifier's k (which counts people); until several values per person have a
 * defined weighting, such data is refused here with the columns named, before any search.
 */
async function assertSensitiveConstant(
  engine: Engine,
  rel: Relation,
  subject: string,
  columns: readonly string[],
): Promise<void> {
  const d = engine.dialect;
  const varying: string[] = [];
  for (const c of columns) {
    const [r] = await engine.query(
      `SELECT count(*) AS n FROM (SELECT ${d.ident(subject)} AS s FROM ${rel.sql} GROUP BY ${d.ident(subject)} HAVING count(DISTINCT ${d.ident(c)}) > 1) v`,
    );
    if (Number(r.n) > 0) varying.push(c);
  }
  if (varying.length > 0)
    throw new WumingError(
      'SUBJECT_SENSITIVE_VARIES',
      `sensitive column${varying.length > 1 ? 's' : ''} ${varying.map((c) => `"${c}"`).join(', ')} take${varying.length > 1 ? '' : 's'} more than one value for some subjects ("${subject}"): l-diversity and t-closeness per person need one value per person. Protect ${varying.length > 1 ? 'them' : 'it'} per row (without a subject), or summarise ${varying.length > 1 ? 'them' : 'it'} per person first`,
      { kind: 'data', location: { column: varying[0] } },
    );
}

/**
 * The relation the search counts when rows belong to subjects: one row per distinct (subject,
 * quasi-identifiers[, sensitive value]), so a class's count is its number of subjects (and a
 * sensitive value's, the subjects holding it). That is exact only when each subject's
 * quasi-identifiers are the same on all its rows (then all its rows fall in one class and are
 * suppressed together); varying ones (visit dates, places) make a person a trace, which class
 * sizes cannot protect, so they are refused here with the columns named. The verifier counts
 * distinct subjects again on the written file.
 */
async function subjectRelation(
  engine: Engine,
  rel: Relation,
  subject: string,
  qi: readonly string[],
  sensitive: string | undefined,
  prefix: string,
): Promise<Relation> {
  const d = engine.dialect;
  if (!rel.columns.some((c) => c.name === subject))
    throw new WumingError('NO_COLUMN', `no subject column "${subject}" in the input`, {
      kind: 'usage',
      location: { column: subject },
    });
  if (qi.includes(subject) || subject === sensitive)
    throw new WumingError(
      'SUBJECT_IS_QI',
      `the subject column "${subject}" cannot also be a quasi-identifier or the sensitive column`,
      { kind: 'usage', location: { column: subject } },
    );
  const s = d.ident(subject);
  const varying = qi.map(
    (c) =>
      `count(DISTINCT ${d.ident(c)}) > 1 OR (count(${d.ident(c)}) > 0 AND count(${d.ident(c)}) < count(*))`,
  );
  const [r] = await engine.query(
    `SELECT ${qi.map((_, i) => `sum(CASE WHEN v${i} THEN 1 ELSE 0 END) AS n${i}`).join(', ')} FROM (SELECT ${varying
      .map((v, i) => `(${v}) AS v${i}`)
      .join(', ')} FROM ${rel.sql} GROUP BY ${s})`,
  );
  const bad = qi.filter((_, i) => Number(r[`n${i}`]) > 0);
  if (bad.length > 0)
    throw new WumingError(
      'SUBJECT_QI_VARIES',
      `quasi-identifier${bad.length > 1 ? 's' : ''} ${bad.map((c) => `"${c}"`).join(', ')} take${bad.length > 1 ? '' : 's'} more than one value for some subjects ("${subject}"): rows of one person then fall in several classes, and class sizes do not protect a person's set of rows (a trace). Generalize or drop ${bad.length > 1 ? 'them' : 'it'} so each subject has one value, or treat the data as traces`,
      { kind: 'data', location: { column: bad[0] } },
    );
  const cols = [subject, ...qi, ...(sensitive ? [sensitive] : [])].map((c) => d.ident(c)).join(', ');
  return engine.materialize(`${prefix}_subjects`, `SELECT DISTINCT ${cols} FROM ${rel.sql}`, {
    source: rel.source,
  });
}

/** The relation with one more column, each row's joint key over `columns` (see jointKey). */
async function jointView(
  engine: Engine,
  rel: Relation,
  columns: readonly string[],
  prefix: string,
): Promise<Relation> {
  const d = engine.dialect;
  const sep = d.string(UNIT_SEPARATOR);
  const key = columns
    .map((c) => `(CASE WHEN ${d.ident(c)} IS NULL THEN '0' ELSE '1' || ${d.asText(d.ident(c))} END)`)
    .join(` || ${sep} || `);
  return engine.materialize(
    `${prefix}_joint`,
    `SELECT *, ${key} AS ${d.ident(JOINT_COLUMN)} FROM ${rel.sql}`,
    {
      view: true,
      source: rel.source,
    },
  );
}

/** Parquet is read in place as a view (no copy into the engine); CSV must be parsed into a table. */
export const isColumnar = (path: string) => /\.(parquet|pq)$/i.test(path);

/**
 * The relation to read as `t` and the ORDER BY that writes rows in the input's order, so output
 * rows line up with input rows on every run: a table's stored row position (the engine says
 * whether the relation has one, from its catalog), or for a view (a Parquet or JSON file read in
 * place, which has none) a row number taken over the file's scan, which DuckDB numbers in file
 * order (insertion order is preserved). Without it the joins of the output query gave another
 * row order on every run (issue 19, case 10c).
 */
async function orderedSource(engine: Engine, rel: Relation): Promise<{ from: string; order: string }> {
  const key = await engine.rowOrder(rel.sql);
  if (key) return { from: rel.sql, order: `ORDER BY t.${key}` };
  const rn = engine.dialect.ident('__wuming_row');
  return { from: `(SELECT *, row_number() OVER () AS ${rn} FROM ${rel.sql})`, order: `ORDER BY t.${rn}` };
}

/**
 * SQL writing the global transformation: each QI joined to a (value → generalized code, label)
 * table for its chosen level; records of suppressed classes (keyed by their generalized codes)
 * get '*' in every QI; other columns pass through unchanged.
 */
async function globalOutputSql(
  engine: Engine,
  rel: Relation,
  table: FrequencyTable,
  levels: number[],
  partition: { numClasses: number; sizes: Float64Array; rep: Int32Array },
  kept: Uint8Array,
  prefix: string,
): Promise<string> {
  const d = engine.dialect;
  const qi = table.qi;
  for (let i = 0; i < qi.length; i++) {
    const h = table.hierarchies[i];
    const L = levels[i];
    await loadCodeTable(
      engine,
      `${prefix}_m${i}`,
      [
        { name: 'v', type: 'VARCHAR' },
        { name: 'g', type: 'INTEGER' },
        { name: 'lbl', type: 'VARCHAR' },
      ],
      h.leaves.map((v, leaf) => [v, h.maps[L][leaf], h.labels[L][h.maps[L][leaf]]]),
    );
  }
  const supRows: number[][] = [];
  for (let c = 0; c < partition.numClasses; c++) {
    if (kept[c] || partition.sizes[c] === 0) continue;
    const r = partition.rep[c];
    supRows.push(qi.map((_, i) => table.hierarchies[i].maps[levels[i]][table.codes[i][r]]));
  }
  const joins = qi.map((c, i) => `JOIN ${d.ident(`${prefix}_m${i}`)} m${i} ON t.${d.ident(c)} = m${i}.v`);
  let supTest = 'FALSE';
  if (supRows.length > 0) {
    await loadCodeTable(
      engine,
      `${prefix}_sup`,
      qi.map((_, i) => ({ name: `g${i}`, type: 'INTEGER' })),
      supRows,
    );
    joins.push(
      `LEFT JOIN (SELECT *, TRUE AS hit FROM ${d.ident(`${prefix}_sup`)}) x ON ${qi.map((_, i) => `x.g${i} = m${i}.g`).join(' AND ')}`,
    );
    supTest = 'x.hit IS NOT NULL';
  }
  const qIndex = new Map(qi.map((c, i) => [c, i]));
  const select = rel.columns.map((col) => {
    const i = qIndex.get(col.name);
    const id = d.ident(col.name);
    return i === undefined ? `t.${id}` : `CASE WHEN ${supTest} THEN '*' ELSE m${i}.lbl END AS ${id}`;
  });
  const src = await orderedSource(engine, rel);
  return `SELECT ${select.join(', ')} FROM ${src.from} t ${joins.join(' ')} ${src.order}`;
}

/**
 * SQL writing a local recoding: each frequency row (a combination of QI leaf codes) gets the
 * labels of its class's levels (or '*' when suppressed), joined back by the leaf codes.
 */
async function localOutputSql(
  engine: Engine,
  rel: Relation,
  table: FrequencyTable,
  local: LocalRecodingResult,
  prefix: string,
): Promise<string> {
  const d = engine.dialect;
  const qi = table.qi;
  const dq = qi.length;
  const v = local.view;
  const rows: (string | number)[][] = [];
  const seen = new Set<string>();
  for (let r = 0; r < table.rows; r++) {
    const key = qi.map((_, i) => table.codes[i][r]).join(',');
    if (seen.has(key)) continue; // rows differing only in the sensitive value share labels
    seen.add(key);
    const c = v.classOf![r];
    const row: (string | number)[] = qi.map((_, i) => table.codes[i][r]);
    for (let i = 0; i < dq; i++) {
      const L = v.classLevels![c * dq + i];
      row.push(
        v.kept[c] ? table.hierarchies[i].labels[L][table.hierarchies[i].maps[L][table.codes[i][r]]] : '*',
      );
    }
    rows.push(row);
  }
  await loadCodeTable(
    engine,
    `${prefix}_local`,
    [
      ...qi.map((_, i) => ({ name: `c${i}`, type: 'INTEGER' as const })),
      ...qi.map((_, i) => ({ name: `l${i}`, type: 'VARCHAR' as const })),
    ],
    rows,
  );
  const joins = qi.map((c, i) => `JOIN ${d.ident(`${prefix}_h${i}`)} h${i} ON t.${d.ident(c)} = h${i}.v`);
  joins.push(
    `JOIN ${d.ident(`${prefix}_local`)} z ON ${qi.map((_, i) => `z.c${i} = h${i}.c`).join(' AND ')}`,
  );
  const qIndex = new Map(qi.map((c, i) => [c, i]));
  const select = rel.columns.map((col) => {
    const i = qIndex.get(col.name);
    const id = d.ident(col.name);
    return i === undefined ? `t.${id}` : `z.l${i} AS ${id}`;
  });
  const src = await orderedSource(engine, rel);
  return `SELECT ${select.join(', ')} FROM ${src.from} t ${joins.join(' ')} ${src.order}`;
}

/** The population with its QIs generalized like the output (for verifying δ-presence and k-map). */
async function generalizedPopulationSql(
  engine: Engine,
  pop: Relation,
  table: FrequencyTable,
  /** Global levels; undefined for local recoding (then the per-combination label table is used). */
  levels: number[] | undefined,
  prefix: string,
): Promise<string> {
  const d = engine.dialect;
  const qi = table.qi;
  if (levels) {
    const joins = qi
      .map((c, i) => `JOIN ${d.ident(`${prefix}_m${i}`)} m${i} ON p.${d.ident(c)} = m${i}.v`)
      .join(' ');
    return `(SELECT ${qi.map((c, i) => `m${i}.lbl AS ${d.ident(c)}`).join(', ')} FROM ${pop.sql} p ${joins})`;
  }
  const joins = qi.map((c, i) => `JOIN ${d.ident(`${prefix}_h${i}`)} h${i} ON p.${d.ident(c)} = h${i}.v`);
  joins.push(
    `JOIN ${d.ident(`${prefix}_local`)} z ON ${qi.map((_, i) => `z.c${i} = h${i}.c`).join(' AND ')}`,
  );
  return `(SELECT ${qi.map((c, i) => `z.l${i} AS ${d.ident(c)}`).join(', ')} FROM ${pop.sql} p ${joins.join(' ')})`;
}
