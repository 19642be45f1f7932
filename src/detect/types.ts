/**
 * Core types of PI discovery. The shape follows Presidio's recognizer model (a recognizer finds
 * spans with a score; context words raise it), typed and with China-specific validators.
 */
export interface Finding {
  type: string;
  /** UTF-16 offset of the first character, inclusive. */
  start: number;
  /** UTF-16 offset, exclusive. */
  end: number;
  /** Confidence in [0, 1]. */
  score: number;
  /** Name of the detector that produced it. */
  detector: string;
  /** Short human reason (never quotes the value). */
  explanation?: string;
  /** True when a checksum or structural validator accepted the value. */
  validated?: boolean;
}

export interface Detector {
  /** Canonical type, e.g. CN_RESIDENT_ID. */
  type: string;
  /** Languages whose text this detector understands ('zh', 'en', or '*'). */
  languages: string[];
  /** Every match contains a digit: text without one skips this detector (a cheap prefilter). */
  needsDigit?: boolean;
  find(text: string): Finding[];
  /** What the rest of Wuming knows about this type, declared with the registry line (index.ts). */
  readonly traits?: DetectorTraits;
}

/**
 * The capabilities of a PI type that the scan, the verdict's evidence and redaction read, so a
 * new detector reaches them from its registry line instead of from lists of type names.
 */
export interface DetectorTraits {
  /** The kind a column of these values is (the scan's column kinds: phone, id_number, device …). */
  readonly column?: string;
  /** The value's shape is proof on its own (a check digit or a strict syntax). */
  readonly shapeIsProof?: boolean;
  /** An identity-document number whose only evidence is a letters-and-digits shape. */
  readonly documentShape?: boolean;
  /**
   * Identifies a person directly or through an account, device or vehicle: found in a released
   * column, it makes the output personal information whatever the policy says the column is.
   */
  readonly identifying?: boolean;
  /** A check digit makes a match near-certain (and format-preserving encryption keeps it valid). */
  readonly checksum?: boolean;
  /** A value repeated over rows means several rows about one person. */
  readonly personKey?: boolean;
  /** Written as digits with optional separators: compared and tokenized without them, upper-cased. */
  readonly digits?: boolean;
}
