/**
 * k-anonymize a table: no hierarchies to write, no output file needed. Run: npx tsx examples/anonymize.ts
 */
import { fileURLToPath } from 'node:url';
import { anonymize } from 'wuming';

const input = fileURLToPath(new URL('../data/sample/people.csv', import.meta.url));

const result = await anonymize({
  input, // a path; a relation in an engine or in-memory rows work too
  qi: ['age', 'sex', 'region_code'], // hierarchies are built from the values
  models: { k: 5 }, // every record shares its QIs with at least 4 others
  suppressionPercent: 5, // up to 5 % of the records may have their QIs set to '*'
});

for (const column of result.qi) console.log(`${column}: ${result.levelMeanings?.[column]}`);
console.log(`${result.suppressed} of ${result.rowsIn} records suppressed, ${result.classes} classes`);
console.log(`verified: ${result.verification.ok}, smallest class ${result.verification.smallestClass}`);
// No `out` given: the anonymized records come back in memory.
console.log(`first record's QIs: ${result.qi.map((c) => result.rows?.[0][c]).join(', ')}`);

// In-memory rows, with a hierarchy directory or builders, work the same way:
const rows = [
  { age: 34, zip: '100081', diagnosis: 'flu' },
  { age: 36, zip: '100082', diagnosis: 'asthma' },
  { age: 52, zip: '200031', diagnosis: 'flu' },
  { age: 57, zip: '200032', diagnosis: 'none' },
];
const small = await anonymize({ input: rows, qi: ['age', 'zip'], models: { k: 2 } });
console.table(small.rows);
