import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createEngine } from '../engine/duckdb.js';
import { WumingError } from '../errors.js';
import { readSource } from '../io/read.js';
import type { ProgressFn } from '../progress.js';
import { type LinkageResult, linkageAttack, loadArxHierarchy } from '../risk/linkage.js';

export interface AttackJob {
  released: string;
  auxiliary: string;
  on: readonly string[];
  id?: string;
  /** Directory of ARX-format hierarchy files, named <column>.csv or *_<column>.csv. */
  hierarchiesDir?: string;
  out?: string;
  onProgress?: ProgressFn;
}

export interface AttackJobResult extends LinkageResult {
  released: string;
  auxiliary: string;
  hierarchies: Record<string, string>;
}

/** Find the hierarchy file for each linking column in a directory. */
export async function findHierarchyFiles(
  dir: string,
  columns: readonly string[],
): Promise<Record<string, string>> {
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

/** `wuming attack`: link an auxiliary file to a released file and measure the attacker's success. */
export async function runAttack(job: AttackJob): Promise<AttackJobResult> {
  const engine = await createEngine();
  try {
    const released = await readSource(engine, job.released, { name: 'released' });
    const auxiliary = await readSource(engine, job.auxiliary, { name: 'auxiliary' });
    const files = job.hierarchiesDir ? await findHierarchyFiles(job.hierarchiesDir, job.on) : {};
    const hierarchies: Record<string, string> = {};
    let i = 0;
    for (const [col, path] of Object.entries(files))
      hierarchies[col] = await loadArxHierarchy(engine, `hier_${i++}`, path);
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
    return { released: job.released, auxiliary: job.auxiliary, hierarchies: files, ...r };
  } finally {
    await engine.close();
  }
}
