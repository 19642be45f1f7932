import { stat } from 'node:fs/promises';
import { type ColumnClassification, classifyColumn, personKeyHeader } from '../detect/columns.js';
import { createEngine } from '../engine/duckdb.js';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { hierarchyRule } from '../hierarchy/auto.js';
import { type MemoryColumn, readCsvInMemory } from '../io/csv-memory.js';
import { readHead } from '../io/encoding.js';
import { assertWidth, formatOf, type ReadOptions, readSource, type SourceInfo } from '../io/read.js';
import type { Policy } from '../policy/schema.js';
import type { ProgressFn } from '../progress.js';
import { seededRandom } from '../random.js';

export interface ScanOptions extends ReadOptions {
  /** Rows sampled for content detection (default 10,000). The whole table is used when smaller. */
  sampleSize?: number;
  /** Seed of the reservoir sample, so a scan is repeatable. */
  seed?: number;
  engine?: Engine;
  onProgress?: ProgressFn;
}

interface ColumnReport extends ColumnClassification {
  /** Non-null values in the whole table. */
  nonNull: number;
  /**
   * Distinct values in the whole table: exact for key-like columns (person-key header, or every
   * sampled value a key-shaped token), else approximate (HyperLogLog).
   */
  distinct: number;
  /**
   * Share of non-null values that repeat an earlier row's value, 1 − distinct / nonNull (as
   * approximate as `distinct`): 0 for a key unique per row, 0.8 for five rows per value.
   */
  repeats: number;
  /**
   * The column looks like a person identifier that repeats across rows: the table holds several
   * records per person (longitudinal data), so k-anonymity and risk must count people, not rows
   * (see `likelySubjectColumns`).
   */
  subjectCandidate?: boolean;
  /**
   * Set on quasi-identifier and sensitive columns when the table has a subject candidate: the
   * column takes more than one value for some person (a visit date, a location per event). Such a
   * column is a trace, not an attribute of the person, and a per-person release must drop or
   * aggregate it (subject-level k-anonymity needs quasi-identifiers constant per person).
   */
  variesPerSubject?: boolean;
}

/** A column that probably identifies the data subject (privacy unit) of a longitudinal table. */
export interface SubjectCandidate {
  column: string;
  /** Non-null rows per distinct value (approximate). */
  rowsPerValue: number;
  /** As ColumnReport.repeats. */
  repeats: number;
  distinct: number;
  /** 3: an identity number, account or person-key header; 2: phone, e-mail, card; 1: code-like values only. */
  strength: 1 | 2 | 3;
  /** Human reason, never values. */
  reason: string;
}

/** Kinds whose values identify a person, by how surely a repeat means "the same person". */
const PERSON_KEY_KINDS: Record<string, 2 | 3> = {
  id_number: 3,
  passport: 3,
  account: 3,
  phone: 2,
  email: 2,
  bank_card: 2,
};
/** Headers of keys of things, not people (order lines repeat their order's id). */
const THING_KEY =
  /order|sku|product|item|store|shop|invoice|batch|txn|transaction|订单|商品|门店|发票|批次|交易|流水/i;
/** Rows per value above which a column "repeats": well above the few % error of the HLL count. */
const REPEAT_ROWS_PER_VALUE = 1.1;

/**
 * Columns that look like a person or record identifier and repeat across rows, best first. One
 * such column means the table has several rows per person (visits, transactions, waves): a class
 * of k rows can then be one person, so k-anonymity, l-diversity and every risk figure must count
 * distinct subjects (the policy's `subject`, `--subject COL`), and suppression must remove a
 * person's rows together (El Emam, Guide to the De-Identification of Personal Health Information,
 * 2013, ch. on longitudinal data; ISO/IEC 20889:2018 §6.3). Evidence: an identity number, account
 * or person-key header (patient_id, 客户编号, 住院号), else phone / e-mail / card values, else
 * code-like values (P0000001) with many distinct values; and at least 1.1 rows per value.
 */
