import type { Register } from './common.js';

/**
 * Every CLI command, one file each, loaded on demand: `wuming detect` must not pay for DuckDB or
 * the chart library at start-up (independent evaluations run it once per file). Adding a command
 * = one file in cli/ exporting `register`, plus one line here (the key is the command's name).
 */
export const commandLoaders: Record<string, () => Promise<{ register: Register }>> = {
  demo: () => import('./demo.js'),
  scan: () => import('./scan.js'),
  detect: () => import('./detect.js'),
  anonymize: () => import('./anonymize.js'),
  deidentify: () => import('./deidentify.js'),
  reidentify: () => import('./reidentify.js'),
  keygen: () => import('./keygen.js'),
  risk: () => import('./risk.js'),
  attack: () => import('./attack.js'),
  verify: () => import('./verify.js'),
  report: () => import('./report.js'),
  sample: () => import('./sample.js'),
  schema: () => import('./schema.js'),
  dp: () => import('./dp.js'),
  'hash-attack-demo': () => import('./hash-attack-demo.js'),
};
