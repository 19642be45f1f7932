"""
EXPERIMENT (session 5; measured, not shipped; see ../README.md "Neural variants"): a window network over the hashed character features of
src/detect/ner/features.ts (exported by export-features.ts), with a linear-chain CRF on top.

Architecture (the "window approach" of Collobert et al. 2011, "Natural language processing (almost)
from scratch", JMLR 12, with its first layer factored over hashed features): each of the T feature
rows of a character owns an H-dimensional vector; their sum plus a bias goes through a ReLU, then a
linear layer to the 13 BIOES labels, added to a linear term (one 13-vector per feature row, the
linear CRF of the previous model). A first-order CRF (Lafferty et al. 2001) over the labels, with the
BIOES constraint, is trained by sentence log-likelihood. Seeded; one thread.

  npx tsx scripts/train-ner/experiments/export-features.ts
  nice -n 10 /usr/bin/python3 scripts/train-ner/experiments/train_mlp.py --dev [--hidden 32] [--epochs 5]

Needs Debian's python3-torch (runs with /usr/bin/python3). Reports span F1 on the development
splits after each epoch (never a test split).
"""
import argparse
import math
import os
import random
import struct
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, '..', 'work')
TYPES = ['PER', 'LOC', 'ORG']
LABELS = ['O'] + [f'{p}-{t}' for t in TYPES for p in 'BIES']
L = len(LABELS)


def part(y):
    return -1 if y == 0 else (y - 1) % 4


def type_of(y):
    return (y - 1) >> 2


def allowed(prev, cur):
    """BIOES: after O, E, S or the start (-1) come O, B, S; after B-X or I-X come I-X or E-X."""
    is_open = prev > 0 and part(prev) <= 1
    if not is_open:
        return cur == 0 or part(cur) in (0, 3)
    return cur > 0 and part(cur) in (1, 2) and type_of(cur) == type_of(prev)


def load(name):
    raw = open(os.path.join(WORK, f'{name}.bin'), 'rb').read()
    n, t = struct.unpack_from('<ii', raw, 0)
    lengths = np.frombuffer(raw, dtype='<i4', count=n, offset=8)
    chars = int(lengths.sum())
    off = 8 + 4 * n
    feats = np.frombuffer(raw, dtype='<i4', count=chars * t, offset=off).reshape(chars, t)
    labels = np.frombuffer(raw, dtype=np.uint8, count=chars, offset=off + 4 * chars * t)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return [(feats[s:s + l], labels[s:s + l]) for s, l in zip(starts, lengths)], t


class Model(nn.Module):
    def __init__(self, rows, t, hidden):
        super().__init__()
        self.hidden = hidden
        # Row 0 is the "no feature" row (NULL_ROW): padding_idx keeps it zero.
        self.lin = nn.Embedding(rows, L, padding_idx=0, sparse=True)
        nn.init.zeros_(self.lin.weight)
        if hidden > 0:
            self.emb = nn.Embedding(rows, hidden, padding_idx=0, sparse=True)
            nn.init.normal_(self.emb.weight, 0, 1 / math.sqrt(t))
            with torch.no_grad():
                self.emb.weight[0].zero_()
            self.b1 = nn.Parameter(torch.zeros(hidden))
            self.out = nn.Linear(hidden, L)
        self.trans = nn.Parameter(torch.zeros(L + 1, L))  # last row: start -> first label
        mask = torch.tensor([[0.0 if allowed(x if x < L else -1, y) else -1e4 for y in range(L)] for x in range(L + 1)])
        self.register_buffer('mask', mask)
        self.register_buffer('end_mask', torch.tensor([0.0 if (y == 0 or part(y) >= 2) else -1e4 for y in range(L)]))

    def emissions(self, feats, dropout=0.0, feature_dropout=0.0):
        if feature_dropout > 0 and self.training:
            # Feature dropout: each feature row of each character is dropped (pointed at the
            # always-zero row) with this probability, so no single n-gram carries a decision.
            keep = torch.rand(feats.shape) >= feature_dropout
            feats = torch.where(keep, feats, torch.zeros_like(feats))
        em = self.lin(feats).sum(2)
        if self.hidden > 0:
            h = torch.relu(self.emb(feats).sum(2) + self.b1)
            if dropout > 0:
                h = nn.functional.dropout(h, dropout, self.training)
            em = em + self.out(h)
        return em

    def nll(self, em, labels, mask):
        """Mean negative log-likelihood of the gold label sequences (forward algorithm)."""
        B, N, _ = em.shape
        tr = self.trans + self.mask
        start = tr[L]
        step = tr[:L]
        alpha = start + em[:, 0]
        gold = start[labels[:, 0]] + em[:, 0].gather(1, labels[:, :1]).squeeze(1)
        for i in range(1, N):
            m = mask[:, i]
            nxt = torch.logsumexp(alpha.unsqueeze(2) + step.unsqueeze(0), dim=1) + em[:, i]
            alpha = torch.where(m.unsqueeze(1), nxt, alpha)
            g = step[labels[:, i - 1], labels[:, i]] + em[:, i].gather(1, labels[:, i:i + 1]).squeeze(1)
            gold = gold + torch.where(m, g, torch.zeros_like(g))
        logz = torch.logsumexp(alpha + self.end_mask, dim=1)
        return (logz - gold).mean()

    def viterbi(self, em):
        """Best label sequence of one sentence's emissions (N × L)."""
        tr = (self.trans + self.mask).detach()
        n = em.shape[0]
        delta = tr[L] + em[0]
        back = []
        for i in range(1, n):
            s = delta.unsqueeze(1) + tr[:L]
            best, arg = s.max(0)
            delta = best + em[i]
            back.append(arg)
        y = int((delta + self.end_mask).argmax())
        out = [y]
        for arg in reversed(back):
            y = int(arg[y])
            out.append(y)
        return out[::-1]


