import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyColumn } from '../detect/columns.js';
import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { readSource } from '../io/read.js';
import {
  assertWritableTarget,
  csvCell,
  formatFromPath,
  openAtomicStream,
  tempPathFor,
  writeRelation,
} from '../io/write.js';
import type { KeyRing } from '../keys/keyfile.js';
import { loadKeyFile } from '../keys/keyfile.js';
import { TokenVault } from '../keys/vault.js';
import {
  type ActionName,
  type ColumnAction,
  columnActionSchema,
  operators,
  splitAction,
} from '../operators/index.js';
import { loadPolicy, type Policy, policyLocation } from '../policy/index.js';
import { noProgress, type ProgressFn } from '../progress.js';
import { type Random, secureRandom } from '../random.js';
import { inferKind } from '../transform/kinds.js';
import { type Cell, type ColumnTransform, locateInvalid, type Operator } from '../transform/operator.js';
import {
  assertManifestKey,
  type DeidManifest,
  type ManifestColumn,
  manifestPathFor,
  readManifest,
  sha256File,
  writeManifest,
} from './manifest.js';

/**
 * De-identification job: read a table, run one operator per listed column over streamed
 * batches (column vectors, so memory stays bounded by the batch whatever the file size), write
 * the result atomically. `reidentify` runs the same plan backwards: FPE and date-shift columns
 * are inverted with the key, vault tokens are looked up; one-way columns stay as they are.
 */
export interface DeidentifyPlan {
  /** Column name → action. Columns not listed are copied unchanged. */
  columns: Record<string, ColumnAction>;
}

export interface DeidentifyOptions {
  engine: Engine;
  input: string;
  out: string;
  /**
   * Column name → action. Required for deidentify; reidentify takes the plan from the manifest
   * when it is absent.
   */
  plan?: DeidentifyPlan;
  /**
   * The manifest (src/run/manifest.ts): deidentify writes it to this path (default
   * `<out>.manifest.json`), reidentify reads it from this path (default `<input>.manifest.json`)
   * and refuses a key that is not the one used. `false`: deidentify writes none, and reidentify
   * goes without it and so cannot prove the key (a wrong key then gives wrong values).
   */
  manifest?: string | false;
  keys?: KeyRing;
  keyFile?: string;
  /** Token vault file, needed when a token column sets `vault: true`. */
  vault?: string;
  random?: Random;
  onProgress?: ProgressFn;
}

interface ColumnReport {
  column: string;
  action: ActionName;
  /** Value kind an `auto` mask/fpe settled on. */
  kind?: string;
  /** Whether the action can be undone with the key (fpe, date_shift, vault tokens). */
  reversible: boolean;
  /** Non-null values processed. */
  values: number;
  /** Values the operator could not interpret and left to its fallback. */
  fallback: number;
  extra: Record<string, number>;
  /** Tokens: distinct inputs, distinct tokens and their difference (collisions). */
  distinctIn?: number;
  distinctOut?: number;
  collisions?: number;
  /** Tokens: bits kept, and the birthday-bound expected collisions n²/2^(bits+1). */
  tokenBits?: number;
  expectedCollisions?: number;
  /** reidentify: whether this column was restored. */
  reversed?: boolean;
  note?: string;
}

export interface DeidentifyResult {
  direction: 'deidentify' | 'reidentify';
  input: string;
  output: string;
  rows: number;
  /** Fingerprint of the key used; never the key. */
  keyId?: string;
  columns: ColumnReport[];
  dropped: string[];
  vault?: string;
  /** The manifest written (deidentify) or read (reidentify). */
  manifest?: string;
  /** Things the user should know; never values (e.g. a direct identifier left in clear). */
  warnings: { column?: string; code: string; message: string }[];
  seconds: number;
}

/** The shorthand flags of `wuming deidentify|reidentify` (exact contract, see README). */
export interface ShorthandFlags {
  mask?: string[];
  token?: string[];
  fpe?: string[];
  dateShift?: string[];
  subject?: string;
  drop?: string[];
}

