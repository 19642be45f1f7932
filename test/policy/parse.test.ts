import { describe, expect, it } from 'vitest';
import { WumingError } from '../../src/errors.js';
import { checkPolicyColumns, PolicyError, parsePolicy, policyJsonSchema } from '../../src/policy/index.js';

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

describe('policy errors: every problem at once', () => {
  it('lists each problem with its file:line and key, in file order', () => {
    const bad = good
      .replace('k: 5', 'k: five')
      .replace('role: secret', 'role: sensitive')
      .replace('    action: mask', '    action: mask\n    colour: red\n    size: 3')
      .replace('role: sensitive }', 'role: secret }');
    try {
      parsePolicy(bad, 'p.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const err = e as PolicyError;
      expect(err.problems.map((p) => p.key)).toEqual([
        'columns.mobile.colour',
        'columns.mobile.size',
        'columns.diagnosis.role',
        'privacy.k',
      ]);
      expect(err.problems.map((p) => p.line)).toEqual([7, 8, 13, 17]);
      expect(err.location).toMatchObject({ file: 'p.yaml', line: 7, key: 'columns.mobile.colour' });
      const text = err.describe();
      expect(text).toMatch(/^4 problems in the policy:\n/);
      expect(text).toContain('  p.yaml:7 key "columns.mobile.colour": unknown key "colour"');
      expect(text).toContain('  p.yaml:17 key "privacy.k": ');
      expect(text).not.toContain('more problem');
    }
  });

  it('reports every unknown column of the data check together with the missing ones', () => {
    const p = parsePolicy(good, 'p.yaml');
    try {
      checkPolicyColumns(p, ['name', 'mobile', 'agee', 'diagnose', 'zip']);
      expect.unreachable();
    } catch (e) {
      const err = e as PolicyError;
      expect(err.code).toBe('POLICY_UNKNOWN_COLUMN');
      expect(err.problems.map((x) => x.message.slice(0, 40))).toHaveLength(3);
      expect(err.describe()).toContain('"age"');
      expect(err.describe()).toContain('"diagnosis"');
      expect(err.describe()).toContain('"agee", "diagnose", "zip" that the policy does not mention');
    }
  });
});
