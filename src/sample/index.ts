export { isValidLuhn, isValidResidentId, luhnCheckDigit, residentIdCheckDigit } from '../china/checksums.js';
export { CSV_HEADER, csvLine } from './csv.js';
export {
  type GenerateOptions,
  generate,
  PERSON_COLUMNS,
  PersonGenerator,
  type PersonRow,
  REFERENCE_DATE,
} from './generate.js';
export { type District, loadDistricts } from './regions.js';
