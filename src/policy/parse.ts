import { readFile, stat } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { WumingError } from '../errors.js';
import { PolicyError, type PolicyProblem } from './errors.js';
import { type Policy, policySchema } from './schema.js';

/** Where each parsed policy came from, so later checks (unknown column) can name the line too. */
const locations = new WeakMap<Policy, { file: string; locate: (key: string) => number | undefined }>();

export function policyLocation(policy: Policy, key: string): { file?: string; line?: number; key: string } {
  const loc = locations.get(policy);
  return { file: loc?.file, line: loc?.locate(key), key };
}

/** Find the YAML node at a path, or the deepest existing ancestor, to point at a line. */
function nodeAt(root: unknown, path: readonly PropertyKey[]): { node?: Node; keyNode?: Node } {
  let node = root as Node | undefined;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value as Node;
    } else if (isSeq(node) && /^\d+$/.test(String(seg))) {
      // Numbers from zod's issue paths, numeric strings from dotted keys (release.queries.0.column).
      node = node.items[Number(seg)] as Node;
      keyNode = undefined;
    } else break;
  }
  return { node, keyNode };
}

export interface ParseOptions {
  /**
   * For `wuming dp --policy`: a policy with a `release:` section may leave out `columns` (the
   * release reads the data as it is; the columns' actions are for anonymize).
   */
  releaseOnly?: boolean;
}

/**
 * Parse and validate a policy. Errors name the file, the line and the key path
 * (`columns.age.hierarchy`), so a user can fix a policy without reading our source; every
 * problem is reported at once (PolicyError.problems), not only the first.
 */
export function parsePolicy(text: string, file = '<policy>', opts: ParseOptions = {}): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      'POLICY_YAML',
      doc.errors.map((e) => ({
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
        file,
        line: lineCounter.linePos(e.pos[0]).line,
      })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    // yaml refuses a document whose aliases expand too far (a "billion laughs" of a few lines
    // would take gigabytes): that is the policy's fault, not an internal error.
    const alias = /(^|[\s,[{:-])\*[^\s,\]}]+/m.exec(text);
    throw new WumingError(
      'POLICY_YAML',
      /alias/i.test((e as Error).message)
        ? 'invalid YAML: its aliases (*name) expand too far; write the values out'
        : `invalid YAML: ${(e as Error).message.split('\n')[0]}`,
      {
        kind: 'policy',
        location: { file, line: alias ? text.slice(0, alias.index).split('\n').length : 1 },
        cause: e,
      },
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new WumingError('POLICY_EMPTY', 'the policy must be a YAML mapping with a "columns" key', {
      kind: 'policy',
      location: { file, line: 1 },
    });
  }
  // A file that only describes a DP release has nothing to say about columns.
  const input = opts.releaseOnly && 'release' in raw && !('columns' in raw) ? { ...raw, columns: {} } : raw;
  const parsed = policySchema.safeParse(input);
  if (parsed.success) {
    const locate = (key: string) => {
      const { node, keyNode } = nodeAt(doc.contents, key.split('.'));
      const off = keyNode?.range?.[0] ?? node?.range?.[0];
      return off === undefined ? undefined : lineCounter.linePos(off).line;
    };
    locations.set(parsed.data, { file, locate });
    return parsed.data;
  }
  // Report the first issue by position in the file, so the message points at the earliest mistake.
  const issues = parsed.error.issues.flatMap((issue) => {
    const { node, keyNode } = nodeAt(doc.contents, issue.path);
    const offset =
      (issue.code === 'unrecognized_keys' ? undefined : node?.range?.[0]) ??
      keyNode?.range?.[0] ??
      node?.range?.[0];
    const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
    if (issue.code === 'unrecognized_keys') {
      // One problem per unknown key, each at its own line.
      return issue.keys.map((k) => {
        const child = nodeAt(doc.contents, [...issue.path, k]).keyNode;
        return {
          key: [...issue.path.map(String), k].join('.'),
          message: `unknown key "${k}"`,
          line: child?.range ? lineCounter.linePos(child.range[0]).line : line,
        };
      });
    }
    return [{ key: issue.path.map(String).join('.'), message: issue.message, line }];
  });
  // Every problem at once, in file order (PolicyError sorts them), each with its line and key.
  throw new PolicyError(
    'POLICY_INVALID',
    issues.map((i) => ({ ...i, file, key: i.key || undefined })),
  );
}

/**
 * Largest policy file read (1 MiB): a policy names one action per column, so even 10,000 columns
 * fit in a few hundred kB. A 50 MB file used to be parsed into 1.9 GB; it is refused unread.
 */
export const MAX_POLICY_BYTES = 1 << 20;

export async function loadPolicy(path: string, opts: ParseOptions = {}): Promise<Policy> {
  let text: string;
  const size = await stat(path).then(
    (st) => st.size,
    () => 0,
  );
  if (size > MAX_POLICY_BYTES)
    throw new WumingError(
      'POLICY_TOO_LARGE',
      `the policy file is ${(size / 2 ** 20).toFixed(1)} MiB; the limit is 1 MiB (a policy names one action per column)`,
      { kind: 'policy', location: { file: path } },
    );
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new WumingError('POLICY_NOT_FOUND', 'cannot read the policy file', {
      kind: 'usage',
      location: { file: path },
    });
  }
  return parsePolicy(text, path, opts);
}

/**
 * Check a policy against the columns the data really has: a policy naming a column that is not
 * there is an error (a typo would otherwise leave PI untouched), and so is a data column the
 * policy does not mention when `strict` (default) — silence about a column is not a decision.
 */
export function checkPolicyColumns(
  policy: Policy,
  columns: readonly string[],
  opts: { strict?: boolean } = {},
): void {
  const have = new Set(columns);
  const problems: PolicyProblem[] = [];
  for (const col of Object.keys(policy.columns)) {
    if (!have.has(col)) {
      problems.push({
        message: `the policy names column "${col}", which the data does not have (columns: ${columns.join(', ')})`,
        ...policyLocation(policy, `columns.${col}`),
      });
    }
  }
  if (opts.strict ?? true) {
    const missing = columns.filter((c) => !(c in policy.columns));
    if (missing.length > 0) {
      problems.push({
        message: `the data has column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} that the policy does not mention; give each a role and an action`,
        ...policyLocation(policy, 'columns'),
      });
    }
  }
  if (problems.length > 0) {
    // One code per kind, as before: an unknown column when there is one, else missing ones.
    const code = problems.some((p) => p.message.startsWith('the policy names'))
      ? 'POLICY_UNKNOWN_COLUMN'
      : 'POLICY_MISSING_COLUMN';
    throw new PolicyError(code, problems);
  }
}
