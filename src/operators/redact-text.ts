import { z } from 'zod';
import { ALL_TYPES, type DetectOptions, detectLines, typesWith } from '../detect/index.js';
import { defineOperator, mapValues, newStats } from '../transform/operator.js';
import {
  createReplacer,
  REDACT_STYLES,
  type RedactStyle,
  type ReplaceOptions,
  type Replacer,
  replaceSpans,
} from '../transform/redact-spans.js';

/**
 * Redaction of free text, the one place where finding and changing meet: the detectors
 * (detect/) find the spans, transform/redact-spans.ts replaces them. detect/ and transform/ never
 * import each other (.dependency-cruiser.cjs); this layer above both composes them for the
 * `redact_text` operator, `redactText` and `wuming detect --redact` (run/detect.ts).
 */
export interface RedactOptions extends DetectOptions, ReplaceOptions {}

/** Identifiers written as digits: tokenized without spaces or dashes, upper-cased (X check digit). */
const DIGIT_TYPES = typesWith('digits');
const canonical = (v: string, type: string) =>
  DIGIT_TYPES.has(type) ? v.replace(/[\s-]/g, '').toUpperCase() : v;

/** The replacer of a redaction (the token key is derived once per run). */
export const redactReplacer = (opts: ReplaceOptions = {}): Replacer => createReplacer(opts, canonical);

/**
 * Redact a block of lines (split on \n): the findings of `detectLines` (`line` relative to the
 * block) are replaced line by line. Returns the text and the findings, for callers that also
 * report them (the CLI's `--redact --out`).
 */
export function redactBlock(
  text: string,
  opts: DetectOptions,
  replace: Replacer,
  firstLine = 0,
): { text: string; findings: ReturnType<typeof detectLines> } {
  const findings = detectLines(text, opts, firstLine);
  if (findings.length === 0) return { text, findings };
  const lines = text.split('\n');
  let k = 0;
  while (k < findings.length) {
    const line = findings[k].line;
    let e = k;
    while (e < findings.length && findings[e].line === line) e++;
    const i = line - firstLine;
    lines[i] = replaceSpans(lines[i], findings.slice(k, e), replace);
    k = e;
  }
  return { text: lines.join('\n'), findings };
}

/**
 * `text` with every piece of personal information the detectors find replaced: by its type tag
 * `[CN_MOBILE]` (default), a mask, or a keyed token (`style: 'token'`, `keys`). Detection options
 * (`types`, `minScore`) apply as in `detectText`.
 *
 * @example redactText('客户张伟，电话13800138000') // '客户[PERSON_NAME]，电话[CN_MOBILE]'
 */
export function redactText(text: string, opts: RedactOptions = {}): string {
  return redactBlock(text, opts, redactReplacer(opts)).text;
}

/**
 * Free-text redaction for a column (notes, complaints, chat logs): the text detectors run on each
 * cell and every finding is replaced in place, the rest of the text kept, as `wuming detect
 * --redact` does for a file. `style`: `tag` → `[CN_MOBILE]` (default), `mask` → every letter and
 * digit `*`, `token` → `[CN_MOBILE:hex]`, an HMAC of the value under the key file (scope `text`
 * by default, so a value gets the same token here as in `detect --redact`). `types` / `minScore`
 * narrow the detection as in `detectText`. Not reversible.
 */
const redactTextParamsSchema = z.strictObject({
  style: z.enum(REDACT_STYLES as [string, ...string[]]).default('tag'),
  types: z
    .array(z.enum(ALL_TYPES as [string, ...string[]]))
    .min(1)
    .optional(),
  minScore: z.number().min(0).max(1).optional(),
  /** HKDF scope of the token key (style `token`). */
  scope: z.string().optional(),
  /** Hex characters of a token (style `token`). */
  tokenLength: z.number().int().min(4).max(64).default(16),
});
export type RedactTextParams = z.input<typeof redactTextParamsSchema>;

export const redactTextOperator = defineOperator({
  name: 'redact_text',
  summary: 'free text: replace each detected personal-information span in place (tag, mask or token)',
  accepts: ['text'],
  reversible: false,
  needsKey: (p: RedactTextParams) => p.style === 'token',
  paramsSchema: redactTextParamsSchema,
  create(params: RedactTextParams, ctx) {
    const p = redactTextParamsSchema.parse(params);
    const replace = redactReplacer({
      style: p.style as RedactStyle,
      keys: ctx.keys,
      scope: p.scope,
      tokenLength: p.tokenLength,
    });
    const detect = { types: p.types, minScore: p.minScore };
    const stats = newStats();
    stats.extra.findings = 0;
    return {
      stats,
      apply: (values) =>
        mapValues(values, stats, (v) => {
          const r = redactBlock(v, detect, replace);
          stats.extra.findings += r.findings.length;
          return r.text;
        }),
    };
  },
});
