import type { Command } from 'commander';
import type { LineFinding } from '../detect/index.js';
import { usageError } from '../errors.js';
import type { ProgressFn } from '../progress.js';
import {
  ALL_TYPES,
  detectFile,
  detectStream,
  REDACT_STYLES,
  redactFile,
  redactStream,
} from '../run/detect.js';
import type { RedactStyle } from '../transform/redact-spans.js';
import { action, columnList, parseNumber, printTable, progressBar } from './common.js';
import { summaryOf } from './summaries.js';

/**
 * `wuming detect FILE|- [--json] [--types T1,T2] [--min-score S] [--redact [--redact-with
 * tag|mask|token] [--key-file K] [--out F]]`. With --json, one JSON line per finding:
 * {"line", "start", "end", "type", "score"} (0-based line, UTF-16 offsets within the line, end
 * exclusive) — a contract other tools rely on. Without it, a table with the same 0-based lines;
 * values are never printed, only their position, type and score. `-` reads standard input.
 * --redact writes the text itself with each finding replaced (to --out, else to stdout).
 */
export function register(program: Command): void {
  program
    .command('detect')
    .description(summaryOf('detect'))
    .argument('<file>', 'text file, or - for standard input')
    .option('--json', 'one JSON line per finding')
    .option('--types <list>', `comma-separated types (${ALL_TYPES.join(', ')})`)
    .option('--min-score <s>', 'minimum score 0..1 (default 0.5)')
    .option('--redact', 'write the text with each finding replaced (to --out, else stdout)')
    .option(
      '--redact-with <style>',
      `replacement: ${REDACT_STYLES.join(', ')} (default tag; token with --key-file)`,
    )
    .option('--key-file <file>', 'key file from `wuming keygen`, for --redact-with token')
    .option('--out <file>', 'with --redact: write the redacted text here (atomically); findings go to stdout')
    .action(
      action(
        async (
          file: string,
          o: {
            json?: boolean;
            types?: string;
            minScore?: string;
            redact?: boolean;
            redactWith?: string;
            keyFile?: string;
            out?: string;
          },
        ) => {
          const types = columnList(o.types);
          for (const t of types ?? []) {
            if (!(ALL_TYPES as readonly string[]).includes(t))
              throw usageError(`unknown type "${t}"; known: ${ALL_TYPES.join(', ')}`);
          }
          const minScore = parseNumber('min-score', o.minScore, { min: 0, max: 1 });
          if (!o.redact && (o.redactWith || o.out || o.keyFile))
            throw usageError('--redact-with, --key-file and --out go with --redact');
          const stdin = file === '-';
          const bar = progressBar(!o.json && !(o.redact && !o.out));
          const sink = findingSink(o.json === true);
          const detect = { types, minScore, onProgress: bar.onProgress };
          try {
            if (o.redact) await redact(file, stdin, o, detect, sink);
            else
              for await (const f of stdin ? detectStream(process.stdin, detect) : detectFile(file, detect))
                sink.add(f);
          } finally {
            sink.flush();
            bar.stop();
          }
          if (!o.redact || o.out) sink.end();
          return 0;
        },
      ),
    );
}

/**
 * Redact: with --out the text goes to the file and the findings are reported as usual; without
 * it the text is the only thing on stdout and a one-line summary goes to stderr.
 */
async function redact(
  file: string,
  stdin: boolean,
  o: { redactWith?: string; keyFile?: string; out?: string },
  detect: { types?: string[]; minScore?: number; onProgress: ProgressFn },
  sink: FindingSink,
): Promise<void> {
  const style = (o.redactWith ?? (o.keyFile ? 'token' : 'tag')) as RedactStyle;
  if (!REDACT_STYLES.includes(style))
    throw usageError(`--redact-with must be one of ${REDACT_STYLES.join(', ')}`);
  if (style === 'token' && !o.keyFile) throw usageError('--redact-with token needs --key-file');
  // Imported here: the key modules load DuckDB (the vault), a native library that took about a
  // third of `wuming detect`'s start-up when imported with the command.
  const keys = o.keyFile ? await (await import('../run/keys.js')).loadKeyFile(o.keyFile) : undefined;
  const input = stdin ? process.stdin : file;
  const opts = { ...detect, style, keys, name: stdin ? '<stdin>' : file };
  if (o.out) {
    await redactFile(input, o.out, { ...opts, onFindings: (fs) => fs.forEach(sink.add) });
    return;
  }
  const counts = new Map<string, number>();
  let buf = '';
  for await (const piece of redactStream(input, opts)) {
    buf += piece.text;
    if (buf.length > 1 << 16) {
      process.stdout.write(buf);
      buf = '';
    }
    for (const f of piece.findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  }
  if (buf) process.stdout.write(buf);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const byType = [...counts.entries()].map(([t, n]) => `${t} ${n}`).join(', ');
  process.stderr.write(
    `wuming: ${total} finding${total === 1 ? '' : 's'} replaced (${style})${total ? `: ${byType}` : ''}\n`,
  );
}

interface FindingSink {
  add(f: LineFinding): void;
  /** Write buffered JSON lines. */
  flush(): void;
  /** Print the table (text mode). */
  end(): void;
}

/** JSON lines streamed in 64 kB writes, or a table of the same 0-based lines at the end. */
function findingSink(json: boolean): FindingSink {
  const rows: (string | number)[][] = [];
  const counts = new Map<string, number>();
  let out = '';
  return {
    add(f) {
      if (json) {
        // Buffered: one write per finding would dominate the run time on big files.
        out += `${JSON.stringify({ line: f.line, start: f.start, end: f.end, type: f.type, score: f.score })}\n`;
        if (out.length > 1 << 16) {
          process.stdout.write(out);
          out = '';
        }
      } else {
        rows.push([f.line, f.start, f.end, f.type, f.score]);
        counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
      }
    },
    flush() {
      if (out) process.stdout.write(out);
      out = '';
    },
    end() {
      if (json) return;
      if (rows.length === 0) {
        process.stdout.write('no personal information found\n');
        return;
      }
      printTable(['line', 'start', 'end', 'type', 'score'], rows);
      printTable(
        ['type', 'findings'],
        [...counts.entries()].sort((a, b) => b[1] - a[1]),
      );
      process.stdout.write(
        'line is 0-based, as in --json; start/end are UTF-16 offsets within the line, end exclusive\n',
      );
    },
  };
}
