import { typesWith } from '../detect/index.js';
import type { Engine, Relation } from '../engine/engine.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { SourceInfo } from '../io/read.js';
import { effectOf } from '../operators/index.js';
import type { ProgressFn } from '../progress.js';
import type {
  Article29Tests,
  ColumnDecision,
  DataFinding,
  ModelCheck,
  RiskSummary,
} from '../report/assessment.js';
import type { Thresholds } from '../report/settings.js';
import { singlingOutTest } from '../report/verdict.js';
import { inferenceRisk } from '../risk/article29.js';
import { hierarchyPairs, linkageAttack } from '../risk/linkage.js';
import { type Inventory, scanRelation } from './scan.js';

/**
 * PI types that identify a person on their own (GB/T 35273-2020 Appendix A: identity, contact,
 * account, device and network identifiers, names). Found in a released column, they make the
 * output personal information whatever the policy says the column is.
 */
const IDENTIFYING_TYPES = typesWith('identifying');

/** Types whose checksum makes a match near-certain: format-preserving encryption keeps them valid. */
const CHECKSUM_TYPES = typesWith('checksum');

/** Below this share of a column's values, a detection is treated as noise (a stray match). */
const MIN_FINDING_SHARE = 0.02;

/** Columns identifying people whose repetition means several rows per person. */
const PERSON_KEY_TYPES = typesWith('personKey');

export interface EvidenceOptions {
  engine: Engine;
  /** The written output, re-read. */
  output: Relation & { info: SourceInfo };
  /** The output's records that still carry quasi-identifier information (suppressed ones removed). */
  released: Relation;
  /** The input, when the job has it: the linkage attack then uses it as the attacker's data. */
  input?: Relation;
  /** A scan of the output already made by the caller (else it is scanned here). */
  outputInventory?: Inventory;
  /** A scan of the input (repeated person keys); optional. */
  inputInventory?: Inventory;
  columns: readonly ColumnDecision[];
  /** Quasi-identifiers of the release (generalized or kept). */
  qi: readonly string[];
  /**
   * True when the output is one global recoding of the input in the input's row order (every QI
   * at one level, suppressed records all '*'): the linkage against the input is then computed
   * exactly from the output alone (alignedLinkage). Otherwise the general linkage attack runs.
   */
  globalRecoding?: boolean;
  /** Hierarchies of the generalized quasi-identifiers, to decode their labels in the linkage attack. */
  hierarchies?: Readonly<Record<string, Hierarchy>>;
  checks: readonly ModelCheck[];
  riskAfter?: RiskSummary;
  thresholds: Thresholds;
  subject?: string;
  onProgress?: ProgressFn;
}

