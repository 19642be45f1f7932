import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WumingError } from '../errors.js';
import { assertWritableTarget } from '../io/write.js';
import { composeSequential } from './accountant.js';
import { add, cmp, fromDecimal, sub, toNumber } from './rational.js';

/**
 * The persistent privacy-budget ledger: one JSON file holding, per dataset (keyed by the
 * SHA-256 of the input file's bytes, so a renamed or copied file keeps its history and an edited
 * one starts a new one), the total budget and every release made against it. A release is
 * charged BEFORE any result leaves the process: a crash after the charge loses budget, never
 * privacy. Writes go to a temporary file that is fsync'ed and renamed over the ledger, so a
 * process killed at any instant leaves either the old or the new ledger, never a torn one; a lock
 * file serialises concurrent releases (a lock left by a killed process is detected and removed).
 */
export interface LedgerRelease {
  time: string;
  query: string;
  mechanism: string;
  epsilon: number;
  delta: number;
  rho?: number;
  privacyUnit: string;
  contributionBound: number;
  /** Where the release's results and evidence went, when written to files. */
  output?: string;
}

export interface LedgerDataset {
  /** File name when first seen (for people reading the ledger; the key is the fingerprint). */
  source: string;
  budget: { epsilon: number | null; delta: number | null };
  /** Every time the budget was set or changed (who may raise a budget is the controller's policy). */
  budgetChanges?: { time: string; epsilon: number | null; delta: number | null }[];
  releases: LedgerRelease[];
}

export interface LedgerFile {
  kind: 'wuming-dp-ledger';
  version: 1;
  datasets: Record<string, LedgerDataset>;
}

export interface BudgetState {
  budgetEpsilon: number | null;
  budgetDelta: number | null;
  spentEpsilon: number;
  spentDelta: number;
  /** null when no budget is set for the dataset. */
  remainingEpsilon: number | null;
}

const empty = (): LedgerFile => ({ kind: 'wuming-dp-ledger', version: 1, datasets: {} });

export async function readLedger(path: string): Promise<LedgerFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return empty();
    throw new WumingError('LEDGER_UNREADABLE', `cannot read the privacy ledger: ${(e as Error).message}`, {
      kind: 'io',
      location: { file: path },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WumingError(
      'LEDGER_CORRUPT',
      'the privacy ledger is not valid JSON; refusing to guess the budget spent',
      {
        location: { file: path },
      },
    );
  }
  const l = parsed as LedgerFile;
  if (l?.kind !== 'wuming-dp-ledger' || l.version !== 1 || typeof l.datasets !== 'object' || !l.datasets)
    throw new WumingError(
      'LEDGER_CORRUPT',
      'not a wuming privacy ledger (kind "wuming-dp-ledger", version 1)',
      {
        location: { file: path },
      },
    );
  return l;
}

export function budgetState(ds: LedgerDataset | undefined): BudgetState {
  const releases = ds?.releases ?? [];
  const spent = composeSequential(releases);
  const budgetEpsilon = ds?.budget.epsilon ?? null;
  return {
    budgetEpsilon,
    budgetDelta: ds?.budget.delta ?? null,
    spentEpsilon: spent.epsilon,
    spentDelta: spent.delta,
    remainingEpsilon:
      budgetEpsilon === null ? null : toNumber(sub(fromDecimal(budgetEpsilon), sumEps(releases))),
  };
}

const sumEps = (releases: readonly Pick<LedgerRelease, 'epsilon'>[]) =>
  releases.reduce((acc, r) => add(acc, fromDecimal(r.epsilon)), fromDecimal(0));

/** Whether releases fit: spent + their ε ≤ budget, compared exactly on the decimals. */
function fits(ds: LedgerDataset, adding: readonly LedgerRelease[]): boolean {
  if (ds.budget.epsilon !== null) {
    const after = sumEps([...ds.releases, ...adding]);
    if (cmp(after, fromDecimal(ds.budget.epsilon)) > 0) return false;
  }
  if (ds.budget.delta !== null) {
    const after = composeSequential([...ds.releases, ...adding]);
    if (after.delta > ds.budget.delta * (1 + 1e-12)) return false;
  }
  return true;
}

