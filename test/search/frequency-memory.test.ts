import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import type { MemoryTable } from '../../src/io/csv-memory.js';
import { frequencyTableInMemory } from '../../src/search/frequency-memory.js';

/** A flat hierarchy over v0..v(n-1). */
const flat = (n: number, column: string) =>
  parseArxHierarchy(Array.from({ length: n }, (_, x) => `v${x};*`).join('\n'), column, 'mem');

describe('frequencies of a table in memory', () => {
  it('give each distinct tuple one row, in order of first appearance, with its count (brute force)', () => {
    // Up to 8 columns of up to 5,000 distinct values: products far beyond 2^53, so the keys are
    // renumbered part way (and not at all when few columns are drawn).
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8, size: 'max' }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 500, size: 'max' }),
        fc.integer({ min: 2, max: 5 }),
        (cards, seeds, spread) => {
          const rows = seeds.length;
          // Repeated tuples: each record copies an earlier one (by its seed) or draws new values.
          const cells: number[][] = [];
          for (let r = 0; r < rows; r++) {
            const s = seeds[r];
            if (r > 0 && s % spread === 0) cells.push(cells[s % r]);
            else if (r > 0 && s % spread === 1) {
              // An earlier tuple with only the last value changed: keys that differ by less
              // than the last column's cardinality (lost in a double beyond 2^53).
              const t = [...cells[s % r]];
              t[t.length - 1] = (t[t.length - 1] + 1) % cards[cards.length - 1];
              cells.push(t);
            } else
              cells.push(
                cards.map(
                  (c, i) =>
                    ((Math.imul(s + 1, 0x9e3779b1) ^
                      Math.imul(i + 1, 0x85ebca6b) ^
                      Math.imul(r + 1, 0x41c64e6d)) >>>
                      0) %
                    c,
                ),
              );
          }
          const columns = cards.map((_, i) => `q${i}`);
          const data: MemoryTable = {
            source: 'mem',
            info: { path: 'mem', format: 'csv', rows },
            columns,
            rows,
            data: cards.map((_, i) => {
              // Dictionary codes in order of appearance, as the reader assigns them.
              const values: string[] = [];
              const index = new Map<number, number>();
              const codes = new Int32Array(rows);
              for (let r = 0; r < rows; r++) {
                const v = cells[r][i];
                let code = index.get(v);
                if (code === undefined) {
                  code = values.length;
                  values.push(`v${v}`);
                  index.set(v, code);
                }
                codes[r] = code;
              }
              return { values, codes };
            }),
          };
          const f = frequencyTableInMemory(data, {
            qi: columns,
            hierarchies: cards.map((c, i) => flat(c, columns[i])),
          });
          if (typeof f === 'string') throw new Error(f);
          const rowOfTuple = new Map<string, number>();
          const counts: number[] = [];
          for (let r = 0; r < rows; r++) {
            const key = cells[r].join(',');
            let row = rowOfTuple.get(key);
            if (row === undefined) {
              row = counts.length;
              rowOfTuple.set(key, row);
              counts.push(0);
            }
            counts[row]++;
            expect(f.rowOf[r]).toBe(row);
          }
          expect(f.table.rows).toBe(counts.length);
          expect(Array.from(f.table.counts)).toEqual(counts);
          for (let r = 0; r < rows; r++)
            for (let i = 0; i < cards.length; i++)
              expect(f.table.hierarchies[i].leaves[f.table.codes[i][f.rowOf[r]]]).toBe(`v${cells[r][i]}`);
        },
      ),
      { numRuns: 40, seed: 53, endOnFailure: true },
    );
  });
});
