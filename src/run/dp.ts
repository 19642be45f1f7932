import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { composeSequential } from '../dp/accountant.js';
import {
  type DpAggregateOptions,
  type DpQuery,
  type DpRelease,
  type DpResult,
  type PreparedDpAggregate,
  prepareDpAggregate,
} from '../dp/aggregates.js';
import { fingerprintFile } from '../dp/fingerprint.js';
import { type BudgetState, chargeRelease } from '../dp/ledger.js';
import type { ReleaseQuery } from '../dp/release.js';
import { createEngine } from '../engine/duckdb.js';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { readArxHierarchy } from '../hierarchy/arx.js';
import { loadHierarchies } from '../hierarchy/load.js';
import { formatOf, readSource, scanSource } from '../io/read.js';
import { assertWritableTarget, csvCell, writeFileAtomic } from '../io/write.js';
import { PolicyError, type PolicyProblem } from '../policy/errors.js';
import { loadPolicy, policyLocation } from '../policy/parse.js';
import { type Random, secureRandom } from '../random.js';

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
  /** The policy whose `release:` section described the release, when there was one. */
  policy?: string;
  privacyUnit: string;
  contributionBound: number;
  neighbouring: string;
  /** The whole release: its queries composed sequentially (ε's and δ's added). */
  guarantee: { epsilon: number; delta: number; rho?: number; definition: string };
  /** The query, when the release has exactly one (else see `queries`). */
  query?: DpRelease['query'];
  /** Each query with what it spent, its keys and its noisy measurements. */
  queries: {
    name?: string;
    query: DpRelease['query'];
    epsilon: number;
    delta: number;
    rho?: number;
    keys: DpRelease['keys'];
    measurements: DpRelease['measurements'];
  }[];
  measurements: DpRelease['measurements'];
  /** The keys, when the release has exactly one query. */
  keys?: DpRelease['keys'];
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
  /** The first query's release (for a one-query release, the only one). */
  release: DpRelease;
  /** Every query's release, in order. */
  releases: DpRelease[];
  /** The whole release's ε and δ (sequential composition of its queries). */
  epsilon: number;
  delta: number;
  /** Every released value, the queries' in order. */
  results: DpResult[];
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
  if (opts.groupsFile && opts.hierarchiesDir) throw usage('give either --groups or --hierarchies, not both');
  return runRelease(
    {
      input: opts.input,
      privacyUnit: opts.privacyUnit,
      maxContributions: opts.maxContributions,
      mechanism: opts.mechanism,
      random: opts.random,
      budget: opts.budget,
      budgetDelta: opts.budgetDelta,
      ledger: opts.ledger,
      out: opts.out,
      evidence: opts.evidence,
      engine: opts.engine,
    },
    async (engine) => {
      const by = opts.query.by ?? [];
      return [
        {
          query: opts.query,
          epsilon: opts.epsilon,
          delta: opts.delta,
          publicKeys: await loadPublicKeys(engine, by, opts),
        },
      ];
    },
  );
}

export interface DpPolicyJobOptions {
  input: string;
  /** A policy file with a `release:` section (dp/release.ts); `columns` may be left out. */
  policy: string;
  /** Override the ledger budget the policy sets (or set one it does not). */
  budget?: number;
  budgetDelta?: number;
  ledger?: string;
  out?: string;
  evidence?: string;
  random?: Random;
  engine?: Engine;
}

/**
 * `wuming dp INPUT --policy FILE`: the queries of the policy's `release:` section as one
 * release, charged to the ledger together (all of them or none). Every column the section names
 * must be in the data; all that are not are reported at once with their lines in the policy.
 */
