import { readFileSync } from 'node:fs';
import type { Sentence } from './prepare-types.js';

/**
 * The prepared sentences in scripts/train-ner/work/ (prepare.ts writes them; git-ignored), and the
 * development split every training and tuning script shares: the last DEV_SHARE of the MSRA
 * training sentences (a contiguous block, so a person named in one sentence is rarely in the next
 * one on the other side) and Weibo's own dev split.
 */
const DEV_SHARE = 0.1;

export function readWork(file: string): Sentence[] {
  return readFileSync(new URL(`./work/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sentence);
}

/** Index of the first MSRA development sentence among `n` training sentences. */
export const msraDevStart = (n: number): number => Math.round(n * (1 - DEV_SHARE));

/** The development splits: MSRA's held-out tail and Weibo dev. */
export function devSplits(): { msraDev: Sentence[]; weiboDev: Sentence[] } {
  const msraAll = readWork('msra-train.jsonl');
  return { msraDev: msraAll.slice(msraDevStart(msraAll.length)), weiboDev: readWork('weibo-dev.jsonl') };
}

/** `--name value` of a script's command line, or `def`; exits 2 naming the flag when neither. */
export function requiredArg(script: string, name: string, def?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : def;
  if (v === undefined) {
    console.error(`${script}: missing --${name}`);
    process.exit(2);
  }
  return v;
}
