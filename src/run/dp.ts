import { basename, dirname, join } from 'node:path';
import { type DpAggregateOptions, type DpRelease, type DpResult, dpAggregate } from '../dp/aggregates.js';
import { fingerprintFile } from '../dp/fingerprint.js';
import { type BudgetState, chargeRelease } from '../dp/ledger.js';
import { createEngine } from '../engine/duckdb.js';
import type { Engine } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { loadHierarchies } from '../hierarchy/load.js';
import { formatOf, readSource, scanSource } from '../io/read.js';
import { assertWritableTarget, csvCell, writeFileAtomic } from '../io/write.js';

export interface DpJobOptions extends Omit<DpAggregateOptions, 'beforeRelease' | 'publicKeys'> {
  input: string;
  /** CSV/Parquet file whose rows are the public group keys (columns named as the group columns). */
  groupsFile?: string;
  /** Directory of ARX hierarchies: every leaf of each group column's hierarchy is a public key. */
  hierarchiesDir?: string;
  /** Set the dataset's total ε budget in the ledger (kept from earlier releases when absent). */
  budget?: number;
  budgetDelta?: number;
  /** Ledger file (default `<input>.dp-ledger.json`, next to the data). */
  ledger?: string;
  /** Write the released values as CSV here; the evidence goes to `<out>.dp.json`. */
  out?: string;
  /** Evidence file (default `<out>.dp.json`, or `<input>.dp-release.json` without --out). */
  evidence?: string;
  engine?: Engine;
}

/** The evidence file's shape (`kind: "dp-release"`), documented in the README. */
export interface DpEvidence {
  kind: 'dp-release';
  version: 1;
  tool: { name: 'wuming'; version: string };
  createdAt: string;
  input: { path: string; sha256: string };
  privacyUnit: string;
  contributionBound: number;
  neighbouring: string;
  guarantee: { epsilon: number; delta: number; rho?: number; definition: string };
  query: DpRelease['query'];
  measurements: DpRelease['measurements'];
  keys: DpRelease['keys'];
  budget: {
    epsilon: number | null;
    delta: number | null;
    spentEpsilon: number;
    spentDelta: number;
    remainingEpsilon: number | null;
  };
  ledger: string;
  output: string | null;
  results: DpResult[];
  statement: string;
}

export interface DpJobResult {
  release: DpRelease;
  budget: BudgetState;
  budgetRemaining: number | null;
  fingerprint: string;
  ledger: string;
  evidence: string;
  out?: string;
}

/**
 * `wuming dp`: one differentially private release. Order matters for the guarantee that an
 * over-budget request releases nothing: the exact aggregate is computed in the engine while the
 * input is fingerprinted; then the ledger is charged (or the request refused, the ledger
 * untouched); only then is noise drawn and are results written and returned.
 */