export async function runDpPolicy(opts: DpPolicyJobOptions): Promise<DpJobResult> {
  const policy = await loadPolicy(opts.policy, { releaseOnly: true });
  const r = policy.release;
  if (!r)
    throw new WumingError(
      'POLICY_NO_RELEASE',
      'the policy has no release: section describing what to publish',
      {
        kind: 'policy',
        location: { file: opts.policy },
      },
    );
  const unit = r.privacyUnit ?? policy.subject!;
  return runRelease(
    {
      input: opts.input,
      privacyUnit: unit,
      maxContributions: r.maxContributions,
      mechanism: r.mechanism,
      random: opts.random,
      budget: opts.budget ?? r.budget?.epsilon,
      budgetDelta: opts.budgetDelta ?? r.budget?.delta,
      ledger: opts.ledger,
      out: opts.out,
      evidence: opts.evidence,
      engine: opts.engine,
      policy: opts.policy,
    },
    async (_engine, rel) => {
      const have = new Set(rel.columns.map((c) => c.name));
      const problems: PolicyProblem[] = [];
      const need = (col: string, key: string, what: string) => {
        if (!have.has(col))
          problems.push({
            message: `${what} column "${col}" is not in the data (columns: ${[...have].join(', ')})`,
            ...policyLocation(policy, key),
          });
      };
      if (unit !== 'row') need(unit, r.privacyUnit ? 'release.privacyUnit' : 'subject', 'the privacy-unit');
      r.queries.forEach((q, i) => {
        if ('column' in q) need(q.column, `release.queries.${i}.column`, 'the value');
        (q.by ?? []).forEach((c, j) => {
          need(c, `release.queries.${i}.by.${j}`, 'the group');
        });
      });
      for (const c of Object.keys(r.keys)) need(c, `release.keys.${c}`, 'the key');
      if (problems.length > 0) throw new PolicyError('POLICY_UNKNOWN_COLUMN', problems);
      const base = dirname(opts.policy);
      const keyCache = new Map<string, (string | null)[]>();
      const keysOf = async (col: string): Promise<(string | null)[]> => {
        const cached = keyCache.get(col);
        if (cached) return cached;
        const k = r.keys[col];
        let values: (string | null)[];
        if (Array.isArray(k)) values = [...new Set(k.map(String))];
        else {
          const file = 'file' in k ? k.file : (policy.hierarchies[k.hierarchy] as { file: string }).file;
          values = [...(await readArxHierarchy(isAbsolute(file) ? file : resolve(base, file), col)).leaves];
        }
        keyCache.set(col, values);
        return values;
      };
      const specs: QuerySpec[] = [];
      for (const q of r.queries) {
        const by = q.by ?? [];
        let publicKeys: (string | null)[][] | undefined;
        if (by.length > 0 && by.every((c) => c in r.keys)) {
          publicKeys = [[]];
          for (const c of by) {
            const values = await keysOf(c);
            publicKeys = publicKeys.flatMap((prefix) => values.map((v) => [...prefix, v]));
            if (publicKeys.length > 1_000_000)
              throw usage(`the public keys of ${by.join(', ')} give more than 1,000,000 groups`);
          }
        }
        const query = toDpQuery(q);
        specs.push({
          name: q.name ?? describeQuery(query),
          query,
          // The schema has checked that every query has an ε, its own or the release's.
          epsilon: (q.epsilon ?? r.epsilon)!,
          delta: q.delta ?? r.delta ?? 0,
          publicKeys,
        });
      }
      return specs;
    },
  );
}

function toDpQuery(q: ReleaseQuery): DpQuery {
  const by = q.by ? { by: q.by } : {};
  switch (q.query) {
    case 'count':
      return { kind: 'count', ...by };
    case 'sum':
    case 'mean':
      return { kind: q.query, column: q.column, bounds: q.bounds, ...by };
    case 'histogram':
      return { kind: 'histogram', column: q.column, bounds: q.bounds, bins: q.bins, ...by };
    case 'quantile':
      return {
        kind: 'quantile',
        column: q.column,
        bounds: q.bounds,
        quantiles: q.quantiles,
        candidates: q.candidates,
        ...by,
      };
  }
}

interface QuerySpec {
  name?: string;
  query: DpQuery;
  epsilon: number;
  delta?: number;
  publicKeys?: (string | null)[][];
}