export function likelySubjectColumns(inv: Pick<Inventory, 'columns'>): SubjectCandidate[] {
  const out: SubjectCandidate[] = [];
  for (const c of inv.columns) {
    if (c.nonNull < 2 || c.distinct < 10) continue;
    const rowsPerValue = c.nonNull / c.distinct;
    if (rowsPerValue < REPEAT_ROWS_PER_VALUE) continue;
    let strength: 0 | 1 | 2 | 3 = 0;
    let why = '';
    const byKind = c.kind ? PERSON_KEY_KINDS[c.kind] : undefined;
    if (personKeyHeader(c.column)) {
      strength = 3;
      why = 'the header names a person key';
    } else if (byKind) {
      strength = byKind;
      why = `its values are ${c.kind?.replace('_', ' ')}s`;
    } else if (c.codeLike && !c.kind && c.distinct >= 50 && !THING_KEY.test(c.column)) {
      strength = 1;
      why = 'code-like values with many distinct values';
    }
    if (!strength) continue;
    out.push({
      column: c.column,
      rowsPerValue: Math.round(rowsPerValue * 100) / 100,
      repeats: c.repeats,
      distinct: c.distinct,
      strength,
      reason: `${why}, repeating ${rowsPerValue.toFixed(1)} rows per value`,
    });
  }
  return out.sort((a, b) => b.strength - a.strength || b.distinct - a.distinct);
}

export interface Inventory {
  source: SourceInfo;
  rows: number;
  /** Rows whose values were inspected by the detectors. */
  sampleSize: number;
  sampled: boolean;
  columns: ColumnReport[];
  /**
   * Quasi-identifiers that are a function of another one in the sample (district → province,
   * birth date → age). Releasing both lets the dependent column leak what generalizing the other
   * hid, so a proposed policy keeps only the determining column.
   */
  dependencies: { column: string; determinedBy: string }[];
}

/**
 * Scan a relation: whole-table statistics in one SQL pass, then a reservoir sample of rows is
 * read into Node for the content detectors. Only the sample crosses into JavaScript, so a scan of
 * a billion rows costs one aggregate and one sample.
 */
export async function scanRelation(
  engine: Engine,
  rel: Relation & { info: SourceInfo },
  opts: ScanOptions = {},
): Promise<Inventory> {
  const d = engine.dialect;
  const sampleSize = opts.sampleSize ?? 10_000;
  const cols = rel.columns.map((c) => c.name);
  opts.onProgress?.({ stage: 'statistics', done: 0, total: 1 });
  const stats = cols.length
    ? (
        await engine.query(
          `SELECT ${cols.map((c, i) => `count(${d.ident(c)}) AS n${i}, ${d.approxCountDistinct(d.ident(c))} AS d${i}`).join(', ')} FROM ${rel.sql}`,
        )
      )[0]
    : {};
  opts.onProgress?.({ stage: 'statistics', done: 1, total: 1 });
  const rows = rel.info.rows;
  const sampled = rows > sampleSize;
  const sampleSql = sampled ? d.sample(rel.sql, sampleSize, opts.seed ?? 42) : `SELECT * FROM ${rel.sql}`;
  const batch = await engine.queryColumns(sampleSql);
  // Key-like columns get an exact distinct count: the HyperLogLog estimate is off by 10-20 % on
  // a few hundred sequential keys (300 unique P0000001… counted as 250), which is the difference
  // between "unique per row" and "repeats across rows" (a record key vs a subject column).
  const keyLike = cols
    .map((c, i) =>
      personKeyHeader(c) || batch.columns[i].every(isKeyToken) || batch.columns[i].every(isIntegerToken)
        ? i
        : -1,
    )
    .filter((i) => i >= 0 && Number(stats[`n${i}`] ?? 0) > 0);
  const exact = keyLike.length
    ? (
        await engine.query(
          `SELECT ${keyLike.map((i) => `count(DISTINCT ${d.ident(cols[i])}) AS x${i}`).join(', ')} FROM ${rel.sql}`,
        )
      )[0]
    : {};
  return await inventoryOf({
    info: rel.info,
    rows,
    sampleSize: Math.min(rows, sampleSize),
    sampled,
    names: cols,
    sample: batch.columns,
    nonNull: cols.map((_, i) => Number(stats[`n${i}`] ?? 0)),
    distinct: cols.map((_, i) => Number(exact[`x${i}`] ?? stats[`d${i}`] ?? 0)),
    onProgress: opts.onProgress,
    // One portable query per column.
    subjectPairs: async (subject) => {
      const s = d.ident(subject);
      const subjects = Number(
        (await engine.query(`SELECT count(DISTINCT ${s}) AS n FROM ${rel.sql} WHERE ${s} IS NOT NULL`))[0].n,
      );
      const pairs = async (column: string) =>
        Number(
          (
            await engine.query(
              `SELECT count(*) AS n FROM (SELECT DISTINCT ${s}, ${d.ident(column)} FROM ${rel.sql} WHERE ${s} IS NOT NULL) p`,
            )
          )[0].n,
        );
      return { subjects, pairs };
    },
  });
}

