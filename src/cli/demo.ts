import type { Command } from 'commander';
import { demo } from '../run/demo.js';
import { VERDICT_WORDS } from '../run/report.js';
import { action, formatNumber, printJson, printTable, progressBar } from './common.js';
import { summaryOf } from './summaries.js';

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)} %`);

export function register(program: Command): void {
  program
    .command('demo')
    .description(summaryOf('demo'))
    .option('--input <file>', 'a different input file (default: the bundled 10,000-row sample)')
    .option('--out <dir>', 'output directory', 'wuming-out')
    .option('--json', 'print the assessment as one JSON object')
    .action(
      action(async (o: { input?: string; out: string; json?: boolean }) => {
        const bar = progressBar(!o.json);
        const r = await demo({ input: o.input, outDir: o.out, onProgress: bar.onProgress });
        bar.stop();
        const a = r.assessment;
        if (o.json) {
          printJson({
            ...a,
            charts: a.charts.map((c) => ({ id: c.id, title: c.title })),
            files: r.files,
            seconds: r.seconds,
          });
          return a.checks.every((c) => c.verified) ? 0 : 1;
        }
        const before = a.risk.before;
        const after = a.risk.after;
        const k = a.checks.find((c) => /anonymity/.test(c.model));
        printTable(
          ['', 'before', 'after'],
          [
            ['rows', formatNumber(a.input.rows), formatNumber(a.output?.rows ?? 0)],
            ['columns', formatNumber(a.input.columns), formatNumber(a.output?.columns ?? 0)],
            ['suppressed records', '—', formatNumber(a.privacy?.suppressed ?? 0)],
            ['equivalence classes', formatNumber(before?.classes ?? 0), formatNumber(after?.classes ?? 0)],
            [
              'smallest class (k reached)',
              formatNumber(before?.smallestClass ?? 0),
              formatNumber(after?.smallestClass ?? 0),
            ],
            ['sample uniqueness', pct(before?.sampleUniqueness), pct(after?.sampleUniqueness)],
            [
              'highest prosecutor risk',
              formatNumber(before?.prosecutor.highest ?? 0),
              formatNumber(after?.prosecutor.highest ?? 0),
            ],
            [
              'average prosecutor risk',
              formatNumber(before?.prosecutor.average ?? 0),
              formatNumber(after?.prosecutor.average ?? 0),
            ],
            [
              'records at risk > 0.2',
              pct(before?.prosecutor.recordsAbove['0.2']),
              pct(after?.prosecutor.recordsAbove['0.2']),
            ],
          ],
        );
        for (const c of a.checks)
          process.stdout.write(`${c.verified ? '✔' : '✘'} ${c.model} — ${c.detail}\n`);
        if (k === undefined) process.stdout.write('no k-anonymity requirement\n');
        process.stdout.write(
          `verdict: ${VERDICT_WORDS[a.verdict.status]} (${a.privacy ? `loss ${formatNumber(a.privacy.score)}, ` : ''}${r.seconds.toFixed(1)} s)\n` +
            `wrote ${r.files.policy}, ${r.files.output}, ${r.files.reportJson}, ${r.files.reportHtml}\n`,
        );
        return a.checks.every((c) => c.verified) ? 0 : 1;
      }),
    );
}
