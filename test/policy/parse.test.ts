import { describe, expect, it } from 'vitest';
import { WumingError } from '../../src/errors.js';
import { checkPolicyColumns, parsePolicy, policyJsonSchema } from '../../src/policy/index.js';

const good = `# demo policy
columns:
  name: { role: direct_identifier, action: drop }
  mobile:
    role: direct_identifier
    action: mask
  age:
    role: quasi_identifier
    action: generalize
    hierarchy: age
  diagnosis: { role: sensitive }
hierarchies:
  age: { type: intervals, widths: [5, 10, 20] }
privacy:
  k: 5
  l: { l: 2, sensitive: diagnosis }
  suppression: 5
`;

function error(fn: () => unknown): WumingError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WumingError);
    return e as WumingError;
  }
  throw new Error('expected an error');
}

describe('parsePolicy', () => {
  it('parses a valid policy and fills defaults', () => {
    const p = parsePolicy(good, 'p.yaml');
    expect(p.columns.diagnosis).toEqual({ role: 'sensitive', action: 'keep' });
    expect(p.privacy).toMatchObject({
      k: 5,
      suppression: 5,
      metric: 'loss',
      l: { l: 2, variant: 'distinct', sensitive: 'diagnosis' },
    });
    expect(p.risk.thresholds).toEqual([0.2, 0.1, 0.05]);
  });

  it('names the line and key of a type error', () => {
    const e = error(() => parsePolicy(good.replace('k: 5', 'k: five'), 'p.yaml'));
    expect(e.kind).toBe('policy');
    expect(e.location).toMatchObject({ file: 'p.yaml', line: 15, key: 'privacy.k' });
    expect(e.describe()).toMatch(/^p\.yaml:15 key "privacy\.k": /);
  });

  it('names the line of an unknown key and of a bad enum value', () => {
    const e = error(() =>
      parsePolicy(good.replace('    action: mask', '    action: mask\n    colour: red'), 'p.yaml'),
    );
    expect(e.location).toMatchObject({ line: 7, key: 'columns.mobile.colour' });
    const e2 = error(() => parsePolicy(good.replace('role: sensitive', 'role: secret'), 'p.yaml'));
    expect(e2.location).toMatchObject({ line: 11, key: 'columns.diagnosis.role' });
  });

  it('reports YAML syntax errors with their line', () => {
    const e = error(() => parsePolicy('columns:\n  a: { role: sensitive\n  b: [', 'bad.yaml'));
    expect(e.code).toBe('POLICY_YAML');
    expect(e.location.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses to keep a direct identifier, and dangling references', () => {
    expect(error(() => parsePolicy(good.replace('action: drop', 'action: keep'))).location.key).toBe(
      'columns.name.action',
    );
    expect(error(() => parsePolicy(good.replace('hierarchy: age', 'hierarchy: agee'))).message).toContain(
      'no hierarchy named "agee"',
    );
    expect(
      error(() => parsePolicy(good.replace('sensitive: diagnosis }', 'sensitive: illness }'))).location.key,
    ).toBe('privacy.l.sensitive');
  });

  it('checks columns against the data, naming the unknown column and its line', () => {
    const p = parsePolicy(good, 'p.yaml');
    const e = error(() => checkPolicyColumns(p, ['mobile', 'age', 'diagnosis']));
    expect(e.code).toBe('POLICY_UNKNOWN_COLUMN');
    expect(e.location).toMatchObject({ file: 'p.yaml', line: 3, key: 'columns.name' });
    expect(e.message).toContain('"name"');
    const e2 = error(() => checkPolicyColumns(p, ['name', 'mobile', 'age', 'diagnosis', 'income']));
    expect(e2.code).toBe('POLICY_MISSING_COLUMN');
    expect(() => checkPolicyColumns(p, ['name', 'mobile', 'age', 'diagnosis'])).not.toThrow();
  });

  it('exports a JSON Schema that describes the columns', () => {
    const s = policyJsonSchema() as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(s.properties)).toEqual(
      expect.arrayContaining(['columns', 'hierarchies', 'privacy', 'risk']),
    );
    expect(s.required).toContain('columns');
  });
});

describe('hierarchies in the policy', () => {
  it('checks builder options with the builder schema, naming line and key', () => {
    const e = error(() =>
      parsePolicy(good.replace('widths: [5, 10, 20] }', 'widths: [5, 10, 20], colour: red }'), 'p.yaml'),
    );
    expect(e.location).toMatchObject({ line: 13, key: 'hierarchies.age.colour' });
    const e2 = error(() => parsePolicy(good.replace('type: intervals', 'type: intervalz'), 'p.yaml'));
    expect(e2.location).toMatchObject({ line: 13 });
  });
  it('accepts file references and auto', () => {
    const p = parsePolicy(
      good.replace('{ type: intervals, widths: [5, 10, 20] }', '{ file: adult_hierarchy_age.csv }'),
    );
    expect(p.hierarchies.age).toEqual({ file: 'adult_hierarchy_age.csv' });
    expect(
      parsePolicy(good.replace('{ type: intervals, widths: [5, 10, 20] }', '{ type: auto }')).hierarchies.age,
    ).toEqual({ type: 'auto' });
  });
});
