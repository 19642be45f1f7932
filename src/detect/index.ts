import { addressDetector } from './address.js';
import { bankCardDetector } from './bank-card.js';
import { dateOfBirthDetector } from './date-of-birth.js';
import { emailDetector } from './email.js';
import { gpsDetector } from './gps.js';
import { imeiDetector } from './imei.js';
import { ipAddressDetector } from './ip-address.js';
import { landlineDetector } from './landline.js';
import { licensePlateDetector } from './license-plate.js';
import { macAddressDetector } from './mac-address.js';
import { mobileDetector } from './mobile.js';
import {
  addressWithModel,
  addressWithNetwork,
  organizationDetector,
  organizationWithNetwork,
  personNameWithModel,
  personNameWithNetwork,
} from './ner/combine.js';
import { passportDetector } from './passport.js';
import { hkMacauPermitDetector, taiwanPermitDetector } from './permits.js';
import { personNameDetector } from './person-name.js';
import { residentIdDetector } from './resident-id.js';
import type { Detector, DetectorTraits, Finding } from './types.js';
import { usccDetector } from './uscc.js';
import { vinDetector } from './vin.js';

export { organizationDetector } from './ner/combine.js';
export type { Detector, DetectorTraits, Finding } from './types.js';

/** A detector with its traits, for its registry line. */
const declare = (d: Detector, traits: DetectorTraits): Detector => ({ ...d, traits });

const personName = declare(personNameWithModel, { column: 'name', identifying: true });
const address = declare(addressWithModel, { column: 'address' });

/**
 * The detector registry: one line per detector (a file in this folder) with its traits (what the
 * scan, the verdict's evidence and redaction read about its type: types.ts, DetectorTraits).
 * Order does not matter: overlaps are resolved by score.
 */
export const detectors: readonly Detector[] = [
  declare(residentIdDetector, {
    column: 'id_number',
    shapeIsProof: true,
    identifying: true,
    checksum: true,
    personKey: true,
    digits: true,
  }),
  declare(mobileDetector, {
    column: 'phone',
    shapeIsProof: true,
    identifying: true,
    personKey: true,
    digits: true,
  }),
  declare(landlineDetector, { column: 'phone', identifying: true, digits: true }),
  declare(bankCardDetector, {
    column: 'bank_card',
    shapeIsProof: true,
    identifying: true,
    checksum: true,
    personKey: true,
    digits: true,
  }),
  declare(usccDetector, { column: 'uscc', shapeIsProof: true, digits: true }),
  declare(passportDetector, { column: 'passport', documentShape: true, identifying: true, personKey: true }),
  declare(hkMacauPermitDetector, { column: 'passport', documentShape: true, identifying: true }),
  declare(taiwanPermitDetector, { column: 'passport', documentShape: true, identifying: true }),
  declare(licensePlateDetector, { column: 'plate', identifying: true }),
  declare(emailDetector, { column: 'email', shapeIsProof: true, identifying: true, personKey: true }),
  declare(ipAddressDetector, { column: 'ip', shapeIsProof: true, identifying: true }),
  declare(macAddressDetector, { column: 'device', shapeIsProof: true, identifying: true }),
  declare(imeiDetector, {
    column: 'device',
    shapeIsProof: true,
    identifying: true,
    checksum: true,
    digits: true,
  }),
  declare(gpsDetector, { column: 'location', shapeIsProof: true }),
  declare(dateOfBirthDetector, { column: 'birth_date' }),
  declare(vinDetector, { column: 'plate', shapeIsProof: true, identifying: true, checksum: true }),
  personName,
  address,
];

/** The traits of every registered type (none for a type no detector declares). */
export const TRAITS: ReadonlyMap<string, DetectorTraits> = new Map(
  detectors.map((d) => [d.type, d.traits ?? {}]),
);

/** The registered types with one trait, e.g. every `identifying` type. */
export const typesWith = (trait: keyof DetectorTraits): ReadonlySet<string> =>
  new Set(detectors.filter((d) => d.traits?.[trait]).map((d) => d.type));

/**
 * Every type the registry detects, in its order: `wuming detect --types`, the `redact_text`
 * operator's `types` and the evaluation floors read it, so a new detector is its file and its
 * line above, nothing else.
 */
export const ALL_TYPES: readonly string[] = detectors.map((d) => d.type);

/** With `model: false`, names and addresses come from the rules alone (no model is loaded). */
const RULES_ONLY = new Map<Detector, Detector>([
  [personName, personNameDetector],
  [address, addressDetector],
]);
/** With `network: true`, the model with its dense network. */
const WITH_NETWORK = new Map<Detector, Detector>([
  [personName, declare(personNameWithNetwork, personName.traits ?? {})],
  [address, declare(addressWithNetwork, address.traits ?? {})],
  [organizationDetector, organizationWithNetwork],
]);