/** Build a plan from `--mask/--token/--fpe/--date-shift/--subject/--drop`. */
export function shorthandPlan(f: ShorthandFlags): DeidentifyPlan {
  const columns: Record<string, ColumnAction> = {};
  const add = (flag: string, cols: string[] | undefined, action: ColumnAction) => {
    for (const c of cols ?? []) {
      if (columns[c])
        throw new WumingError(
          'DUPLICATE_COLUMN',
          `column "${c}" is named by two actions (${columns[c].action} and --${flag})`,
          {
            kind: 'usage',
            location: { column: c },
          },
        );
      columns[c] = { ...action };
    }
  };
  if (f.dateShift?.length && !f.subject)
    throw new WumingError(
      'SUBJECT_REQUIRED',
      '--date-shift needs --subject COL (the person id whose dates shift together)',
      {
        kind: 'usage',
      },
    );
  if (f.subject && !f.dateShift?.length)
    throw new WumingError('SUBJECT_UNUSED', '--subject is only used with --date-shift', { kind: 'usage' });
  add('mask', f.mask, { action: 'mask', kind: 'auto' });
  add('token', f.token, { action: 'token' });
  add('fpe', f.fpe, { action: 'fpe', kind: 'auto' });
  add('date-shift', f.dateShift, { action: 'date_shift', subject: f.subject });
  add('drop', f.drop, { action: 'drop' });
  if (Object.keys(columns).length === 0)
    throw new WumingError(
      'EMPTY_PLAN',
      'nothing to do: give --policy FILE or at least one of --mask, --token, --fpe, --date-shift, --drop',
      { kind: 'usage' },
    );
  return { columns };
}

/** Validate every column action against the operator schemas; policy errors name the key. */
function validatePlan(plan: DeidentifyPlan): Record<string, ColumnAction> {
  const out: Record<string, ColumnAction> = {};
  for (const [col, action] of Object.entries(plan.columns)) {
    const r = columnActionSchema.safeParse(action);
    if (!r.success) {
      const issue = r.error.issues[0];
      const key = ['columns', col, ...issue.path.map(String)].join('.');
      throw new WumingError('BAD_ACTION', issue.message, { kind: 'policy', location: { key, column: col } });
    }
    out[col] = r.data as ColumnAction;
  }
  return out;
}

export function deidentify(opts: DeidentifyOptions): Promise<DeidentifyResult> {
  return runJob(opts, 'deidentify');
}

export function reidentify(opts: DeidentifyOptions): Promise<DeidentifyResult> {
  return runJob(opts, 'reidentify');
}

interface Col {
  name: string;
  action: ActionName;
  operator: Operator<ActionName, object>;
  params: Record<string, unknown>;
  transform?: ColumnTransform;
  report: ColumnReport;
  /** reidentify: how this column is restored. */
  restore?: 'invert' | 'vault';
  vaultScope?: string;
}

const SAMPLE = 1000;

