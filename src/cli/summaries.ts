/**
 * What `wuming --help` lists for each command: its arguments and one line. Kept apart from the
 * commands themselves so the overview loads no command (each command file takes its description
 * from here; test/cli/summaries.test.ts checks that the arguments match what each command
 * registers).
 */
export const COMMAND_SUMMARIES = {
  demo: {
    args: '',
    summary: 'the whole job on the bundled sample: scan, propose a policy, anonymize, verify, report',
  },
  scan: {
    args: '<file>',
    summary:
      'find personal information in a table: PI types per column, role, PIPL and GB/T 35273 categories',
  },
  detect: {
    args: '<file>',
    summary: 'find personal information in a UTF-8 or GBK text file (- for standard input), or redact it',
  },
  anonymize: {
    args: '<input>',
    summary:
      'generalize and suppress quasi-identifiers until k-anonymity, l-diversity, t-closeness ... hold, with the least information loss',
  },
  deidentify: {
    args: '<input>',
    summary:
      'de-identify columns: mask, token, fpe, date shift, drop, redact, replace, noise, round, top/bottom coding',
  },
  reidentify: {
    args: '<input>',
    summary: 'reverse fpe, date-shift and token-vault columns with the key (same flags as deidentify)',
  },
  keygen: {
    args: '',
    summary: 'create a random 256-bit master key file (mode 0600); prints its key id, never the key',
  },
  risk: {
    args: '<input>',
    summary:
      'measure re-identification risk: prosecutor, journalist, marketer, sample and population uniqueness',
  },
  attack: {
    args: '',
    summary:
      'linkage attack: link an auxiliary table to a released (anonymized) table and measure re-identification',
  },
  verify: {
    args: '<file>',
    summary:
      're-read a released file and check k-anonymity, l-diversity and t-closeness independently (exit 1 if any fails)',
  },
  report: {
    args: '<file>',
    summary:
      "assess a file as it is (raw data or someone's release): PI left, risk, promised models, verdict; writes report.json and report.html",
  },
  sample: {
    args: '',
    summary:
      'generate realistic synthetic Chinese person records (nobody real) as CSV or Parquet, reproducibly from a seed',
  },
  schema: {
    args: '',
    summary: 'print (or write) the JSON Schema of the policy file, for editor completion and validation',
  },
  dp: {
    args: '<input>',
    summary:
      'release differentially private aggregates (count, sum, mean, histogram, quantiles) with a budget ledger',
  },
  'hash-attack-demo': {
    args: '',
    summary: 'why not a plain hash: measure how fast unkeyed SHA-256 of mobile numbers is reversed here',
  },
} as const;

export type CommandName = keyof typeof COMMAND_SUMMARIES;

/** The one-line description of a command, as its --help and the overview show it. */
export const summaryOf = (name: CommandName): string => COMMAND_SUMMARIES[name].summary;
