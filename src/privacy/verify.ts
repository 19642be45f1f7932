import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { PrivacyModel } from './model.js';
import type { ReferenceClass } from './reference.js';
import { REFERENCE_CHECKS } from './registry.js';

/** The result of re-checking a written output from scratch. */
export interface Verification {
  /** Every check passed. */
  ok: boolean;
  rowsOut: number;
  /** Rows whose QIs are all '*' (suppressed). */
  suppressed: number;
  /** Equivalence classes among the other rows. */
  classes: number;
  smallestClass: number;
  models: { model: string; label: string; ok: boolean; failingClasses: number }[];
  /** Human-readable reasons when `ok` is false (no cell values). */
  problems: string[];
}

export interface VerifyOptions {
  qi: readonly string[];
  models: readonly PrivacyModel[];
  /** Maximum suppressed rows allowed (subjects, when `subject` is given). */
  budget: number;
  /** Rows expected in the output (the input's row count). */
  rowsIn?: number;
  /** Allowed output labels per QI (the chosen level's labels), checked when given. */
  allowedLabels?: Record<string, readonly string[]>;
  /**
   * Hierarchy of the sensitive column of hierarchical t-closeness. With models on several
   * sensitive columns, `sensitiveHierarchies` names each column's.
   */
  sensitiveHierarchy?: Hierarchy;
  sensitiveHierarchies?: Readonly<Record<string, Hierarchy>>;
  /**
   * The column identifying the person a row is about (the privacy unit). Given, a class's size
   * is its number of distinct subjects, a sensitive value's frequency the number of subjects
   * holding it, and a subject's rows must be suppressed together: five rows of one person are
   * one person, not five (longitudinal data).
   */
  subject?: string;
  /** Population with its QIs already generalized to the output's labels (δ-presence, k-map). */
  population?: { sql: string };
}

/** The sensitive columns the models are about, each once, in the models' order. */
function sensitiveColumns(models: readonly PrivacyModel[]): string[] {
  return [...new Set(models.flatMap((m) => (m.sensitive ? [m.sensitive] : [])))];
}

/** The columns of OutputGroups, in order: the QIs, the models' sensitive columns, the subject. */
export function groupColumns(opts: Pick<VerifyOptions, 'qi' | 'models' | 'subject'>): string[] {
  return [...opts.qi, ...sensitiveColumns(opts.models), ...(opts.subject ? [opts.subject] : [])];
}

/**
 * The distinct (QI labels..., sensitive values..., subject) tuples of a written output with how
 * many rows have each: all the model checks need. Column-major like an engine batch:
 * `columns[i][g]` is column i of group g in `groupColumns(opts)` order; a missing value (NULL,
 * or null) reads as the empty string.
 */
export interface OutputGroups {
  readonly rowCount: number;
  readonly columns: readonly (readonly unknown[])[];
  readonly counts: ArrayLike<unknown>;
}

export interface VerifyGroupsOptions extends Omit<VerifyOptions, 'population'> {
  /**
   * Rows of the (generalized) population per QI label tuple, keyed by the labels joined with
   * U+001F, for δ-presence and k-map.
   */
  populationCounts?: ReadonlyMap<string, number>;
}

/** A verification that failed before any class could be checked. */
export function unreadable(problem: string): Verification {
  return {
    ok: false,
    rowsOut: 0,
    suppressed: 0,
    classes: 0,
    smallestClass: 0,
    models: [],
    problems: [problem],
  };
}

/** Per class: its rows, its subjects (when counted) and, per sensitive column, value → members. */
interface ClassAcc {
  rows: number;
  subjects?: Set<string>;
  /** Per sensitive column: value → rows, or value → subjects holding it. */
  values: Map<string, number | Set<string>>[];
}

/**
 * Checks every promised property of an output from its group counts: row count, allowed labels,
 * the suppression budget, whole-subject suppression, and each privacy model by its reference
 * check (reference.ts: the textbook definitions, sharing no code with the search). The groups
 * come from the written file (verifyOutput in run/data-path/engine-verify.ts: the engine's GROUP BY; the in-memory data path: its
 * own re-read of the file), never from the search's tables. Fails closed: a model without a
 * reference check, or a column it needs that is absent, is a failure, never a pass.
 *
 * Suppressed rows are those whose quasi-identifiers are all '*' (ARX's convention): they carry
 * no quasi-identifier information and are counted apart, unless the chosen level of every QI is
 * '*' itself (then the whole output is one class).
 */
