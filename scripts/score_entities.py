#!/usr/bin/env python3
"""Scores parallax against the hand-written expectations of examples/expected/.

  score_entities.py --analyze A.jsonl [--diff D.jsonl] [--expected DIR]

Entities: each line of entities.tsv is one (article, type, canonical)
expected; the prediction is the set of (article, type, canonical) that
`parallax analyze` gives for the same articles. Precision and recall by type.
With --diff (the output of `parallax diff --format json`): the shared
passages of passages.tsv (a phrase found inside a passage of the pair) and
the outlet-only facts of outlet_only.tsv (a fact no other article of its
story carries, holding the phrase), with precision over the outlet-only facts
reported for the articles listed there. Standard library only."""
import argparse
import collections
import json
import os
import sys

TYPES = {"person": "person", "place": "place", "organisation": "org",
         "org": "org", "amount": "amount"}


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def pr(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_entities(expected, analyze):
    gold = {(a, TYPES[t], c) for a, t, c in rows(expected)}
    articles = {g[0] for g in gold}
    pred = set()
    with open(analyze, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o["id"] not in articles:
                continue
            for e in o.get("entities") or []:
                pred.add((o["id"], TYPES[e["type"]], e["canonical"]))
    print("entities: %d articles of examples/corpus, %d expected" %
          (len(articles), len(gold)))
    print("  %-8s %5s %5s %5s %6s %6s %6s" %
          ("type", "tp", "fp", "fn", "P", "R", "F1"))
    total = [0, 0, 0]
    for t in ("person", "place", "org", "amount", "all"):
        g = {x for x in gold if t == "all" or x[1] == t}
        p = {x for x in pred if t == "all" or x[1] == t}
        tp, fp, fn = len(g & p), len(p - g), len(g - p)
        print("  %-8s %5d %5d %5d %6.3f %6.3f %6.3f" %
              ((t, tp, fp, fn) + pr(tp, fp, fn)))
    for x in sorted(gold - pred):
        print("  missed:   %s %s %s" % x)
    for x in sorted(pred - gold):
        print("  extra:    %s %s %s" % x)


def score_diff(exp_dir, diff):
    stories = [json.loads(l) for l in open(diff, encoding="utf-8")]
    facts = [f for s in stories for f in s.get("facts", [])]
    passages = [p for s in stories for p in s.get("passages", [])]
    found = 0
    gold = list(rows(os.path.join(exp_dir, "passages.tsv")))
    for a, b, phrase in gold:
        ph = phrase.lower()
        ok = any(((p["a"] == a and p["b"] == b and ph in p["text_a"].lower()) or
                  (p["a"] == b and p["b"] == a and ph in p["text_b"].lower()))
                 for p in passages)
        found += ok
        if not ok:
            print("  passage missed: %s / %s: %s" % (a, b, phrase))
    print("passages: %d of %d expected found (recall %.3f)" %
          (found, len(gold), found / len(gold) if gold else 0))
    only = list(rows(os.path.join(exp_dir, "outlet_only.tsv")))
    arts = {a for a, _ in only}
    pred = [f for f in facts if f["article_id"] in arts and not f["carried_by"]]
    tp_gold = sum(any(f["article_id"] == a and p in f["text"] for f in pred)
                  for a, p in only)
    tp_pred = sum(any(f["article_id"] == a and p in f["text"] for a, p in only)
                  for f in pred)
    for a, p in only:
        if not any(f["article_id"] == a and p in f["text"] for f in pred):
            print("  outlet-only missed: %s: %s" % (a, p))
    for f in pred:
        if not any(f["article_id"] == a and p in f["text"] for a, p in only):
            print("  outlet-only extra: %s: %s" % (f["article_id"], f["text"][:70]))
    p = tp_pred / len(pred) if pred else 0.0
    r = tp_gold / len(only) if only else 0.0
    print("outlet-only facts: P %.3f (%d of %d reported) R %.3f (%d of %d)" %
          (p, tp_pred, len(pred), r, tp_gold, len(only)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--analyze", required=True)
    ap.add_argument("--diff")
    ap.add_argument("--expected", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "examples", "expected"))
    a = ap.parse_args()
    score_entities(os.path.join(a.expected, "entities.tsv"), a.analyze)
    if a.diff:
        score_diff(a.expected, a.diff)
    return 0


if __name__ == "__main__":
    sys.exit(main())