export async function runDp(opts: DpJobOptions): Promise<DpJobResult> {
  const ledgerPath = opts.ledger ?? `${opts.input}.dp-ledger.json`;
  const evidencePath =
    opts.evidence ??
    (opts.out ? `${opts.out}.dp.json` : join(dirname(opts.input), `${basename(opts.input)}.dp-release.json`));
  if (opts.groupsFile && opts.hierarchiesDir) throw usage('give either --groups or --hierarchies, not both');
  if (opts.budget !== undefined && !(opts.budget > 0)) throw usage('--budget must be > 0');
  // Fail before any work when an output cannot be written.
  await assertWritableTarget(ledgerPath);
  await assertWritableTarget(evidencePath);
  if (opts.out) await assertWritableTarget(opts.out);
  const engine = opts.engine ?? (await createEngine());
  try {
    // Parquet is scanned in place (column reads are cheap); other formats are loaded once, since
    // contribution bounding reads the rows more than once.
    const rel =
      formatOf(opts.input) === 'parquet'
        ? await scanSource(engine, opts.input)
        : await readSource(engine, opts.input, { name: 'dp_input' });
    const fingerprint = fingerprintFile(opts.input);
    // Do not leave a rejected promise unobserved if the query fails first.
    fingerprint.catch(() => {});
    const by = 'by' in opts.query ? (opts.query.by ?? []) : [];
    const publicKeys = await loadPublicKeys(engine, by, opts);
    let budget: BudgetState | undefined;
    const time = new Date().toISOString();
    const release = await dpAggregate(engine, rel, {
      ...opts,
      publicKeys,
      beforeRelease: async (cost) => {
        budget = await chargeRelease({
          ledgerPath,
          fingerprint: await fingerprint,
          source: basename(opts.input),
          budgetEpsilon: opts.budget,
          budgetDelta: opts.budgetDelta,
          release: {
            time,
            query: describeQuery(opts.query),
            mechanism: opts.mechanism ?? 'laplace',
            epsilon: cost.epsilon,
            delta: cost.delta,
            ...(cost.rho !== undefined ? { rho: cost.rho } : {}),
            privacyUnit: opts.privacyUnit,
            contributionBound: opts.privacyUnit === 'row' ? 1 : (opts.maxContributions ?? 1),
            output: opts.out ?? evidencePath,
          },
        });
      },
    });
    const state = budget!;
    const evidence: DpEvidence = {
      kind: 'dp-release',
      version: 1,
      tool: { name: 'wuming', version: VERSION },
      createdAt: time,
      input: { path: opts.input, sha256: await fingerprint },
      privacyUnit: release.privacyUnit,
      contributionBound: release.contributionBound,
      neighbouring:
        release.privacyUnit === 'row'
          ? 'datasets differing by one row (each row is a different person)'
          : `datasets differing by all rows of one value of "${release.privacyUnit}" (at most ${release.contributionBound} rows after contribution bounding)`,
      guarantee: {
        epsilon: release.epsilon,
        delta: release.delta,
        ...(release.rho !== undefined ? { rho: release.rho } : {}),
        definition:
          release.rho !== undefined
            ? `${release.rho}-zCDP, hence (ε, δ)-differential privacy (Canonne, Kamath & Steinke 2020, Cor. 13)`
            : release.delta > 0
              ? '(ε, δ)-differential privacy'
              : 'ε-differential privacy (pure)',
      },
      query: release.query,
      measurements: release.measurements,
      keys: release.keys,
      budget: {
        epsilon: state.budgetEpsilon,
        delta: state.budgetDelta,
        spentEpsilon: state.spentEpsilon,
        spentDelta: state.spentDelta,
        remainingEpsilon: state.remainingEpsilon,
      },
      ledger: ledgerPath,
      output: opts.out ?? null,
      results: release.results,
      statement: statement(release),
    };
    if (opts.out) await writeFileAtomic(opts.out, resultsCsv(release));
    await writeFileAtomic(evidencePath, `${JSON.stringify(evidence, null, 2)}\n`);
    return {
      release,
      budget: state,
      budgetRemaining: state.remainingEpsilon,
      fingerprint: await fingerprint,
      ledger: ledgerPath,
      evidence: evidencePath,
      out: opts.out,
    };
  } finally {
    if (!opts.engine) await engine.close();
  }
}

/** The accountant's statement in one sentence, for people. */
function statement(r: DpRelease): string {
  const who =
    r.privacyUnit === 'row'
      ? 'any one row (each row a different person)'
      : `any one value of "${r.privacyUnit}" (each contributing at most ${r.contributionBound} rows)`;
  const guarantee =
    r.rho !== undefined
      ? `${fmt(r.rho)}-zCDP, which implies (ε = ${r.epsilon}, δ = ${r.delta})-differential privacy`
      : r.delta > 0
        ? `(ε = ${r.epsilon}, δ = ${r.delta})-differential privacy`
        : `ε = ${r.epsilon} differential privacy`;
  const mechanisms = [...new Set(r.measurements.map((m) => m.mechanism))].join(' and ');
  const keys =
    r.keys.kind === 'private'
      ? `; group keys were selected privately (released only when the noisy count reaches ${r.keys.threshold})`
      : r.keys.kind === 'public'
        ? `; the ${r.keys.count} group keys were public`
        : '';
  return `This release satisfies ${guarantee} with respect to adding or removing ${who}, using ${mechanisms}${keys}.`;
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));

