#!/usr/bin/env python3
"""Trains the join model of parallax (src/link/join_model.def).

The linker scores pairs of articles with a logistic regression over pair
features (cosines by zone, names, numbers, time gap, near-duplicate
Jaccard). This script learns its weights from labelled pairs:

  parallax cluster -q --pairs uci.pairs --out /dev/null uci/articles.jsonl
  scripts/train_join.py --set uci.pairs uci/gold.tsv [--set ...] \
      --out src/link/join_model.def

Each --set is a pair file (the candidates the linker's index found, as
`parallax cluster --pairs` writes them) and a gold file (id<TAB>story);
a pair is positive when both articles are in one gold story. Every set
weighs the same in total, whatever its number of pairs, and positives and
negatives of a set weigh the same, so that neither the longest set nor
the base rate of one set decides the bias. The fit is L2-regularised
Newton-Raphson (iteratively reweighted least squares), Python standard
library only. `--report` prints the pair accuracy of the model on each set.
"""
import argparse
import math
import os
import sys


def read_gold(path):
    gold = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                gold[parts[0]] = parts[1]
    return gold


def read_pairs(path, gold):
    names, rows = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("#"):
                names = parts[3:]
                continue
            a, b = parts[0], parts[1]
            if a not in gold or b not in gold:
                continue
            x = [float(v) for v in parts[3:]]
            rows.append((x, 1.0 if gold[a] == gold[b] else 0.0))
    if names is None:
        sys.exit(f"train_join: {path}: no header line (#id_a ...)")
    return names, rows


def solve(a, b):
    """Solves a x = b (a symmetric positive definite) by Gaussian elimination."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c]
        if abs(piv) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c] != 0.0:
                f = m[r][c] / piv
                mr, mc = m[r], m[c]
                for k in range(c, n + 1):
                    mr[k] -= f * mc[k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(data, l2, iters):
    """data: list of (x with a leading 1, y, weight). Returns the weights."""
    n = len(data[0][0])
    w = [0.0] * n
    for it in range(iters):
        g = [0.0] * n
        h = [[0.0] * n for _ in range(n)]
        for x, y, sw in data:
            z = sum(wi * xi for wi, xi in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            d = sw * (p - y)
            s = sw * p * (1.0 - p)
            for i in range(n):
                xi = x[i]
                if xi == 0.0:
                    continue
                g[i] += d * xi
                hi = h[i]
                sxi = s * xi
                for j in range(i, n):
                    hi[j] += sxi * x[j]
        for i in range(n):
            for j in range(i):
                h[i][j] = h[j][i]
        for i in range(1, n):  # the bias is not shrunk
            g[i] += l2 * w[i]
            h[i][i] += l2
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def accuracy(w, rows):
    tp = fp = fn = tn = 0
    for x, y in rows:
        z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], x))
        pos = z >= 0
        if pos and y: tp += 1
        elif pos: fp += 1
        elif y: fn += 1
        else: tn += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return tp + fp + fn + tn, prec, rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", nargs=2, action="append", metavar=("PAIRS", "GOLD"),
                    required=True, help="a pair file and its gold file")
    ap.add_argument("--out", help="the model file to write (default stdout)")
    ap.add_argument("--l2", type=float, default=1.0,
                    help="L2 penalty on the weights (default 1)")
    ap.add_argument("--iters", type=int, default=12)
    ap.add_argument("--drop", action="append", default=[], metavar="NAME",
                    help="hold feature NAME at weight 0 (repeatable)")
    ap.add_argument("--report", action="store_true",
                    help="print pair precision and recall per set on stderr")
    args = ap.parse_args()
    data, names, sets = [], None, []
    for pairs, gold_path in args.set:
        n, rows = read_pairs(pairs, read_gold(gold_path))
        if names is not None and n != names:
            sys.exit(f"train_join: {pairs}: features differ from the first set")
        names = n
        if not rows:
            sys.exit(f"train_join: {pairs}: no pair with both ids in {gold_path}")
        npos = sum(1 for _, y in rows if y)
        nneg = len(rows) - npos
        for x, y in rows:
            for k, name in enumerate(names):
                if name in args.drop:
                    x[k] = 0.0
            # each set weighs 1 in all, half positives and half negatives
            sw = 0.5 / npos if y else 0.5 / nneg
            data.append(([1.0] + x, y, sw * 1000.0))
        sets.append((os.path.basename(pairs), rows, npos, nneg))
    w = fit(data, args.l2, args.iters)
    lines = ["/* The join model of parallax: logistic regression over pair",
             "   features (src/link/link_internal.h, PX__FEATURE_LIST), written",
             "   by scripts/train_join.py from these labelled pair sets:"]
    for name, rows, npos, nneg in sets:
        lines.append(f"     {name}: {npos} pairs in one story, {nneg} not")
    lines.append(f"   L2 penalty {args.l2}; each set weighs the same."
                 + (f" Held at 0: {', '.join(args.drop)}." if args.drop else "")
                 + " */")
    lines.append(f"W(bias, {w[0]:.6f})")
    for name, wi in zip(names, w[1:]):
        lines.append(f"W({name}, {wi:.6f})")
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.report:
        for name, rows, _, _ in sets:
            n, p, r = accuracy(w, rows)
            print(f"{name}: {n} pairs, precision {p:.3f}, recall {r:.3f}",
                  file=sys.stderr)


if __name__ == "__main__":
    main()
