import { z } from 'zod';
import { OPERATORS } from '../operators/index.js';
import { policySchema } from './schema.js';

/**
 * JSON Schema of the policy (draft 2020-12), for editors (yaml-language-server) and other tools.
 * A column's `params` are checked by its operator's own schema when the policy becomes a plan;
 * here each operator's schema is attached to its action (`if action is X then params is X's`),
 * generated from the registry, so an editor completes and checks params too.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const column = (schema.properties as Record<string, { additionalProperties?: Record<string, unknown> }>)
    .columns.additionalProperties;
  if (column)
    column.allOf = OPERATORS.map((o) => {
      const { $schema: _, ...params } = z.toJSONSchema(o.paramsSchema, {
        io: 'input',
        unrepresentable: 'any',
      });
      return {
        if: { properties: { action: { const: o.name } }, required: ['action'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, a plain data object.
        then: { properties: { params: { ...params, description: o.summary } } },
      };
    });
  return {
    ...schema,
    $id: 'https://github.com/wuming-privacy/wuming/policy.schema.json',
    title: 'Wuming policy',
  };
}