export interface ChargeRequest {
  ledgerPath: string;
  fingerprint: string;
  source: string;
  /** Set (or change) the dataset's ε budget; undefined keeps the stored one. */
  budgetEpsilon?: number;
  budgetDelta?: number;
  /** One release, or the queries of one release (charged together: all or none). */
  release: LedgerRelease | readonly LedgerRelease[];
}

/**
 * Charge one release against the ledger, atomically: under the lock, re-read the ledger, refuse
 * (throwing, with the ledger untouched) if the release would exceed the budget, else append it
 * and replace the file. Returns the state after the charge.
 */
export async function chargeRelease(req: ChargeRequest): Promise<BudgetState> {
  return withLock(req.ledgerPath, async () => {
    const ledger = await readLedger(req.ledgerPath);
    const existing = ledger.datasets[req.fingerprint];
    const ds: LedgerDataset = existing
      ? { ...existing, budget: { ...existing.budget }, releases: [...existing.releases] }
      : { source: req.source, budget: { epsilon: null, delta: null }, releases: [] };
    const adding: readonly LedgerRelease[] = Array.isArray(req.release)
      ? (req.release as readonly LedgerRelease[])
      : [req.release as LedgerRelease];
    if (adding.length === 0) throw new RangeError('nothing to charge');
    const old = { ...ds.budget };
    if (req.budgetEpsilon !== undefined) ds.budget.epsilon = req.budgetEpsilon;
    if (req.budgetDelta !== undefined) ds.budget.delta = req.budgetDelta;
    if (old.epsilon !== ds.budget.epsilon || old.delta !== ds.budget.delta)
      ds.budgetChanges = [...(ds.budgetChanges ?? []), { time: adding[0].time, ...ds.budget }];
    if (!fits(ds, adding)) {
      const s = budgetState(ds);
      const need = composeSequential(adding);
      throw new WumingError(
        'DP_BUDGET_EXCEEDED',
        `privacy budget exceeded: this release needs ε = ${need.epsilon}${need.delta ? `, δ = ${need.delta}` : ''}${adding.length > 1 ? ` (${adding.length} queries)` : ''} but ${s.remainingEpsilon ?? 'unlimited'} ε of ${s.budgetEpsilon} remains${s.budgetDelta !== null ? ` (δ spent ${s.spentDelta} of ${s.budgetDelta})` : ''} for this dataset; nothing was released`,
        { kind: 'policy', location: { file: req.ledgerPath } },
      );
    }
    ds.releases.push(...adding);
    ledger.datasets[req.fingerprint] = ds;
    await writeDurable(req.ledgerPath, `${JSON.stringify(ledger, null, 2)}\n`);
    return budgetState(ds);
  });
}

/** The budget state of one dataset without charging anything. */
export async function ledgerState(ledgerPath: string, fingerprint: string): Promise<BudgetState> {
  return budgetState((await readLedger(ledgerPath)).datasets[fingerprint]);
}

/**
 * Temp file beside the target, fsync'ed, renamed over it, directory fsync'ed: the ledger is the
 * one file whose loss would re-open a spent budget, so it gets durability beyond io/write.ts's
 * atomic rename.
 */
async function writeDurable(path: string, text: string): Promise<void> {
  await assertWritableTarget(path);
  const tmp = join(dirname(path), `.${basename(path)}.wuming-tmp-${process.pid}-${Date.now().toString(36)}`);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } catch {
      // Some file systems cannot fsync a directory; the rename itself is still atomic.
    } finally {
      await dir.close();
    }
  } catch (e) {
    await rm(tmp, { force: true });
    throw new WumingError('LEDGER_WRITE_FAILED', `cannot write the privacy ledger: ${(e as Error).message}`, {
      kind: 'io',
      location: { file: path },
      cause: e,
    });
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** An exclusive lock file `<ledger>.lock` holding the owner's pid; stale locks are broken. */
async function withLock<T>(ledgerPath: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${ledgerPath}.lock`;
  await assertWritableTarget(ledgerPath);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const fh = await open(lock, 'wx', 0o644);
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      // A lock whose owner is gone (killed) is stale; an unreadable one older than 10 s too.
      if ((owner > 0 && !alive(owner)) || (!(owner > 0) && age > 10_000)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new WumingError('LEDGER_LOCKED', `the privacy ledger is locked by process ${owner}`, {
          kind: 'io',
          location: { file: ledgerPath },
        });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}
