/**
 * Evidence that the risk figures mean what they say (issue 16, "Measured"): everything is
 * compared with the truth on a population whose truth is known.
 *
 * 1. A population of 10^6 people from the project's sample generator (src/sample, seed 11).
 *    For 3, 5 and 7 quasi-identifiers and uniform samples of 1 % and 10 %: each
 *    population-uniqueness estimator (Pitman, Zayatz, SNB, Dankar's choice) against the true
 *    share of the population that is unique, and the journalist risk (average, share of records
 *    above 0.2) and marketer risk from the population size alone against the true figures counted
 *    with the population's class sizes; the flat-prior model used before is shown beside.
 * 2. The linkage attack on generalized outputs at k = 2, 5, 10: 20,000 people of the population
 *    anonymized (region code → region hierarchy, birth date → dates, sex, education; income kept
 *    at full precision as a sensitive value), attacked with the original rows (the strongest
 *    auxiliary data), its unique-correct-match rate against the truth computed here independently
 *    (each auxiliary record generalized in JavaScript with the chosen transformation, matched by
 *    key), with and without the hierarchies.
 *
 * Run: nice -n 10 npx tsx bench/evidence.ts [population=1000000] [--no-linkage]
 *   → prints markdown tables, writes bench/results/evidence.json.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/engine/duckdb.js';
import type { Engine } from '../src/engine/engine.js';
import type { Hierarchy } from '../src/hierarchy/hierarchy.js';
import { readSource } from '../src/io/read.js';
import { assessRisk } from '../src/risk/assess.js';
import { classSizeHistogram } from '../src/risk/histogram.js';
import { journalistRisk } from '../src/risk/journalist.js';
import { anonymize } from '../src/run/anonymize.js';
import { policyHierarchies, runAttack } from '../src/run/attack.js';
import { generate } from '../src/sample/generate.js';

const args = process.argv.slice(2);
const POP = Number(args.find((a) => !a.startsWith('--')) ?? 1_000_000);
const withLinkage = !args.includes('--no-linkage');
const QI: Record<number, string[]> = {
  3: ['sex', 'age', 'province'],
  5: ['sex', 'age', 'province', 'education', 'marital_status'],
  7: ['sex', 'age', 'province', 'education', 'marital_status', 'ethnicity', 'occupation'],
};
const COLS = ['person_id', 'region_code', 'birth_date', 'income', ...QI[7]];
const FRACTIONS = [0.01, 0.1];
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : `${Number((v * 100).toPrecision(3))} %`;
const num = (v: number) => String(Number(v.toPrecision(3)));

async function population(engine: Engine) {
  const t = performance.now();
  const rows: (string | number)[][] = [];
  let i = 0;
  for (const p of generate({ rows: POP, seed: 11 }))
    rows.push([
      i++,
      p.person_id,
      p.region_code,
      p.birth_date,
      String(p.income),
      p.sex,
      String(p.age),
      p.province,
      p.education,
      p.marital_status,
      p.ethnicity,
      p.occupation,
    ]);
  await engine.loadTable(
    'pop',
    [{ name: 'rn', type: 'INTEGER' as const }, ...COLS.map((c) => ({ name: c, type: 'VARCHAR' as const }))],
    rows,
  );
  return (performance.now() - t) / 1000;
}

interface EstimatorRow {
  qi: number;
  fraction: number;
  sample: number;
  truePopulationUniqueness: number;
  pitman: number | null;
  zayatz: number | null;
  snb: number | null;
  dankar: number | null;
  dankarModel: string;
  journalistModel: string;
  trueJournalistAverage: number;
  journalistAverage: number;
  flatPriorJournalistAverage: number;
  trueAbove02: number;
  above02: number;
  flatPriorAbove02: number;
  trueMarketer: number;
  marketer: number;
  modelPopulationUniqueRecords: number | null;
}

async function estimators(engine: Engine): Promise<EstimatorRow[]> {
  const out: EstimatorRow[] = [];
  for (const d of [3, 5, 7]) {
    const q = QI[d].map((c) => `"${c}"`).join(', ');
    const [{ u }] = await engine.query(
      `SELECT avg(CASE WHEN c = 1 THEN 1.0 ELSE 0.0 END) AS u FROM (SELECT count(*) OVER (PARTITION BY ${q}) AS c FROM pop)`,
    );
    for (const [i, fraction] of FRACTIONS.entries()) {
      await engine.exec(
        `CREATE OR REPLACE TABLE s AS SELECT * FROM pop WHERE hash(rn, 1601, ${i}) % 1000000 < ${fraction * 1e6}`,
      );
      const est = await assessRisk({ engine, relation: 's', qi: QI[d], population: POP, curve: false });
      const truth = await assessRisk({
        engine,
        relation: 's',
        qi: QI[d],
        populationTable: 'pop',
        curve: false,
      });
      const hist = await classSizeHistogram(engine, 's', QI[d]);
      const flat = journalistRisk(
        hist,
        { size: POP, sampleSize: est.records, fraction: est.records / POP },
        [0.2],
      );
      const p = est.populationUniqueness;
      out.push({
        qi: d,
        fraction,
        sample: est.records,
        truePopulationUniqueness: Number(u),
        pitman: p.pitman,
        zayatz: p.zayatz,
        snb: p.snb,
        dankar: p.dankar,
        dankarModel: p.dankarModel,
        journalistModel: est.journalistModel,
        trueJournalistAverage: truth.journalist.average,
        journalistAverage: est.journalist.average,
        flatPriorJournalistAverage: flat.average,
        trueAbove02: truth.journalist.recordsAbove['0.2'],
        above02: est.journalist.recordsAbove['0.2'],
        flatPriorAbove02: flat.recordsAbove['0.2'],
        trueMarketer: truth.marketer,
        marketer: est.marketer,
        modelPopulationUniqueRecords: est.journalistBasis.populationUniqueRecords ?? null,
      });
      console.error(`estimators: ${d} QIs, ${fraction * 100} % done`);
    }
  }
  return out;
}

interface LinkageRow {
  k: number;
  transformation: Record<string, number>;
  suppressed: number;
  auxiliary: number;
  trueUniqueCorrect: number;
  attackUniqueCorrect: number | null;
  attackUndecided: number;
  withoutHierarchiesUniqueCorrect: number | null;
  withoutHierarchiesUndecided: number;
  withoutHierarchiesUpperBound: number | null;
}

const LINK_QI = ['region_code', 'birth_date', 'sex', 'education'];
const LINK_ON = [...LINK_QI, 'income'];
const POLICY = `version: 1
columns:
  person_id: {role: insensitive, action: keep}
  region_code: {role: quasi_identifier, action: generalize, hierarchy: region_code}
  birth_date: {role: quasi_identifier, action: generalize, hierarchy: birth_date}
  sex: {role: quasi_identifier, action: generalize, hierarchy: sex}
  education: {role: quasi_identifier, action: generalize, hierarchy: education}
  income: {role: sensitive, action: keep}
hierarchies:
  region_code: {type: auto}
  birth_date: {type: dates}
  sex: {type: auto}
  education: {type: auto}
`;

/** The truth, computed without the attack's code: generalize each original row, match by key. */
function trueUniqueCorrect(
  original: Record<string, string>[],
  released: Record<string, string>[],
  hierarchies: Record<string, Hierarchy>,
  levels: Record<string, number>,
): number {
  const gen = LINK_QI.map((c) => {
    const h = hierarchies[c];
    const level = levels[c] ?? 0;
    const m = new Map<string, string>();
    h.leaves.forEach((leaf, i) => {
      m.set(leaf, h.labels[level][h.maps[level][i]]);
    });
    return m;
  });
  const byKey = new Map<string, string[]>();
  const suppressed = new Map<string, string[]>();
  for (const r of released) {
    const all = LINK_QI.every((c) => r[c] === '*');
    const key = all ? r.income : [...LINK_QI.map((c) => r[c]), r.income].join('\u0001');
    const m = all ? suppressed : byKey;
    const list = m.get(key) ?? [];
    list.push(r.person_id);
    m.set(key, list);
  }
  let ok = 0;
  for (const o of original) {
    const key = [...LINK_QI.map((c, i) => gen[i].get(o[c]) ?? '\u0000'), o.income].join('\u0001');
    const ids = [...(byKey.get(key) ?? []), ...(suppressed.get(o.income) ?? [])];
    if (ids.length === 1 && ids[0] === o.person_id) ok++;
  }
  return ok / original.length;
}

