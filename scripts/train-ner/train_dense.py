"""
Dense character model for the NER tagger (session 6): a small dilated convolutional network over
character and hashed character-bigram embeddings, trained by per-character cross-entropy on the
13 BIOES labels. At inference (src/detect/ner/dense.ts) its log-probabilities are added, with a
weight chosen on the development splits, to the emission scores of the linear model before the
same Viterbi decoding: the two scorers see different evidence (dense embeddings over a wider
window against sparse n-gram and lexicon features), so their sum errs less than either.

Architecture (cost per character in brackets, C channels):
  layer 1: x_i = relu(b + sum_{o=-2..2} A_o[c_{i+o}] + BL[h(c_{i-1} c_i)] + BR[h(c_i c_{i+1})])
           A_o = E_c W_o (a width-5 convolution over 48-dimensional character embeddings) and the
           two bigram tables are low-rank (16-dimensional embeddings times a 16 x C matrix) while
           training; the exporter multiplies them out, so inference is 7 table rows added (7C).
  blocks:  x += relu(P_k (depthwise width-3 convolution, dilation d_k) x), d = 2, 4
           (the depthwise-separable convolution of Chollet 2017, dilated as in Yu & Koltun 2016
           and, for NER, Strubell et al. 2017 "Fast and accurate entity recognition with iterated
           dilated convolutions") [2 (3C + C^2)]
  output:  13 label scores, log-softmax [13C]
With C = 32 that is about 3,000 multiply-adds a character, receptive field +-9 characters.

  nice -n 10 /usr/bin/python3 scripts/train-ner/train_dense.py --dev [--channels 32] [--epochs 8]
      [--seed 18] [--out scratch/dense-dev.bin]

--dev trains on the first 90 % of the MSRA training sentences plus Weibo train (x3, as train.ts)
and scores the last 10 % and Weibo dev after each epoch (never a test split); without --dev it
trains on all training sentences for the given number of epochs. Needs Debian's python3-torch
(/usr/bin/python3). Seeded; one or two threads; deterministic on one machine.
"""
import argparse
import json
import math
import os
import random
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, 'work')
TYPES = ['PER', 'LOC', 'ORG']
LABELS = ['O'] + [f'{p}-{t}' for t in TYPES for p in 'BIES']
L = len(LABELS)
BIGRAM_BITS = 16
DILATIONS = (2, 4)
# Linear emissions (weight units) are divided by this before entering the network (typical
# magnitudes are tens of units).
EM_SCALE = 10.0


def bigram_hash(a, b):
    """Bucket of the UTF-16 code-unit pair (a, b): Knuth's multiplicative hash of a<<16|b, top
    BIGRAM_BITS bits; dense.ts computes the same with Math.imul. a or b = 0 is the line edge."""
    return ((((a << 16) | b) * 2654435761) & 0xFFFFFFFF) >> (32 - BIGRAM_BITS)


def read(name):
    with open(os.path.join(WORK, f'{name}.jsonl'), encoding='utf8') as f:
        return [json.loads(l) for l in f if l.strip()]


def units(text):
    """UTF-16 code units, the offsets the spans and the TypeScript code use."""
    return np.frombuffer(text.encode('utf-16-le'), dtype='<u2').tolist()


def labels_of(spans, n):
    y = [0] * n
    for a, b, t in spans:
        base = 1 + 4 * TYPES.index(t)
        if b - a == 1:
            y[a] = base + 3
        else:
            y[a] = base
            for i in range(a + 1, b - 1):
                y[i] = base + 1
            y[b - 1] = base + 2
    return y


def part(y):
    return -1 if y == 0 else (y - 1) % 4


def allowed(prev, cur):
    is_open = prev > 0 and part(prev) <= 1
    if not is_open:
        return cur == 0 or part(cur) in (0, 3)
    return cur > 0 and part(cur) in (1, 2) and (cur - 1) >> 2 == (prev - 1) >> 2


ALLOWED = np.array([[allowed(x, y) for y in range(L)] for x in range(L)])
START_OK = np.array([allowed(-1, y) for y in range(L)])
END_OK = np.array([y == 0 or part(y) >= 2 for y in range(L)])