export interface DetectOptions {
  /** Only report these types (all by default). */
  types?: readonly string[];
  /** Drop findings scoring below this (default 0.5). */
  minScore?: number;
  /** Extra detectors, e.g. organisation-specific employee numbers. */
  extra?: readonly Detector[];
  /** Keep overlapping findings instead of resolving them (for debugging). */
  keepOverlaps?: boolean;
  /**
   * Use the character sequence model (src/detect/ner/) for PERSON_NAME and ADDRESS besides the
   * rules (default true). It is loaded on first use.
   */
  model?: boolean;
  /**
   * Also run the model's dense network (src/detect/ner/dense.ts; default false): +0.003 person
   * name F1 on MSRA test (0.861 → 0.864), for about half the tagger's throughput (2.26 → 1.24
   * MB/s on news text) and 0.16 s of loading (README, NER speed).
   */
  network?: boolean;
}

const HAS_DIGIT = /\d/;

/**
 * Full-width (全角) digits, Latin letters and the symbols identifiers are written with
 * (＠ ＋ － ．) occur in Chinese text typed with a full-width IME: "１３８００１３８０００",
 * "name＠qq.com". They are folded to ASCII before detection. Each is one UTF-16 unit, as is its
 * ASCII form (U+FF01–FF5E = U+0021–007E + 0xFEE0, Unicode Halfwidth and Fullwidth Forms block),
 * so offsets into the folded text are offsets into the original. Full-width CJK punctuation that
 * detectors read as context or as separators (，（）；：) is left alone.
 */
const FULLWIDTH = /[\uff0b\uff0d\uff0e\uff10-\uff19\uff20-\uff3a\uff41-\uff5a]/g;
const toAscii = (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0);
export function foldFullWidth(text: string): string {
  FULLWIDTH.lastIndex = 0;
  const first = FULLWIDTH.exec(text);
  if (!first) return text;
  // Only the part from the first full-width character on is rewritten.
  return text.slice(0, first.index) + text.slice(first.index).replace(FULLWIDTH, toAscii);
}

/**
 * Resolve overlaps: prefer higher score, then a validated (checksummed) finding, then the longer
 * span; a finding overlapping an already accepted one is dropped.
 */
export function resolveOverlaps(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  const sorted = [...findings].sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.validated ?? false) - Number(a.validated ?? false) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  // Occupancy map of accepted spans: spans are short, so checking their cells is linear overall.
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const f of findings) {
    if (f.start < lo) lo = f.start;
    if (f.end > hi) hi = f.end;
  }
  const taken = new Uint8Array(hi - lo);
  const kept: Finding[] = [];
  outer: for (const f of sorted) {
    for (let i = f.start; i < f.end; i++) if (taken[i - lo]) continue outer;
    taken.fill(1, f.start - lo, f.end - lo);
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Find personal information in a string. Offsets are UTF-16 indices into `text`. */
export function detectText(input: string, opts: DetectOptions = {}): Finding[] {
  const text = foldFullWidth(input);
  const minScore = opts.minScore ?? 0.5;
  const wanted = opts.types ? new Set(opts.types) : undefined;
  const hasDigit = HAS_DIGIT.test(text);
  const all: Finding[] = [];
  for (const d0 of opts.extra ? [...detectors, ...opts.extra] : detectors) {
    const d =
      opts.model === false ? (RULES_ONLY.get(d0) ?? d0) : opts.network ? (WITH_NETWORK.get(d0) ?? d0) : d0;
    if (wanted && !wanted.has(d.type)) continue;
    if (!hasDigit && d.needsDigit) continue;
    for (const f of d.find(text)) if (f.score >= minScore) all.push(f);
  }
  return opts.keepOverlaps ? all.sort((a, b) => a.start - b.start) : resolveOverlaps(all);
}

export interface LineFinding {
  /** 0-based line index. */
  line: number;
  /** UTF-16 offset within the line. */
  start: number;
  end: number;
  type: string;
  score: number;
}

/**
 * Findings per line, as the `wuming detect --json` contract prints them. Lines split on \n (a
 * trailing \r is not part of the line). Detection runs over chunks of many lines at once (no
 * detector matches across a line break), which is much faster than one call per line.
 */
export function detectLines(text: string, opts: DetectOptions = {}, firstLine = 0): LineFinding[] {
  const out: LineFinding[] = [];
  const CHUNK = 1 << 16;
  let line = firstLine;
  let pos = 0;
  while (pos < text.length) {
    let cut = text.indexOf('\n', Math.min(text.length, pos + CHUNK));
    if (cut < 0) cut = text.length;
    const chunk = text.slice(pos, cut);
    // Start offset of each line in the chunk.
    const starts = [0];
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) starts.push(i + 1);
    let li = 0;
    for (const f of detectText(chunk, opts)) {
      while (li + 1 < starts.length && starts[li + 1] <= f.start) li++;
      const lineEnd = li + 1 < starts.length ? starts[li + 1] - 1 : chunk.length;
      const end = Math.min(f.end, lineEnd);
      let s0 = f.start - starts[li];
      let e0 = end - starts[li];
      // Never report a span over a line's trailing \r.
      if (chunk.charCodeAt(end - 1) === 13) e0--;
      if (e0 <= s0) continue;
      s0 = Math.max(0, s0);
      e0 = Math.max(s0, e0);
      out.push({ line: line + li, start: s0, end: e0, type: f.type, score: f.score });
    }
    line += starts.length;
    pos = cut + 1;
  }
  return out;
}