async function runJob(
  opts: DeidentifyOptions,
  direction: 'deidentify' | 'reidentify',
): Promise<DeidentifyResult> {
  const t0 = performance.now();
  const { engine } = opts;
  const d = engine.dialect;
  const onProgress = opts.onProgress ?? noProgress;
  const reverse = direction === 'reidentify';
  const outFormat = formatFromPath(opts.out);
  // Before any work: a writable target that is not the input by another path or link.
  await assertWritableTarget(opts.out, [opts.input]);
  const keys = opts.keys ?? (opts.keyFile ? await loadKeyFile(opts.keyFile) : undefined);
  const warnings: DeidentifyResult['warnings'] = [];

  // reidentify: the manifest proves the key before anything is read or written.
  let manifest: DeidManifest | undefined;
  let manifestPath: string | undefined;
  if (reverse && opts.manifest !== false) {
    manifestPath = opts.manifest ?? manifestPathFor(opts.input);
    manifest = await readManifest(manifestPath);
    if (!manifest)
      throw new WumingError(
        'MANIFEST_MISSING',
        `no de-identification manifest next to the input (${manifestPath}); reidentify needs it to prove the key is the one used. Keep the manifest with the file, or pass --no-manifest to reverse without that proof (a wrong key then gives wrong values)`,
        { kind: 'data', location: { file: opts.input } },
      );
    assertManifestKey(manifest, keys, manifestPath);
  }
  const plan = opts.plan ?? (manifest ? planFromManifest(manifest) : undefined);
  if (!plan)
    throw new WumingError('EMPTY_PLAN', 'nothing to do: give a plan (--policy FILE or the shorthand flags)', {
      kind: 'usage',
    });
  const actions = validatePlan(plan);
  // Kinds an `auto` action resolved to when the file was de-identified.
  if (manifest)
    for (const [name, a] of Object.entries(actions)) {
      const m = manifest.columns[name];
      const kind = (a as { kind?: string }).kind;
      if (
        m &&
        m.action === a.action &&
        (kind === undefined || kind === 'auto') &&
        m.params.kind !== undefined
      )
        (a as { kind?: unknown }).kind = m.params.kind;
      // Params the forward run settled on (ColumnTransform.applied): the plan's own value wins.
      const applied = m?.applied;
      if (m && m.action === a.action && applied)
        for (const [key, value] of Object.entries(applied)) {
          const mine = (a as Record<string, unknown>)[key];
          if (mine === undefined || mine === 'auto') (a as Record<string, unknown>)[key] = value;
        }
    }

  const rel = await readSource(engine, opts.input);
  const names = rel.columns.map((c) => c.name);
  const present = new Set(names);

  const cols: Col[] = [];
  const dropped: string[] = [];
  for (const [name, action] of Object.entries(actions)) {
    const { name: op, params } = splitAction(action);
    const operator = operators[op];
    if (!present.has(name)) {
      // A reidentify input no longer has the columns deidentify dropped.
      if (reverse && operator.effect === 'remove') continue;
      throw new WumingError(
        'NO_SUCH_COLUMN',
        `the plan names column "${name}", which the input does not have`,
        {
          kind: 'policy',
          location: { file: opts.input, column: name, key: `columns.${name}` },
        },
      );
    }
    const subjectGone =
      operator.takesSubject === true && params.subject !== undefined && !present.has(String(params.subject));
    if (subjectGone && !reverse)
      throw new WumingError(
        'NO_SUCH_COLUMN',
        `the subject column "${String(params.subject)}" is not in the input`,
        {
          kind: 'policy',
          location: { file: opts.input, column: name, key: `columns.${name}.subject` },
        },
      );
    if (operator.needsKey(params) && !keys)
      throw new WumingError(
        'KEY_REQUIRED',
        `column "${name}" (${op}) needs a key: pass --key-file FILE (create one with wuming keygen)`,
        {
          kind: 'usage',
          location: { column: name },
        },
      );
    if (operator.effect === 'remove') {
      dropped.push(name);
      continue;
    }
    cols.push({
      name,
      action: op,
      operator,
      params,
      report: {
        column: name,
        action: op,
        reversible: operator.reversible || operator.restore?.(params) !== undefined,
        values: 0,
        fallback: 0,
        extra: {},
      },
    });
  }

  // Resolve `auto` kinds from the first non-empty values, in file order (the same rows give the
  // same answer on the de-identified file, since FPE preserves well-formedness value by value).
  for (const c of cols) {
    const auto = c.operator.autoKind;
    const resolve = auto !== undefined && (!reverse || auto.onReverse);
    if (resolve && (c.params.kind === undefined || c.params.kind === 'auto')) {
      const q = d.ident(c.name);
      const b = await engine.queryColumns(
        `SELECT ${d.asText(q)} AS v FROM ${rel.sql} WHERE ${q} IS NOT NULL AND ${d.asText(q)} <> '' LIMIT ${SAMPLE}`,
      );
      const sample = (b.columns[0] ?? []).map((v) => (v === null ? null : String(v)));
      const k = inferKind(sample, auto.candidates);
      c.params = { ...c.params, kind: k === 'generic' ? auto.otherwise : k };
      c.report.kind = String(c.params.kind);
    } else if (c.params.kind !== undefined) c.report.kind = String(c.params.kind);
  }

  // Vault.
  let vault: TokenVault | undefined;
  const vaultCols = cols.filter((c) => c.operator.restore?.(c.params) === 'vault');
  if (vaultCols.length > 0) {
    if (!opts.vault)
      throw new WumingError(
        'VAULT_REQUIRED',
        `column "${vaultCols[0].name}" stores tokens in a vault: pass --vault FILE`,
        {
          kind: 'usage',
          location: { column: vaultCols[0].name },
        },
      );
    vault = await TokenVault.open(opts.vault, keys!, { create: !reverse });
    for (const c of vaultCols) c.vaultScope = String(c.params.scope ?? c.name);
  }

  const random = opts.random ?? secureRandom();
  for (const c of cols) {
    if (c.operator.effect === 'deferred') {
      c.report.note = `${c.action} is applied by wuming anonymize; column passed through`;
      continue;
    }
    if (reverse) {
      c.restore = c.operator.restore?.(c.params);
      if (!c.restore) {
        c.report.reversed = false;
        c.report.note = c.operator.oneWayNote ?? 'one-way';
        continue;
      }
    }
    c.transform = c.operator.create(c.params, { column: c.name, keys, random });
  }

  // A subject-keyed column (a date shift) can be undone only when its subject's original value
  // can be recovered: the subject is restored too, or was copied.
  const byName = new Map(cols.map((c) => [c.name, c]));
  if (reverse) {
    for (const c of cols) {
      if (!c.operator.takesSubject || c.params.subject === undefined) continue;
      const s = byName.get(String(c.params.subject));
      const gone = !present.has(String(c.params.subject));
      if (gone || (s && !s.restore && s.operator.effect !== 'copy')) {
        c.restore = undefined;
        c.transform = undefined;
        c.report.reversed = false;
        c.report.note = gone
          ? `subject column "${String(c.params.subject)}" was dropped, so the offsets cannot be recomputed`
          : `subject column "${s!.name}" is ${s!.action}, which cannot be reversed`;
      }
    }
  }

  if (reverse && !cols.some((c) => c.restore)) {
    const oneWay = cols.map((c) => `${c.action} (${c.name})`).join(', ');
    throw new WumingError(
      'NOTHING_TO_REVERSE',
      `nothing here can be reversed: ${oneWay || 'no column'} ${cols.length === 1 ? 'is' : 'are'} irreversible (masks, HMAC tokens, redaction, noise and rounding destroy the original); reidentify restores fpe and date_shift columns and vault tokens`,
      { kind: 'usage', location: { file: opts.input } },
    );
  }
  if (!reverse) warnings.push(...(await clearIdentifiers(engine, rel, names, cols, dropped)));
  else
    for (const c of cols)
      if (!c.restore)
        warnings.push({
          column: c.name,
          code: 'IRREVERSIBLE',
          message: `column "${c.name}" (${c.action}) is irreversible and is left as it is: ${c.report.note ?? 'the original is gone'}`,
        });

  // Output.
  const outNames = names.filter((n) => !dropped.includes(n));
  const delimiter = rel.info.delimiter ?? ',';
  // Parquet is converted from a private CSV beside the output (named like a temporary file of
  // this process, so a killed run's copy is removed by the next run in the folder).
  const csvPath = outFormat === 'csv' ? opts.out : tempPathFor(opts.out).replace(/\.[^./]*$/, '.csv');
  const sink = await openAtomicStream(csvPath, { inputs: [opts.input] });
  const readCsv = (path: string) =>
    d.readFile(path, { type: 'csv', delimiter, header: true, columns: outNames });
  // Token collisions: a keyed function maps equal inputs to equal tokens, so distinct tokens
  // fall short of distinct inputs exactly by the number of collisions. Counted on the written
  // file while it is verified.
  const tokenCols = reverse ? [] : cols.filter((c) => c.operator.collisionBits !== undefined);
  const distinct = (c: Col) => `count(DISTINCT ${d.ident(c.name)}) AS ${d.ident(c.name)}`;
  let distinctOut: Record<string, unknown> = {};
  /**
   * Verify-then-publish: the complete temporary file is read back before it replaces the
   * output; it must hold every input row under the planned header (a cut or garbled write is
   * refused and the old output stays).
   */
  const verifyWritten = async (tmp: string, format: 'csv' | 'parquet') => {
    const sql = format === 'csv' ? readCsv(tmp) : d.readFile(tmp, { type: 'parquet' });
    const [r] = await engine.query(
      `SELECT count(*) AS wuming_rows${tokenCols.map((c) => `, ${distinct(c)}`).join('')} FROM ${sql}`,
    );
    if (Number(r.wuming_rows) !== rel.info.rows)
      throw new WumingError(
        'OUTPUT_UNVERIFIED',
        `the written output holds ${Number(r.wuming_rows)} rows, the input ${rel.info.rows}; output discarded`,
        { kind: 'internal', location: { file: opts.out } },
      );
    distinctOut = r;
    outputSha256 = await sha256File(tmp);
  };
  let outputSha256 = '';
  // The one CSV cell writer (io/write.ts), so this output is quoted as anonymize's is.
  const field = (v: Cell): string => csvCell(v, delimiter);
  let rows = 0;
  try {
    await sink.write(`${outNames.map((n) => field(n)).join(delimiter)}\n`);
    const select = names.map((n) => `${d.asText(d.ident(n))} AS ${d.ident(n)}`).join(', ');
    // Reversal restores subject-keyed columns last, from their restored subject.
    const order = reverse
      ? [...cols.filter((c) => !c.operator.takesSubject), ...cols.filter((c) => c.operator.takesSubject)]
      : cols;
    for await (const batch of engine.stream(`SELECT ${select} FROM ${rel.sql}`)) {
      const input = new Map<string, Cell[]>();
      batch.names.forEach((n, i) => {
        input.set(n, batch.columns[i] as Cell[]);
      });
      const output = new Map(input);
      // Row (as a spreadsheet numbers it: the header is row 1) of this batch's first record.
      const firstRow = rows + (rel.info.format === 'csv' && rel.info.header !== false ? 2 : 1);
      try {
        for (const c of order) {
          const vals = input.get(c.name)!;
          if (!c.transform) continue;
          const subjects =
            c.params.subject !== undefined
              ? (reverse ? output : input).get(String(c.params.subject))
              : undefined;
          if (!reverse) {
            const res = c.transform.apply(vals, subjects);
            output.set(c.name, res);
            if (vault && c.vaultScope) {
              const pairs = new Map<string, string>();
              for (let i = 0; i < res.length; i++) if (res[i] && vals[i]) pairs.set(res[i]!, vals[i]!);
              await vault.put(c.vaultScope, pairs);
            }
          } else if (c.restore === 'vault') {
            const found = await vault!.get(
              c.vaultScope!,
              vals.filter((v): v is string => v !== null && v !== ''),
            );
            output.set(
              c.name,
              vals.map((v) => {
                if (v === null || v === '') return v;
                c.report.values++;
                const o = found.get(v);
                if (o === undefined) c.report.fallback++;
                return o ?? v;
              }),
            );
          } else if (c.restore === 'invert') {
            output.set(c.name, c.transform.invert!(vals, subjects));
          }
        }
      } catch (e) {
        throw locateInvalid(e, opts.input, firstRow);
      }
      const outCols = outNames.map((n) => output.get(n)!);
      let text = '';
      for (let r = 0; r < batch.rowCount; r++) {
        let line = field(outCols[0][r]);
        for (let j = 1; j < outCols.length; j++) line += delimiter + field(outCols[j][r]);
        text += `${line}\n`;
      }
      await sink.write(text);
      rows += batch.rowCount;
      onProgress({ stage: direction, done: rows, total: rel.info.rows });
    }
    // Guard against a silently cut stream: every input row must have been written.
    if (rows !== rel.info.rows)
      throw new WumingError('SHORT_STREAM', `wrote ${rows} of ${rel.info.rows} rows; output discarded`, {
        kind: 'internal',
        location: { file: opts.out },
      });
    await sink.commit(outFormat === 'csv' ? (tmp) => verifyWritten(tmp, 'csv') : undefined);
  } catch (e) {
    await sink.abort();
    if (vault) await vault.close();
    throw e;
  }
  if (vault) await vault.close();

  if (outFormat === 'parquet') {
    try {
      await writeRelation(engine, `SELECT * FROM ${readCsv(csvPath)}`, opts.out, {
        format: 'parquet',
        inputs: [opts.input],
        verify: (tmp) => verifyWritten(tmp, 'parquet'),
      });
    } finally {
      await rm(csvPath, { force: true });
    }
  }

  if (tokenCols.length > 0) {
    const [a] = await engine.query(`SELECT ${tokenCols.map(distinct).join(', ')} FROM ${rel.sql}`);
    const b = distinctOut;
    for (const c of tokenCols) {
      const nIn = Number(a[c.name]);
      const nOut = Number(b[c.name]);
      const bits = c.operator.collisionBits!(c.params);
      c.report.distinctIn = nIn;
      c.report.distinctOut = nOut;
      c.report.collisions = nIn - nOut;
      c.report.tokenBits = Math.round(bits * 10) / 10;
      c.report.expectedCollisions = (nIn * nIn) / 2 ** (bits + 1);
    }
  }

  for (const c of cols) {
    const caveat = reverse ? undefined : c.transform?.caveat?.();
    if (caveat)
      warnings.push({ column: c.name, code: 'NOT_BYTE_EXACT', message: `column "${c.name}": ${caveat}` });
    if (c.transform) {
      c.report.values += reverse && c.restore === 'vault' ? 0 : c.transform.stats.values;
      c.report.fallback += reverse && c.restore === 'vault' ? 0 : c.transform.stats.fallback;
      c.report.extra = { ...c.transform.stats.extra };
      if (c.transform.kind) c.report.kind = c.transform.kind;
    }
    if (reverse && c.restore) c.report.reversed = true;
  }

  if (!reverse && opts.manifest !== false) {
    const columns: Record<string, ManifestColumn> = {};
    for (const c of cols)
      columns[c.name] = {
        action: c.action,
        params: { ...c.params, ...(c.report.kind ? { kind: c.report.kind } : {}) },
        ...(c.transform?.applied ? { applied: c.transform.applied() } : {}),
        reversible: c.report.reversible,
      };
    manifestPath = await writeManifest(
      opts.manifest ?? manifestPathFor(opts.out),
      opts.out,
      { outputSha256, rows, columns, dropped },
      keys,
    );
  }
  if (reverse && manifest && manifest.outputSha256 !== (await sha256File(opts.input)))
    warnings.push({
      code: 'INPUT_CHANGED',
      message:
        'the input is not byte for byte the file deidentify wrote (edited or converted since); the key was still proven by the manifest',
    });

  return {
    direction,
    input: opts.input,
    output: opts.out,
    rows,
    keyId: keys?.id,
    columns: cols.map((c) => c.report),
    dropped,
    vault: vault ? opts.vault : undefined,
    manifest: manifestPath,
    warnings,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The plan a manifest records (its columns' actions as applied, and the dropped columns). */
function planFromManifest(m: DeidManifest): DeidentifyPlan {
  const columns: Record<string, ColumnAction> = {};
  for (const [name, c] of Object.entries(m.columns))
    columns[name] = { action: c.action, ...c.params } as ColumnAction;
  for (const name of m.dropped ?? []) columns[name] = { action: 'drop' };
  return { columns };
}

/**
 * Columns copied unchanged that the column classifier (the same one `wuming scan` uses) calls a
 * direct identifier, from the first rows: each is a warning naming the column and the detected
 * kind, never a value.
 */
async function clearIdentifiers(
  engine: Engine,
  rel: { sql: string },
  names: readonly string[],
  cols: readonly Col[],
  dropped: readonly string[],
): Promise<DeidentifyResult['warnings']> {
  const handled = new Set([
    ...dropped,
    ...cols
      .filter((c) => c.operator.effect !== 'copy' && c.operator.effect !== 'deferred')
      .map((c) => c.name),
  ]);
  const clear = names.filter((n) => !handled.has(n));
  if (clear.length === 0) return [];
  const d = engine.dialect;
  const b = await engine.queryColumns(
    `SELECT ${clear.map((n) => `${d.asText(d.ident(n))} AS ${d.ident(n)}`).join(', ')} FROM ${rel.sql} LIMIT ${SAMPLE}`,
  );
  const out: DeidentifyResult['warnings'] = [];
  clear.forEach((name, i) => {
    const values = (b.columns[i] ?? []).map((v) => (v === null ? null : String(v)));
    const nonNull = values.filter((v) => v !== null && v !== '');
    const distinctRatio = nonNull.length ? new Set(nonNull).size / nonNull.length : 0;
    const c = classifyColumn({ name, values, distinctRatio });
    if (c.role === 'direct_identifier')
      out.push({
        column: name,
        code: 'DIRECT_IDENTIFIER_IN_CLEAR',
        message: `column "${name}" looks like a direct identifier (${c.kind ?? c.types[0]?.type ?? 'identifier'}) and is copied unchanged; give it an action (mask, token, fpe, drop ...) or keep it on purpose`,
      });
  });
  return out;
}

/**
 * Turn a policy (src/policy) into a de-identification plan: each column's `action` with its
 * `params` (and `subject` for date_shift) becomes one column action, checked against the
 * operator's schema; an error points at `columns.<col>.params.<key>` with the policy's line.
 * `keep` columns are copied; `generalize` belongs to `wuming anonymize` and is copied here.
 */
function planFromPolicy(policy: Policy): DeidentifyPlan {
  const columns: Record<string, ColumnAction> = {};
  for (const [name, c] of Object.entries(policy.columns)) {
    const operator = operators[c.action];
    if (operator.effect === 'copy' || operator.effect === 'deferred') continue;
    const action = {
      action: c.action,
      ...(c.params ?? {}),
      ...(operator.takesSubject && c.subject ? { subject: c.subject } : {}),
    } as ColumnAction;
    const r = columnActionSchema.safeParse(action);
    if (!r.success) {
      const issue = r.error.issues[0];
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
      const key = ['columns', name, 'params', ...path.map(String)].join('.');
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown ${c.action} parameter "${issue.keys[0]}"`
          : issue.message;
      throw new WumingError('BAD_ACTION', message, {
        kind: 'policy',
        location: { ...policyLocation(policy, path.length ? key : `columns.${name}.action`), column: name },
      });
    }
    columns[name] = action;
  }
  return { columns };
}

/** `--policy FILE`: load and validate the policy (src/policy), then build the plan. */
export async function loadPlanFile(path: string): Promise<DeidentifyPlan> {
  return planFromPolicy(await loadPolicy(path));
}

export interface RekeyOptions extends DeidentifyOptions {
  /** The key the input was de-identified with. */
  oldKeys?: KeyRing;
  oldKeyFile?: string;
  /** Vault written with the new key (the old one is `vault`). */
  newVault?: string;
}

/**
 * Key rotation: an already de-identified file is re-keyed without touching its one-way columns.
 * FPE, date-shift and vault-token columns are reversed with the old key (into a private temp
 * directory, removed afterwards) and re-applied with the new key. HMAC tokens without a vault
 * cannot be re-keyed from their tokens: they are copied and flagged, and must be re-tokenized
 * from the source data with `deidentify` and the new key.
 */
export async function rekey(opts: RekeyOptions): Promise<DeidentifyResult> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const oldKeys = opts.oldKeys ?? (opts.oldKeyFile ? await loadKeyFile(opts.oldKeyFile) : undefined);
  const newKeys = opts.keys ?? (opts.keyFile ? await loadKeyFile(opts.keyFile) : undefined);
  if (!oldKeys || !newKeys)
    throw new WumingError(
      'KEY_REQUIRED',
      'rotation needs the old key (--rekey-from) and the new key (--key-file)',
      {
        kind: 'usage',
      },
    );
  const m =
    opts.plan || opts.manifest === false ? undefined : await readManifest(manifestPathFor(opts.input));
  const plan = opts.plan ?? (m ? planFromManifest(m) : undefined);
  if (!plan)
    throw new WumingError('EMPTY_PLAN', 'key rotation needs the plan: --policy FILE or the shorthand flags', {
      kind: 'usage',
    });
  const actions = validatePlan(plan);
  const reversible: Record<string, ColumnAction> = {};
  const rekeyNotes = new Map<string, { action: ActionName; note: string }>();
  for (const [name, a] of Object.entries(actions)) {
    const { name: op, params } = splitAction(a);
    const operator = operators[op];
    if (operator.restore?.(params)) reversible[name] = a;
    else if (operator.rekeyNote) rekeyNotes.set(name, { action: op, note: operator.rekeyNote });
  }
  const tmp = await mkdtemp(join(tmpdir(), 'wuming-rekey-'));
  try {
    const mid = join(tmp, 'plain.csv');
    await runJob({ ...opts, out: mid, plan: { columns: reversible }, keys: oldKeys }, 'reidentify');
    const res = await runJob(
      {
        ...opts,
        input: mid,
        plan: { columns: reversible },
        keys: newKeys,
        vault: opts.newVault ?? opts.vault,
      },
      'deidentify',
    );
    for (const [name, { action, note }] of rekeyNotes)
      res.columns.push({ column: name, action, reversible: false, values: 0, fallback: 0, extra: {}, note });
    return { ...res, input: opts.input };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