export interface Evidence {
  findings: DataFinding[];
  article29?: Article29Tests;
}

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.001 ? 3 : 1)} %`;

/**
 * The evidence the verdict is argued from, gathered from the data rather than the declared roles:
 * the written output re-scanned by the detectors, near-unique columns kept as they are, repeated
 * person keys without a subject column, and the three Article 29 tests measured.
 */
export async function gatherEvidence(o: EvidenceOptions): Promise<Evidence> {
  const { engine, thresholds: th } = o;
  const d = engine.dialect;
  const findings: DataFinding[] = [];
  const decision = new Map(o.columns.map((c) => [c.name, c]));
  const generalized = new Set(o.columns.filter((c) => effectOf(c.action) === 'deferred').map((c) => c.name));

  // 1. Re-scan the output: identifiers and free-text PI, whatever the column is called.
  const scan = o.outputInventory ?? (await scanRelation(engine, o.output, { onProgress: o.onProgress }));
  for (const c of scan.columns) {
    // A column generalized above its leaves holds hierarchy labels (西南, 1960s): the fuzzy
    // detectors (names) read some of them as PI; only check-digit types stay meaningful there.
    const dec = decision.get(c.column);
    const labels = dec !== undefined && effectOf(dec.action) === 'deferred' && (dec.level ?? 1) > 0;
    const ids = c.types.filter(
      (t) =>
        IDENTIFYING_TYPES.has(t.type) &&
        t.share >= MIN_FINDING_SHARE &&
        (!labels || CHECKSUM_TYPES.has(t.type)),
    );
    if (ids.length > 0) {
      const share = Math.max(...ids.map((t) => t.share));
      const checksum = ids.some((t) => CHECKSUM_TYPES.has(t.type));
      findings.push({
        column: c.column,
        kind: 'identifier_in_data',
        types: ids.map((t) => t.type),
        share,
        detail: `the detectors still find ${ids.map((t) => `${t.type} in ${pct(t.share)}`).join(', ')} of its values${
          checksum
            ? ' (valid check digits: identifiers in clear, or format-preserving encrypted, which is reversible)'
            : ''
        }${decision.get(c.column)?.role === 'insensitive' ? ', though the policy calls the column insensitive' : ''}`,
      });
      continue;
    }
    // 2. A column kept as it is whose values are nearly all different singles people out alone.
    const action = decision.get(c.column)?.action;
    if (generalized.has(c.column) || (action !== undefined && effectOf(action) !== 'copy') || c.nonNull < 20)
      continue;
    const gps = c.types.find((t) => t.type === 'GPS_COORDINATE' && t.share >= MIN_FINDING_SHARE);
    const share = c.distinct / c.nonNull;
    if (gps || share >= th.nearUniqueShare) {
      findings.push({
        column: c.column,
        kind: 'near_unique',
        share,
        detail: gps
          ? `exact coordinates (GPS_COORDINATE in ${pct(gps.share)} of values) kept without generalization`
          : `${pct(share)} of its values are distinct and it is kept without generalization (threshold ${pct(th.nearUniqueShare)}): it singles people out on its own`,
      });
    }
  }

  // 3. Several rows per person, counted as rows: class sizes then overstate protection.
  if (!o.subject && o.inputInventory) {
    const keyed = o.input ?? o.output;
    for (const c of o.inputInventory.columns) {
      const key =
        c.types.some((t) => PERSON_KEY_TYPES.has(t.type) && t.share >= 0.5) || c.kind === 'id_number';
      if (!key || c.nonNull < 20) continue;
      // The scan's distinct count is approximate (HyperLogLog, a few % off): count exactly here.
      const [r] = await engine.query(
        `SELECT count(DISTINCT ${d.ident(c.column)}) AS dv, count(${d.ident(c.column)}) AS nn FROM ${keyed.sql}`,
      );
      const distinct = Number(r.dv) / Math.max(1, Number(r.nn));
      if (distinct < 0.99)
        findings.push({
          column: c.column,
          kind: 'repeated_subjects',
          share: 1 - distinct,
          detail: `the input's person key repeats (${Number(r.dv)} distinct values in ${Number(r.nn)} rows): rows are not people, and without a subject column k, l and the risks count rows (name the column with --subject or \`subject:\` in the policy)`,
        });
    }
  }

  const risk = o.riskAfter;
  if (!risk || o.qi.length === 0) return { findings };

  // 4. Linkability: the output linked against the strongest auxiliary data an attacker could
  // hold, the input itself (its quasi-identifiers and every numeric column kept at full
  // precision); without the input, the marketer risk of the class sizes.
  const keptColumns = o.columns
    .filter((c) => effectOf(c.action) === 'copy' && !o.qi.includes(c.name))
    .map((c) => c.name);
  let linkability: Article29Tests['linkability'];
  if (o.input) {
    const numeric: string[] = [];
    for (const c of keptColumns) {
      if (c === o.subject) continue;
      const s = d.ident(c);
      const [r] = await engine.query(
        `SELECT count(*) AS n, count(${d.tryDouble(s)}) AS num FROM ${o.released.sql} WHERE ${s} IS NOT NULL`,
      );
      if (Number(r.n) > 0 && Number(r.num) === Number(r.n)) numeric.push(c);
    }
    const on = [...o.qi, ...numeric];
    const l = o.globalRecoding
      ? await alignedLinkage(engine, o.output, o.qi, numeric)
      : await generalLinkage(engine, o, on);
    const undecided = l.undecided;
    const linked = l.linked;
    const passed =
      linked <= th.maxLinkedShare + 1e-12 && l.expected <= th.maxAverageRisk + 1e-12 && undecided === 0;
    linkability = {
      source: 'attack',
      auxiliary: `the input's ${on.join(', ')} at full precision for every record`,
      linkedShare: linked,
      expectedSuccess: l.expected,
      undecided,
      passed,
      detail: `linking the output to the input on ${on.join(', ')}: ${pct(linked)} of records matched uniquely and correctly (threshold ${pct(th.maxLinkedShare)}), expected success ${pct(l.expected)} (threshold ${pct(th.maxAverageRisk)})${
        undecided > 0
          ? `; ${undecided} released values could not be decoded (undecided, not counted as safe)`
          : ''
      }`,
    };
  } else {
    const expected = risk.marketer ?? risk.classes / Math.max(1, risk.records);
    linkability = {
      source: 'model',
      auxiliary: 'the quasi-identifiers of every person in the release (marketer model)',
      linkedShare: null,
      expectedSuccess: expected,
      passed: expected <= th.maxAverageRisk + 1e-12,
      detail: `expected share re-identified by a marketer attacker ${pct(expected)} (threshold ${pct(th.maxAverageRisk)}); the source was not available to link against`,
    };
  }

  // 5. Singling out: class sizes, and the records the linkage attack singled out.
  const above = await recordsAbove(engine, o.released, o.qi, th.maxHighestRisk, o.subject);
  const singlingOut = singlingOutTest(
    risk,
    th,
    linkability.source === 'attack' ? linkability.linkedShare : null,
    above,
  );

  // 6. Inference: records whose sensitive value follows from their class with high confidence.
  const sensitive = o.columns
    .filter((c) => c.role === 'sensitive' && effectOf(c.action) === 'copy')
    .map((c) => c.name);
  const attributes: Article29Tests['inference']['attributes'] = [];
  for (const s of sensitive) {
    const r = await inferenceRisk(engine, o.released.sql, o.qi, s, th.inferenceConfidence);
    const covered = o.checks.find(
      (c) => c.verified && /diversity|closeness/.test(c.model) && c.model.endsWith(` on ${s}`),
    );
    attributes.push({
      attribute: s,
      inferredShare: r.inferredRecords,
      homogeneousShare: r.recordsInHomogeneousClasses,
      coveredBy: covered?.model,
      passed: covered !== undefined || r.inferredRecords <= th.maxInferredShare + 1e-12,
    });
  }
  const failing = attributes.filter((a) => !a.passed);
  const inference: Article29Tests['inference'] = {
    attributes,
    passed: failing.length === 0,
    detail:
      attributes.length === 0
        ? 'no sensitive attribute is released'
        : attributes
            .map(
              (a) =>
                `${a.attribute}: ${pct(a.inferredShare)} of records inferable with ≥ ${pct(th.inferenceConfidence)} confidence, ${pct(a.homogeneousShare)} in single-value classes${
                  a.coveredBy
                    ? ` (addressed by ${a.coveredBy}, verified)`
                    : ` (threshold ${pct(th.maxInferredShare)})`
                }`,
            )
            .join('; '),
  };
  return { findings, article29: { singlingOut, linkability, inference } };
}

