import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { WumingError } from '../errors.js';

/**
 * Excel workbooks (.xlsx) as input, read with `read-excel-file` (MIT; maintained, small: it
 * unzips with fflate and parses the sheet XML with a SAX parser, no native code). Cells come in
 * as text, so identifiers keep their leading zeros as typed: numbers are taken as the digits the
 * file stores (no float round trip), dates as ISO 8601 (`2024-03-01`, or with the time when it is
 * not midnight), booleans as `true`/`false`, empty cells as missing (NULL, like an empty CSV field).
 * The first row is the header. Legacy .xls (BIFF) files are refused with a message saying so.
 */
export interface ExcelTable {
  /** The sheet that was read. */
  sheet: string;
  columns: string[];
  /** Data rows (header excluded), padded to the header's width; null = empty cell. */
  rows: (string | null)[][];
}

/** Whether a path names an Excel workbook, with or without a `#Sheet` suffix. */
export function isExcelPath(path: string): boolean {
  return /\.xlsx$/i.test(splitSheet(path).file);
}

/**
 * `book.xlsx#Sheet 2` → the file and the sheet (by name, or by 1-based number); the suffix is
 * only taken as a sheet when the whole path is not itself an existing file name.
 */
function splitSheet(path: string): { file: string; sheet?: string } {
  const at = path.lastIndexOf('#');
  if (at > 0 && /\.xlsx$/i.test(path.slice(0, at)) && !/\.xlsx$/i.test(path)) {
    return { file: path.slice(0, at), sheet: path.slice(at + 1) };
  }
  return { file: path };
}

/** Column letters as Excel shows them (0 → A, 26 → AA), for error messages. */
export function columnLetter(index: number): string {
  let s = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26))
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace(/\.000Z$/, 'Z');
  }
  const s = String(v);
  return s === '' ? null : s;
}

/**
 * Read one sheet of an .xlsx file: `sheet` by name or 1-based number (default: the first, or
 * the `#Sheet` suffix of the path). Errors name the file, the sheet, the row and the column
 * letter, never a cell's value.
 */
export async function readExcel(path: string, opts: { sheet?: string } = {}): Promise<ExcelTable> {
  const split = splitSheet(path);
  const file = split.file;
  const wanted = opts.sheet ?? split.sheet;
  if (!/\.xlsx?$/i.test(file)) {
    throw new WumingError('INPUT_NOT_FOUND', 'cannot read input: not an Excel workbook (.xlsx)', {
      kind: 'usage',
      location: { file },
    });
  }
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a file');
    if (s.size === 0) throw new WumingError('EMPTY_FILE', 'the file is empty', { location: { file } });
  } catch (e) {
    if (e instanceof WumingError) throw e;
    throw new WumingError('INPUT_NOT_FOUND', 'cannot read input: no such file', {
      kind: 'io',
      location: { file },
    });
  }
  if (extname(file).toLowerCase() === '.xls') {
    throw new WumingError(
      'XLS_UNSUPPORTED',
      'legacy .xls workbooks are not read; save the file as .xlsx or CSV',
      {
        location: { file },
      },
    );
  }
  const { default: readXlsxFile } = await import('read-excel-file/node');
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // Numbers as the text the file stores: "007" typed as text stays text, 1.10 is not turned into 1.1.
    sheets = (await readXlsxFile(file, { parseNumber: (t: string) => t, trim: false })) as {
      sheet: string;
      data: unknown[][];
    }[];
  } catch (e) {
    throw new WumingError('BAD_FILE', `cannot read the workbook: ${firstLine(e)}`, {
      location: { file },
      cause: e,
    });
  }
  if (sheets.length === 0) {
    throw new WumingError('EMPTY_FILE', 'the workbook has no sheets', { location: { file } });
  }
  let chosen = sheets[0];
  if (wanted !== undefined) {
    const byName = sheets.find((s) => s.sheet === wanted);
    const n = /^\d+$/.test(wanted) ? Number(wanted) : undefined;
    const found = byName ?? (n !== undefined && n >= 1 && n <= sheets.length ? sheets[n - 1] : undefined);
    if (!found) {
      throw new WumingError(
        'NO_SHEET',
        `no sheet "${wanted}" in the workbook (sheets: ${sheets.map((s) => s.sheet).join(', ')})`,
        { kind: 'usage', location: { file } },
      );
    }
    chosen = found;
  }
  const where = `${file}#${chosen.sheet}`;
  const data = chosen.data;
  // Leading empty rows are skipped, as a person reading the sheet would.
  let h = 0;
  while (h < data.length && data[h].every((v) => cellText(v) === null)) h++;
  if (h === data.length) {
    throw new WumingError('EMPTY_FILE', 'the sheet is empty', { location: { file: where } });
  }
  const headerCells = data[h].map(cellText);
  while (headerCells.length > 0 && headerCells[headerCells.length - 1] === null) headerCells.pop();
  const seen = new Map<string, number>();
  const columns = headerCells.map((c, i) => {
    if (c === null) {
      throw new WumingError('EMPTY_HEADER', `the header cell of column ${columnLetter(i)} is empty`, {
        location: { file: where, line: h + 1 },
      });
    }
    const name = c.trim();
    const prev = seen.get(name);
    if (prev !== undefined) {
      throw new WumingError(
        'DUPLICATE_HEADER',
        `columns ${columnLetter(prev)} and ${columnLetter(i)} have the same header`,
        { location: { file: where, line: h + 1, column: name } },
      );
    }
    seen.set(name, i);
    return name;
  });
  const width = columns.length;
  const rows: (string | null)[][] = [];
  for (let r = h + 1; r < data.length; r++) {
    const cells = data[r].map(cellText);
    for (let c = width; c < cells.length; c++) {
      if (cells[c] !== null) {
        throw new WumingError(
          'RAGGED_ROW',
          `row has a value in column ${columnLetter(c)}, beyond the ${width} columns of the header`,
          { location: { file: where, line: r + 1 } },
        );
      }
    }
    if (cells.every((v) => v === null)) continue; // blank row
    const row = cells.slice(0, width);
    while (row.length < width) row.push(null);
    rows.push(row);
  }
  if (rows.length === 0) {
    throw new WumingError('EMPTY_FILE', 'the sheet has a header but no data rows', {
      location: { file: where },
    });
  }
  return { sheet: chosen.sheet, columns, rows };
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
