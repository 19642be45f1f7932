/**
 * Detection quality per evaluation file: precision, recall and F1 per type (exact span + type; a
 * relaxed F1~ where a finding that overlaps a gold span of the same type counts), for every file in
 * data/eval/detect/{generated,tuned,heldout}/ (see test/detect/fixtures/score.ts for what each
 * folder means), through `detectLines`, the path of `wuming detect --json`. Beside each file's
 * micro F1 it prints the before-tuning figure kept in data/eval/detect/before-tuning.json.
 *
 * Run: npx tsx bench/detect-heldout.ts [--errors] [--file ID] [--detectors PATH] [--write-floors]
 *   --errors        list every false positive / negative (of --file, or of every held-out file)
 *   --file ID       only this file (e.g. heldout/heldout-4.jsonl)
 *   --detectors P   score another version of the detectors (a src/detect/index.ts exporting
 *                   detectLines), e.g. an old commit's `git archive <commit> src | tar -x -C /tmp/old`
 *                   — how the before-tuning figures were measured
 *   --write-floors  write test/detect/eval-floors.json: per file and type, the measured exact F1
 *                   minus 0.01 (rounded down), which test/detect/eval.test.ts enforces
 * Writes bench/results/detect-heldout.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LineFinding } from '../src/detect/index.js';
import { ALL_TYPES } from '../src/detect/index.js';
import {
  EVAL_DIR,
  type FileScore,
  type Floors,
  loadEvalFiles,
  type Row,
  scoreFile,
} from '../test/detect/fixtures/score.js';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = opt('--file');
const detPath = opt('--detectors');
const mod = (await import(detPath ? pathToFileURL(resolve(detPath)).href : '../src/detect/index.js')) as {
  detectLines: (text: string) => LineFinding[];
};

/** Findings per row: the file's texts joined by \n through detectLines in one call. */
function predict(rows: Row[]): LineFinding[][] {
  const out: LineFinding[][] = rows.map(() => []);
  for (const f of mod.detectLines(rows.map((r) => r.text).join('\n'))) out[f.line]?.push(f);
  return out;
}

const before = JSON.parse(readFileSync(new URL('before-tuning.json', EVAL_DIR), 'utf8')) as {
  files: Record<string, { detectors: string; microF1: number; perTypeF1: Record<string, number> }>;
};
const fmt = (x: number) => x.toFixed(3).padStart(6);
const files = loadEvalFiles().filter((f) => !only || f.id === only);
const scores: Record<string, FileScore> = {};
const errors: string[] = [];
const out: string[] = [];
for (const f of files) {
  const pred = predict(f.rows);
  const errs: string[] | undefined =
    argv.includes('--errors') && (only || f.kind === 'heldout') ? [] : undefined;
  const s = scoreFile(f.rows, (i) => pred[i] ?? [], errs);
  scores[f.id] = s;
  if (errs?.length) errors.push(`${f.id}:`, ...errs);
  const b = before.files[f.id];
  out.push(
    `${f.id}  (${f.kind}; ${f.rows.length} lines)  micro P ${s.micro.precision.toFixed(3)} R ${s.micro.recall.toFixed(3)} F1 ${s.micro.f1.toFixed(3)} F1~ ${s.micro.relaxedF1.toFixed(3)}${b ? `   before tuning: F1 ${b.microF1.toFixed(3)} (${b.detectors})` : ''}`,
    `  ${'type'.padEnd(19)} ${'gold'.padStart(5)} ${'found'.padStart(5)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'F1~'.padStart(6)}${b ? ' F1 before'.padStart(10) : ''}`,
  );
  for (const [t, m] of Object.entries(s.perType)) {
    const bt = b?.perTypeF1[t];
    out.push(
      `  ${t.padEnd(19)} ${String(m.support).padStart(5)} ${String(m.found).padStart(5)} ${fmt(m.precision)} ${fmt(m.recall)} ${fmt(m.f1)} ${fmt(m.relaxedF1)}${b ? (bt === undefined ? '' : fmt(bt)).padStart(10) : ''}`,
    );
  }
  out.push('');
}
process.stdout.write(`${out.join('\n')}\n`);
if (errors.length) process.stdout.write(`${errors.join('\n')}\n`);

if (argv.includes('--write-floors')) {
  if (only || detPath) throw new Error('--write-floors needs every file and the current detectors');
  // Slightly below the measured figure, so one further error in a small class fails the test
  // while the floor does not fail on the figure it was set from.
  const floors: Floors = {};
  const below = (x: number) => Math.max(0, Math.floor((x - 0.01) * 1000) / 1000);
  for (const [id, s] of Object.entries(scores)) {
    floors[id] = { ALL: below(s.micro.f1) };
    for (const t of ALL_TYPES) floors[id][t] = below(s.perType[t]?.f1 ?? 1);
  }
  writeFileSync(
    new URL('../test/detect/eval-floors.json', import.meta.url),
    `${JSON.stringify(floors, null, 2)}\n`,
  );
  process.stdout.write('wrote test/detect/eval-floors.json\n');
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/detect-heldout.json', import.meta.url),
  `${JSON.stringify({ detectors: detPath ?? 'src/detect', files: Object.fromEntries(files.map((f) => [f.id, { kind: f.kind, lines: f.rows.length, ...scores[f.id] }])) }, null, 2)}\n`,
);