function describeQuery(q: DpJobOptions['query']): string {
  switch (q.kind) {
    case 'count':
      return q.by?.length ? `count by ${q.by.join(', ')}` : 'count';
    case 'sum':
    case 'mean':
      return `${q.kind}(${q.column}) bounds [${q.bounds.join(', ')}]${q.by?.length ? ` by ${q.by.join(', ')}` : ''}`;
    case 'histogram':
      return `histogram(${q.column}) bounds [${q.bounds.join(', ')}] bins ${q.bins}`;
    case 'quantile':
      return `quantile(${q.column}) ${q.quantiles.join(', ')} bounds [${q.bounds.join(', ')}]`;
  }
}

function resultsCsv(r: DpRelease): string {
  const q = r.query;
  // Header from the query, so an empty release (no key passed selection) still has its columns.
  const groupCols = q.kind === 'histogram' ? [q.column] : q.kind === 'quantile' ? [] : (q.by ?? []);
  const head = [...groupCols, 'query', 'quantile', 'value', 'scale', 'ci95_low', 'ci95_high'];
  const lines = [head.map((h) => csvCell(h)).join(',')];
  for (const x of r.results) {
    lines.push(
      [
        ...groupCols.map((c) => csvCell(x.group[c] ?? null)),
        x.query,
        x.quantile === undefined ? '' : String(x.quantile),
        String(x.value),
        String(x.scale),
        String(x.ci95[0]),
        String(x.ci95[1]),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Public keys from a groups file (distinct rows of the group columns) or hierarchy leaves. */
async function loadPublicKeys(
  engine: Engine,
  by: readonly string[],
  opts: DpJobOptions,
): Promise<(string | null)[][] | undefined> {
  if (!opts.groupsFile && !opts.hierarchiesDir) return undefined;
  if (by.length === 0) throw usage('--groups and --hierarchies need a grouped query (--count-by or --by)');
  const d = engine.dialect;
  if (opts.groupsFile) {
    const g = await readSource(engine, opts.groupsFile, { name: 'dp_public_groups' });
    for (const c of by)
      if (!g.columns.some((x) => x.name === c))
        throw new WumingError('UNKNOWN_COLUMN', `the groups file has no column "${c}"`, {
          kind: 'usage',
          location: { file: opts.groupsFile, column: c },
        });
    const rows = await engine.query(
      `SELECT DISTINCT ${by.map((c, i) => `${d.asText(d.ident(c))} AS k${i}`).join(', ')} FROM ${g.sql} ORDER BY ALL`,
    );
    return rows.map((r) => by.map((_, i) => (r[`k${i}`] === null ? null : String(r[`k${i}`]))));
  }
  const hs = await loadHierarchies(opts.hierarchiesDir!, by);
  let keys: (string | null)[][] = [[]];
  for (const c of by) {
    const h = hs[c];
    if (!h)
      throw new WumingError('NO_HIERARCHY', `no hierarchy for group column "${c}"`, {
        kind: 'usage',
        location: { file: opts.hierarchiesDir, column: c },
      });
    keys = keys.flatMap((k) => h.leaves.map((leaf) => [...k, leaf]));
    if (keys.length > 1_000_000) throw usage('the hierarchies give more than 1,000,000 group keys');
  }
  return keys;
}

/** Kept equal to run/apply.ts's VERSION (not imported: see dp/fingerprint.ts). */
const VERSION = '0.1.0';

const usage = (message: string) => new WumingError('BAD_FLAG', message, { kind: 'usage' });
