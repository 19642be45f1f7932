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
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

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

function main(): void {
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
