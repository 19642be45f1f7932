import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_TYPES, detectors, detectText } from '../../src/detect/index.js';
import { type FileScore, type Floors, floorViolations, loadEvalFiles, scoreFile } from './fixtures/score.js';

/**
 * Per-file quality floors on the labelled evaluation files (data/eval/detect/{generated,tuned,
 * heldout}/): for every file and every type, exact-match F1 must stay at or above the floor in
 * eval-floors.json (the figure measured when the floor was set, minus 0.01; regenerate with
 * `npx tsx bench/detect-heldout.ts --write-floors` only after an improvement). Pooling the files
 * would let 3,000 generated sentences hide a regression on a 120-line held-out file; per file it
 * cannot.
 */
const files = loadEvalFiles();
const floors = JSON.parse(readFileSync(join(import.meta.dirname, 'eval-floors.json'), 'utf8')) as Floors;

function scoreAll(types?: readonly string[]): Record<string, FileScore> {
  const out: Record<string, FileScore> = {};
  for (const f of files) {
    out[f.id] = scoreFile(f.rows, (i) => detectText(f.rows[i].text, types ? { types } : {}));
  }
  return out;
}

describe('evaluation files', () => {
  it('keeps generated, tuned and untouched held-out files apart, each with a floor', () => {
    const kinds = new Set(files.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['generated', 'heldout', 'tuned']);
    expect(Object.keys(floors).sort()).toEqual(files.map((f) => f.id).sort());
    for (const f of files) expect(Object.keys(floors[f.id]).sort()).toEqual(['ALL', ...ALL_TYPES].sort());
  });

  it('every file and every type stays at or above its F1 floor', () => {
    expect(floorViolations(scoreAll(), floors)).toEqual([]);
  });

  // Mutation check kept as a test: a detector that returns nothing must break at least one floor,
  // so no detector can silently die. (Run by hand too: `find` returning [] in mobile.ts turns the
  // test above red; see data/eval/detect/README.md.) With a type silenced, only the rows that hold
  // a span of that type can change its F1 (elsewhere it finds nothing either way), so each type is
  // scored on those rows of each file that has a floor for it: the same verdict per type as a full
  // scoring of every file (20 of those were most of this file's 37 s in session 6), and a
  // violation of that type's own floor is required, not any violation.
  it('silencing any one detector breaks its own floor', () => {
    for (const d of detectors) {
      const others = ALL_TYPES.filter((t) => t !== d.type);
      const broken: string[] = [];
      for (const f of files) {
        const floor = floors[f.id]?.[d.type];
        if (!floor) continue;
        const rows = f.rows.filter((r) => r.spans.some((s) => s.type === d.type));
        if (rows.length === 0) continue;
        const score = scoreFile(rows, (i) => detectText(rows[i].text, { types: others }));
        const f1 = score.perType[d.type]?.f1 ?? 1;
        if (f1 < floor) broken.push(f.id);
      }
      expect(broken.length, d.type).toBeGreaterThan(0);
    }
  });
});
