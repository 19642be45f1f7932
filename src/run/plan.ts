import { dirname, isAbsolute, resolve } from 'node:path';
import type { Engine, Relation } from '../engine/engine.js';
import { WumingError } from '../errors.js';
import { readArxHierarchy } from '../hierarchy/arx.js';
import { buildHierarchy, suggestHierarchy } from '../hierarchy/builders/index.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { effectOf } from '../operators/index.js';
import { policyLocation } from '../policy/parse.js';
import type { Policy } from '../policy/schema.js';

export interface BuiltHierarchy {
  hierarchy: Hierarchy;
  /** How it was made: an ARX file path or the builder spec, for the report. */
  origin: string;
}

/** Columns of a policy by role, in the data's column order. */
export function columnsByRole(policy: Policy, columns: readonly string[]) {
  const of = (role: string) => columns.filter((c) => policy.columns[c]?.role === role);
  return {
    direct: of('direct_identifier'),
    qi: of('quasi_identifier'),
    sensitive: of('sensitive'),
    insensitive: of('insensitive'),
  };
}

/**
 * Build every hierarchy a policy's generalize columns name, over the values actually present in
 * the data (one SELECT DISTINCT per column; only distinct values cross into Node). ARX-format files
 * are resolved relative to the policy file. `type: auto` picks a builder from the values.
 */
export async function buildPolicyHierarchies(
  engine: Engine,
  rel: Relation,
  policy: Policy,
  opts: { policyFile?: string } = {},
): Promise<Record<string, BuiltHierarchy>> {
  const d = engine.dialect;
  const out: Record<string, BuiltHierarchy> = {};
  for (const [column, c] of Object.entries(policy.columns)) {
    if (effectOf(c.action) !== 'deferred' || !c.hierarchy) continue;
    const ref = policy.hierarchies[c.hierarchy];
    const key = `hierarchies.${c.hierarchy}`;
    if ('file' in ref && typeof ref.file === 'string') {
      const base = opts.policyFile ? dirname(opts.policyFile) : process.cwd();
      const path = isAbsolute(ref.file) ? ref.file : resolve(base, ref.file);
      out[column] = { hierarchy: await readArxHierarchy(path, column), origin: path };
      continue;
    }
    const rows = await engine.queryColumns(
      `SELECT DISTINCT ${d.asText(d.ident(column))} AS v FROM ${rel.sql} WHERE ${d.ident(column)} IS NOT NULL ORDER BY 1`,
    );
    const leaves = rows.columns[0].map((v) => String(v));
    if (leaves.length === 0) {
      throw new WumingError('EMPTY_COLUMN', 'the column has no values to generalize', {
        location: { file: rel.source, column },
      });
    }
    try {
      if ((ref as { type: string }).type === 'auto') {
        const s = suggestHierarchy(column, leaves);
        out[column] = { hierarchy: s.hierarchy, origin: `${JSON.stringify(s.spec)} (auto: ${s.reason})` };
      } else {
        out[column] = {
          hierarchy: buildHierarchy(ref as never, leaves, { column, key }),
          origin: JSON.stringify(ref),
        };
      }
    } catch (e) {
      if (e instanceof WumingError && e.kind === 'policy') {
        const loc = policyLocation(policy, key);
        throw new WumingError(e.code, e.message, {
          kind: 'policy',
          location: { ...e.location, file: loc.file, line: loc.line, key },
          cause: e,
        });
      }
      if (e instanceof WumingError)
        throw new WumingError(e.code, e.message, {
          kind: e.kind,
          location: { ...e.location, file: rel.source, column },
          cause: e,
        });
      throw e;
    }
  }
  return out;
}
