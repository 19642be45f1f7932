/**
 * Measure re-identification risk of a table before release. Run: npx tsx examples/risk.ts
 */
import { fileURLToPath } from 'node:url';
import { assessRisk, createEngine, readSource } from 'wuming';

const input = fileURLToPath(new URL('../data/sample/people.csv', import.meta.url));
const engine = await createEngine();
try {
  const table = await readSource(engine, input);
  const risk = await assessRisk({
    engine,
    relation: table,
    qi: ['age', 'sex', 'region_code'],
    population: 'china', // the population the sample is drawn from (or a number of people)
    curve: false,
  });
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  console.log(`quasi-identifiers: ${risk.qi.join(', ')}`);
  console.log(
    `prosecutor risk: highest ${pct(risk.prosecutor.highest)}, average ${pct(risk.prosecutor.average)}`,
  );
  for (const b of risk.distribution)
    if (b.records > 0) console.log(`  risk ${b.label}: ${pct(b.share)} of records`);
} finally {
  await engine.close();
}
