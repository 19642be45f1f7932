/**
 * Progress events flow up from the library through a callback so the CLI can draw a bar and a
 * server can stream them; the library itself never writes to the console.
 *
 * A stage starts with `done: 0` and ends with `done === total`; in between it reports how far it
 * got, often enough that a long stage never sits still for more than about a second (the CLI
 * derives the rate and the time left from these events).
 */
export interface ProgressEvent {
  stage: string;
  done: number;
  total?: number;
  /** What `done` and `total` count: 'rows', 'bytes', 'nodes', 'columns', 'steps' … (default: steps). */
  unit?: string;
  message?: string;
}
export type ProgressFn = (e: ProgressEvent) => void;
export const noProgress: ProgressFn = () => {};

/**
 * A stage whose work runs elsewhere (a DuckDB query on its own threads, a file being written):
 * `poll` says how far it got, and is asked every `everyMs` while the stage runs. Emits `done: 0`
 * at once, then each new value, and `done: total` on `end()`.
 */
export function pollStage(
  onProgress: ProgressFn | undefined,
  stage: string,
  total: number,
  unit: string,
  poll: () => number | undefined,
  everyMs = 250,
): { end: () => void } {
  if (!onProgress) return { end: () => {} };
  onProgress({ stage, done: 0, total, unit });
  let last = 0;
  const timer = setInterval(() => {
    const v = poll();
    if (v === undefined || !Number.isFinite(v)) return;
    const done = Math.min(total, Math.max(last, Math.floor(v)));
    // total itself is kept for end(): a stage is over only when its work is.
    if (done !== last && done < total) {
      last = done;
      onProgress({ stage, done, total, unit });
    }
  }, everyMs);
  timer.unref();
  let ended = false;
  return {
    end: () => {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      onProgress({ stage, done: total, total, unit });
    },
  };
}

/**
 * Events for a loop over `total` items, at most one per `every` items (and never more often than
 * needed: the caller's loop stays tight).
 */
export function loopProgress(
  onProgress: ProgressFn | undefined,
  stage: string,
  total: number,
  unit: string,
  every = Math.max(1, Math.ceil(total / 100)),
): { step: (done: number) => void; end: () => void } {
  if (!onProgress) return { step: () => {}, end: () => {} };
  onProgress({ stage, done: 0, total, unit });
  let next = every;
  return {
    step: (done) => {
      if (done >= next && done < total) {
        next = done + every;
        onProgress({ stage, done, total, unit });
      }
    },
    end: () => onProgress({ stage, done: total, total, unit }),
  };
}

/** Rate, time left and elapsed time of a stage, as the CLI shows them (pure, so testable). */
export function describeProgress(
  e: ProgressEvent,
  elapsedSeconds: number,
): { amount: string; rate: string; eta: string; elapsed: string } {
  const unit = e.unit ?? 'steps';
  const fmt = (v: number) => formatAmount(v, unit);
  const amount =
    e.total !== undefined
      ? `${fmt(e.done)}/${fmt(e.total)} ${unitLabel(unit)}`
      : `${fmt(e.done)} ${unitLabel(unit)}`;
  const perSecond = elapsedSeconds > 0 ? e.done / elapsedSeconds : 0;
  const rate = perSecond > 0 ? `${fmt(perSecond)} ${unitLabel(unit)}/s` : '-';
  let eta = '-';
  if (e.total !== undefined && e.done >= e.total) eta = '0s';
  else if (e.total !== undefined && perSecond > 0) eta = formatSeconds((e.total - e.done) / perSecond);
  return { amount, rate, eta, elapsed: formatSeconds(elapsedSeconds) };
}

function unitLabel(unit: string): string {
  return unit === 'bytes' ? 'MB' : unit;
}

function formatAmount(v: number, unit: string): string {
  if (unit === 'bytes') return (v / 1e6).toFixed(v < 1e7 ? 1 : 0);
  if (v >= 1e6) return `${(v / 1e6).toFixed(v < 1e7 ? 2 : 1)} M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(0)} k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '-';
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