def viterbi(scores):
    """Best BIOES-valid path under per-character scores (no transition weights)."""
    n = scores.shape[0]
    neg = -1e9
    trans = np.where(ALLOWED, 0.0, neg)
    delta = scores[0] + np.where(START_OK, 0.0, neg)
    back = np.zeros((n, L), dtype=np.int64)
    for i in range(1, n):
        cand = delta[:, None] + trans
        back[i] = cand.argmax(0)
        delta = cand.max(0) + scores[i]
    y = int(np.argmax(delta + np.where(END_OK, 0.0, neg)))
    out = [y]
    for i in range(n - 1, 0, -1):
        y = int(back[i, y])
        out.append(y)
    return out[::-1]


def spans_of(labels):
    out = set()
    i, n = 0, len(labels)
    while i < n:
        y = labels[i]
        if y != 0:
            p = part(y)
            if p == 3:
                out.add((i, i + 1, TYPES[(y - 1) >> 2]))
            elif p == 0:
                j = i + 1
                while j < n and part(labels[j]) == 1:
                    j += 1
                if j < n and part(labels[j]) == 2:
                    out.add((i, j + 1, TYPES[(y - 1) >> 2]))
                    i = j
        i += 1
    return out


class Dense(nn.Module):
    def __init__(self, vocab, channels, stack=False):
        super().__init__()
        C = channels
        self.stack = stack
        if stack:
            # The linear model's 13 emission scores (weight units / EM_SCALE) at i-1, i, i+1 into
            # layer 1, and each label's own score straight to its output (a learned scale).
            self.sconv = nn.Conv1d(L, C, 3, padding=1, bias=False)
            self.gamma = nn.Parameter(torch.ones(L))
        self.emb = nn.Embedding(vocab, 48, padding_idx=0)
        self.conv1 = nn.Conv1d(48, C, 5, padding=2)
        self.bemb = nn.Embedding(1 << BIGRAM_BITS, 16)
        self.bl = nn.Linear(16, C, bias=False)
        self.br = nn.Linear(16, C, bias=False)
        self.dw = nn.ModuleList([nn.Conv1d(C, C, 3, padding=d, dilation=d, groups=C) for d in DILATIONS])
        self.pw = nn.ModuleList([nn.Conv1d(C, C, 1) for _ in DILATIONS])
        self.out = nn.Conv1d(C, L, 1)
        self.drop = nn.Dropout(0.2)

    def forward(self, chars, bl, br, em=None):
        # chars, bl, br: (B, N) ids, char id 0 = padding after a sentence. Every layer is zero
        # outside the sentence (the embedding of id 0 is zero, hidden states are masked), exactly
        # what the convolutions' zero padding gives at its start and what dense.ts computes.
        mask = (chars != 0).unsqueeze(1).float()
        x = self.drop(self.emb(chars)).transpose(1, 2)
        h = self.conv1(x) + (self.bl(self.drop(self.bemb(bl))) + self.br(self.drop(self.bemb(br)))).transpose(1, 2)
        if self.stack:
            h = h + self.sconv(em.transpose(1, 2))
        h = F.relu(h) * mask
        for dw, pw in zip(self.dw, self.pw):
            h = h + F.relu(pw(dw(self.drop(h)))) * mask
        z = self.out(self.drop(h)).transpose(1, 2)  # (B, N, L)
        if self.stack:
            z = z + em * self.gamma
        return z


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dev', action='store_true')
    ap.add_argument('--channels', type=int, default=32)
    ap.add_argument('--epochs', type=int, default=8)
    ap.add_argument('--seed', type=int, default=18)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--weibo-repeat', type=int, default=3)
    ap.add_argument('--out', default=None)
    ap.add_argument('--stack', action='store_true')
    # Stop after this many epochs of a schedule planned for --epochs (the learning rate decays
    # linearly over --epochs): the shipped network is epoch 3 of 4, the best on the dev splits.
    ap.add_argument('--stop-after', type=int, default=0)
    ap.add_argument('--folds', type=int, default=3)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)

    msra = read('msra-train')
    cut = round(len(msra) * 0.9) if args.dev else len(msra)
    weibo = read('weibo-train')
    train = msra[:cut] + weibo * args.weibo_repeat
    devs = [('msra dev', msra[cut:]), ('weibo dev', read('weibo-dev'))] if args.dev else []

    # Character vocabulary: every code unit of the training text seen at least twice (id 1 is
    # unknown, id 0 padding / line edge), in code-unit order so the file is reproducible.
    counts = {}
    for s in train:
        for u in units(s['text']):
            counts[u] = counts.get(u, 0) + 1
    vocab = sorted(u for u, c in counts.items() if c >= 2)
    index = {u: i + 2 for i, u in enumerate(vocab)}

    def encode(s):
        u = units(s['text'])
        c = [index.get(x, 1) for x in u]
        pad = [0] + u + [0]
        bl = [bigram_hash(pad[i], pad[i + 1]) for i in range(len(u))]
        br = [bigram_hash(pad[i + 1], pad[i + 2]) for i in range(len(u))]
        return c, bl, br

    def batches(rows, size, shuffle):
        order = list(range(len(rows)))
        if shuffle:
            random.shuffle(order)
        # Buckets of similar length (little padding), in random order.
        chunks = [order[i:i + size * 50] for i in range(0, len(order), size * 50)]
        out = []
        for ch in chunks:
            ch.sort(key=lambda k: len(rows[k][0]))
            out += [ch[i:i + size] for i in range(0, len(ch), size)]
        if shuffle:
            random.shuffle(out)
        return out

    def tensors(rows, idx, with_y):
        n = max(len(rows[k][0]) for k in idx)
        B = len(idx)
        c = torch.zeros(B, n, dtype=torch.long)
        bl = torch.zeros(B, n, dtype=torch.long)
        br = torch.zeros(B, n, dtype=torch.long)
        y = torch.full((B, n), -100, dtype=torch.long)
        em = torch.zeros(B, n, L) if args.stack else None
        for j, k in enumerate(idx):
            r = rows[k]
            m = len(r[0])
            c[j, :m] = torch.tensor(r[0])
            bl[j, :m] = torch.tensor(r[1])
            br[j, :m] = torch.tensor(r[2])
            if with_y:
                y[j, :m] = torch.tensor(r[3])
            if args.stack and m > 0:
                em[j, :m] = torch.from_numpy(np.ascontiguousarray(r[4]))
        return c, bl, br, y, em

    out = args.out or ('scratch/dense-dev.bin' if args.dev else 'scratch/dense.bin')
    def emissions(name, rows):
        raw = np.fromfile(os.path.join(WORK, f'emissions-{name}.bin'), dtype='<f4').reshape(-1, L) / EM_SCALE
        out, at = [], 0
        for r in rows:
            n = len(units(r['text']))
            out.append(raw[at:at + n])
            at += n
        assert at == raw.shape[0], f'emissions-{name}: {raw.shape[0]} characters, corpus has {at}'
        return out

    if args.stack:
        K = args.folds
        part_rows = msra[:cut]
        ems_m, ems_w = [None] * len(part_rows), [None] * len(weibo)
        for k in range(K):
            bm = [i for i in range(len(part_rows)) if (i * K) // len(part_rows) == k]
            bw = [i for i in range(len(weibo)) if (i * K) // len(weibo) == k]
            got = emissions(f'fold{k}of{K}' + ('-dev' if args.dev else ''), [part_rows[i] for i in bm] + [weibo[i] for i in bw])
            for j, i in enumerate(bm):
                ems_m[i] = got[j]
            for j, i in enumerate(bw):
                ems_w[i] = got[len(bm) + j]
        train_em = ems_m + ems_w * args.weibo_repeat
        dev_em = {'msra dev': emissions('msra-dev', devs[0][1]), 'weibo dev': emissions('weibo-dev', devs[1][1])} if args.dev else {}
    else:
        train_em = [None] * len(train)
        dev_em = {name: [None] * len(rows) for name, rows in devs}
    enc_train = [(*encode(s), labels_of(s['spans'], len(units(s['text']))), e) for s, e in zip(train, train_em) if s['text']]
    enc_devs = [(name, [(*encode(s), None, e) for s, e in zip(rows, dev_em[name])], rows) for name, rows in devs]
    model = Dense(len(vocab) + 2, args.channels, args.stack)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    steps = args.epochs * math.ceil(len(enc_train) / 32)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: max(0.05, 1 - k / steps))
    print(f'{len(enc_train)} training sentences, vocabulary {len(vocab)}, channels {args.channels}', flush=True)

    def evaluate(name, enc, rows):
        model.eval()
        tp = {t: [0, 0, 0] for t in TYPES}
        with torch.no_grad():
            for idx in batches(enc, 64, False):
                c, bl, br, _, em = tensors(enc, idx, False)
                lp = F.log_softmax(model(c, bl, br, em), -1).numpy()
                for j, k in enumerate(idx):
                    n = len(enc[k][0])
                    if n == 0:
                        continue
                    pred = spans_of(viterbi(lp[j, :n]))
                    gold = {(a, b, t) for a, b, t in rows[k]['spans']}
                    for t in TYPES:
                        p = {s for s in pred if s[2] == t}
                        g = {s for s in gold if s[2] == t}
                        tp[t][0] += len(p & g)
                        tp[t][1] += len(p)
                        tp[t][2] += len(g)
        model.train()
        res = []
        for t in TYPES:
            a, p, g = tp[t]
            pr = a / p if p else 0
            rc = a / g if g else 0
            f = 2 * pr * rc / (pr + rc) if pr + rc else 0
            res.append(f'{t} {f:.3f}' + (f' (P {pr:.3f} R {rc:.3f})' if t == 'PER' else ''))
        return f'{name} ' + ' '.join(res)

    for epoch in range(1, (args.stop_after or args.epochs) + 1):
        t0 = time.time()
        total = 0.0
        for idx in batches(enc_train, 32, True):
            c, bl, br, y, em = tensors(enc_train, idx, True)
            loss = F.cross_entropy(model(c, bl, br, em).reshape(-1, L), y.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        line = f'epoch {epoch}: loss {total:.1f} ({time.time() - t0:.0f} s)'
        for name, enc, rows in enc_devs:
            line += '; ' + evaluate(name, enc, rows)
        print(line, flush=True)
        # Written after every epoch (the last one is the result): the weight of the dense scores
        # in the tagger can then be tried on an intermediate epoch while training goes on.
        model.eval()
        export(model, vocab, args, out)
        model.train()
    print(f'wrote {out}')


def export(model, vocab, args, path):
    """Weight file read by src/detect/ner/dense.ts, little-endian:
    "WNERD1\\n" + JSON header line + Uint16 vocabulary (code units of ids 2..) + tables (the first
    three float16, the rest float32):
    A (vocab+2) x 5 x C (the first convolution applied to each character embedding, per offset
    -2..2), BL and BR (2^16 x C, the bigram tables multiplied out), b1 (C), then per block the
    depthwise kernel C x 3, pointwise C x C (out-major) and bias C, then the output layer 13 x C
    and its bias 13. Products are taken in float64, stored float32."""
    C = args.channels
    with torch.no_grad():
        E = model.emb.weight.double()
        W = model.conv1.weight.double()  # (C, 48, 5)
        A = torch.einsum('ve,cek->vkc', E, W)  # (V, 5, C)
        B = model.bemb.weight.double()
        BL = B @ model.bl.weight.double().T
        BR = B @ model.br.weight.double().T
        parts = [A, BL, BR, model.conv1.bias.double()]
        for dw, pw in zip(model.dw, model.pw):
            parts += [dw.weight.double().reshape(C, 3), dw.bias.double(), pw.weight.double().reshape(C, C), pw.bias.double()]
        parts += [model.out.weight.double().reshape(L, C), model.out.bias.double()]
        if model.stack:
            # sconv (C, 13, 3) as 3 x 13 x C (offset-major), gamma / EM_SCALE per label.
            parts += [model.sconv.weight.double().permute(2, 1, 0).reshape(-1) / EM_SCALE, model.gamma.double() / EM_SCALE]
        # The three big tables (A, BL, BR: nearly all of the file) as float16, the rest float32:
        # half the size for a relative error of 2^-11 per entry, far below what moves a label.
        body = b''.join(p.numpy().astype('<f2' if k < 3 else '<f4').tobytes() for k, p in enumerate(parts))
    header = {
        'format': 'WNERD1',
        'half': 3,
        'labels': LABELS,
        'channels': C,
        'vocab': len(vocab),
        'bigramBits': BIGRAM_BITS,
        'dilations': list(DILATIONS),
        'stack': bool(model.stack),
        'trained': {
            'algorithm': 'dilated depthwise-separable CNN over character and bigram embeddings, cross-entropy',
            'epochs': args.epochs,
            'stoppedAfter': args.stop_after or args.epochs,
            'stack': bool(args.stack),
            'folds': args.folds if args.stack else None,
            'seed': args.seed,
            'weiboRepeat': args.weibo_repeat,
            'dev': args.dev,
        },
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(b'WNERD1\n' + json.dumps(header).encode() + b'\n')
        f.write(np.array(vocab, dtype='<u2').tobytes())
        f.write(body)


if __name__ == '__main__':
    main()
