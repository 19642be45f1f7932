import { writeFileAtomic } from '../io/write.js';
import { policyJsonSchema } from '../policy/json-schema.js';

/** The policy file's JSON Schema as text (for editors' completion and validation). */
export function policySchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}

/** Write the policy file's JSON Schema atomically. */
export async function writePolicySchema(out: string): Promise<void> {
  await writeFileAtomic(out, policySchemaText());
}
