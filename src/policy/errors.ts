import { WumingError } from '../errors.js';

/** One problem found in a policy file, located as precisely as the file allows. */
export interface PolicyProblem {
  message: string;
  file?: string;
  /** 1-based line in the policy file. */
  line?: number;
  /** Key path, e.g. `columns.age.hierarchy`. */
  key?: string;
}

/**
 * Every problem of a policy at once, so one edit-run cycle fixes them all (a compiler reports
 * every error, not the first and "2 more"). `location` is the first problem's (in file order);
 * `describe()` lists each on its own line as `file:line key "k": message`.
 */
export class PolicyError extends WumingError {
  readonly problems: readonly PolicyProblem[];

  constructor(code: string, problems: readonly PolicyProblem[]) {
    const sorted = [...problems].sort((a, b) => (a.line ?? 1e9) - (b.line ?? 1e9));
    const first = sorted[0];
    super(
      code,
      sorted.length === 1
        ? first.message
        : `${sorted.length} problems: ${sorted.map((p) => (p.key ? `${p.key}: ${p.message}` : p.message)).join('; ')}`,
      { kind: 'policy', location: { file: first.file, line: first.line, key: first.key || undefined } },
    );
    this.problems = sorted;
  }

  override describe(): string {
    if (this.problems.length === 1) return super.describe();
    const where = (p: PolicyProblem) =>
      [p.file ? (p.line ? `${p.file}:${p.line}` : p.file) : undefined, p.key ? `key "${p.key}"` : undefined]
        .filter(Boolean)
        .join(' ');
    const lines = this.problems.map((p) => {
      const w = where(p);
      return `  ${w ? `${w}: ` : ''}${p.message}`;
    });
    return `${this.problems.length} problems in the policy:\n${lines.join('\n')}`;
  }
}
