#!/usr/bin/env python3
"""store_queries.py — N varied search queries for bench_search, drawn from
the words of a corpus (JSON Lines with "text" and "date"), fixed seed.

Kinds, in these shares: one word (frequent, middling or rare) 30%, two
words 20%, a phrase of two or three neighbouring words 15%, a prefix
(word*) 10%, A OR B 10%, A NOT B 5%, and one word or two with a date
range of one to seven days 10%.

usage: store_queries.py CORPUS N > queries.txt
"""
import json
import random
import re
import sys
from collections import Counter
from datetime import date, timedelta

STOP = set("""a about after again all also an and any are as at be been before
being but by can could did do does for from had has have he her here his how
i if in into is it its just more most my no not of on one or our out over
said says she so some than that the their them then there these they this
those to up was we were what when where which who will with would you your
would its new year years last first two three""".split())
WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(2026)
    counts = Counter()
    texts, dates = [], []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 20000:
                break
            o = json.loads(line)
            words = [w.lower() for w in WORD.findall(o["text"])]
            counts.update(w for w in words if w not in STOP)
            if i % 10 == 0:
                texts.append(words)
            dates.append(o["date"][:10])
    ranked = [w for w, c in counts.most_common() if c >= 2]
    bands = [ranked[20:300], ranked[300:3000], ranked[3000:]]
    dates.sort()
    lo, hi = date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])

    def word():
        band = bands[rng.choice((0, 1, 1, 2))] or ranked
        return rng.choice(band)

    def phrase():
        for _ in range(100):
            t = rng.choice(texts)
            k = rng.choice((2, 3))
            if len(t) <= k:
                continue
            i = rng.randrange(len(t) - k)
            ws = t[i:i + k]
            if not any(w in STOP for w in ws):
                return '"' + " ".join(ws) + '"'
        return word()

    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.30:
            q = word()
        elif r < 0.50:
            q = word() + " " + word()
        elif r < 0.65:
            q = phrase()
        elif r < 0.75:
            w = word()
            q = w[:max(4, len(w) - 3)] + "*"
        elif r < 0.85:
            q = word() + " OR " + word()
        elif r < 0.90:
            q = word() + " NOT " + word()
        else:
            start = lo + timedelta(days=rng.randrange(max(1, (hi - lo).days)))
            end = start + timedelta(days=rng.randint(0, 6))
            q = "%s %s\t%s" % (start, end, word() if rng.random() < .5
                                else word() + " " + word())
        out.append(q)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