/** Share of released records (or subjects) in classes whose prosecutor risk exceeds the threshold. */
async function recordsAbove(
  engine: Engine,
  rel: Relation,
  qi: readonly string[],
  threshold: number,
  subject?: string,
): Promise<number> {
  const d = engine.dialect;
  const keys = qi.map((c) => d.ident(c)).join(', ');
  const members = subject ? `count(DISTINCT ${d.ident(subject)})` : 'count(*)';
  const [r] = await engine.query(
    `SELECT sum(CASE WHEN 1.0 / m > ${d.number(threshold)} + 1e-12 THEN m ELSE 0 END) AS above, sum(m) AS total
     FROM (SELECT ${members} AS m FROM ${rel.sql} GROUP BY ${keys}) AS c`,
  );
  const total = Number(r.total ?? 0);
  return total > 0 ? Number(r.above ?? 0) / total : 0;
}

interface LinkageFigures {
  /** Share of records matched uniquely and correctly. */
  linked: number;
  /** Mean over records of 1 / (number of released records matching it), counting correct matches. */
  expected: number;
  /** Released values whose coverage could not be decided. */
  undecided: number;
}

/**
 * The linkage of a global recoding against its own input, exactly, from the output alone. Output
 * row i is input record i generalized (the row order is kept), every QI at one level, and labels
 * at one level partition the values: so the released records whose labels cover input record i
 * are those with i's own labels, plus every suppressed record (all '*'), among those whose kept
 * numeric values equal i's. Its match count is therefore a count over the output, a hash join
 * instead of a join through the hierarchies (Sweeney 2002's linking attack, with the attacker
 * holding the full input: the strongest auxiliary data).
 */