/**
 * The inventory from whole-table counts and a sample of rows (column-wise), on either data path:
 * classification per column, subject candidates, dependencies between quasi-identifiers.
 */
async function inventoryOf(t: {
  info: SourceInfo;
  rows: number;
  sampleSize: number;
  sampled: boolean;
  names: string[];
  sample: readonly (readonly unknown[])[];
  nonNull: number[];
  distinct: number[];
  onProgress?: ProgressFn;
  /**
   * Per-person constancy of an attribute: distinct subjects, and distinct (subject, value) pairs
   * of a column (more pairs than subjects = the value varies within a person).
   */
  subjectPairs: (
    subject: string,
  ) => Promise<{ subjects: number; pairs: (column: string) => Promise<number> }>;
}): Promise<Inventory> {
  const cols = t.names;
  const opts = { onProgress: t.onProgress };
  const batch = { columns: t.sample };
  const columns: ColumnReport[] = [];
  for (let i = 0; i < cols.length; i++) {
    opts.onProgress?.({ stage: 'detect', done: i, total: cols.length });
    const values = batch.columns[i].map((v) => (v === null ? null : clipCell(String(v))));
    const nonNull = t.nonNull[i];
    const distinct = Math.min(t.distinct[i], nonNull);
    const c = classifyColumn({ name: cols[i], values, distinctRatio: nonNull > 0 ? distinct / nonNull : 0 });
    const repeats = nonNull > 0 ? Math.round((1 - distinct / nonNull) * 1000) / 1000 : 0;
    columns.push({ ...c, nonNull, distinct, repeats });
  }
  opts.onProgress?.({ stage: 'detect', done: cols.length, total: cols.length });
  for (const cand of likelySubjectColumns({ columns })) {
    const c = columns.find((x) => x.column === cand.column) as ColumnReport;
    c.subjectCandidate = true;
    c.evidence.push(`possible subject column: ${cand.reason}`);
    // A repeating person key that nothing else classified (person_id = P0000001 …) still links
    // rows to a person: it is a direct identifier, never kept as "insensitive".
    if (c.role === 'other' && c.pipl.category === 'not_personal_information') {
      c.role = 'direct_identifier';
      c.pipl = { category: 'personal_information' };
      c.confidence = Math.max(c.confidence, 0.7);
    }
  }
  const subject = likelySubjectColumns({ columns })[0];
  if (subject) {
    const counter = await t.subjectPairs(subject.column);
    for (const c of columns) {
      if (c.column === subject.column || (c.role !== 'quasi_identifier' && c.role !== 'sensitive')) continue;
      if ((await counter.pairs(c.column)) > counter.subjects) c.variesPerSubject = true;
    }
  }
  const qiIdx = columns.map((c, i) => (c.role === 'quasi_identifier' ? i : -1)).filter((i) => i >= 0);
  const dependencies = functionalDependencies(
    qiIdx.map((i) => cols[i]),
    qiIdx.map((i) => batch.columns[i] as unknown[]),
  );
  return {
    source: t.info,
    rows: t.rows,
    sampleSize: t.sampleSize,
    sampled: t.sampled,
    columns,
    dependencies,
  };
}

