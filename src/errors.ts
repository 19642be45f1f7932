/**
 * Typed errors. The CLI maps `kind` to exit codes: 'data' and 'policy' → 1 (the input is wrong),
 * 'usage' → 2 (the command line is wrong). Messages are for people and must never quote
 * personal information: they name the file, the row (1-based, as a spreadsheet shows it) and the
 * column, never the cell's value.
 */
export type ErrorKind = 'usage' | 'data' | 'policy' | 'io' | 'internal';

export interface ErrorLocation {
  file?: string;
  /** 1-based line in the file (header is line 1 for CSV). */
  line?: number;
  column?: string;
  /** Policy key path, e.g. `columns.age.hierarchy`. */
  key?: string;
}

export class WumingError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly location: ErrorLocation;

  constructor(
    code: string,
    message: string,
    opts: { kind?: ErrorKind; location?: ErrorLocation; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'WumingError';
    this.code = code;
    this.kind = opts.kind ?? 'data';
    this.location = opts.location ?? {};
  }

  /** Exit code documented in the README: 1 = bad data/policy/io, 2 = bad usage. */
  get exitCode(): 1 | 2 {
    return this.kind === 'usage' ? 2 : 1;
  }

  /** "file:line column: message" in the style compilers use, so editors can jump to it. */
  describe(): string {
    const { file, line, column, key } = this.location;
    const where = [
      file ? (line ? `${file}:${line}` : file) : undefined,
      column ? `column "${column}"` : undefined,
      key ? `key "${key}"` : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

export const usageError = (message: string) => new WumingError('USAGE', message, { kind: 'usage' });
