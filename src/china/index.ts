/**
 * China-specific knowledge in one place (issue 21): check characters of GB 11643 resident IDs,
 * GB 32100 credit codes and Luhn numbers, the GB/T 2260 division tables and compound surnames. detect/, transform/, hierarchy/ and sample/ import
 * these; none keeps a copy.
 */
export * from './checksums.js';
export {
  type DivisionNames,
  type DivisionRow,
  divisionNames,
  divisionRows,
  MACRO_REGIONS,
  type MacroScheme,
  macroOf,
  type RegionData,
  regionData,
  regionStrength,
  shortProvinceName,
  validProvincePrefix,
} from './regions.js';
export { COMPOUND_SURNAMES, splitChineseName } from './surnames.js';