/**
 * The part of a cell the content detectors see. A 40 MB cell kept `scan` busy for minutes in the
 * detectors' patterns (issue 19, case 7); identifiers are short, and the first 64 KiB of a long
 * text say whether it holds personal information as well as the whole would.
 */
const MAX_CELL_INSPECTED = 1 << 16;
const clipCell = (v: string) => (v.length > MAX_CELL_INSPECTED ? v.slice(0, MAX_CELL_INSPECTED) : v);

/** A whole number (a sequential record id 1, 2, 3 … is a key however short its values). */
function isIntegerToken(v: unknown): boolean {
  return v === null || v === undefined || /^\s*\d{1,19}\s*$/.test(String(v));
}

/** A value shaped like a key or identifier: 6-64 letters, digits and key punctuation, with a digit. */
function isKeyToken(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  const t = String(v).trim();
  return /^[\p{L}\p{N}_:.@+-]{6,64}$/u.test(t) && /\d/.test(t) && !/^-?\d+\.\d+$/.test(t);
}

/**
 * b depends on a when every value of a co-occurs with one value of b in the sample. Of a
 * one-to-one pair (district name ↔ district code) the code-like column (all digits) is kept as the
 * determinant; otherwise the column with more distinct values determines the one with fewer.
 */
function functionalDependencies(
  names: string[],
  values: unknown[][],
): { column: string; determinedBy: string }[] {
  const determines = (a: unknown[], b: unknown[]) => {
    const m = new Map<unknown, unknown>();
    for (let r = 0; r < a.length; r++) {
      const seen = m.get(a[r]);
      if (seen === undefined) m.set(a[r], b[r]);
      else if (seen !== b[r]) return false;
    }
    return true;
  };
  const distinct = values.map((v) => new Set(v).size);
  const codeLike = values.map((v) => v.every((x) => x === null || /^\d+$/.test(String(x))));
  const out: { column: string; determinedBy: string }[] = [];
  const dropped = new Set<number>();
  for (let b = 0; b < names.length; b++) {
    for (let a = 0; a < names.length; a++) {
      if (a === b || dropped.has(a) || distinct[b] <= 1) continue;
      if (!determines(values[a], values[b])) continue;
      const mutual = determines(values[b], values[a]);
      // In a one-to-one pair keep the code-like column, else the earlier one.
      if (mutual && ((codeLike[b] && !codeLike[a]) || (codeLike[b] === codeLike[a] && b < a))) continue;
      out.push({ column: names[b], determinedBy: names[a] });
      dropped.add(b);
      break;
    }
  }
  return out;
}

/** Scan a file (CSV, Parquet, JSON). */
export async function scan(path: string, opts: ScanOptions = {}): Promise<Inventory> {
  if (!opts.engine) {
    const wide = await scanWideInMemory(path, opts);
    if (wide) return wide;
  }
  const engine = opts.engine ?? (await createEngine());
  try {
    const rel = await readSource(engine, path, opts);
    return await scanRelation(engine, rel, opts);
  } finally {
    if (!opts.engine) await engine.close();
  }
}

/**
 * Propose a policy from an inventory: direct identifiers are dropped (the only choice that can
 * lead to an anonymized verdict; users switch to mask/token/fpe for internal use), quasi-identifiers
 * are generalized with a hierarchy suggested from their content, sensitive attributes are kept and
 * protected by l-diversity, and k-anonymity with k = 5 and 5 % suppression is required (classes
 * of 5 give a highest prosecutor risk of 0.2, the threshold our verdict uses).
 */
