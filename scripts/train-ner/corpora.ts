/**
 * The two public NER corpora at pinned versions, read the same way by data preparation
 * (prepare.ts), evaluation (evaluate.ts) and the benchmark (bench/detect-ner.ts).
 *
 * The MSRA NER corpus states no licence (README.md beside this file), so none of its text is kept
 * in the repository: its test split is fetched on demand into a git-ignored cache
 * (bench/cache/ner/), from a local git checkout named by WUMING_NER_MSRA or else by HTTPS from the
 * pinned commit, and its bytes are checked against a recorded SHA-256 either way. Weibo NER's
 * annotations are CC BY-SA 3.0; its test split is in bench/data/ner/.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Sentence } from './prepare-types.js';

export const SOURCES = {
  msra: {
    repo: 'SophonPlus/ChineseNlpCorpus',
    commit: 'a0b781d72158bde242c0626c9e354d2b328865ff',
    path: 'datasets/dh_msra/dh_msra.zip',
    sha256: '5a0b2e4c543d8a803b138b5488313425cdec26708e323388d37750c6bd35b4e9',
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

export function gitShow(dir: string, commit: string, path: string): Buffer {
  return execFileSync('git', ['-C', dir, 'show', `${commit}:${path}`], { maxBuffer: 1 << 28 });
}

/** CoNLL-style "token<TAB>label" lines, blank line between sentences. */
export function readConll(text: string, token: (t: string) => string, label: (l: string) => string): Sentence[] {
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
      if (open && l.startsWith('I-') && type === open[2]) {
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
export function weiboLabel(l: string): string {
  if (l === 'O' || l.endsWith('.NOM')) return 'O';
  const m = /^([BI])-(PER|LOC|GPE|ORG)\.NAM$/.exec(l);
  if (!m) throw new Error(`weibo: unknown label ${l}`);
  return `${m[1]}-${m[2] === 'GPE' ? 'LOC' : m[2]}`;
}

/** Weibo split from a git checkout of hltcoe/golden-horse at the pinned commit. */
export function readWeibo(gitDir: string, split: keyof typeof SOURCES.weibo.paths): Sentence[] {
  const w = SOURCES.weibo;
  return readConll(
    gitShow(gitDir, w.commit, w.paths[split]).toString('utf8'),
    (t) => t.slice(0, -1), // each token is the character followed by its position in its word
    weiboLabel,
  );
}

/**
 * MSRA train and test splits from the bytes of dh_msra.zip (checked against the recorded
 * SHA-256). The test split is the last 4,631 sentences, checked to hold exactly the bakeoff test
 * set's 172,601 characters; training sentences that also occur in the test split are dropped.
 */
export function msraSplits(zip: Buffer): { train: Sentence[]; test: Sentence[]; dropped: number } {
  const sha = createHash('sha256').update(zip).digest('hex');
  if (sha !== SOURCES.msra.sha256)
    throw new Error(`MSRA: dh_msra.zip has SHA-256 ${sha}, expected ${SOURCES.msra.sha256}`);
  const dir = `/tmp/wuming-ner-msra-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  let txt: string;
  try {
    writeFileSync(`${dir}/dh_msra.zip`, zip);
    txt = execFileSync('unzip', ['-p', `${dir}/dh_msra.zip`, 'dh_msra.txt'], { maxBuffer: 1 << 28 }).toString(
      'utf8',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const all = readConll(
    txt,
    (t) => t,
    (l) => l,
  );
  const test = all.slice(all.length - MSRA_TEST_SENTENCES);
  const chars = test.reduce((a, s) => a + s.text.length, 0);
  if (chars !== MSRA_TEST_CHARS) throw new Error(`MSRA test split has ${chars} characters, expected ${MSRA_TEST_CHARS}`);
  // Never train on a sentence that also occurs in the test split (short duplicates such as headlines).
  const testTexts = new Set(test.map((s) => s.text));
  const trainAll = all.slice(0, all.length - MSRA_TEST_SENTENCES);
  const train = trainAll.filter((s) => !testTexts.has(s.text));
  return { train, test, dropped: trainAll.length - train.length };
}

/** dh_msra.zip from a git checkout of SophonPlus/ChineseNlpCorpus at the pinned commit. */
export function msraZipFromGit(gitDir: string): Buffer {
  return gitShow(gitDir, SOURCES.msra.commit, SOURCES.msra.path);
}

const MSRA_URL = `https://raw.githubusercontent.com/${SOURCES.msra.repo}/${SOURCES.msra.commit}/${SOURCES.msra.path}`;
const CACHE = new URL('../../bench/cache/ner/', import.meta.url);

export function readJsonl(path: URL | string, gzip: boolean): Sentence[] {
  const raw = readFileSync(path);
  return (gzip ? gunzipSync(raw) : raw)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sentence);
}

/** The Weibo NER test split kept in the repository (CC BY-SA 3.0 annotations). */
export function weiboTest(): Sentence[] {
  return readJsonl(new URL('../../bench/data/ner/weibo-test.jsonl.gz', import.meta.url), true);
}

/**
 * The MSRA test split, from the cache, else fetched into it (WUMING_NER_MSRA = a git checkout of
 * SophonPlus/ChineseNlpCorpus, else HTTPS from the pinned commit). Returns the reason instead
 * when it cannot be had: the caller says so and skips the MSRA figures.
 */
export async function msraTest(): Promise<Sentence[] | { absent: string }> {
  const cached = new URL('msra-test.jsonl.gz', CACHE);
  if (existsSync(cached)) return readJsonl(cached, true);
  let zip: Buffer;
  const gitDir = process.env.WUMING_NER_MSRA;
  try {
    if (gitDir) zip = msraZipFromGit(gitDir);
    else {
      const res = await fetch(MSRA_URL, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      zip = Buffer.from(await res.arrayBuffer());
    }
  } catch (e) {
    const from = gitDir ? `git checkout ${gitDir}` : MSRA_URL;
    return {
      absent:
        `MSRA NER test split not available (${from}: ${(e as Error).message}). It is not kept in the ` +
        'repository (no licence stated); set WUMING_NER_MSRA to a git checkout of ' +
        `${SOURCES.msra.repo} containing commit ${SOURCES.msra.commit.slice(0, 7)}, or allow HTTPS to GitHub.`,
    };
  }
  const { test } = msraSplits(zip);
  mkdirSync(CACHE, { recursive: true });
  const tmp = new URL(`msra-test.jsonl.gz.${process.pid}.tmp`, CACHE);
  writeFileSync(tmp, gzipSync(`${test.map((r) => JSON.stringify(r)).join('\n')}\n`));
  renameSync(tmp, cached);
  return test;
}
