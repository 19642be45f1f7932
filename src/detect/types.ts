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
}
