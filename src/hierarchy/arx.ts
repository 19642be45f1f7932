import { readFileSync } from 'node:fs';
import { WumingError } from '../errors.js';
import { csvCell } from '../io/write.js';
import type { Hierarchy } from './hierarchy.js';
import { validateHierarchy } from './validate.js';

/**
 * Import of ARX-format hierarchy files: one row per leaf value, one column per level (level 0 =
 * the original value, usually '*' in the last column), ';'-separated. This is the format ARX
 * writes from its GUI and ships with its example data (e.g. adult_hierarchy_age.csv). Fields may
 * be double-quoted ("a;b" keeps its ';', "" is a quote). Blank lines are ignored; a UTF-8 BOM and
 * CRLF line ends are accepted.
 */
export function parseArxHierarchy(
  text: string,
  column: string,
  origin: string,
  opts: {
    delimiter?: string;
    /** Told about harmless problems (identical duplicate rows), as "file:line: message". */
    onWarning?: (message: string) => void;
  } = {},
): Hierarchy {
  const delimiter = opts.delimiter ?? ';';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Lines end in LF, CR LF or CR; the plain split (no regular expression) when there is no CR:
  // a 22,520-line date hierarchy is read on every run that names it.
  const physical = body.indexOf('\r') >= 0 ? body.split(/\r\n|\n|\r/) : body.split('\n');
  let rows: string[][] = [];
  let lines: number[] = [];
  for (let i = 0; i < physical.length; i++) {
    const line = physical[i];
    if (isBlank(line)) continue;
    rows.push(splitFields(line, delimiter, origin, i + 1, column));
    lines.push(i + 1);
  }
  if (rows.length === 0) {
    throw new WumingError('HIERARCHY_EMPTY', `hierarchy for column "${column}" has no rows`, {
      location: { file: origin, column },
    });
  }
  const width = rows[0].length;
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== width) {
      throw new WumingError(
        'HIERARCHY_RAGGED',
        `hierarchy for column "${column}": row has ${rows[r].length} levels, the first row has ${width}`,
        { location: { file: origin, line: lines[r], column } },
      );
    }
  }
  // Identical duplicate rows are harmless (ARX accepts them and published benchmark hierarchies
  // contain them): kept once, with a warning. The same value with two different generalizations
  // is ambiguous: an error naming both lines. The leaf index built here is level 0's codes.
  const leafIndex = new Map<string, number>();
  const keep: number[] = [];
  const repeats: [number, number][] = [];
  for (let r = 0; r < rows.length; r++) {
    const leaf = rows[r][0];
    const k = leafIndex.get(leaf);
    if (k === undefined) {
      leafIndex.set(leaf, keep.length);
      keep.push(r);
      continue;
    }
    const f = keep[k];
    if (rows[f].every((v, level) => v === rows[r][level])) {
      repeats.push([lines[f], lines[r]]);
    } else {
      throw new WumingError(
        'HIERARCHY_DUPLICATE',
        `hierarchy for column "${column}": lines ${lines[f]} and ${lines[r]} give the same value different generalizations`,
        { location: { file: origin, line: lines[r], column } },
      );
    }
  }
  if (repeats.length > 0) {
    const [a, b] = repeats[0];
    opts.onWarning?.(
      `${origin}:${b}: hierarchy for column "${column}": ${repeats.length === 1 ? `line ${b} repeats line ${a}` : `${repeats.length} rows repeat earlier rows (first: line ${b} repeats line ${a})`}; duplicates ignored`,
    );
    rows = keep.map((r) => rows[r]);
    lines = keep.map((r) => lines[r]);
  }
  const n = rows.length;
  const maps: Int32Array[] = [Int32Array.from({ length: n }, (_, i) => i)];
  const labels: string[][] = [rows.map((row) => row[0])];
  for (let level = 1; level < width; level++) {
    const codes = new Map<string, number>();
    const map = new Int32Array(n);
    const lab: string[] = [];
    for (let r = 0; r < n; r++) {
      const v = rows[r][level];
      let c = codes.get(v);
      if (c === undefined) {
        c = lab.length;
        codes.set(v, c);
        lab.push(v);
      }
      map[r] = c;
    }
    maps.push(map);
    labels.push(lab);
  }
  const h: Hierarchy = { column, leaves: labels[0], maps, labels, origin };
  validateHierarchy(h, { leafLines: lines, leafIndex });
  return h;
}

/** Whether a line holds only white space (as String.prototype.trim sees it). */
function isBlank(line: string): boolean {
  const c = line.charCodeAt(0);
  // A visible ASCII first character: not blank, without making the trimmed copy.
  if (c > 32 && c < 127) return false;
  return line.trim() === '';
}

function splitFields(
  line: string,
  delimiter: string,
  file: string,
  lineNo: number,
  column: string,
): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= line.length) {
          throw new WumingError('HIERARCHY_QUOTE', `hierarchy for column "${column}": unclosed quote`, {
            location: { file, line: lineNo, column },
          });
        }
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += line[i++];
      }
      out.push(v);
    } else {
      const j = line.indexOf(delimiter, i);
      out.push(j < 0 ? line.slice(i) : line.slice(i, j));
      if (j < 0) return out;
      i = j;
    }
    if (i >= line.length) return out;
    if (line.startsWith(delimiter, i)) {
      i += delimiter.length;
      if (i === line.length) {
        out.push('');
        return out;
      }
    } else {
      throw new WumingError(
        'HIERARCHY_QUOTE',
        `hierarchy for column "${column}": text after a closing quote`,
        {
          location: { file, line: lineNo, column },
        },
      );
    }
  }
}

/** Read one ARX-format hierarchy file for `column`. */
export async function readArxHierarchy(
  path: string,
  column: string,
  opts: { onWarning?: (message: string) => void } = {},
): Promise<Hierarchy> {
  let text: string;
  try {
    // Read synchronously: a hierarchy file is small, and each asynchronous read is a round trip
    // through libuv's thread pool that a run naming eight hierarchies waits for eight times.
    text = readFileSync(path, 'utf8');
  } catch {
    throw new WumingError('HIERARCHY_NOT_FOUND', `cannot read the hierarchy for column "${column}"`, {
      kind: 'io',
      location: { file: path, column },
    });
  }
  return parseArxHierarchy(text, column, path, opts);
}

/** Write a hierarchy in ARX's format (one row per leaf, one column per level, ';'-separated; fields quoted when needed). */
export function toArxCsv(h: Hierarchy): string {
  const q = (v: string) => csvCell(v, ';');
  const lines: string[] = [];
  for (let leaf = 0; leaf < h.leaves.length; leaf++) {
    lines.push(h.maps.map((m, L) => q(h.labels[L][m[leaf]])).join(';'));
  }
  return `${lines.join('\n')}\n`;
}
