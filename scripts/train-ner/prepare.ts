/**
 * Data preparation for the NER model: reads the two public corpora from git checkouts at pinned
 * commits and writes one JSON object a sentence ({ text, spans: [[start, end, type], ...] }) to
 * scripts/train-ner/work/, plus the held-out test splits, gzipped, to bench/data/ner/ (the bench
 * scores on them; nothing is ever trained on them).
 *
 *   npx tsx scripts/train-ner/prepare.ts --msra <git dir of SophonPlus/ChineseNlpCorpus> \
 *        --weibo <git dir of hltcoe/golden-horse>
 *
 * A bare mirror or a normal clone both work: files are read with `git show <commit>:<path>`, so the
 * data is exactly the recorded version. See README.md beside this file for sources and licences.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SURNAMES_1 } from '../../src/detect/ner/features.js';

export const SOURCES = {
  msra: {
    repo: 'SophonPlus/ChineseNlpCorpus',
    commit: 'a0b781d72158bde242c0626c9e354d2b328865ff',
    path: 'datasets/dh_msra/dh_msra.zip',
  },
  weibo: {
    repo: 'hltcoe/golden-horse',
    commit: '7a73c08e45ed94312af4ef2d97cc35a47d029e99',
    paths: {
      train: 'data/weiboNER_2nd_conll.train',
      dev: 'data/weiboNER_2nd_conll.dev',
      test: 'data/weiboNER_2nd_conll.test',
    },
  },
} as const;

/** MSRA test split size: dh_msra.txt is zh-NER-TF's train_data followed by its test_data. */
const MSRA_TEST_SENTENCES = 4631;
const MSRA_TEST_CHARS = 172601;

type Span = [number, number, string];
export interface Sentence {
  text: string;
  spans: Span[];
}

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) {
    console.error(`prepare: missing --${name} <git dir>`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

function gitShow(dir: string, commit: string, path: string): Buffer {
  return execFileSync('git', ['-C', dir, 'show', `${commit}:${path}`], { maxBuffer: 1 << 28 });
}

/** CoNLL-style "token<TAB>label" lines, blank line between sentences. */
function readConll(text: string, token: (t: string) => string, label: (l: string) => string): Sentence[] {
  const out: Sentence[] = [];
  let chars: string[] = [];
  let labels: string[] = [];
  const flush = () => {
    if (chars.length === 0) return;
    let s = '';
    const spans: Span[] = [];
    let open: Span | undefined;
    for (let i = 0; i < chars.length; i++) {
      const l = labels[i];
      const start = s.length;
      s += chars[i];
      const type = l === 'O' ? '' : l.slice(2);
      if (open && (l.startsWith('I-') && type === open[2])) {
        open[1] = s.length;
        continue;
      }
      if (open) spans.push(open);
      open = type ? [start, s.length, type] : undefined;
    }
    if (open) spans.push(open);
    out.push({ text: s, spans });
    chars = [];
    labels = [];
  };
  for (const line of text.split('\n')) {
    const l = line.replace(/\r$/, '');
    if (l.trim() === '') {
      flush();
      continue;
    }
    const tab = l.lastIndexOf('\t');
    const tok = token(tab >= 0 ? l.slice(0, tab) : l.split(/\s+/)[0]);
    const lab = label(tab >= 0 ? l.slice(tab + 1).trim() : l.split(/\s+/)[1]);
    if (!tok) continue;
    chars.push(tok);
    labels.push(lab);
  }
  flush();
  return out;
}

/** Weibo labels: PER/LOC/GPE/ORG with .NAM (named) or .NOM (nominal); only named mentions count. */
function weiboLabel(l: string): string {
  if (l === 'O' || l.endsWith('.NOM')) return 'O';
  const m = /^([BI])-(PER|LOC|GPE|ORG)\.NAM$/.exec(l);
  if (!m) throw new Error(`weibo: unknown label ${l}`);
  return `${m[1]}-${m[2] === 'GPE' ? 'LOC' : m[2]}`;
}

function unzipOne(zip: Buffer): string {
  const dir = `/tmp/wuming-ner-prepare-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/dh_msra.zip`, zip);
  execFileSync('unzip', ['-o', '-q', `${dir}/dh_msra.zip`, '-d', dir]);
  return execFileSync('cat', [`${dir}/dh_msra.txt`], { maxBuffer: 1 << 28 }).toString('utf8');
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

  const msraAll = readConll(
    unzipOne(gitShow(arg('msra'), SOURCES.msra.commit, SOURCES.msra.path)),
    (t) => t,
    (l) => l,
  );
  const msraTest = msraAll.slice(msraAll.length - MSRA_TEST_SENTENCES);
  const testChars = msraTest.reduce((a, s) => a + s.text.length, 0);
  if (testChars !== MSRA_TEST_CHARS) throw new Error(`MSRA test split has ${testChars} characters, expected ${MSRA_TEST_CHARS}`);
  // Never train on a sentence that also occurs in the test split (short duplicates such as headlines).
  const testTexts = new Set(msraTest.map((s) => s.text));
  const msraTrainAll = msraAll.slice(0, msraAll.length - MSRA_TEST_SENTENCES);
  const msraTrain = msraTrainAll.filter((s) => !testTexts.has(s.text));

  const w = SOURCES.weibo;
  const weibo = (split: keyof typeof w.paths) =>
    readConll(
      gitShow(arg('weibo'), w.commit, w.paths[split]).toString('utf8'),
      (t) => t.slice(0, -1), // each token is the character followed by its position in its word
      weiboLabel,
    );
  const weiboTrain = weibo('train');
  const weiboDev = weibo('dev');
  const weiboTest = weibo('test');

  write(new URL('msra-train.jsonl', work).pathname, msraTrain);
  write(new URL('weibo-train.jsonl', work).pathname, weiboTrain);
  write(new URL('weibo-dev.jsonl', work).pathname, weiboDev);
  for (const [name, rows] of [
    ['msra-test', msraTest],
    ['weibo-test', weiboTest],
  ] as const) {
    const body = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    writeFileSync(new URL(`${name}.jsonl.gz`, bench), gzipSync(body, { level: 9 }));
  }
  const count = (rows: Sentence[]) => {
    const c: Record<string, number> = {};
    for (const r of rows) for (const s of r.spans) c[s[2]] = (c[s[2]] ?? 0) + 1;
    return JSON.stringify(c);
  };
  console.log(`msra train ${msraTrain.length} sentences (${msraTrainAll.length - msraTrain.length} dropped as test duplicates) ${count(msraTrain)}`);
  console.log(`msra test ${msraTest.length} sentences ${count(msraTest)}`);
  console.log(`weibo train ${weiboTrain.length} ${count(weiboTrain)}; dev ${weiboDev.length} ${count(weiboDev)}; test ${weiboTest.length} ${count(weiboTest)}`);
}

main();
