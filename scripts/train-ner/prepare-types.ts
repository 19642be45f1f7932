/** One prepared sentence: spans are [start, end, type] with UTF-16 offsets into text. */
export interface Sentence {
  text: string;
  spans: [number, number, string][];
}
