import { z } from 'zod';
import { WumingError } from '../errors.js';
import type { PrivacyModel, PrivacyModelKind } from './model.js';
import { type ModelOptions, PRIVACY_MODELS } from './registry.js';
import { buildModels, type ModelSpec } from './spec.js';

/**
 * The privacy models' options as zod schemas: a policy's `models:` list, a model asked for by id
 * (`--beta 1`), and the library's `modelsFromSpec`. Apart from the registry so that what does
 * not parse options (the CLI's flags, the search) never loads zod.
 */

const schemas = new Map<PrivacyModelKind, z.ZodObject>();

/** A model's options schema, built once. */
export function optionsSchema(kind: PrivacyModelKind): z.ZodObject {
  let s = schemas.get(kind);
  if (!s) {
    s = kind.options(z);
    schemas.set(kind, s);
  }
  return s;
}

/** One entry of a policy's `models:` list: `{id: beta-likeness, beta: 1, sensitive: diagnosis}`. */
export const modelOptionsSchema = z
  .array(z.record(z.string(), z.unknown()))
  .superRefine((list, ctx) => {
    list.forEach((entry, i) => {
      const kind = PRIVACY_MODELS.find((m) => m.id === entry.id);
      if (!kind) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          message: `unknown privacy model "${String(entry.id)}"; use one of ${PRIVACY_MODELS.map((m) => m.id).join(', ')}`,
        });
        return;
      }
      const { id: _, ...options } = entry;
      const r = optionsSchema(kind).safeParse(options);
      if (!r.success)
        for (const issue of r.error.issues) {
          const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
          ctx.addIssue({
            code: 'custom',
            path: [i, ...issue.path, ...(key ? [key] : [])],
            message: key ? `unknown option "${key}" of ${kind.id}` : issue.message,
          });
        }
    });
  })
  .meta({
    description: `privacy models by id, each with its options: ${PRIVACY_MODELS.map((m) => `${m.id} (${Object.keys(optionsSchema(m).shape).join(', ')}): ${m.summary}`).join('; ')}`,
  });
/** Build a model from a `models:` entry (or a CLI flag), with the usage error a person can act on. */
export function modelFromOptions(entry: ModelOptions): PrivacyModel {
  const kind = PRIVACY_MODELS.find((m) => m.id === entry.id);
  if (!kind)
    throw new WumingError(
      'BAD_MODEL',
      `unknown privacy model "${String(entry.id)}"; use one of ${PRIVACY_MODELS.map((m) => m.id).join(', ')}`,
      { kind: 'usage' },
    );
  const { id: _, ...options } = entry;
  const r = optionsSchema(kind).safeParse(options);
  if (!r.success)
    throw new WumingError('BAD_MODEL', `${kind.id}: ${r.error.issues[0].message}`, { kind: 'usage' });
  return kind.create(r.data);
}

/** Build the privacy models a spec asks for, with the usage errors a person can act on. */
export function modelsFromSpec(spec: ModelSpec): PrivacyModel[] {
  return buildModels(spec, modelFromOptions);
}