interface ReleaseSettings {
  input: string;
  privacyUnit: string;
  maxContributions?: number;
  mechanism?: DpAggregateOptions['mechanism'];
  random?: Random;
  budget?: number;
  budgetDelta?: number;
  ledger?: string;
  out?: string;
  evidence?: string;
  engine?: Engine;
  policy?: string;
}

/**
 * One release of one or more queries: every query's data work first (a bad query fails before
 * anything is charged), then one charge for their sum (sequential composition), then the noise.
 */
async function runRelease(
  s: ReleaseSettings,
  makeSpecs: (engine: Engine, rel: Relation) => Promise<QuerySpec[]>,
): Promise<DpJobResult> {
  const ledgerPath = s.ledger ?? `${s.input}.dp-ledger.json`;
  const evidencePath =
    s.evidence ??
    (s.out ? `${s.out}.dp.json` : join(dirname(s.input), `${basename(s.input)}.dp-release.json`));
  if (s.budget !== undefined && !(s.budget > 0)) throw usage('--budget must be > 0');
  // Fail before any work when an output cannot be written.
  await assertWritableTarget(ledgerPath);
  await assertWritableTarget(evidencePath);
  if (s.out) await assertWritableTarget(s.out);
  const engine = s.engine ?? (await createEngine());
  try {
    // Parquet is scanned in place (column reads are cheap); other formats are loaded once, since
    // contribution bounding reads the rows more than once.
    const rel =
      formatOf(s.input) === 'parquet'
        ? await scanSource(engine, s.input)
        : await readSource(engine, s.input, { name: 'dp_input' });
    const fingerprint = fingerprintFile(s.input);
    // Do not leave a rejected promise unobserved if the query fails first.
    fingerprint.catch(() => {});
    const specs = await makeSpecs(engine, rel);
    const rng = s.random ?? secureRandom();
    const prepared: PreparedDpAggregate[] = [];
    for (const spec of specs)
      prepared.push(
        await prepareDpAggregate(engine, rel, {
          query: spec.query,
          privacyUnit: s.privacyUnit,
          maxContributions: s.maxContributions,
          epsilon: spec.epsilon,
          delta: spec.delta,
          mechanism: s.mechanism,
          publicKeys: spec.publicKeys,
          random: rng,
        }),
      );
    const total = composeSequential(prepared.map((p) => p.cost));
    const bound = s.privacyUnit === 'row' ? 1 : (s.maxContributions ?? 1);
    const time = new Date().toISOString();
    const budget = await chargeRelease({
      ledgerPath,
      fingerprint: await fingerprint,
      source: basename(s.input),
      budgetEpsilon: s.budget,
      budgetDelta: s.budgetDelta,
      release: prepared.map((p, i) => ({
        time,
        query: specs[i].name ?? describeQuery(specs[i].query),
        mechanism: s.mechanism ?? 'laplace',
        epsilon: p.cost.epsilon,
        delta: p.cost.delta,
        ...(p.cost.rho !== undefined ? { rho: p.cost.rho } : {}),
        privacyUnit: s.privacyUnit,
        contributionBound: bound,
        output: s.out ?? evidencePath,
      })),
    });
    // Charged: only now is any noise drawn.
    const releases = prepared.map((p) => p.release());
    const named = specs.length > 1 || s.policy !== undefined;
    const results = releases.flatMap((r, i) =>
      named ? r.results.map((x) => ({ ...x, name: specs[i].name })) : r.results,
    );
    const single = releases.length === 1 ? releases[0] : undefined;
    const rho = single?.rho;
    const evidence: DpEvidence = {
      kind: 'dp-release',
      version: 1,
      tool: { name: 'wuming', version: VERSION },
      createdAt: time,
      input: { path: s.input, sha256: await fingerprint },
      ...(s.policy ? { policy: s.policy } : {}),
      privacyUnit: s.privacyUnit,
      contributionBound: bound,
      neighbouring:
        s.privacyUnit === 'row'
          ? 'datasets differing by one row (each row is a different person)'
          : `datasets differing by all rows of one value of "${s.privacyUnit}" (at most ${bound} rows after contribution bounding)`,
      guarantee: {
        epsilon: total.epsilon,
        delta: total.delta,
        ...(rho !== undefined ? { rho } : {}),
        definition:
          rho !== undefined
            ? `${rho}-zCDP, hence (ε, δ)-differential privacy (Canonne, Kamath & Steinke 2020, Cor. 13)`
            : `${total.delta > 0 ? '(ε, δ)-differential privacy' : 'ε-differential privacy (pure)'}${releases.length > 1 ? `, by sequential composition of ${releases.length} queries (Dwork & Roth 2014, Thm 3.16)` : ''}`,
      },
      ...(single ? { query: single.query } : {}),
      queries: releases.map((r, i) => ({
        ...(specs[i].name ? { name: specs[i].name } : {}),
        query: r.query,
        epsilon: r.epsilon,
        delta: r.delta,
        ...(r.rho !== undefined ? { rho: r.rho } : {}),
        keys: r.keys,
        measurements: r.measurements,
      })),
      measurements: releases.flatMap((r) => r.measurements),
      ...(single ? { keys: single.keys } : {}),
      budget: {
        epsilon: budget.budgetEpsilon,
        delta: budget.budgetDelta,
        spentEpsilon: budget.spentEpsilon,
        spentDelta: budget.spentDelta,
        remainingEpsilon: budget.remainingEpsilon,
      },
      ledger: ledgerPath,
      output: s.out ?? null,
      results,
      statement: single && !named ? statement(single) : releaseStatement(releases, total),
    };
    if (s.out) await writeFileAtomic(s.out, resultsCsv(releases, results, named));
    await writeFileAtomic(evidencePath, `${JSON.stringify(evidence, null, 2)}\n`);
    return {
      release: releases[0],
      releases,
      epsilon: total.epsilon,
      delta: total.delta,
      results,
      budget,
      budgetRemaining: budget.remainingEpsilon,
      fingerprint: await fingerprint,
      ledger: ledgerPath,
      evidence: evidencePath,
      out: s.out,
    };
  } finally {
    if (!s.engine) await engine.close();
  }
}

