import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyRing } from '../../src/keys/keyfile.js';
import {
  ACTION_NAMES,
  type ActionName,
  columnActionSchema,
  OPERATORS,
  operators,
} from '../../src/operators/index.js';
import { policyJsonSchema } from '../../src/policy/json-schema.js';
import { actionSchema } from '../../src/policy/schema.js';
import { seededRandom } from '../../src/random.js';

/**
 * The operator registry is the one list the jobs, the policy and its JSON Schema read: an
 * operator written in src/transform but missing from it, or a capability that does not match what
 * the operator does, fails here.
 */
// Operators are files of transform/ and, when they compose detect/ with transform/, of operators/.
const dirs = ['../../src/transform', '../../src/operators'].map((d) => join(import.meta.dirname, d));

/** Params for operators that have required ones. */
const MINIMAL_PARAMS: Partial<Record<ActionName, object>> = {
  replace: { value: 'x' },
  round: { base: 5 },
  noise: { scale: 1 },
  top_bottom: { top: 1 },
};

describe('the operator registry', () => {
  it('lists every operator defined in src/transform and src/operators, each once', () => {
    const defined = new Set<string>();
    for (const dir of dirs)
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join(dir, f), 'utf8');
        for (const m of text.matchAll(/defineOperator\(\{\s*name: '([a-z_]+)'/g)) defined.add(m[1]);
      }
    expect(defined.size).toBeGreaterThanOrEqual(13);
    expect(new Set(ACTION_NAMES)).toEqual(defined);
    expect(ACTION_NAMES.length).toBe(defined.size);
  });

  it('generates the policy action list and a params schema per action', () => {
    expect(actionSchema.options).toEqual(ACTION_NAMES);
    const s = policyJsonSchema() as {
      properties: {
        columns: { additionalProperties: { allOf: { if: { properties: { action: { const: string } } } }[] } };
      };
    };
    const byAction = s.properties.columns.additionalProperties.allOf.map((x) => x.if.properties.action.const);
    expect(byAction).toEqual(ACTION_NAMES);
    // The column-action union is the registry's too: a params typo is refused for every action.
    for (const name of ACTION_NAMES)
      expect(columnActionSchema.safeParse({ action: name, notAParam: 1 }).success).toBe(false);
  });

  it('declares capabilities that match what each operator does', () => {
    const keys = new KeyRing(Buffer.alloc(32, 3));
    const ctx = { column: 'c', keys, random: seededRandom(1) };
    for (const op of OPERATORS) {
      expect(op.summary.length, op.name).toBeGreaterThan(10);
      expect(op.accepts.length, op.name).toBeGreaterThan(0);
      if (op.effect === 'deferred') continue;
      const params = MINIMAL_PARAMS[op.name] ?? {};
      const reg = operators[op.name];
      const t = reg.create(params, ctx);
      // An operator restored by inversion has an inverse; a one-way one has none to call.
      if (reg.restore?.(params) === 'invert') expect(typeof t.invert, op.name).toBe('function');
      // Without a key, an operator that says it needs one refuses to start.
      if (reg.needsKey(params))
        expect(() => reg.create(params, { ...ctx, keys: undefined }), op.name).toThrow(/key/);
    }
  });

  it('is documented: one row per action in the README operator table', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const name of ACTION_NAMES) expect(readme, name).toContain(`| \`${name}\` |`);
  });
});
