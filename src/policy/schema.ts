import { z } from 'zod';
import { releaseSchema } from '../dp/release.js';
import { hierarchySpecSchema } from '../hierarchy/builders/index.js';
import { METRIC_IDS } from '../metrics/index.js';
import { ACTION_NAMES, effectOf, OPERATORS } from '../operators/index.js';
import { modelOptionsSchema } from '../privacy/options.js';
import { reportSettingsSchema } from '../report/settings.js';

/**
 * The policy: what to do with each column and which privacy models the output must meet.
 * One YAML file, validated here; the JSON Schema exported from this file lets editors complete
 * and check policies. Operator parameters and hierarchy specifications are validated by their own
 * modules' schemas (transform/, hierarchy/builders/) when the policy is turned into a plan, so a
 * new operator or builder never needs an edit here.
 */

/** PIPL / GB/T 35273 roles: direct identifiers single a person out on their own; quasi-identifiers do in combination. */
const roleSchema = z.enum(['direct_identifier', 'quasi_identifier', 'sensitive', 'insensitive']);
export type Role = z.infer<typeof roleSchema>;

/** The operators' names, from their registry (transform/index.ts): a new operator needs no edit here. */
export const actionSchema = z.enum(ACTION_NAMES).meta({
  description: OPERATORS.map((o) => `${o.name}: ${o.summary}`).join('; '),
});
export type Action = z.infer<typeof actionSchema>;

const columnPolicySchema = z
  .object({
    role: roleSchema,
    action: actionSchema.default('keep'),
    /** Name of an entry in `hierarchies` (for action generalize). */
    hierarchy: z.string().min(1).optional(),
    /** Operator parameters (mask pattern, token length, …), checked by the operator's schema. */
    params: z.record(z.string(), z.unknown()).optional(),
    /** Column identifying the data subject (for date_shift: one offset per person). */
    subject: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const effect = effectOf(c.action);
    if (effect === 'deferred' && !c.hierarchy) {
      ctx.addIssue({
        code: 'custom',
        path: ['hierarchy'],
        message: `action "${c.action}" needs a hierarchy name`,
      });
    }
    if (c.role === 'direct_identifier' && (effect === 'copy' || effect === 'deferred')) {
      ctx.addIssue({
        code: 'custom',
        path: ['action'],
        message: 'a direct identifier cannot be kept or generalized: drop, mask, token or fpe it',
      });
    }
  });
export type ColumnPolicy = z.infer<typeof columnPolicySchema>;

/**
 * A hierarchy: an ARX-format CSV file (`file:`), a builder specification (`type:` one of the
 * builders in hierarchy/builders, validated by its own schema so its options are checked here,
 * with line numbers), or `type: auto` to let the values choose a builder.
 */
const hierarchyRefSchema = z
  .record(z.string(), z.unknown())
  .superRefine((v, ctx) => {
    if ('file' in v) {
      if (typeof v.file !== 'string' || v.file === '')
        ctx.addIssue({ code: 'custom', path: ['file'], message: 'file must be a path' });
      for (const k of Object.keys(v))
        if (k !== 'file')
          ctx.addIssue({ code: 'custom', path: [k], message: `unknown key "${k}" beside file` });
      return;
    }
    if (v.type === 'auto') {
      for (const k of Object.keys(v))
        if (k !== 'type')
          ctx.addIssue({ code: 'custom', path: [k], message: `unknown key "${k}" for type auto` });
      return;
    }
    const r = hierarchySpecSchema.safeParse(v);
    if (!r.success) {
      for (const i of r.error.issues) {
        const message = i.code === 'unrecognized_keys' ? `unknown key "${i.keys[0]}"` : i.message;
        ctx.addIssue({
          code: 'custom',
          path: i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]] : i.path,
          message,
        });
      }
    }
  })
  .meta({
    description:
      '{file: ARX CSV} | {type: auto} | a builder spec {type: intervals|dates|prefix|ordered|groups|region|resident_id|flat|coordinates, ...}',
  });
export type HierarchyRef = z.infer<typeof hierarchyRefSchema>;

const fraction = z.number().min(0).max(1);

const privacySchema = z
  .object({
    k: z.number().int().min(1).optional(),
    l: z
      .object({
        l: z.number().min(1),
        variant: z.enum(['distinct', 'entropy', 'recursive']).default('distinct'),
        c: z.number().positive().optional(),
        sensitive: z.string().min(1),
      })
      .strict()
      .superRefine((l, ctx) => {
        if (l.variant === 'recursive' && l.c === undefined) {
          ctx.addIssue({ code: 'custom', path: ['c'], message: 'recursive (c,l)-diversity needs c' });
        }
      })
      .optional(),
    t: z
      .object({
        t: fraction,
        sensitive: z.string().min(1),
        distance: z.enum(['equal', 'hierarchical', 'ordered']).default('equal'),
      })
      .strict()
      .optional(),
    /**
     * Any model of the registry (privacy/registry.ts) by id with its options, e.g.
     * `[{id: beta-likeness, beta: 1, sensitive: diagnosis}]`; all must hold with k, l and t.
     */
    models: modelOptionsSchema.optional(),
    /** Share of records that may be suppressed, in percent (5 = 5 %), as the CLI flag. */
    suppression: z.number().min(0).max(100).default(0),
    metric: z.enum(METRIC_IDS).default('loss'),
    localRecoding: z.boolean().default(false),
  })
  .strict();
