import { attackerReportRows } from '../risk/attackers.js';
import type { Assessment, RiskSummary } from './assessment.js';

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)} %`;
const num = (x: number | null | undefined) =>
  x === null || x === undefined
    ? '—'
    : Number.isInteger(x)
      ? x.toLocaleString('en-US')
      : Number(x.toPrecision(5)).toString();

function table(head: string[], rows: unknown[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function riskRows(before?: RiskSummary, after?: RiskSummary): unknown[][] {
  const rows: [string, (r: RiskSummary) => string][] = [
    ['records', (r) => num(r.records)],
    ['equivalence classes', (r) => num(r.classes)],
    ['smallest class', (r) => num(r.smallestClass)],
    ['sample uniqueness', (r) => pct(r.sampleUniqueness)],
    // Every attacker model's rows (risk/attackers.ts), labelled as the first side names them.
    ...attackerReportRows(before ?? after ?? {}).map(
      ({ label, as }) =>
        [
          label,
          (r: RiskSummary) => {
            const v = attackerReportRows(r).find((x) => x.label === label)?.value;
            return typeof v === 'string' ? v : as === 'share' ? pct(v) : num(v);
          },
        ] as [string, (r: RiskSummary) => string],
    ),
    ['population uniqueness (Dankar)', (r) => pct(r.populationUniqueness?.dankar)],
  ];
  return rows.map(([label, f]) => [label, before ? f(before) : '—', after ? f(after) : '—']);
}

const VERDICT_TEXT: Record<Assessment['verdict']['status'], [string, string]> = {
  raw_personal_information: ['Raw personal information', 'PIPL applies in full.'],
  de_identified: [
    'De-identified — still personal information',
    'PIPL Art. 73(3): can be linked back with additional information; PIPL applies in full.',
  ],
  anonymized: [
    'Anonymized under the stated attacker model',
    'PIPL Art. 73(4) and Art. 4: cannot identify a person and cannot be recovered, for the attacker stated.',
  ],
};

/** A self-contained HTML page (no external scripts, fonts or images) rendering the assessment. */
export function toHtml(a: Assessment): string {
  const [title, legal] = VERDICT_TEXT[a.verdict.status];
  const cls =
    a.verdict.status === 'anonymized' ? 'ok' : a.verdict.status === 'de_identified' ? 'warn' : 'bad';
  const parts: string[] = [];
  parts.push(`<header><h1>Wuming assessment <small>${esc(a.job)}</small></h1>
<p>Generated ${esc(a.generatedAt)} by wuming ${esc(a.tool.version)}. Input <code>${esc(a.input.path)}</code> (${num(a.input.rows)} rows${a.input.sha256 ? `, SHA-256 <code>${esc(a.input.sha256.slice(0, 16))}…</code>` : ''})${
    a.output
      ? `; output <code>${esc(a.output.path)}</code> (${num(a.output.rows)} rows${a.output.sha256 ? `, SHA-256 <code>${esc(a.output.sha256.slice(0, 16))}…</code>` : ''})`
      : ''
  }.</p></header>`);
  parts.push(`<section class="verdict ${cls}"><h2>Verdict: ${esc(title)}</h2><p>${esc(legal)}</p>