export function verifyGroups(groups: OutputGroups, opts: VerifyGroupsOptions): Verification {
  const problems: string[] = [];
  const sens = sensitiveColumns(opts.models);
  const dq = opts.qi.length;
  const subjectCol = opts.subject ? dq + sens.length : -1;
  const nCol = groups.counts;
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const allTop =
    opts.allowedLabels !== undefined &&
    opts.qi.every((c) => opts.allowedLabels![c]?.length === 1 && opts.allowedLabels![c][0] === '*');
  let rowsOut = 0;
  let suppressed = 0;
  const seen = opts.qi.map(() => new Set<string>());
  const classes = new Map<string, ClassAcc>();
  // Overall distribution per sensitive column over every row (suppression keeps the sensitive
  // value), counted like the classes: rows, or distinct (subject, value) pairs.
  const overall = sens.map(() => new Map<string, number | Set<string>>());
  const suppressedSubjects = new Set<string>();
  const keptSubjects = new Set<string>();
  const add = (m: Map<string, number | Set<string>>, v: string, n: number, subject: string | undefined) => {
    if (subject === undefined) m.set(v, ((m.get(v) as number | undefined) ?? 0) + n);
    else {
      let set = m.get(v) as Set<string> | undefined;
      if (!set) {
        set = new Set();
        m.set(v, set);
      }
      set.add(subject);
    }
  };
  for (let g = 0; g < groups.rowCount; g++) {
    const n = Number(nCol[g]);
    rowsOut += n;
    let key = '';
    let star = dq > 0;
    for (let i = 0; i < dq; i++) {
      const v = text(groups.columns[i][g]);
      seen[i].add(v);
      if (v !== '*') star = false;
      key += i === 0 ? v : `\u001f${v}`;
    }
    const subject = subjectCol >= 0 ? text(groups.columns[subjectCol][g]) : undefined;
    for (let j = 0; j < sens.length; j++) add(overall[j], text(groups.columns[dq + j][g]), n, subject);
    if (star && !allTop) {
      suppressed += n;
      if (subject !== undefined) suppressedSubjects.add(subject);
      continue;
    }
    if (subject !== undefined) keptSubjects.add(subject);
    let acc = classes.get(key);
    if (!acc) {
      acc = {
        rows: 0,
        subjects: subject !== undefined ? new Set() : undefined,
        values: sens.map(() => new Map()),
      };
      classes.set(key, acc);
    }
    acc.rows += n;
    if (subject !== undefined) acc.subjects!.add(subject);
    for (let j = 0; j < sens.length; j++) add(acc.values[j], text(groups.columns[dq + j][g]), n, subject);
  }
  if (opts.rowsIn !== undefined && rowsOut !== opts.rowsIn)
    problems.push(`the output has ${rowsOut} rows, the input ${opts.rowsIn}`);
  if (opts.allowedLabels) {
    opts.qi.forEach((c, i) => {
      const allowed = new Set(opts.allowedLabels![c] ?? []);
      let bad = 0;
      for (const v of seen[i]) if (v !== '*' && !allowed.has(v)) bad++;
      if (bad > 0)
        problems.push(
          `column "${c}": ${bad} output values are not labels of the chosen generalization level`,
        );
    });
  }
  // The budget counts the privacy unit: rows, or subjects when the data has a subject column.
  const suppressedUnits = opts.subject ? suppressedSubjects.size : suppressed;
  if (suppressedUnits > opts.budget)
    problems.push(
      `${suppressedUnits} ${opts.subject ? 'subjects' : 'rows'} are suppressed, more than the limit of ${opts.budget}`,
    );
  if (opts.subject) {
    let split = 0;
    for (const s of suppressedSubjects) if (keptSubjects.has(s)) split++;
    if (split > 0)
      problems.push(
        `${split} subjects (column "${opts.subject}") have some rows suppressed and others released: a subject's rows must be suppressed together`,
      );
  }
  const size = (m: number | Set<string>) => (typeof m === 'number' ? m : m.size);
  const counts = (m: Map<string, number | Set<string>>) => new Map([...m].map(([v, x]) => [v, size(x)]));
  const overallShares = overall.map((m) => {
    const c = counts(m);
    let total = 0;
    for (const x of c.values()) total += x;
    return new Map([...c].map(([v, x]) => [v, total > 0 ? x / total : 0]));
  });
  const popCount = opts.populationCounts ?? new Map<string, number>();
  const hierarchyOf = (col: string | undefined) =>
    col === undefined ? undefined : (opts.sensitiveHierarchies?.[col] ?? opts.sensitiveHierarchy);
  const models = opts.models.map((m) => {
    const check = Object.hasOwn(REFERENCE_CHECKS, m.id) ? REFERENCE_CHECKS[m.id] : undefined;
    const j = m.sensitive === undefined ? -1 : sens.indexOf(m.sensitive);
    let failing = 0;
    if (!check) {
      problems.push(`${m.label}: no independent check exists for model "${m.id}", so it cannot be verified`);
      failing = classes.size;
    } else {
      const ctx = {
        params: m.params,
        overall: j >= 0 ? overallShares[j] : new Map<string, number>(),
        hierarchy: hierarchyOf(m.sensitive),
      };
      for (const [k, acc] of classes) {
        const cls: ReferenceClass = {
          size: acc.subjects ? acc.subjects.size : acc.rows,
          freqs: j >= 0 ? counts(acc.values[j]) : new Map(),
          population: popCount.get(k) ?? 0,
        };
        if (!check(cls, ctx)) failing++;
      }
      if (failing > 0) problems.push(`${m.label}: ${failing} classes fail`);
    }
    return { model: m.id, label: m.label, ok: failing === 0 && check !== undefined, failingClasses: failing };
  });
  let smallestClass = 0;
  for (const acc of classes.values()) {
    const n = acc.subjects ? acc.subjects.size : acc.rows;
    if (smallestClass === 0 || n < smallestClass) smallestClass = n;
  }
  return {
    ok: problems.length === 0,
    rowsOut,
    suppressed,
    classes: classes.size,
    smallestClass,
    models,
    problems,
  };
}
