/**
 * De-identify columns with a key (format-preserving encryption and dropping), then reverse it.
 * Run: npx tsx examples/deidentify.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, deidentify, keys, reidentify, shorthandPlan } from 'wuming';

const input = fileURLToPath(new URL('../data/sample/people.csv', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'wuming-example-'));
const engine = await createEngine();
try {
  // In production keep the key in a key file (`wuming keygen`, keys.loadKeyFile); never log it.
  const key = keys.generateKey();
  const plan = shorthandPlan({ fpe: ['mobile', 'id_number'], drop: ['name'] });
  const protectedFile = join(dir, 'protected.csv');
  const d = await deidentify({ engine, input, out: protectedFile, plan, keys: key });
  console.log(`de-identified ${d.rows} rows with key ${d.keyId}; dropped: ${d.dropped.join(', ')}`);
  for (const c of d.columns) console.log(`  ${c.column}: ${c.action}${c.reversible ? ' (reversible)' : ''}`);

  const restoredFile = join(dir, 'restored.csv');
  const back = await reidentify({ engine, input: protectedFile, out: restoredFile, plan, keys: key });
  const column = (text: string, name: string) => {
    const lines = text.trim().split('\n');
    const i = lines[0].split(',').indexOf(name);
    return lines.slice(1).map((l) => l.split(',')[i]);
  };
  const original = column(await readFile(input, 'utf8'), 'mobile');
  const restored = column(await readFile(restoredFile, 'utf8'), 'mobile');
  const same = original.every((v, i) => v === restored[i]);
  console.log(`re-identified ${back.rows} rows; mobile numbers restored exactly: ${same}`);
  if (!same) process.exitCode = 1;
} finally {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}
