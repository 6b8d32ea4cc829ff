#!/usr/bin/env python3
"""real_corpus.py - a benchmark corpus of N articles made from real news text.

Why: the library benches run on sentences generated from examples/corpus,
whose small vocabulary makes every stage look 5-7x faster than it is on
real news. This script recombines real articles from ../shared/data (next
to the repository, never copied into it) into a corpus of any size that
keeps real vocabulary, real paragraph lengths and real story structure:

  - a story is one real source article (PolNeAR train+dev, plus ECB+);
    each generated article in it is a different mix of that source's
    paragraphs plus a few paragraphs from related sources (PolNeAR
    articles near it in date, ECB+ articles of the same topic);
  - articles are dated over 30 days at a constant density (N/30 a day),
    or at --per-day D articles a day over N/D days (so that corpora of
    any size have the same density: what the linker's window holds),
    each by one of 400 fictional outlets ("outlet-017");
  - about 5% are planted reprints: a copy of an earlier article (0 to 2
    days earlier) by another outlet, verbatim or lightly edited (a
    sentence dropped, the headline changed, a credit line added). The
    pairs go to a side file so `parallax cluster` recall can be measured.

Deterministic: the same N and seed give byte-identical files.
uci-news is not used: its "text" is only a headline.

usage: real_corpus.py N OUT.jsonl PAIRS.tsv [--seed S] [--data DIR]
                      [--per-day D]
PAIRS.tsv lines: original_id <TAB> copy_id <TAB> edit
Exit status 77 (the automake "skipped" code) when the data is absent.
"""
import argparse
import array
import datetime
import json
import os
import random
import re
import sys

DAYS = 30
N_OUTLETS = 400
REPRINT_RATE = 0.05
MEAN_STORY = 15        # articles per story, as in a day's real news
MAX_USES = 3           # times one source may seed a story in 30 days
KEEP_PRIMARY = 0.35    # share of the source's paragraphs an article keeps
START = datetime.date(2024, 3, 1)
EDITS = [("verbatim", 0.35), ("drop_sentence", 0.25),
         ("new_headline", 0.20), ("credit_line", 0.20)]


def default_data_dir():
    """<repo>/../shared/data, found from this file, not the working dir."""
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.normpath(os.path.join(repo, "..", "shared", "data"))


class Sources:
    """All source paragraphs in one flat list (articles refer to them by
    index, so a recipe is a small int array) and per source: its title,
    its paragraph index range and its related sources."""

    def __init__(self):
        self.paras = []
        self.titles, self.ranges, self.related = [], [], []

    def add(self, title, paras):
        paras = [p.strip() for p in paras if len(p.strip()) >= 40]
        if not title or not paras:
            return False
        first = len(self.paras)
        self.paras.extend(paras)
        self.titles.append(title.strip())
        self.ranges.append((first, len(self.paras)))
        self.related.append([])
        return True


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_sources(data):
    """PolNeAR texts are 'title\\n\\nparagraph\\n\\n...'; ECB+ texts are a
    title line then one sentence a line, grouped here into paragraphs of
    about 300 bytes so both look alike to the sentence splitter."""
    src = Sources()
    polnear = []
    for split in ("train", "dev"):
        path = os.path.join(data, "polnear", split + ".articles.jsonl")
        for a in read_jsonl(path):
            # Some texts break paragraphs with one newline, some with two.
            parts = re.split(r"\n+", a["text"])
            if src.add(a.get("title") or parts[0], parts[1:]):
                polnear.append((a["date"], len(src.titles) - 1))
    # Related = the 6 PolNeAR articles nearest in date: same campaign week.
    polnear.sort()
    order = [i for _, i in polnear]
    for k, i in enumerate(order):
        src.related[i] = order[max(0, k - 3):k] + order[k + 1:k + 4]

    ecb_path = os.path.join(data, "ecbplus", "articles.jsonl")
    topics = {}
    if os.path.exists(ecb_path):
        for a in read_jsonl(ecb_path):
            lines = [x for x in a["text"].split("\n") if x.strip()]
            if len(lines) < 3:
                continue
            paras, cur = [], []
            for x in lines[1:]:
                cur.append(x.strip())
                if sum(len(c) for c in cur) >= 300:
                    paras.append(" ".join(cur))
                    cur = []
            if cur:
                paras.append(" ".join(cur))
            if src.add(lines[0], paras):
                # "12_3ecbplus": topic 12, ECB+ half; same topic = same event.
                key = re.sub(r"_\d+", "_", a["id"])
                topics.setdefault(key, []).append(len(src.titles) - 1)
    for members in topics.values():
        for i in members:
            src.related[i] = [j for j in members if j != i][:8]
    return src