async function linkage(engine: Engine): Promise<LinkageRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'wuming-evidence-'));
  const out: LinkageRow[] = [];
  try {
    const raw = join(dir, 'people.csv');
    const policy = join(dir, 'policy.yaml');
    await writeFile(policy, POLICY);
    await engine.copyTo(
      `SELECT person_id, region_code, birth_date, sex, education, income FROM pop WHERE rn < 20000 ORDER BY rn`,
      { path: raw, format: 'csv' },
    );
    const source = await readSource(engine, raw, { name: 'people' });
    const built = await policyHierarchies(engine, source, policy, LINK_QI);
    const hierarchies = Object.fromEntries(Object.entries(built).map(([c, b]) => [c, b.hierarchy]));
    const parse = async (path: string) =>
      (await engine.query(`SELECT * FROM read_csv('${path}', all_varchar=true, header=true)`)) as Record<
        string,
        string
      >[];
    const original = await parse(raw);
    for (const k of [2, 5, 10]) {
      const released = join(dir, `released-k${k}.csv`);
      const a = await anonymize({
        engine,
        input: source,
        out: released,
        hierarchies,
        qi: LINK_QI,
        models: { k },
        suppression: 0.05,
      });
      const rel = await parse(released);
      const truth = trueUniqueCorrect(original, rel, hierarchies, a.transformation);
      const decoded = await runAttack({ released, auxiliary: raw, on: LINK_ON, id: 'person_id', policy });
      const blind = await runAttack({ released, auxiliary: raw, on: LINK_ON, id: 'person_id' });
      out.push({
        k,
        transformation: a.transformation,
        suppressed: a.suppressed,
        auxiliary: original.length,
        trueUniqueCorrect: truth,
        attackUniqueCorrect: decoded.uniqueCorrectMatches,
        attackUndecided: decoded.undecidedRecords,
        withoutHierarchiesUniqueCorrect: blind.uniqueCorrectMatches,
        withoutHierarchiesUndecided: blind.undecidedRecords,
        withoutHierarchiesUpperBound: blind.bounds.uniqueCorrectMatches?.high ?? null,
      });
      console.error(`linkage: k = ${k} done`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

const engine = await createEngine();
try {
  const generateSeconds = await population(engine);
  console.error(`population of ${POP} generated in ${generateSeconds.toFixed(1)} s`);
  const est = await estimators(engine);
  const link = withLinkage ? await linkage(engine) : [];

  console.log(
    `\nPopulation-uniqueness estimators and journalist risk, population of ${POP.toLocaleString('en-US')} (sample generator, seed 11)\n`,
  );
  console.log(
    '| QIs | sample | true pop. uniqueness | Pitman | Zayatz | SNB | Dankar | true journalist avg | estimated (model) | flat prior (before) | true > 0.2 | estimated > 0.2 | flat prior > 0.2 | true marketer | estimated marketer |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of est)
    console.log(
      `| ${r.qi} | ${r.fraction * 100} % (${r.sample.toLocaleString('en-US')}) | ${pct(r.truePopulationUniqueness)} | ${pct(r.pitman)} | ${pct(r.zayatz)} | ${pct(r.snb)} | ${pct(r.dankar)} (${r.dankarModel}) | ${num(r.trueJournalistAverage)} | ${num(r.journalistAverage)} (${r.journalistModel}) | ${num(r.flatPriorJournalistAverage)} | ${pct(r.trueAbove02)} | ${pct(r.above02)} | ${pct(r.flatPriorAbove02)} | ${pct(r.trueMarketer)} | ${pct(r.marketer)} |`,
    );
  if (link.length) {
    console.log(
      '\nLinkage attack on generalized outputs (20,000 people; attacker holds the original rows)\n',
    );
    console.log(
      '| k | transformation | suppressed | true unique correct | attack (with --policy) | undecided | attack without hierarchies | undecided | upper bound |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of link)
      console.log(
        `| ${r.k} | ${Object.entries(r.transformation)
          .map(([c, l]) => `${c} ${l}`)
          .join(
            ', ',
          )} | ${r.suppressed} | ${pct(r.trueUniqueCorrect)} | ${pct(r.attackUniqueCorrect)} | ${pct(r.attackUndecided)} | ${pct(r.withoutHierarchiesUniqueCorrect)} | ${pct(r.withoutHierarchiesUndecided)} | ${pct(r.withoutHierarchiesUpperBound)} |`,
      );
  }
  await mkdir('bench/results', { recursive: true });
  let previous = {};
  try {
    previous = JSON.parse(await readFile('bench/results/evidence.json', 'utf8'));
  } catch {}
  await writeFile(
    'bench/results/evidence.json',
    `${JSON.stringify({ ...previous, population: POP, generateSeconds, estimators: est, ...(link.length ? { linkage: link } : {}) }, null, 2)}\n`,
  );
} finally {
  await engine.close();
}
