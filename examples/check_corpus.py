#!/usr/bin/env python3
"""Check that the example corpus and its gold files agree with each other.

usage: python3 examples/check_corpus.py

Checks:
  - every corpus/*.txt begins with "date 20YY-MM-DD" and has 150-600 words;
  - corpus.jsonl is exactly what make_jsonl.py generates;
  - expected/stories.tsv labels every article exactly once;
  - expected/reprints.tsv: ids exist, the canonical is earlier (date, then id),
    in the same story, and not itself a reprint;
  - expected/bylines.tsv: ids exist; the outlet and author it names occur in
    the article text;
  - expected/quotes.jsonl: ids exist, kinds are valid, every text occurs
    verbatim in its article, direct and partial texts sit between quote marks.
Exit status 0 when all is well, 1 otherwise. Standard library only.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
EXPECTED = os.path.join(HERE, "expected")
DATE_RE = re.compile(r"\Adate (20\d\d-\d\d-\d\d)(?=\s)")
OPEN_MARKS = "\"\u201c'\u2018"
CLOSE_MARKS = "\"\u201d'\u2019"

errors = []


def err(msg):
    errors.append(msg)
    print(f"check_corpus: error: {msg}", file=sys.stderr)


def read_tsv(name, ncols):
    path = os.path.join(EXPECTED, name)
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != ncols:
                err(f"{name}:{n}: expected {ncols} columns, got {len(cols)}")
                continue
            rows.append((n, cols))
    return rows


def main():
    texts, dates = {}, {}
    for name in sorted(os.listdir(CORPUS)):
        if not name.endswith(".txt"):
            err(f"corpus/{name}: not a .txt file")
            continue
        aid = name[:-4]
        with open(os.path.join(CORPUS, name), encoding="utf-8", newline="") as f:
            raw = f.read()
        m = DATE_RE.match(raw)
        if not m:
            err(f"corpus/{name}: does not begin with 'date 20YY-MM-DD'")
            continue
        dates[aid] = m.group(1)
        texts[aid] = raw[m.end():].lstrip()
        words = len(texts[aid].split())
        if not 150 <= words <= 600:
            err(f"corpus/{name}: {words} words, outside 150-600")

    r = subprocess.run([sys.executable, os.path.join(HERE, "make_jsonl.py"), "--check"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        err("corpus.jsonl: " + (r.stderr.strip() or "make_jsonl.py --check failed"))

    story = {}
    for n, (aid, label) in read_tsv("stories.tsv", 2):
        if aid not in texts:
            err(f"stories.tsv:{n}: unknown article {aid}")
        if aid in story:
            err(f"stories.tsv:{n}: {aid} labelled twice")
        story[aid] = label
    for aid in texts:
        if aid not in story:
            err(f"stories.tsv: {aid} has no story label")

    reprints = dict()
    for n, (aid, canon) in read_tsv("reprints.tsv", 2):
        for x in (aid, canon):
            if x not in texts:
                err(f"reprints.tsv:{n}: unknown article {x}")
        reprints[aid] = canon
    for aid, canon in reprints.items():
        if aid in texts and canon in texts:
            if (dates[canon], canon) >= (dates[aid], aid):
                err(f"reprints.tsv: canonical {canon} is not earlier than {aid}")
            if story.get(aid) != story.get(canon):
                err(f"reprints.tsv: {aid} and {canon} are in different stories")
            if canon in reprints:
                err(f"reprints.tsv: canonical {canon} is itself listed as a reprint")

    for n, (aid, outlet, author) in read_tsv("bylines.tsv", 3):
        if aid not in texts:
            err(f"bylines.tsv:{n}: unknown article {aid}")
            continue
        if not outlet and not author:
            err(f"bylines.tsv:{n}: neither outlet nor author")
        for x in (outlet, author):
            if x and x not in texts[aid]:
                err(f"bylines.tsv:{n}: {x!r} does not occur in {aid}")

    nq = 0
    with open(os.path.join(EXPECTED, "quotes.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            nq += 1
            q = json.loads(line)
            aid, kind, text = q.get("article_id"), q.get("kind"), q.get("text")
            if set(q) != {"article_id", "kind", "text", "speaker"}:
                err(f"quotes.jsonl:{n}: unexpected keys {sorted(q)}")
            if aid not in texts:
                err(f"quotes.jsonl:{n}: unknown article {aid}")
                continue
            if kind not in ("direct", "partial", "indirect"):
                err(f"quotes.jsonl:{n}: bad kind {kind!r}")
            i = texts[aid].find(text or "\0")
            if i < 0:
                err(f"quotes.jsonl:{n}: text does not occur in {aid}: {text[:60]!r}")
                continue
            if kind in ("direct", "partial"):
                t, j = texts[aid], i + len(text)
                if i == 0 or t[i - 1] not in OPEN_MARKS or j >= len(t) or t[j] not in CLOSE_MARKS:
                    err(f"quotes.jsonl:{n}: {kind} text is not between quote marks")

    print(f"check_corpus: {len(texts)} articles, {len(set(story.values()))} stories, "
          f"{len(reprints)} reprints, {nq} quotes; "
          f"{'OK' if not errors else str(len(errors)) + ' error(s)'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