def plan_stories(rng, src, n):
    """Story j = (source, first day, days). A source seeds at most MAX_USES
    stories, in separate thirds of the month so its uses rarely overlap in
    the linker's 7-day window. At 1M articles that cap makes stories far
    larger than real ones (there are only ~1,900 sources): see bench/README."""
    n_src = len(src.titles)
    n_stories = max(1, min(n // MEAN_STORY,
                           n_src * max(1, MAX_USES * DAYS // 30)))
    uses = -(-n_stories // n_src)
    order = list(range(n_src))
    rng.shuffle(order)
    stories = []
    for j in range(n_stories):
        s, use = order[j % n_src], j // n_src
        span = rng.choice((1, 2, 2, 3, 3, 4, 5))
        lo = use * DAYS // uses
        hi = max(lo, (use + 1) * DAYS // uses - span)
        first = rng.randint(lo, hi)
        weight = rng.lognormvariate(0, 1)   # a few big stories, many small
        stories.append((s, first, min(span, DAYS - first), weight))
    return stories


def compose(rng, src, s):
    """Paragraph ids of one fresh article of the story seeded by source s:
    about a third of the source's paragraphs in their order (the lead first when
    kept), topped up to ~3 KB with paragraphs of related sources."""
    lo, hi = src.ranges[s]
    target = rng.randint(2100, 3300)
    ids, size = [], 0
    for p in range(lo, hi):
        if rng.random() < KEEP_PRIMARY:
            ids.append(p)
            size += len(src.paras[p]) + 2
            if size >= target * 0.7:
                break
    if not ids:
        ids.append(rng.randrange(lo, hi))
        size = len(src.paras[ids[0]])
    related = src.related[s] or [s]
    tries = 0
    while size < target and tries < 20:
        tries += 1
        r = rng.choice(related)
        rlo, rhi = src.ranges[r]
        p = rng.randrange(rlo, rhi)
        if p in ids:
            continue
        ids.insert(rng.randint(1, len(ids)), p)
        size += len(src.paras[p]) + 2
    return array.array("I", ids)


def headline(rng, src, s, first_para):
    """Half keep the source's headline; the rest write their own from the
    first sentence, as outlets do."""
    if rng.random() < 0.5:
        return src.titles[s]
    words = re.split(r"(?<=[.!?])\s", first_para, maxsplit=1)[0].split()
    return " ".join(words[:12]).rstrip(",;:")


def drop_sentence(rng, paras):
    """Removes one sentence from a paragraph with several."""
    multi = [i for i, p in enumerate(paras)
             if len(re.split(r"(?<=[.!?])\s+", p)) > 1]
    if not multi:
        return paras[:-1] if len(paras) > 1 else paras
    i = rng.choice(multi)
    sents = re.split(r"(?<=[.!?])\s+", paras[i])
    del sents[rng.randrange(len(sents))]
    return paras[:i] + [" ".join(sents)] + paras[i + 1:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("pairs")
    ap.add_argument("--seed", type=int, default=20240301)
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--per-day", type=int, default=0,
                    help="articles a day (default: N/30, over 30 days)")
    args = ap.parse_args()
    global DAYS
    if args.per_day > 0:
        DAYS = max(1, round(args.n / args.per_day))
    if not os.path.exists(os.path.join(args.data, "polnear",
                                       "train.articles.jsonl")):
        print("real_corpus: no PolNeAR articles under %s; skipping the "
              "real-text bench" % args.data, file=sys.stderr)
        sys.exit(77)

    rng = random.Random(args.seed)
    src = load_sources(args.data)
    stories = plan_stories(rng, src, args.n)
    outlets = ["outlet-%03d" % (i + 1) for i in range(N_OUTLETS)]
    outlet_cw, acc = [], 0.0
    for i in range(N_OUTLETS):      # Zipf-like: a few outlets publish most
        acc += 1.0 / (i + 1) ** 0.8
        outlet_cw.append(acc)
    edit_names = [e for e, _ in EDITS]
    edit_cw, acc = [], 0.0
    for _, w in EDITS:
        acc += w
        edit_cw.append(acc)

    # Originals of the last 3 days, for reprints: (day, id, outlet, title,
    # paragraph ids). Days only grow, so old ones fall off the front.
    recent, recent_start = [], 0
    reprints, total_bytes, sizes = 0, 0, {}
    tmp_out, tmp_pairs = args.out + ".tmp", args.pairs + ".tmp"
    with open(tmp_out, "w", encoding="utf-8") as out, \
            open(tmp_pairs, "w", encoding="utf-8") as pairs:
        serial = 0
        for day in range(DAYS):
            per_day = args.n // DAYS + (day < args.n % DAYS)
            active = [j for j, st in enumerate(stories)
                      if st[1] <= day < st[1] + st[2]]
            if not active:
                active = [rng.randrange(len(stories))]
            weights = [stories[j][3] / stories[j][2] for j in active]
            picks = rng.choices(active, weights=weights, k=per_day)
            while recent_start < len(recent) and recent[recent_start][0] < day - 2:
                recent_start += 1
            date = (START + datetime.timedelta(days=day)).isoformat()
            for k in range(per_day):
                serial += 1
                secs = k * 86400 // per_day
                clock = "%02d:%02d:%02d" % (secs // 3600, secs // 60 % 60, secs % 60)
                outlet = outlets[rng.choices(range(N_OUTLETS), cum_weights=outlet_cw)[0]]
                aid = "%s-%07d" % (outlet, serial)
                if rng.random() < REPRINT_RATE and recent_start < len(recent):
                    _, oid, o_outlet, title, ids = recent[rng.randrange(recent_start, len(recent))]
                    while outlet == o_outlet:
                        outlet = outlets[rng.randrange(N_OUTLETS)]
                        aid = "%s-%07d" % (outlet, serial)
                    edit = edit_names[rng.choices(range(len(EDITS)), cum_weights=edit_cw)[0]]
                    paras = [src.paras[p] for p in ids]
                    if edit == "drop_sentence":
                        paras = drop_sentence(rng, paras)
                    elif edit == "new_headline":
                        title = headline(rng, src, stories[picks[k]][0], paras[-1])
                    elif edit == "credit_line":
                        paras = paras + ["This article first appeared on %s "
                                         "and is republished with permission." % o_outlet]
                    pairs.write("%s\t%s\t%s\n" % (oid, aid, edit))
                    reprints += 1
                else:
                    s = stories[picks[k]][0]
                    ids = compose(rng, src, s)
                    paras = [src.paras[p] for p in ids]
                    title = headline(rng, src, s, paras[0])
                    recent.append((day, aid, outlet, title, ids))
                    sizes[picks[k]] = sizes.get(picks[k], 0) + 1
                text = title + "\n\n" + "\n\n".join(paras)
                line = json.dumps({"id": aid, "date": date, "time": clock,
                                   "outlet": outlet, "title": title,
                                   "text": text}, ensure_ascii=False)
                out.write(line + "\n")
                total_bytes += len(line.encode("utf-8")) + 1
            if len(recent) > 4 * (args.n // DAYS + 1) and recent_start > len(recent) // 2:
                del recent[:recent_start]
                recent_start = 0
    os.replace(tmp_out, args.out)
    os.replace(tmp_pairs, args.pairs)
    used = sorted(sizes.values())
    print("real_corpus: %d articles, %.1f MB (%.0f bytes each), %d planted "
          "reprints; %d sources, %d stories used, median %d / max %d "
          "articles a story" % (args.n, total_bytes / 1e6, total_bytes / args.n,
                                reprints, len(src.titles), len(used),
                                used[len(used) // 2], used[-1]), file=sys.stderr)


if __name__ == "__main__":
    main()