/** The statement of a release of several queries: their composition, then each query's sentence. */
function releaseStatement(releases: readonly DpRelease[], total: { epsilon: number; delta: number }): string {
  if (releases.length === 1) return statement(releases[0]);
  const guarantee =
    total.delta > 0
      ? `(ε = ${fmt(total.epsilon)}, δ = ${total.delta})-differential privacy`
      : `ε = ${fmt(total.epsilon)} differential privacy`;
  return `This release of ${releases.length} queries satisfies ${guarantee} by sequential composition. ${releases.map((r, i) => `Query ${i + 1} (${describeQuery(r.query)}): ${statement(r)}`).join(' ')}`;
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
      return `histogram(${q.column}) bounds [${q.bounds.join(', ')}] bins ${q.bins}${q.by?.length ? ` by ${q.by.join(', ')}` : ''}`;
    case 'quantile':
      return `quantile(${q.column}) ${q.quantiles.join(', ')} bounds [${q.bounds.join(', ')}]${q.by?.length ? ` by ${q.by.join(', ')}` : ''}`;
  }
}

function resultsCsv(releases: readonly DpRelease[], results: readonly DpResult[], named: boolean): string {
  // Header from the queries, so an empty release (no key passed selection) still has its columns.
  const groupCols = [
    ...new Set(
      releases.flatMap((r) => [
        ...(r.query.by ?? []),
        ...(r.query.kind === 'histogram' ? [r.query.column] : []),
      ]),
    ),
  ];
  const head = [
    ...(named ? ['name'] : []),
    ...groupCols,
    'query',
    'quantile',
    'value',
    'scale',
    'ci95_low',
    'ci95_high',
  ];
  const lines = [head.map((h) => csvCell(h)).join(',')];
  for (const x of results) {
    lines.push(
      [
        ...(named ? [csvCell(x.name ?? null)] : []),
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
