import { createRequire } from 'node:module';
import type { SingleBar } from 'cli-progress';
import type TableType from 'cli-table3';
import type { Command } from 'commander';
import { WumingError } from '../errors.js';
import type { ModelFlagCommand } from '../privacy/model.js';
import { describeProgress, type ProgressEvent, type ProgressFn } from '../progress.js';
import { MODEL_FLAGS } from '../run/model-flags.js';

/**
 * The table and progress-bar packages are loaded on first use: a `--json` run needs neither, and
 * loading them costs ~13 ms of every command's start-up (the Adult anonymization whole process
 * is ~0.5 s).
 */
const require = createRequire(import.meta.url);
function load<T>(name: string): T {
  return require(name) as T;
}

/**
 * Shared plumbing for every command: error → exit code mapping, `--json` output and progress
 * bars. Exit codes (documented in the README): 0 success, 1 the data, policy or a check failed,
 * 2 the command line was wrong. A stack trace is never shown unless WUMING_DEBUG=1.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | undefined>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}

export function reportError(e: unknown): number {
  if (e instanceof WumingError) {
    process.stderr.write(`wuming: error: ${e.describe()}\n`);
    if (process.env.WUMING_DEBUG === '1' && e.cause)
      process.stderr.write(`${String((e.cause as Error).stack ?? e.cause)}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  process.stderr.write(`wuming: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.WUMING_DEBUG === '1') process.stderr.write(`${err?.stack}\n`);
  return 1;
}

/** Print machine output: exactly one JSON object on the last line of stdout. */
export function printJson(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/**
 * A readable table for humans, at most as wide as the terminal (COLUMNS, else the terminal's
 * width, never more than 100 columns; 100 when stdout is not a terminal). Columns keep their
 * natural width when everything fits; otherwise the widest are narrowed and their cells wrapped
 * on word boundaries, so no line runs past the edge on any command.
 */
export function printTable(head: string[], rows: (string | number)[][]): void {
  const Table = load<typeof TableType>('cli-table3');
  const cells = rows.map((r) => r.map((v) => (typeof v === 'number' ? formatNumber(v) : v)));
  const colWidths = fitColumns(head.length > 0 ? [head, ...cells] : cells, terminalWidth());
  const t = new Table({ head, style: { head: [], border: [] }, colWidths, wordWrap: true });
  for (const r of cells) t.push(r);
  process.stdout.write(`${t.toString()}\n`);
}

/** Width tables are drawn to: COLUMNS or the terminal's, capped at 100; 100 when unknown. */
function terminalWidth(): number {
  const env = Number(process.env.COLUMNS);
  const tty = process.stdout.isTTY ? process.stdout.columns : undefined;
  const w = Number.isInteger(env) && env > 0 ? env : (tty ?? 100);
  return Math.max(40, Math.min(100, w));
}

/** Terminal cells a text takes: East Asian wide and full-width characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/**
 * Column widths (cli-table3's, padding included) for rows of cells in `width` terminal columns:
 * the natural widths when they fit, else the widest column narrowed step by step (never below 10).
 */
function fitColumns(rows: readonly (readonly string[])[], width: number): number[] {
  const n = Math.max(0, ...rows.map((r) => r.length));
  const widths = new Array<number>(n).fill(3);
  for (const r of rows)
    r.forEach((cell, i) => {
      const longest = Math.max(0, ...String(cell).split('\n').map(displayWidth));
      widths[i] = Math.max(widths[i], longest + 2);
    });
  const borders = n + 1;
  while (widths.reduce((a, b) => a + b, 0) + borders > width) {
    let widest = 0;
    for (let i = 1; i < n; i++) if (widths[i] > widths[widest]) widest = i;
    if (widths[widest] <= 10) break;
    widths[widest]--;
  }
  return widths;
}

export function formatNumber(v: number): string {
  // Grouped by hand: the first toLocaleString call loads ICU's number data (~30 ms of start-up).
  if (Number.isInteger(v) && Math.abs(v) < 1e21)
    return `${v < 0 ? '-' : ''}${String(Math.abs(v)).replace(/\B(?=(\d{3})+$)/g, ',')}`;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  if (Math.abs(v) >= 1000) return v.toFixed(1);
  return Number(v.toPrecision(4)).toString();
}

/**
 * Progress bars on stderr when it is a terminal and --json is off; otherwise silent, so piped
 * JSON stays clean. Each stage is one line with done/total, rate, time left and elapsed time; a
 * finished stage's line stays on screen. Something shows within a second even before the first
 * event (the line's clock keeps moving while a stage works), so a long run never looks stuck.
 */
export function progressBar(enabled: boolean): { onProgress: ProgressFn; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { onProgress: () => {}, stop: () => {} };
  let bar: SingleBar | undefined;
  let stage = '';
  let last: ProgressEvent = { stage: 'starting', done: 0 };
  let stageStart = Date.now();
  const open = (e: ProgressEvent) => {
    bar?.stop();
    stage = e.stage;
    last = e;
    stageStart = Date.now();
    const { SingleBar } = load<typeof import('cli-progress')>('cli-progress');
    bar = new SingleBar({
      // Rate and time left come from the latest event and the clock at each redraw.
      format: (options, params) => {
        const d = describeProgress({ ...last, done: params.value }, (Date.now() - stageStart) / 1000);
        const head = last.stage.length > 14 ? `${last.stage.slice(0, 13)}…` : last.stage.padEnd(14);
        if (last.total === undefined)
          return last.done === 0 ? `${head} working… | ${d.elapsed}` : `${head} ${d.amount} | ${d.elapsed}`;
        const pct = `${Math.floor(params.progress * 100)}%`.padStart(4);
        const barText = (options.barCompleteString ?? '').slice(0, Math.round(params.progress * 20));
        const rest = (options.barIncompleteString ?? '').slice(0, 20 - barText.length);
        return `${head} [${barText}${rest}] ${pct} ${d.amount} | ${d.rate} | ETA ${d.eta} | ${d.elapsed}`;
      },
      stream: process.stderr,
      hideCursor: true,
      barsize: 20,
      fps: 4,
    });
    bar.start(e.total ?? Math.max(1, e.done), e.done);
  };
  // Something on screen within a second, before the work's first event.
  const first = setTimeout(() => {
    if (!bar) open(last);
  }, 400);
  first.unref();
  const onProgress = (e: ProgressEvent) => {
    clearTimeout(first);
    if (e.stage !== stage || !bar) open(e);
    else if (e.total !== undefined && e.done === e.total && e.total < bar.getTotal()) {
      // A stage's outer "done" (1 of 1) after its own detailed count: keep the count on screen.
      bar.update(bar.getTotal());
    } else {
      last = e;
      if (e.total !== undefined) bar.setTotal(e.total);
      else if (e.done > bar.getTotal()) bar.setTotal(e.done);
      bar.update(e.done);
    }
  };
  return {
    onProgress,
    stop: () => {
      clearTimeout(first);
      bar?.stop();
    },
  };
}

/** Parse a comma-separated column list flag. */
export function columnList(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A numeric flag within bounds, or a usage error naming the flag (the job's reader, shared). */
export { parseNumber } from '../run/model-flags.js';

export type Register = (program: Command) => void;

/**
 * Adds the flags the privacy models declare for a command (`--k`, `--l`, `--t`, `--beta` ...,
 * src/privacy/, in registry order): `upTo(name)` adds those not added yet through `--name`, so the
 * command's own flags can sit between them in --help as they always have; `rest()` adds the
 * others, so a new model reaches the CLI from its own file.
 */
export function modelFlags(cmd: Command, command: ModelFlagCommand) {
  const pending = MODEL_FLAGS.filter((f) => f.help[command] !== undefined);
  const add = (n: number) => {
    for (const f of pending.splice(0, n)) cmd.option(`--${f.name} ${f.arg}`, f.help[command]!, f.default);
    return cmd;
  };
  return {
    upTo(name: string): Command {
      const i = pending.findIndex((f) => f.name === name);
      if (i < 0) throw new Error(`no privacy-model flag --${name} left for ${command}`);
      return add(i + 1);
    },
    rest: (): Command => add(pending.length),
  };
}