<p><b>Attacker model.</b> ${esc(a.verdict.attackerModel)}</p>
<ul>${a.verdict.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>
${a.verdict.caveats.length ? `<p><b>Caveats.</b></p><ul>${a.verdict.caveats.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}</section>`);
  parts.push(
    `<section><h2>Columns</h2>${table(
      ['column', 'role', 'action', 'level', 'detected PI', 'PIPL category'],
      a.columns.map((c) => [
        c.name,
        c.role,
        c.action,
        c.level === undefined ? '' : (c.levelMeaning ?? `${c.level} / ${(c.levels ?? 1) - 1}`),
        (c.detected ?? []).join(', '),
        c.piplCategory ?? '',
      ]),
    )}</section>`,
  );
  if (a.article29) {
    const t = a.article29;
    const row = (name: string, x: { passed: boolean; detail: string }) => [
      name,
      x.passed ? 'passed' : 'FAILED',
      x.detail,
    ];
    parts.push(
      `<section><h2>Article 29 tests (WP216 §2.2.2), measured</h2>${table(
        ['test', 'result', 'figure'],
        [
          row('singling out', t.singlingOut),
          row(
            `linkability (${t.linkability.source === 'attack' ? 'linkage attack' : 'model'})`,
            t.linkability,
          ),
          row('inference', t.inference),
        ],
      )}</section>`,
    );
  }
  if (a.findings?.length) {
    parts.push(
      `<section><h2>Found when the output was re-read</h2>${table(
        ['column', 'finding', 'detail'],
        a.findings.map((f) => [f.column, f.kind.replaceAll('_', ' '), f.detail]),
      )}</section>`,
    );
  }
  if (a.thresholds) {
    const th = a.thresholds;
    parts.push(
      `<section><h2>Thresholds the verdict used (${esc(th.profile)} profile)</h2>${table(
        ['threshold', 'value'],
        [
          ['highest prosecutor risk', th.maxHighestRisk],
          ['average prosecutor risk', th.maxAverageRisk],
          ['records linked uniquely', th.maxLinkedShare],
          ['inference confidence', th.inferenceConfidence],
          ['records inferable at that confidence', th.maxInferredShare],
          ['distinct share of a kept column', th.nearUniqueShare],
          ...(a.subject ? [['privacy unit (subject column)', a.subject]] : []),
        ],
      )}</section>`,
    );
  }
  if (a.checks.length) {
    parts.push(
      `<section><h2>Privacy models, verified on the written output</h2>${table(
        ['model', 'promised by search', 'verified by re-read', 'detail'],
        a.checks.map((c) => [c.model, c.promised ? 'yes' : 'no', c.verified ? 'yes' : 'NO', c.detail]),
      )}</section>`,
    );
  }
  if (a.privacy) {
    const p = a.privacy;
    parts.push(
      `<section><h2>Transformation and utility</h2>${table(
        ['quantity', 'value'],
        [
          ['algorithm', p.algorithm],
          [
            'transformation (level per column)',
            Object.entries(p.transformation)
              .map(([k, v]) => `${k}: ${p.levelMeanings?.[k] ?? `level ${v}`}`)
              .join('\n'),
          ],
          ['suppressed records', `${num(p.suppressed)} (limit ${num(p.suppressionLimit)})`],
          ['equivalence classes', num(p.classes)],
          [`score (${p.metric})`, num(p.score)],
          ...Object.entries(p.utility).map(([k, v]) => [k, num(v)]),
          ['search time (s)', num(p.searchSeconds)],
        ],
      )}</section>`,
    );
  }
  if (a.risk.before || a.risk.after) {
    parts.push(
      `<section><h2>Re-identification risk</h2>${table(['measure', 'before', 'after'], riskRows(a.risk.before, a.risk.after))}</section>`,
    );
  }
  for (const c of a.charts)
    parts.push(`<section><h2>${esc(c.title)}</h2><figure>${c.svg}</figure></section>`);
  if (a.keyId)
    parts.push(
      `<p>Keyed operators used key id <code>${esc(a.keyId)}</code> (a fingerprint; the key is not in this report).</p>`,
    );
  parts.push(
    `<section><h2>Timings</h2>${table(
      ['stage', 'seconds'],
      Object.entries(a.timings).map(([k, v]) => [k, v.toFixed(3)]),
    )}</section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wuming assessment — ${esc(title)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#1d2433}
h1 small{font-weight:normal;color:#667}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border-bottom:1px solid #dde;padding:.35em .6em;text-align:left;vertical-align:top;white-space:pre-line}th{background:#f4f6fa}
.verdict{border-left:6px solid;padding:.5em 1em;margin:1em 0;background:#fafbfc}.ok{border-color:#1a7f37}.warn{border-color:#bf8700}.bad{border-color:#cf222e}
code{background:#f0f2f5;padding:0 .25em;border-radius:3px}figure{margin:0}svg{max-width:100%;height:auto}
</style></head><body>
${parts.join('\n')}
</body></html>
`;
}
