import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyColumn } from '../../src/detect/columns.js';
import { ALL_TYPES, detectors, typesWith } from '../../src/detect/index.js';
import { vinCheckChar } from '../../src/detect/vin.js';

/**
 * The detector registry (src/detect/index.ts) is the one list: the type list (`wuming detect
 * --types`, redact_text's `types`, the evaluation floors) and the traits the scan, the verdict's
 * evidence and redaction read are all derived from it. A detector written but not registered, or
 * registered without its traits, fails here.
 */
const dir = join(import.meta.dirname, '../../src/detect');

describe('the detector registry', () => {
  it('registers every type a detector file defines, each once', () => {
    const defined = new Set<string>();
    for (const d of [dir, join(dir, 'ner')])
      for (const f of readdirSync(d).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join(d, f), 'utf8');
        for (const m of text.matchAll(/: Detector = \{\s*type: '([A-Z_]+)'/g)) defined.add(m[1]);
      }
    // ORGANIZATION is found by the model only and run on request (ner/combine.ts): not a PI type.
    defined.delete('ORGANIZATION');
    expect(new Set(ALL_TYPES)).toEqual(defined);
    expect(ALL_TYPES.length).toBe(defined.size);
  });

  it('declares each type’s traits with its registry line, a column kind at least', () => {
    for (const d of detectors) expect(d.traits?.column, d.type).toMatch(/^[a-z_]+$/);
    // The lists the scan and the evidence used to keep by hand, now read from the traits.
    expect([...typesWith('personKey')].sort()).toEqual(
      ['BANK_CARD', 'CN_MOBILE', 'CN_RESIDENT_ID', 'EMAIL', 'PASSPORT'].sort(),
    );
    expect([...typesWith('checksum')].sort()).toEqual(['BANK_CARD', 'CN_RESIDENT_ID', 'IMEI', 'VIN']);
  });

  it('brings a new type into the scan from its registry line alone (VIN: a vehicle, so a direct identifier)', () => {
    const vins = ['LSVAM4180C2184', 'LFV2A21K0J3051', 'LHGCR2660K8019', 'LBVFR7900NS529'].flatMap((p, i) =>
      [1, 2, 3].map((k) => {
        const v = `${p}${String(100 + 37 * k + i).padStart(3, '0')}`;
        return v.slice(0, 8) + vinCheckChar(v) + v.slice(9);
      }),
    );
    const c = classifyColumn({ name: 'c7', values: vins, distinctRatio: 1 });
    expect(c.types.map((t) => t.type)).toContain('VIN');
    expect(c.kind).toBe('plate');
    expect(c.role).toBe('direct_identifier');
  });
});
