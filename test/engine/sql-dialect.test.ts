import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * SQL dialect only in engine/ (issue 21): jobs ask the engine (`Dialect` methods, capability
 * flags, `Engine.rowOrder`) for what only DuckDB writes this way, so a second engine is one more
 * implementation, never a search through the jobs. This scans the string and template literals
 * (not comments) of every source file outside src/engine/ for DuckDB-only constructs.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

/** DuckDB-only SQL and the Dialect/Engine member that writes it instead. */
const DUCKDB_ONLY: { pattern: RegExp; use: string }[] = [
  { pattern: /\bGROUP\s+BY\s+ALL\b/i, use: 'GROUP BY the expressions' },
  { pattern: /\bread_(csv|parquet|json)\w*\s*\(/i, use: 'dialect.readFile' },
  { pattern: /\browid\b/i, use: 'engine.rowOrder / dialect.tableRowId' },
  { pattern: /\bhash\s*\(/i, use: 'dialect.hash' },
  { pattern: /\bTEMP(ORARY)?\s+TABLE\b/i, use: 'dialect.createTempTable' },
  { pattern: /\bFILTER\s*\(\s*WHERE\b/i, use: 'dialect.countWhere / sumWhere' },
  { pattern: /\bUSING\s+SAMPLE\b/i, use: 'dialect.sample' },
  { pattern: /\bapprox_count_distinct\s*\(/i, use: 'dialect.approxCountDistinct' },
  { pattern: /\bunnest\s*\(\s*range\s*\(/i, use: 'dialect.seriesBelow' },
];

/**
 * Files allowed to hold one of these, with the reason. Empty: a new entry needs a reason a
 * reviewer accepts (e.g. a DuckDB-specific file format that no other engine reads).
 */
const ALLOWED: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The text of every string and template literal piece of a file, with its line. */
function literals(file: string): { text: string; line: number }[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      out.push({ text: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function violations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = relative(ROOT, file).replaceAll('\\', '/');
    if (rel.startsWith('src/engine/') || ALLOWED[rel]) continue;
    for (const { text, line } of literals(file))
      for (const { pattern, use } of DUCKDB_ONLY)
        if (pattern.test(text)) found.push(`${rel}:${line}: ${pattern.source} (use ${use})`);
  }
  return found;
}

describe('SQL dialect only in engine/', () => {
  it('no DuckDB-only SQL in string or template literals outside src/engine/', () => {
    expect(violations(sourceFiles(SRC))).toEqual([]);
  });

  it('the check finds such SQL (in a template), and not in comments or identifiers', () => {
    const dir = join(ROOT, 'test', 'engine', 'fixtures');
    const hits = violations([join(dir, 'dialect-sample.ts')]);
    expect(hits.map((h) => h.replace(/^.*?:(\d+):.*$/, '$1'))).toEqual(['4', '5', '7']);
  });

  it('every allowed file still exists and still needs its exception', () => {
    for (const rel of Object.keys(ALLOWED)) {
      const file = join(ROOT, rel);
      expect(
        literals(file).some(({ text }) => DUCKDB_ONLY.some(({ pattern }) => pattern.test(text))),
        rel,
      ).toBe(true);
    }
  });
});