async function alignedLinkage(
  engine: Engine,
  output: Relation,
  qi: readonly string[],
  numeric: readonly string[],
): Promise<LinkageFigures> {
  const d = engine.dialect;
  const q = qi.map((c) => d.ident(c));
  const num = numeric.map((c) => d.ident(c));
  const allStar = q.map((c) => `coalesce(${d.asText(c)}, '') = '*'`).join(' AND ');
  const eq = (a: string, b: string, cols: string[]) =>
    cols.length ? cols.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ') : 'TRUE';
  const sel = [...q, ...num].join(', ');
  const [r] = await engine.query(
    `WITH o AS (SELECT ${sel}, CASE WHEN ${allStar} THEN 1 ELSE 0 END AS sup FROM ${output.sql}),
          cls AS (SELECT ${sel}, count(*) AS n FROM o WHERE sup = 0 GROUP BY ${sel}),
          sp AS (SELECT ${num.length ? `${num.join(', ')}, ` : ''}count(*) AS s FROM o WHERE sup = 1${num.length ? ` GROUP BY ${num.join(', ')}` : ''}),
          m AS (SELECT (CASE WHEN o.sup = 0 THEN coalesce(cls.n, 0) ELSE 0 END) + coalesce(sp.s, 0) AS m
                FROM o LEFT JOIN cls ON o.sup = 0 AND ${eq('o', 'cls', [...q, ...num])}
                       LEFT JOIN sp ON ${eq('o', 'sp', num)})
     SELECT sum(CASE WHEN m = 1 THEN 1 ELSE 0 END) AS uniq, sum(1.0 / m) AS e, count(*) AS n FROM m`,
  );
  const n = Number(r.n ?? 0);
  return n > 0
    ? { linked: Number(r.uniq) / n, expected: Number(r.e) / n, undecided: 0 }
    : { linked: 0, expected: 0, undecided: 0 };
}

/**
 * The general linkage attack (risk/linkage.ts) of the output against the input, labels decoded
 * through the hierarchies: for local recoding or any output that is not one global recoding.
 */
async function generalLinkage(
  engine: Engine,
  o: EvidenceOptions,
  on: readonly string[],
): Promise<LinkageFigures> {
  const d = engine.dialect;
  const input = o.input!;
  const tag = `ev${process.pid}_${Date.now().toString(36)}`;
  const pairs: Record<string, string> = {};
  for (const c of o.qi) {
    const h = o.hierarchies?.[c];
    if (h) pairs[c] = await hierarchyPairs(engine, `${tag}_h_${c}`, h);
  }
  const id = `${tag}_id`;
  const withId = async (rel: Relation, name: string) =>
    (
      await engine.materialize(
        `${tag}_${name}`,
        `SELECT row_number() OVER () AS ${d.ident(id)}, ${on.map((c) => d.ident(c)).join(', ')} FROM ${rel.sql}`,
        { source: rel.source },
      )
    ).sql;
  const released = await withId(o.output, 'out');
  const auxiliary = await withId(input, 'in');
  const l = await linkageAttack({ engine, released, auxiliary, on, id, hierarchies: pairs });
  for (const t of [released, auxiliary, ...Object.values(pairs)])
    await engine.exec(`DROP TABLE IF EXISTS ${t}`);
  return {
    linked: l.uniqueCorrectMatches ?? l.uniqueMatches,
    expected: l.expectedSuccessRate,
    undecided: Object.values(l.undecided).reduce((a, b) => a + b, 0),
  };
}
