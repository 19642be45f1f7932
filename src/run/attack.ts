import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createEngine } from '../engine/duckdb.js';
import type { Engine, Relation, Row } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { readSource } from '../io/read.js';
import { loadPolicy } from '../policy/parse.js';
import type { ProgressFn } from '../progress.js';
import { type LinkageResult, linkageAttack, loadArxHierarchy } from '../risk/linkage.js';
import { buildPolicyHierarchies } from './plan.js';

export interface AttackJob {
  released: string;
  auxiliary: string;
  on: readonly string[];
  id?: string;
  /** Directory of ARX-format hierarchy files, named <column>.csv or *_<column>.csv. */
  hierarchiesDir?: string;
  /**
   * A policy file: the hierarchies it names for the linking columns decode the released labels
   * (ARX files resolved relative to the policy, builders run over the auxiliary file's values,
   * as the policy ran over the original data). A `hierarchiesDir` file wins for its column.
   */
  policy?: string;
  out?: string;
  onProgress?: ProgressFn;
}

export interface AttackJobResult extends LinkageResult {
  released: string;
  auxiliary: string;
  /** Column -> where its hierarchy came from (a file path, or the policy's builder). */
  hierarchies: Record<string, string>;
}

/** Find the hierarchy file for each linking column in a directory. */
async function findHierarchyFiles(dir: string, columns: readonly string[]): Promise<Record<string, string>> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.(csv|txt)$/i.test(f));
  } catch {
    throw new WumingError('NO_HIERARCHY_DIR', 'cannot read the hierarchy directory', {
      kind: 'io',
      location: { file: dir },
    });
  }
  const found: Record<string, string> = {};
  for (const c of columns) {
    const hit =
      files.find((f) => basename(f, extname(f)) === c) ??
      files.find((f) => basename(f, extname(f)).endsWith(`_${c}`));
    if (hit) found[c] = join(dir, hit);
  }
  return found;
}

/**
 * The hierarchies a policy uses for the given columns, built the way `anonymize --policy` builds
 * them, over the values of `relation` (the attacker's auxiliary data: original values).
 */
export async function policyHierarchies(
  engine: Engine,
  relation: Relation,
  policyFile: string,
  columns: readonly string[],
): Promise<Record<string, { hierarchy: Hierarchy; origin: string }>> {
  const policy = await loadPolicy(policyFile);
  const wanted = Object.fromEntries(Object.entries(policy.columns).filter(([c]) => columns.includes(c)));
  return buildPolicyHierarchies(engine, relation, { ...policy, columns: wanted }, { policyFile });
}

/** `wuming attack`: link an auxiliary file to a released file and measure the attacker's success. */
export async function runAttack(job: AttackJob): Promise<AttackJobResult> {
  const engine = await createEngine();
  try {
    const released = await readSource(engine, job.released, { name: 'released' });
    const auxiliary = await readSource(engine, job.auxiliary, { name: 'auxiliary' });
    const hierarchies: Record<string, string | Hierarchy> = {};
    const origins: Record<string, string> = {};
    if (job.policy) {
      const auxCols = auxiliary.columns.map((c) => c.name);
      const built = await policyHierarchies(
        engine,
        auxiliary,
        job.policy,
        job.on.filter((c) => auxCols.includes(c)),
      );
      for (const [col, b] of Object.entries(built)) {
        hierarchies[col] = b.hierarchy;
        origins[col] = `${job.policy}: ${b.origin}`;
      }
    }
    const files = job.hierarchiesDir ? await findHierarchyFiles(job.hierarchiesDir, job.on) : {};
    let i = 0;
    for (const [col, path] of Object.entries(files)) {
      hierarchies[col] = await loadArxHierarchy(engine, `hier_${i++}`, path);
      origins[col] = path;
    }
    const r = await linkageAttack({
      engine,
      released: released.sql,
      auxiliary: auxiliary.sql,
      on: job.on,
      id: job.id,
      hierarchies,
      out: job.out,
      onProgress: job.onProgress,
    });
    return { released: job.released, auxiliary: job.auxiliary, hierarchies: origins, ...r };
  } finally {
    await engine.close();
  }
}

/**
 * The linkage attack on rows in memory (e.g. the released rows and the original rows an
 * attacker could hold), in a private engine. Values are compared as text.
 */
export async function linkageAttackRows(opts: {
  released: readonly Row[];
  auxiliary: readonly Row[];
  on: readonly string[];
  id?: string;
  hierarchies?: Readonly<Record<string, Hierarchy>>;
}): Promise<LinkageResult> {
  const engine = await createEngine();
  try {
    const cols = [...opts.on, ...(opts.id ? [opts.id] : [])];
    const load = async (name: string, rows: readonly Row[]) => {
      for (const [r, row] of rows.entries())
        for (const c of cols)
          if (!(c in row))
            throw new WumingError('UNKNOWN_COLUMN', `no such column in row ${r + 1} of the ${name} rows`, {
              kind: 'usage',
              location: { column: c },
            });
      // NULL stays NULL: load as text with a marker column per value, then turn markers back.
      await engine.loadTable(
        `${name}_raw`,
        cols.flatMap((c, i) => [
          { name: c, type: 'VARCHAR' as const },
          { name: `__null_${i}`, type: 'INTEGER' as const },
        ]),
        rows.map((row) =>
          cols.flatMap((c) => [row[c] == null ? '' : String(row[c]), row[c] == null ? 1 : 0]),
        ),
      );
      const d = engine.dialect;
      await engine.materialize(
        name,
        `SELECT ${cols.map((c, i) => `CASE WHEN ${d.ident(`__null_${i}`)} = 1 THEN NULL ELSE ${d.ident(c)} END AS ${d.ident(c)}`).join(', ')} FROM ${d.ident(`${name}_raw`)}`,
      );
    };
    await load('released', opts.released);
    await load('auxiliary', opts.auxiliary);
    return await linkageAttack({
      engine,
      released: engine.dialect.ident('released'),
      auxiliary: engine.dialect.ident('auxiliary'),
      on: opts.on,
      id: opts.id,
      hierarchies: opts.hierarchies,
    });
  } finally {
    await engine.close();
  }
}
