import type { PersonRow } from './generate.js';
import { PERSON_COLUMNS } from './generate.js';

/** CSV header line (no trailing newline). */
export const CSV_HEADER = PERSON_COLUMNS.join(',');

/**
 * One CSV line for a person. No field can contain a comma, quote or line break (every value is
 * composed from the fixed tables, which the tests check), so fields are written unquoted: quoting
 * checks on 20 fields per row would cost ~10 % of generation time for nothing.
 */
export function csvLine(p: PersonRow): string {
  return (
    p.person_id +
    ',' +
    p.name +
    ',' +
    p.id_number +
    ',' +
    p.mobile +
    ',' +
    p.email +
    ',' +
    p.province +
    ',' +
    p.city +
    ',' +
    p.district +
    ',' +
    p.region_code +
    ',' +
    p.address +
    ',' +
    p.birth_date +
    ',' +
    p.age +
    ',' +
    p.sex +
    ',' +
    p.ethnicity +
    ',' +
    p.education +
    ',' +
    p.occupation +
    ',' +
    p.marital_status +
    ',' +
    p.income +
    ',' +
    p.diagnosis +
    ',' +
    p.bank_card
  );
}
