import type { Command } from 'commander';
import { ALL_TYPES } from '../detect/index.js';
import { usageError } from '../errors.js';
import { detectFile } from '../run/detect.js';
import { action, columnList, parseNumber, printTable, progressBar } from './common.js';

/**
 * `wuming detect FILE [--json] [--types T1,T2] [--min-score S]`. With --json, one JSON line per
 * finding: {"line", "start", "end", "type", "score"} (0-based line, UTF-16 offsets within the
 * line, end exclusive) — a contract other tools rely on. Without it, a table; values are never
 * printed, only their position, type and score.
 */
export function register(program: Command): void {
  program
    .command('detect')
    .description('find personal information in a UTF-8 or GBK text file')
    .argument('<file>', 'text file')
    .option('--json', 'one JSON line per finding')
    .option('--types <list>', `comma-separated types (${ALL_TYPES.join(', ')})`)
    .option('--min-score <s>', 'minimum score 0..1 (default 0.5)')
    .action(
      action(async (file: string, o: { json?: boolean; types?: string; minScore?: string }) => {
        const types = columnList(o.types);
        for (const t of types ?? []) {
          if (!(ALL_TYPES as readonly string[]).includes(t))
            throw usageError(`unknown type "${t}"; known: ${ALL_TYPES.join(', ')}`);
        }
        const minScore = parseNumber('min-score', o.minScore, { min: 0, max: 1 });
        const bar = progressBar(!o.json);
        const rows: (string | number)[][] = [];
        const counts = new Map<string, number>();
        let out = '';
        try {
          for await (const f of detectFile(file, { types, minScore, onProgress: bar.onProgress })) {
            if (o.json) {
              // Buffered: one write per finding would dominate the run time on big files.
              out += `${JSON.stringify({ line: f.line, start: f.start, end: f.end, type: f.type, score: f.score })}\n`;
              if (out.length > 1 << 16) {
                process.stdout.write(out);
                out = '';
              }
            } else {
              rows.push([f.line + 1, f.start, f.end, f.type, f.score]);
              counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
            }
          }
        } finally {
          if (out) process.stdout.write(out);
          bar.stop();
        }
        if (!o.json) {
          if (rows.length === 0) process.stdout.write('no personal information found\n');
          else {
            printTable(['line', 'start', 'end', 'type', 'score'], rows);
            printTable(
              ['type', 'findings'],
              [...counts.entries()].sort((a, b) => b[1] - a[1]),
            );
          }
        }
        return 0;
      }),
    );
}