export function proposePolicy(inv: Inventory): Policy {
  const columns: Policy['columns'] = {};
  const hierarchies: Policy['hierarchies'] = {};
  const notes: string[] = [];
  let sensitive: string | undefined;
  const dependent = new Set(inv.dependencies.map((x) => x.column));
  const subject = likelySubjectColumns(inv)[0];
  // Columns the proposal treats as quasi-identifiers (generalized and searched).
  const asQi = (c: ColumnReport) =>
    c.role === 'quasi_identifier' || isCoordinates(c) || (c.role === 'sensitive' && isFineNumeric(c));
  const traces = inv.columns.filter(
    (c) => c.variesPerSubject && asQi(c) && c.role !== 'direct_identifier' && !c.freeText,
  );
  for (const c of inv.columns) {
    if (c.role === 'direct_identifier') columns[c.column] = { role: 'direct_identifier', action: 'drop' };
    else if (c.freeText) {
      // Free text hides PI the detectors do not find (a nickname, a neighbour's name, a rare
      // illness in a sentence): no detector recall is high enough to release it as anonymous.
      // Users who need the text run `wuming deidentify` with `redact_text` (still PI, Art. 73).
      columns[c.column] = { role: c.role === 'other' ? 'insensitive' : c.role, action: 'drop' };
      notes.push(
        `${c.column} is free text: dropped (redact_text in deidentify keeps it as de-identified data).`,
      );
    } else if (c.variesPerSubject && asQi(c)) {
      columns[c.column] = { role: 'quasi_identifier', action: 'drop' };
    } else if (c.role === 'quasi_identifier' && dependent.has(c.column))
      columns[c.column] = { role: 'quasi_identifier', action: 'drop' };
    else if (c.role === 'quasi_identifier' || isCoordinates(c)) {
      // Exact coordinates are a quasi-identifier whatever their category (a home, a workplace):
      // generalized to grid cells and searched with the others.
      hierarchies[c.column] = isCoordinates(c) ? { type: 'coordinates' } : suggestHierarchySpec(c);
      columns[c.column] = { role: 'quasi_identifier', action: 'generalize', hierarchy: c.column };
    } else if (c.role === 'sensitive' && isFineNumeric(c)) {
      // A numeric sensitive value at full precision (an income) links a record back to anyone
      // holding the source: with generalized quasi-identifiers it singled out 62 % of the sample's
      // records. It is banded and searched like a quasi-identifier, so classes hide it too.
      hierarchies[c.column] = { type: 'auto' };
      columns[c.column] = { role: 'quasi_identifier', action: 'generalize', hierarchy: c.column };
    } else if (c.role === 'sensitive') {
      columns[c.column] = { role: 'sensitive', action: 'keep' };
      // Diversity is asked for on a categorical attribute with a handful of values (a diagnosis),
      // not on income, and only on an attribute of the person, not of one of their events.
      if (!sensitive && c.distinct > 1 && c.distinct <= 1000 && !c.variesPerSubject) sensitive = c.column;
    } else columns[c.column] = { role: 'insensitive', action: 'keep' };
  }
  if (subject) {
    notes.push(
      `Longitudinal data: ${subject.column} looks like the subject column (${subject.reason}); k and every risk count people, not rows.`,
    );
    if (traces.length)
      notes.push(
        `${traces.map((c) => c.column).join(', ')} ${traces.length === 1 ? 'varies' : 'vary'} within a person (a trace): dropped, as subject-level k-anonymity needs attributes constant per person.`,
      );
  }
  return {
    version: 1,
    description: [
      `Proposed by wuming scan from ${inv.source.path} (${inv.rows} rows, ${inv.sampleSize} sampled). Review before use.`,
      ...notes,
    ].join(' '),
    ...(subject ? { subject: subject.column } : {}),
    columns,
    hierarchies,
    privacy: {
      k: 5,
      ...(sensitive ? { l: { l: 2, variant: 'distinct' as const, sensitive } } : {}),
      suppression: 5,
      metric: 'loss',
      localRecoding: false,
    },
    risk: { thresholds: [0.2, 0.1, 0.05] },
  };
}

