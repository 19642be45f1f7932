/**
 * Span-level scores for NER evaluation: exact match (same type, same start and end, as in the
 * CoNLL and SIGHAN 2006 scorers) and half overlap (same type, the spans share at least half of the
 * longer one's characters: credit for a name found with a neighbouring character too many or too
 * few). Each gold span is matched at most once.
 */
export interface ScoredSpan {
  start: number;
  end: number;
  type: string;
}

export interface SpanCounts {
  gold: number;
  predicted: number;
  exact: number;
  half: number;
}

function newCounts(): SpanCounts {
  return { gold: 0, predicted: 0, exact: 0, half: 0 };
}

/** Add one sentence's comparison to `counts` (per type, keyed by type). */
export function countSpans(
  gold: readonly ScoredSpan[],
  predicted: readonly ScoredSpan[],
  counts: Map<string, SpanCounts>,
): void {
  const get = (t: string) => {
    let c = counts.get(t);
    if (!c) {
      c = newCounts();
      counts.set(t, c);
    }
    return c;
  };
  for (const g of gold) get(g.type).gold++;
  for (const p of predicted) get(p.type).predicted++;
  const exactUsed = new Set<number>();
  const halfUsed = new Set<number>();
  for (const p of predicted) {
    const c = get(p.type);
    const e = gold.findIndex(
      (g, i) => !exactUsed.has(i) && g.type === p.type && g.start === p.start && g.end === p.end,
    );
    if (e >= 0) {
      exactUsed.add(e);
      c.exact++;
    }
    const h = gold.findIndex((g, i) => {
      if (halfUsed.has(i) || g.type !== p.type) return false;
      const ov = Math.min(g.end, p.end) - Math.max(g.start, p.start);
      return ov > 0 && 2 * ov >= Math.max(g.end - g.start, p.end - p.start);
    });
    if (h >= 0) {
      halfUsed.add(h);
      c.half++;
    }
  }
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, predicted: number, gold: number): PRF {
  const precision = predicted ? tp / predicted : 0;
  const recall = gold ? tp / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * Spans of `tag` over sentences read as a document: joined with \n in chunks of about 65,536
 * characters (as detectLines and `wuming detect` read a file), tagged once per chunk, and the
 * spans handed back per sentence with sentence offsets. Evaluation of the document-level
 * evidence tagEntities uses (a name found once is a name elsewhere in the text).
 */
export function spansPerSentence<T extends ScoredSpan>(
  sentences: readonly string[],
  tag: (text: string) => readonly T[],
): T[][] {
  const out: T[][] = [];
  for (let c0 = 0; c0 < sentences.length; ) {
    let c1 = c0;
    let len = 0;
    while (c1 < sentences.length && len < 65536) len += sentences[c1++].length + 1;
    const spans = tag(sentences.slice(c0, c1).join('\n'));
    let off = 0;
    let k = 0;
    for (let i = c0; i < c1; i++) {
      const end = off + sentences[i].length;
      const mine: T[] = [];
      while (k < spans.length && spans[k].start < off) k++;
      for (let j = k; j < spans.length && spans[j].start < end; j++)
        if (spans[j].end <= end)
          mine.push({ ...spans[j], start: spans[j].start - off, end: spans[j].end - off });
      out.push(mine);
      off = end + 1;
    }
    c0 = c1;
  }
  return out;
}
