import { keyedTokens } from '../crypto/token-encoding.js';
import { WumingError } from '../errors.js';
import type { KeyRing } from '../keys/keyfile.js';

/**
 * Replacing spans of free text (what is replaced is found elsewhere: the detectors, composed with
 * this in src/operators/redact-text.ts), as Presidio's anonymizer does with its `replace` /
 * `mask` / `hash` operators, here typed and keyed.
 *
 * - `tag` (default): the type in brackets, `[CN_MOBILE]`. Nothing of the value is left.
 * - `mask`: every letter, digit and CJK character of the value becomes `*`; separators stay, so
 *   the text keeps its layout and length.
 * - `token`: `[CN_MOBILE:3f9a0c1d2e4b5a6f]`, an HMAC-SHA-256 of the value under a key derived from
 *   the key file (HKDF, purpose `token`, scope `text` by default). The same value gives the same
 *   token everywhere under the same key, so records can still be linked, but without the key it
 *   cannot be recomputed (a plain hash of the 10^10 mobile numbers can: `wuming
 *   hash-attack-demo`). `canonical` writes a value as it is tokenized (the composition passes one
 *   that drops spaces and dashes from digit identifiers, so 138 0013 8000 and 13800138000 get one
 *   token); with the same `scope`, a column tokenized by the `token` operator gives the same tokens.
 */
export type RedactStyle = 'tag' | 'mask' | 'token';
export const REDACT_STYLES: readonly RedactStyle[] = ['tag', 'mask', 'token'];

export interface ReplaceOptions {
  /** How a finding is replaced (default `tag`). */
  style?: RedactStyle;
  /** Master key (`loadKeyFile`); required for `token`. */
  keys?: KeyRing;
  /** HKDF scope of the token key (default `text`). */
  scope?: string;
  /** Hex characters of a token (default 16 = 64 bits, 4-64). */
  tokenLength?: number;
  /** Mask character (default `*`). */
  maskChar?: string;
}

/** A span of text to replace, with the type its tag or token names. */
export interface Span {
  start: number;
  end: number;
  type: string;
}

/** Replaces one finding's text; built once per run (the token key is derived once). */
export type Replacer = (value: string, type: string) => string;

const MASKED = /[\p{L}\p{N}]/gu;

const usage = (msg: string) => new WumingError('BAD_OPTION', msg, { kind: 'usage' });

export function createReplacer(
  opts: ReplaceOptions = {},
  canonical: (value: string, type: string) => string = (v) => v,
): Replacer {
  const style = opts.style ?? 'tag';
  switch (style) {
    case 'tag':
      return (_v, type) => `[${type}]`;
    case 'mask': {
      const c = opts.maskChar ?? '*';
      return (v) => v.replace(MASKED, c);
    }
    case 'token': {
      if (!opts.keys)
        throw usage('redaction with tokens needs a key: option `keys` (a key file loaded with loadKeyFile)');
      const length = opts.tokenLength ?? 16;
      if (!Number.isInteger(length) || length < 4 || length > 64)
        throw usage('option `tokenLength` must be an integer from 4 to 64');
      const tokenOf = keyedTokens(opts.keys.derive('token', opts.scope ?? 'text'), 'hex', length);
      return (v, type) => `[${type}:${tokenOf(canonical(v, type))}]`;
    }
    default:
      throw usage(`option \`style\` must be one of ${REDACT_STYLES.join(', ')}`);
  }
}

/** `text` with each span (sorted, non-overlapping, as the detectors return them) replaced. */
export function replaceSpans(text: string, spans: readonly Span[], replace: Replacer): string {
  if (spans.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos) continue; // overlapping input: keep the first
    out += text.slice(pos, s.start) + replace(text.slice(s.start, s.end), s.type);
    pos = s.end;
  }
  return out + text.slice(pos);
}
