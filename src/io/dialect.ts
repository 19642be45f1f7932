import { createRequire } from 'node:module';
import type { parse as Parse } from 'csv-parse/sync';

export interface CsvDialect {
  delimiter: string;
  header: boolean;
  /** Column names (from the header, or column1..N). */
  columns: string[];
}

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * The sample's rows for one candidate delimiter (ragged rows kept, empty lines skipped). Text
 * with no quote and no bare carriage return is split directly: csv-parse would give the same
 * rows (test/io/dialect.test.ts checks it), and not loading it saves ~25 ms of every small
 * job's start-up. Anything else goes to csv-parse with relaxed quoting.
 */
export function parseRows(text: string, delimiter: string): string[][] | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A carriage return is allowed only before a line feed, or as the sample's last character
  // (the sample is cut after a line's CR): csv-parse keeps that one in the last field, so does this.
  if (!body.includes('"') && !body.replace(/\r\n/g, '').slice(0, -1).includes('\r')) {
    const rows: string[][] = [];
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i];
      const line = i < lines.length - 1 && raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line !== '') rows.push(line.split(delimiter));
    }
    return rows;
  }
  return parseWithCsvParse(text, delimiter);
}

const require = createRequire(import.meta.url);

export function parseWithCsvParse(text: string, delimiter: string): string[][] | undefined {
  const { parse } = require('csv-parse/sync') as { parse: typeof Parse };
  const tryParse = (t: string): string[][] | undefined => {
    try {
      return parse(t, {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        bom: true,
      }) as string[][];
    } catch {
      return undefined;
    }
  };
  const all = tryParse(text);
  if (all) return all;
  // An unterminated quote (line 16 of 200) makes the whole sample unparsable, and sniffing then
  // fell back to one column, so the engine reported "2 fields" at line 1 instead of the quote at
  // line 16: sniff the longest run of first lines that parses (a binary search, ~8 parses).
  const lines = text.split('\n');
  let lo = 0;
  let hi = lines.length;
  let best: string[][] | undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const rows = tryParse(lines.slice(0, mid).join('\n'));
    if (rows) {
      lo = mid;
      best = rows;
    } else hi = mid;
  }
  return best && best.length > 0 ? best : undefined;
}

const isNumeric = (s: string) => s.trim() !== '' && Number.isFinite(Number(s.trim()));

/**
 * Sniff the delimiter and header from the first lines. DuckDB's sniffer guesses silently (a file
 * with one ragged row is read as a single column), so we choose the delimiter ourselves — the one
 * that gives the most rows with the same field count (>1), ties to the larger count — and then
 * read with explicit columns so a ragged row becomes an error naming its line.
 */
export function sniffDialect(
  headText: string,
  opts: { delimiter?: string; header?: boolean } = {},
): CsvDialect {
  // Keep only complete lines: the head sample may cut the last one.
  const lastNl = headText.lastIndexOf('\n');
  const text = lastNl > 0 && headText.length >= 1 << 19 ? headText.slice(0, lastNl + 1) : headText;
  const sample = text.split('\n').slice(0, 200).join('\n');

  let best: { delimiter: string; rows: string[][]; score: number; width: number } | undefined;
  for (const d of opts.delimiter ? [opts.delimiter] : CANDIDATES) {
    const rows = parseRows(sample, d);
    if (!rows || rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let width = 0;
    let freq = 0;
    for (const [w, f] of counts) if (f > freq || (f === freq && w > width)) [width, freq] = [w, f];
    const score = width > 1 ? freq : 0;
    if (!best || score > best.score || (score === best.score && width > best.width))
      best = { delimiter: d, rows, score, width };
  }
  const delimiter = best && best.score > 0 ? best.delimiter : (opts.delimiter ?? ',');
  const rows = best?.rows ?? parseRows(sample, delimiter) ?? [];
  const width = best && best.score > 0 ? best.width : Math.max(1, ...rows.map((r) => r.length));
  const first = rows[0] ?? [];
  const header = opts.header ?? looksLikeHeader(first, rows.slice(1));
  const columns = header
    ? uniqueNames(first, width)
    : Array.from({ length: width }, (_, i) => `column${i + 1}`);
  return { delimiter, header, columns };
}

/**
 * A first row is a header unless it looks like data: it is a header when it has no empty or
 * numeric cells and either some column below is mostly numeric, or its cells never recur in their
 * column below (data values such as 男/女 recur; column titles do not).
 */
function looksLikeHeader(first: string[], rest: string[][]): boolean {
  if (first.length === 0) return false;
  if (first.some(isNumeric)) return false;
  const empty = first.filter((c) => c.trim() === '').length;
  if (empty > 0) {
    // A header with an unnamed column (an index column, a spreadsheet's blank title) is still a
    // header when most titles are there and a titled column is numeric below: reading it as
    // data gave column1..N and one record too many. Data rows with gaps rarely pass both.
    if (empty * 2 > first.length || rest.length === 0) return false;
    for (let c = 0; c < first.length; c++) {
      if (first[c].trim() === '') continue;
      const col = rest.map((r) => r[c] ?? '').filter((v) => v !== '');
      if (col.length > 0 && col.filter(isNumeric).length / col.length > 0.8) return true;
    }
    return false;
  }
  if (rest.length === 0) return true;
  for (let c = 0; c < first.length; c++) {
    const col = rest.map((r) => r[c] ?? '').filter((v) => v !== '');
    if (col.length > 0 && col.filter(isNumeric).length / col.length > 0.8) return true;
  }
  let recurring = 0;
  for (let c = 0; c < first.length; c++) if (rest.some((r) => r[c] === first[c])) recurring++;
  return recurring === 0;
}

function uniqueNames(first: string[], width: number): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < width; i++) {
    // A NUL cannot stand in an SQL literal or identifier (the engine's parser ends the text there:
    // a header cell "\0" became a raw SQL parse error); it is dropped from the name.
    let name = (first[i] ?? '').replaceAll('\u0000', '').trim() || `column${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) name = `${name}_${n + 1}`;
    out.push(name);
  }
  return out;
}