/** Most sampled values are latitude/longitude pairs. */
function isCoordinates(c: ColumnReport): boolean {
  return c.types.some((t) => t.type === 'GPS_COORDINATE' && t.share >= 0.5);
}

/** Numbers with many distinct values: a value that, kept exact, is close to an identifier. */
function isFineNumeric(c: ColumnReport): boolean {
  return (c.kind === 'income' || c.kind === 'finance') && c.distinct > 50;
}

function suggestHierarchySpec(c: ColumnReport): Policy['hierarchies'][string] {
  const isDate = c.types.some((t) => t.share >= 0.5 && t.type === 'DATE_OF_BIRTH');
  return hierarchyRule(c.column, { isDate })?.spec ?? { type: 'auto' };
}

/**
 * Write the policy `proposePolicy` proposes for a scanned table as YAML, atomically, with the
 * schema comment editors use for completion.
 */
export async function writeProposedPolicy(path: string, inv: Inventory): Promise<void> {
  const [{ stringify }, { writeFileAtomic }] = await Promise.all([import('yaml'), import('../io/write.js')]);
  await writeFileAtomic(
    path,
    `# yaml-language-server: $schema=./policy.schema.json\n${stringify(proposePolicy(inv))}`,
  );
}

/** Columns from which a CSV file is scanned in memory (see scanWideInMemory). */
const WIDE_COLUMNS = 1000;

/**
 * Largest wide CSV file scanned (in memory). DuckDB cannot hold such tables: 20,000 text columns
 * of 1,000 rows (78 MB) ran out of its 1 GB limit after 33 s, and of 4 GB too, while 2,000
 * columns of 12,000 rows (94 MB) took 38 s; held as dictionary-coded columns they take a few
 * seconds. Beyond this size a wide file is refused at once with TABLE_TOO_WIDE (documented in
 * docs/GUARANTEES.md) instead of failing after minutes.
 */
export const WIDE_MAX_BYTES = 256 * 2 ** 20;

/**
 * Columns above which the engine cannot load a table at all (its column segments alone exceed a
 * 1 GB limit: 20,000 columns of 1,000 rows failed, 2,000 of 12,000 loaded with 700 MB): such
 * files are scanned in memory at any row count. Between WIDE_COLUMNS and this, a file of more
 * than `sampleSize` rows or 16 MB is left to the engine, which reads it faster (2,000 columns of
 * 12,000 rows: 11.6 CPU-s against 18 in memory, where each row touches every column's dictionary).
 */
const ENGINE_MAX_COLUMNS = 2500;

/** Distinct cells (summed over the columns) a wide file may hold in memory. */
const WIDE_MAX_DISTINCT = 16_000_000;

/**
 * A wide CSV file (more than WIDE_COLUMNS columns, at most WIDE_MAX_BYTES) scanned without the
 * engine: DuckDB spent 30 s loading and counting 20,000 text columns of five rows, gave no answer
 * for 100,000 in 120 s (issue 19, case 8) and ran out of memory on 20,000 columns of 1,000 rows,
 * while the columns held in memory give exact counts at once. Content detection reads a seeded
 * sample of `sampleSize` rows when the file has more. Undefined when the file is not such a file
 * (the engine path then reads it as usual); TABLE_TOO_WIDE when it is wide and too large.
 */
