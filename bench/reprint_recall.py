#!/usr/bin/env python3
"""reprint_recall.py - how many planted reprints `parallax cluster` found.

usage: reprint_recall.py PAIRS.tsv STORIES.jsonl
PAIRS.tsv comes from bench/real_corpus.py (original, copy, edit); STORIES
from `parallax cluster --stories`. A pair counts as found as near-duplicates
when both articles sit in one near-duplicate group of a story (canonical
or copies), and as same story when both are members of one story.
Prints one line of key=value fields (for bench/real.sh) and one line per
kind of edit, so a drop in recall points at the edit that broke it.
"""
import json
import sys


def main():
    pairs_path, stories_path = sys.argv[1], sys.argv[2]
    story_of, group_of, reported = {}, {}, 0
    with open(stories_path, encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)
            for m in s["members"]:
                story_of[m] = s["id"]
            # an article can be a copy in one group and the canonical
            # copy of a later one (copies are looked for inside the
            # linker's window): a pair is found when it shares a group
            for g, dup in enumerate(s.get("near_duplicates") or []):
                key = (s["id"], g)
                group_of.setdefault(dup["canonical"], set()).add(key)
                for c in dup["copies"]:
                    group_of.setdefault(c["id"], set()).add(key)
                    reported += 1
    total = dup_found = story_found = 0
    by_edit = {}
    with open(pairs_path, encoding="utf-8") as f:
        for line in f:
            orig, copy, edit = line.rstrip("\n").split("\t")
            d = bool(group_of.get(orig, set()) & group_of.get(copy, set()))
            s = orig in story_of and story_of.get(orig) == story_of.get(copy)
            total += 1
            dup_found += d
            story_found += s
            e = by_edit.setdefault(edit, [0, 0, 0])
            e[0] += 1
            e[1] += d
            e[2] += s
    pct = lambda k: 100.0 * k / total if total else 0.0
    print("planted=%d dup_recall=%.1f story_recall=%.1f dup_pairs_reported=%d"
          % (total, pct(dup_found), pct(story_found), reported))
    for edit, (n, d, s) in sorted(by_edit.items()):
        print("  %-14s %6d planted  %5.1f%% near-duplicates  %5.1f%% same story"
              % (edit, n, 100.0 * d / n, 100.0 * s / n))


if __name__ == "__main__":
    main()
