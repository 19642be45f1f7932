/**
 * Scores PI detection on the blind held-out set data/eval/detect/heldout-blind.jsonl (written
 * before the detectors were read; see test/detect/fixtures/build-heldout.ts), through the library
 * `detectLines` (the same path as `wuming detect --json`). Per type: precision, recall and F1 with
 * exact span+type match, and a relaxed F1~ where a finding counts if it overlaps a gold span of the
 * same type. Also scores data/eval/detect/heldout-2.jsonl (a second set written after the first
 * round of fixes, which it scored untuned) and the original evaluation files (every other *.jsonl in the folder) so a
 * fix for the held-out set can be checked not to cost the original one.
 *
 * Run: npx tsx bench/detect-heldout.ts [--errors] [--cli FINDINGS.jsonl]
 *   --errors   list every false positive / false negative on the held-out set
 *   --cli F    score a findings file printed by `wuming detect heldout.txt --json` instead of the
 *              library (heldout.txt = the texts of the held-out set, one per line)
 * Writes bench/results/detect-heldout.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { detectLines } from '../src/detect/index.js';

interface Span {
  start: number;
  end: number;
  type: string;
}
interface Row {
  text: string;
  spans: Span[];
}
interface Counts {
  tp: number;
  fp: number;
  fn: number;
  rtp: number;
  rfp: number;
  rfn: number;
}
interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

const dir = new URL('../data/eval/detect/', import.meta.url);
const HELDOUT = 'heldout-blind.jsonl';
const load = (f: string): Row[] =>
  readFileSync(new URL(f, dir), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);

const prf = (tp: number, fp: number, fn: number): Prf => {
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return { precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Findings per row: the texts are joined with \n and run through detectLines in one call. */
function predict(rows: Row[], cliFile?: string): Span[][] {
  const out: Span[][] = rows.map(() => []);
  const findings = cliFile
    ? readFileSync(cliFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Span & { line: number })
    : detectLines(rows.map((r) => r.text).join('\n'));
  for (const f of findings) out[f.line]?.push({ start: f.start, end: f.end, type: f.type });
  return out;
}

function score(rows: Row[], pred: Span[][], errors?: string[]) {
  const counts = new Map<string, Counts>();
  const get = (t: string) => {
    let c = counts.get(t);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0, rtp: 0, rfp: 0, rfn: 0 };
      counts.set(t, c);
    }
    return c;
  };
  const key = (s: Span) => `${s.start}:${s.end}:${s.type}`;
  rows.forEach((r, i) => {
    const found = pred[i] ?? [];
    const gold = new Set(r.spans.map(key));
    const got = new Set(found.map(key));
    for (const s of r.spans) {
      const c = get(s.type);
      if (got.has(key(s))) c.tp++;
      else {
        c.fn++;
        errors?.push(`FN ${s.type} «${r.text.slice(s.start, s.end)}»  ${r.text}`);
      }
      if (found.some((f) => f.type === s.type && f.start < s.end && s.start < f.end)) c.rtp++;
      else c.rfn++;
    }
    for (const f of found) {
      const c = get(f.type);
      if (!gold.has(key(f))) {
        c.fp++;
        errors?.push(`FP ${f.type} «${r.text.slice(f.start, f.end)}»  ${r.text}`);
      }
      if (!r.spans.some((s) => s.type === f.type && f.start < s.end && s.start < f.end)) c.rfp++;
    }
  });
  const perType: Record<string, { support: number; relaxedF1: number } & Prf> = {};
  const all = { tp: 0, fp: 0, fn: 0, rtp: 0, rfp: 0, rfn: 0 };
  for (const [t, c] of [...counts.entries()].sort()) {
    const m = prf(c.tp, c.fp, c.fn);
    perType[t] = {
      support: c.tp + c.fn,
      precision: r3(m.precision),
      recall: r3(m.recall),
      f1: r3(m.f1),
      relaxedF1: r3(prf(c.rtp, c.rfp, c.rfn).f1),
    };
    for (const k of Object.keys(all) as (keyof Counts)[]) all[k] += c[k];
  }
  const micro = prf(all.tp, all.fp, all.fn);
  return {
    perType,
    micro: { precision: r3(micro.precision), recall: r3(micro.recall), f1: r3(micro.f1) },
    microRelaxedF1: r3(prf(all.rtp, all.rfp, all.rfn).f1),
  };
}

function table(title: string, s: ReturnType<typeof score>): string {
  const lines = [
    title,
    `${'type'.padEnd(20)} ${'support'.padStart(7)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'F1~'.padStart(6)}`,
  ];
  for (const [t, m] of Object.entries(s.perType)) {
    lines.push(
      `${t.padEnd(20)} ${String(m.support).padStart(7)} ${m.precision.toFixed(3).padStart(6)} ${m.recall.toFixed(3).padStart(6)} ${m.f1.toFixed(3).padStart(6)} ${m.relaxedF1.toFixed(3).padStart(6)}`,
    );
  }
  lines.push(
    `${'ALL (micro)'.padEnd(20)} ${''.padStart(7)} ${s.micro.precision.toFixed(3).padStart(6)} ${s.micro.recall.toFixed(3).padStart(6)} ${s.micro.f1.toFixed(3).padStart(6)} ${s.microRelaxedF1.toFixed(3).padStart(6)}`,
  );
  return lines.join('\n');
}

const argv = process.argv.slice(2);
const cliIdx = argv.indexOf('--cli');
const cliFile = cliIdx >= 0 ? argv[cliIdx + 1] : undefined;
const heldout = load(HELDOUT);
const errors: string[] | undefined = argv.includes('--errors') ? [] : undefined;
const held = score(heldout, predict(heldout, cliFile), errors);
// heldout-2: a second set written after the first round of fixes (it scored that round without
// tuning; its remaining errors then guided a second, smaller round).
const HELDOUT2 = 'heldout-2.jsonl';
const heldout2 = load(HELDOUT2);
const errors2: string[] | undefined = errors ? [] : undefined;
const held2 = score(heldout2, predict(heldout2), errors2);
const originalFiles = readdirSync(dir).filter((f) => f.endsWith('.jsonl') && !f.startsWith('heldout'));
const original = originalFiles.flatMap(load);
const orig = score(original, predict(original));

process.stdout.write(
  `${table(`held-out blind set (${heldout.length} lines${cliFile ? ', CLI findings' : ''})`, held)}\n\n${table(`second held-out set (written after round 1 of fixes; ${heldout2.length} lines)`, held2)}\n\n${table(`original evaluation set (${original.length} lines: ${originalFiles.join(', ')})`, orig)}\n`,
);
if (errors) process.stdout.write(`\n${errors.join('\n')}\n\nheldout-2:\n${errors2?.join('\n')}\n`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/detect-heldout.json', import.meta.url),
  `${JSON.stringify({ heldout: { lines: heldout.length, source: cliFile ? 'cli' : 'library', ...held }, heldout2: { lines: heldout2.length, ...held2 }, original: { lines: original.length, files: originalFiles, ...orig } }, null, 2)}\n`,
);