async function scanWideInMemory(path: string, opts: ScanOptions): Promise<Inventory | undefined> {
  if (formatOf(path) !== 'csv') return undefined;
  let head: Buffer;
  try {
    head = await readHead(path, 1 << 20);
  } catch {
    return undefined;
  }
  const nl = head.indexOf(0x0a);
  const first = nl < 0 ? head : head.subarray(0, nl);
  let widest = 0;
  for (const d of [0x2c, 0x3b, 0x09, 0x7c]) {
    let n = 1;
    for (let i = first.indexOf(d); i >= 0; i = first.indexOf(d, i + 1)) n++;
    widest = Math.max(widest, n);
  }
  if (widest <= WIDE_COLUMNS) return undefined;
  // The same refusal as the engine path, before anything is parsed.
  const headText = head.toString('latin1');
  const sampleSize = opts.sampleSize ?? 10_000;
  assertWidth(path, headText, head.length, widest);
  let why = '';
  const size = (await stat(path)).size;
  const tooWide = (reason: string) =>
    new WumingError(
      'TABLE_TOO_WIDE',
      `a table of more than ${ENGINE_MAX_COLUMNS.toLocaleString('en')} columns is scanned in memory, up to ${WIDE_MAX_BYTES / 2 ** 20} MB; this file of ${widest.toLocaleString('en')} columns ${reason}: scan fewer rows or columns at a time (split the file)`,
      { kind: 'data', location: { file: path } },
    );
  const onlyHere = widest > ENGINE_MAX_COLUMNS;
  if (onlyHere && size > WIDE_MAX_BYTES) throw tooWide(`has ${Math.ceil(size / 2 ** 20)} MB`);
  const table = await readCsvInMemory(
    path,
    onlyHere
      ? {
          delimiter: opts.delimiter,
          header: opts.header,
          maxBytes: WIDE_MAX_BYTES,
          maxDistinct: WIDE_MAX_DISTINCT,
          onIneligible: (r) => {
            why = r;
          },
        }
      : { delimiter: opts.delimiter, header: opts.header },
  );
  if (!table) {
    if (onlyHere && /distinct/.test(why)) throw tooWide('holds too many distinct values');
    return undefined;
  }
  assertWidth(path, headText, head.length, table.columns.length);
  if (!onlyHere && table.rows > sampleSize) return undefined;
  const names = [...table.columns];
  const data = table.data as MemoryColumn[];
  const nonNull: number[] = [];
  const distinct: number[] = [];
  const sample: (string | null)[][] = [];
  // Rows for content detection: all of them, or a seeded sample in file order (Floyd's
  // algorithm: every subset of sampleSize rows equally likely).
  let rows: Int32Array | undefined;
  if (table.rows > sampleSize) {
    const random = seededRandom(opts.seed ?? 42);
    const picked = new Set<number>();
    for (let j = table.rows - sampleSize; j < table.rows; j++) {
      const t = random.int(j + 1);
      picked.add(picked.has(t) ? j : t);
    }
    rows = Int32Array.from(picked).sort();
  }
  for (const c of data) {
    let nulls = 0;
    const nullCode = c.values.indexOf(null);
    if (nullCode >= 0) for (let r = 0; r < c.codes.length; r++) if (c.codes[r] === nullCode) nulls++;
    nonNull.push(c.codes.length - nulls);
    distinct.push(c.values.length - (nullCode >= 0 ? 1 : 0));
    sample.push(Array.from(rows ?? c.codes, (x) => c.values[rows ? c.codes[x] : x]));
  }
  return inventoryOf({
    info: table.info,
    rows: table.rows,
    sampleSize: rows ? rows.length : table.rows,
    sampled: rows !== undefined,
    names,
    sample,
    nonNull,
    distinct,
    onProgress: opts.onProgress,
    // Over every row (the dictionary codes), as the engine path counts them.
    subjectPairs: async (subject) => {
      const subj = data[names.indexOf(subject)];
      const subjNull = subj.values.indexOf(null);
      const subjects = subj.values.length - (subjNull >= 0 ? 1 : 0);
      const pairs = async (column: string) => {
        const col = data[names.indexOf(column)];
        const seen = new Set<number>();
        for (let r = 0; r < subj.codes.length; r++)
          if (subj.codes[r] !== subjNull) seen.add(subj.codes[r] * col.values.length + col.codes[r]);
        return seen.size;
      };
      return { subjects, pairs };
    },
  });
}