def spans(labels):
    out = set()
    i = 0
    n = len(labels)
    while i < n:
        y = int(labels[i])
        if y == 0:
            i += 1
            continue
        p = part(y)
        if p == 3:
            out.add((i, i + 1, TYPES[type_of(y)]))
        elif p == 0:
            j = i + 1
            while j < n and part(int(labels[j])) == 1:
                j += 1
            if j < n and part(int(labels[j])) == 2:
                out.add((i, j + 1, TYPES[type_of(y)]))
                i = j
        i += 1
    return out


def evaluate(model, data):
    model.eval()
    counts = {t: [0, 0, 0] for t in TYPES}  # exact, predicted, gold
    with torch.no_grad():
        for feats, labels in data:
            em = model.emissions(torch.from_numpy(feats.astype(np.int64)).unsqueeze(0))[0]
            pred = spans(model.viterbi(em))
            gold = spans(labels)
            for s in pred:
                counts[s[2]][1] += 1
            for s in gold:
                counts[s[2]][2] += 1
                if s in pred:
                    counts[s[2]][0] += 1
    model.train()
    res = {}
    for t, (e, p, g) in counts.items():
        pr = e / p if p else 0.0
        rc = e / g if g else 0.0
        res[t] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return res


def fmt(res):
    return ' '.join(f'{t} {res[t][2]:.3f} (P {res[t][0]:.3f} R {res[t][1]:.3f})' for t in TYPES)


def batches(data, size, rng):
    order = sorted(range(len(data)), key=lambda i: (len(data[i][1]), rng.random()))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    for g in groups:
        n = max(len(data[i][1]) for i in g)
        t = data[g[0]][0].shape[1]
        feats = np.zeros((len(g), n, t), dtype=np.int64)
        labels = np.zeros((len(g), n), dtype=np.int64)
        mask = np.zeros((len(g), n), dtype=bool)
        for k, i in enumerate(g):
            f, l = data[i]
            feats[k, :len(l)] = f
            labels[k, :len(l)] = l
            mask[k, :len(l)] = True
        yield torch.from_numpy(feats), torch.from_numpy(labels), torch.from_numpy(mask)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dev', action='store_true')
    ap.add_argument('--hidden', type=int, default=64)
    ap.add_argument('--epochs', type=int, default=6)
    ap.add_argument('--seed', type=int, default=18)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=0.01)
    ap.add_argument('--dropout', type=float, default=0.2)
    ap.add_argument('--feature-dropout', type=float, default=0.2)
    ap.add_argument('--average-from', type=int, default=2, help='average the epoch-end weights from this epoch on')
    ap.add_argument('--weibo-repeat', type=int, default=3)
    ap.add_argument('--hash-bits', type=int, default=18)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    rng = random.Random(a.seed)
    msra, t = load('msra-fit' if a.dev else 'msra-train')
    weibo, _ = load('weibo-train')
    train = msra + weibo * a.weibo_repeat
    dev = [('msra dev', load('msra-dev')[0])] if a.dev else []
    dev.append(('weibo dev', load('weibo-dev')[0]))
    model = Model(1 << a.hash_bits, t, a.hidden)
    sparse = [p for n, p in model.named_parameters() if n in ('lin.weight', 'emb.weight')]
    dense = [p for n, p in model.named_parameters() if n not in ('lin.weight', 'emb.weight')]
    opts = [torch.optim.SparseAdam(sparse, lr=a.lr), torch.optim.Adam(dense, lr=a.lr)]
    print(f'training on {len(train)} sentences, hidden {a.hidden}, {a.epochs} epochs, seed {a.seed}', flush=True)
    avg = None
    count = 0
    for epoch in range(1, a.epochs + 1):
        t0 = time.time()
        total = 0.0
        nb = 0
        lr = a.lr / (1 + 0.5 * (epoch - 1))
        for o in opts:
            for g in o.param_groups:
                g['lr'] = lr
        for feats, labels, mask in batches(train, a.batch, rng):
            em = model.emissions(feats, a.dropout, a.feature_dropout)
            loss = model.nll(em, labels, mask)
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o in opts:
                o.step()
            total += float(loss)
            nb += 1
        msg = f'epoch {epoch}: loss {total / nb:.3f} ({time.time() - t0:.0f} s)'
        for name, d in dev:
            msg += f'; {name} {fmt(evaluate(model, d))}'
        print(msg, flush=True)
        if epoch >= a.average_from:
            # Average of the epoch-end weights (Izmailov et al. 2018, stochastic weight
            # averaging), playing the part of the perceptron's averaging: evaluated and exported.
            snap = {k: v.detach().clone() for k, v in model.state_dict().items()}
            if avg is None:
                avg, count = snap, 1
            else:
                count += 1
                for k in avg:
                    avg[k] += (snap[k] - avg[k]) / count
            if count > 1:
                live = {k: v.detach().clone() for k, v in model.state_dict().items()}
                model.load_state_dict(avg)
                msg = f'  average of {count} epoch ends'
                for name, d in dev:
                    msg += f'; {name} {fmt(evaluate(model, d))}'
                print(msg, flush=True)
                model.load_state_dict(live)
    if avg is not None:
        model.load_state_dict(avg)


if __name__ == '__main__':
    main()
