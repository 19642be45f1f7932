import { z } from 'zod';
import { policySchema } from './schema.js';

/** JSON Schema of the policy (draft 2020-12), for editors (yaml-language-server) and other tools. */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/wuming-privacy/wuming/policy.schema.json',
    title: 'Wuming policy',
  };
}