export type PrivacyPolicy = z.infer<typeof privacySchema>;

const riskPolicySchema = z
  .object({
    /** Size of the population the data was drawn from (for population uniqueness and journalist risk). */
    population: z.number().int().positive().optional(),
    /** Prosecutor-risk thresholds whose exceedance is reported. */
    thresholds: z.array(fraction).default([0.2, 0.1, 0.05]),
  })
  .strict();

export const policySchema = z
  .object({
    version: z.literal(1).default(1),
    description: z.string().optional(),
    columns: z.record(z.string().min(1), columnPolicySchema),
    hierarchies: z.record(z.string().min(1), hierarchyRefSchema).default({}),
    privacy: privacySchema.default({ suppression: 0, metric: 'loss', localRecoding: false }),
    risk: riskPolicySchema.default({ thresholds: [0.2, 0.1, 0.05] }),
    /**
     * The column naming the person each row is about (the privacy unit): models and risks then
     * count people, not rows, and a person's rows are suppressed together.
     */
    subject: z.string().min(1).optional(),
    /** The reviewer's thresholds for the verdict (report/settings.ts); default: the public profile. */
    report: reportSettingsSchema.optional(),
    /** Differentially private statistics to publish (`wuming dp INPUT --policy FILE`; dp/release.ts). */
    release: releaseSchema.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const [col, c] of Object.entries(p.columns)) {
      if (c.hierarchy && !(c.hierarchy in p.hierarchies)) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', col, 'hierarchy'],
          message: `no hierarchy named "${c.hierarchy}" under hierarchies`,
        });
      }
      if (c.subject && !(c.subject in p.columns)) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', col, 'subject'],
          message: `subject column "${c.subject}" is not listed under columns`,
        });
      }
    }
    const sensitiveOf: [(string | number)[], unknown][] = [
      [['privacy', 'l', 'sensitive'], p.privacy.l?.sensitive],
      [['privacy', 't', 'sensitive'], p.privacy.t?.sensitive],
      ...(p.privacy.models ?? []).map((m, i): [(string | number)[], unknown] => [
        ['privacy', 'models', i, 'sensitive'],
        m.sensitive,
      ]),
    ];
    for (const [path, sensitive] of sensitiveOf) {
      if (typeof sensitive !== 'string') continue;
      const m = { sensitive };
      const c = p.columns[m.sensitive];
      if (!c)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `sensitive column "${m.sensitive}" is not listed under columns`,
        });
      else if (c.role !== 'sensitive') {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `column "${m.sensitive}" must have role sensitive`,
        });
      }
    }
    if (p.subject) {
      const c = p.columns[p.subject];
      if (!c)
        ctx.addIssue({
          code: 'custom',
          path: ['subject'],
          message: `subject column "${p.subject}" is not listed under columns`,
        });
      else if (c.role === 'quasi_identifier' || c.role === 'sensitive')
        ctx.addIssue({
          code: 'custom',
          path: ['subject'],
          message: `subject column "${p.subject}" cannot be a quasi-identifier or sensitive attribute`,
        });
    }
    const qis = Object.values(p.columns).filter((c) => c.role === 'quasi_identifier');
    if ((p.privacy.k ?? p.privacy.l ?? p.privacy.t ?? p.privacy.models?.length) && qis.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['privacy'],
        message: 'privacy models need at least one column with role quasi_identifier',
      });
    }
  })
  // The release section's references, checked even when other parts of the policy have problems
  // (every problem at once); the values may then be partly invalid, hence the type checks.
  .superRefine(checkReleaseReferences, {
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type Policy = z.infer<typeof policySchema>;

function checkReleaseReferences(raw: unknown, ctx: z.RefinementCtx): void {
  const p = raw as { release?: unknown; subject?: unknown; hierarchies?: unknown };
  const release = p.release as { privacyUnit?: unknown; keys?: unknown } | undefined;
  if (typeof release !== 'object' || release === null) return;
  if (release.privacyUnit === undefined && p.subject === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['release'],
      message:
        'no privacy unit: give release.privacyUnit (the person-id column, or "row") or the policy\'s subject',
    });
  const hierarchies = (typeof p.hierarchies === 'object' && p.hierarchies) || {};
  const keys = (typeof release.keys === 'object' && release.keys) || {};
  for (const [col, k] of Object.entries(keys)) {
    const name = (k as { hierarchy?: unknown })?.hierarchy;
    if (typeof name !== 'string') continue;
    const ref = (hierarchies as Record<string, unknown>)[name];
    const path = ['release', 'keys', col, 'hierarchy'];
    // Only a hierarchy read from a file is public; one built from the data's values would
    // release the keys that occur in the data.
    if (!ref)
      ctx.addIssue({ code: 'custom', path, message: `no hierarchy named "${name}" under hierarchies` });
    else if (!(typeof ref === 'object' && 'file' in ref))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `hierarchy "${name}" is built from the data's values, so its leaves are not public keys: use a hierarchy with file:, or list the keys`,
      });
  }
}
