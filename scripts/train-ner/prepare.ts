/**
 * Data preparation for the NER model: reads the two public corpora from git checkouts at pinned
 * commits and writes one JSON object a sentence ({ text, spans: [[start, end, type], ...] }) to
 * scripts/train-ner/work/, plus the Weibo test split, gzipped, to bench/data/ner/ (the bench
 * scores on them; nothing is ever trained on them).
 *
 *   npx tsx scripts/train-ner/prepare.ts --msra <git dir of SophonPlus/ChineseNlpCorpus> \
 *        --weibo <git dir of hltcoe/golden-horse>
 *
 * A bare mirror or a normal clone both work: files are read with `git show <commit>:<path>`, so the
 * data is exactly the recorded version. See README.md beside this file for sources and licences.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SURNAMES_1 } from '../../src/detect/ner/features.js';
import { msraSplits, msraZipFromGit, readWeibo } from './corpora.js';
import type { Sentence } from './prepare-types.js';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) {
    console.error(`prepare: missing --${name} <git dir>`);
    process.exit(2);
  }
  return process.argv[i + 1];
}


function write(path: string, rows: Sentence[]): void {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/**
 * The entity lexicon of the lexicon features (src/detect/ner/features.ts): the place (ns) and
 * organisation (nt) words of jieba's dictionary (dict.txt of the @node-rs/jieba dev dependency,
 * pinned in package-lock.json; MIT licence), two or more Han characters. Written in dictionary
 * order, so the file is reproducible. Person names (nr) are left out on purpose: measured on
 * the development splits they bought nothing on MSRA and cost 0.04 F1 on Weibo names, and a list
 * of famous people's names is the wrong prior for the ordinary names personal data holds.
 */
export function writeLexicon(): { words: number; bytes: number } {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@node-rs/jieba/package.json'));
  const dict = readFileSync(join(dir, 'dict.txt'), 'utf8');
  const out: string[] = [];
  const seen = new Set<string>();
  for (const line of dict.split('\n')) {
    const [word, , tag] = line.trim().split(' ');
    if (!word || !/^[\u4e00-\u9fff]{2,}$/.test(word)) continue;
    let t = '';
    if (tag === 'ns') t = 'L';
    else if (tag === 'nt') t = 'O';
    if (!t || seen.has(`${word}\t${t}`)) continue;
    seen.add(`${word}\t${t}`);
    out.push(`${word}\t${t}`);
  }
  const body = `${out.join('\n')}\n`;
  const path = new URL('../../data/ner/lexicon.txt', import.meta.url);
  mkdirSync(new URL('./', path), { recursive: true });
  writeFileSync(path, body);
  return { words: out.length, bytes: Buffer.byteLength(body) };
}

/**
 * Given-name character statistics for the name-character features: for each Han character, how
 * often it is a given-name character (after a single-character surname) in the person names of
 * jieba's dictionary (nr, nrfg; two or three characters), and how often it occurs in its other
 * words. Only counts are kept, no name; characters never seen in a given name are left out.
 * Format: one "character<TAB>count in given names<TAB>count in other words" line, by code point.
 */
export function writeNameChars(): { chars: number; bytes: number } {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@node-rs/jieba/package.json'));
  const dict = readFileSync(join(dir, 'dict.txt'), 'utf8');
  const surnames = new Set(SURNAMES_1);
  const inName = new Map<number, number>();
  const inWord = new Map<number, number>();
  for (const line of dict.split('\n')) {
    const [w, , tag] = line.trim().split(' ');
    if (!w) continue;
    const isName = (tag === 'nr' || tag === 'nrfg') && (w.length === 2 || w.length === 3) && surnames.has(w[0]);
    const m = isName ? inName : inWord;
    for (let i = isName ? 1 : 0; i < w.length; i++) m.set(w.charCodeAt(i), (m.get(w.charCodeAt(i)) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const c of [...inName.keys()].sort((a, b) => a - b)) {
    if (c < 0x3400 || c > 0x9fff) continue;
    out.push(`${String.fromCharCode(c)}\t${inName.get(c)}\t${inWord.get(c) ?? 0}`);
  }
  const body = `${out.join('\n')}\n`;
  writeFileSync(new URL('../../data/ner/name-chars.txt', import.meta.url), body);
  return { chars: out.length, bytes: Buffer.byteLength(body) };
}

function main(): void {
  const lex = writeLexicon();
  const nc = writeNameChars();
  console.log(`name characters: ${nc.chars}, ${nc.bytes} bytes -> data/ner/name-chars.txt`);
  console.log(`lexicon: ${lex.words} words, ${lex.bytes} bytes -> data/ner/lexicon.txt`);
  if (process.argv.includes('--lexicon-only')) return;
  const work = new URL('./work/', import.meta.url);
  mkdirSync(work, { recursive: true });
  const bench = new URL('../../bench/data/ner/', import.meta.url);
  mkdirSync(bench, { recursive: true });

  const msra = msraSplits(msraZipFromGit(arg('msra')));
  const msraTrain = msra.train;
  const weiboTrain = readWeibo(arg('weibo'), 'train');
  const weiboDev = readWeibo(arg('weibo'), 'dev');
  const weiboTest = readWeibo(arg('weibo'), 'test');

  write(new URL('msra-train.jsonl', work).pathname, msraTrain);
  write(new URL('weibo-train.jsonl', work).pathname, weiboTrain);
  write(new URL('weibo-dev.jsonl', work).pathname, weiboDev);
  // Only Weibo's test split is kept in the repository (CC BY-SA 3.0 annotations); MSRA states no
  // licence, so its test split is fetched into a git-ignored cache when needed (corpora.ts).
  const body = weiboTest.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(new URL('weibo-test.jsonl.gz', bench), gzipSync(body, { level: 9 }));
  const count = (rows: Sentence[]) => {
    const c: Record<string, number> = {};
    for (const r of rows) for (const s of r.spans) c[s[2]] = (c[s[2]] ?? 0) + 1;
    return JSON.stringify(c);
  };
  console.log(`msra train ${msraTrain.length} sentences (${msra.dropped} dropped as test duplicates) ${count(msraTrain)}`);
  console.log(`msra test ${msra.test.length} sentences ${count(msra.test)}`);
  console.log(`weibo train ${weiboTrain.length} ${count(weiboTrain)}; dev ${weiboDev.length} ${count(weiboDev)}; test ${weiboTest.length} ${count(weiboTest)}`);
}

main();
