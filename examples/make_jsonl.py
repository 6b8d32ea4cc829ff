#!/usr/bin/env python3
"""Regenerate examples/corpus.jsonl from the dated text files in examples/corpus/.

usage: python3 examples/make_jsonl.py           write examples/corpus.jsonl
       python3 examples/make_jsonl.py --check   exit 1 if corpus.jsonl is stale

Each .txt file begins with "date YYYY-MM-DD"; the rest (leading whitespace
removed) is the article text, byte for byte. Outlet, author, title and URL come
from the table below, which records what the publisher's metadata would say:
the outlet that published the article (also for reprinted wire copy, and also
when the text itself names no outlet), or None when unknown. A title given here
must be the first line of the text, followed by a blank line; the script
checks it, so the table and the text files cannot disagree.

The JSONL is kept outside examples/corpus/ on purpose: the CLI reads that
folder recursively and must not see every article twice.

Standard library only.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
OUT = os.path.join(HERE, "corpus.jsonl")

HW = "Harbourwire"
EW = "Eastwire"
LEDGER = "The Castelmar Ledger"
VBC = "VBC News"
COURIER = "Brennhaven Courier"
NORTHGATE = "Northgate Review"
MPOST = "Meridian Post"
TIDINGS = "Daily Tidings"

# id -> (outlet, author, title, url)
META = {
    "2026-03-02_eastwire_dravtel-bid": (
        EW, None,
        "Dravtel offers $4.8 billion for Velorian mobile operator VeloNet",
        "https://eastwire.example/business/2026/03/02/dravtel-offers-4-8-billion-for-velonet"),
    "2026-03-02_harbourwire_port-strike-vote": (
        HW, None,
        "Brennhaven dockworkers vote to strike over pay",
        "https://harbourwire.example/2026/03/02/brennhaven-dockworkers-vote-to-strike"),
    "2026-03-02_ledger_hospital-contracts": (
        LEDGER, "Petra Alvane",
        "Senator says $1.2 billion in hospital contracts skipped tender",
        "https://castelmarledger.example/politics/2026/03/02/hospital-contracts-tender-lisle"),
    "2026-03-03_harbourwire_port-strike-begins": (
        HW, None,
        "Dockworkers walk out at Brennhaven as ships queue offshore",
        "https://harbourwire.example/2026/03/03/dockworkers-walk-out-at-brennhaven"),
    "2026-03-03_meridianpost_dravtel-bid": (
        MPOST, "Irina Solvek",
        "Dravtel's VeloNet bid backed by state bank loan",
        "https://meridianpost.example/economy/dravtel-velonet-bid-state-bank-loan"),
    "2026-03-03_tidings_dockers-walk-out": (
        TIDINGS, None,
        "Port of Brennhaven shut as dockers down tools",
        "https://dailytidings.example/news/port-of-brennhaven-shut-as-dockers-down-tools"),
    "2026-03-03_vbc_hospital-contracts": (
        VBC, None,
        "Health minister denies wrongdoing over hospital contracts",
        "https://vbc.example/news/politics-30419822"),
    "2026-03-04_courier_port-strike-begins": (
        COURIER, "Hanna Sefton",
        "Strike shuts Brennhaven port as 11 ships wait offshore",
        "https://brennhavencourier.example/local/strike-shuts-brennhaven-port"),
    "2026-03-04_feed_port-strike-begins": (
        None, None,
        "Dockworkers walk out at Brennhaven as ships queue offshore",
        None),
    "2026-03-04_harbourwire_rate-decision": (
        HW, None,
        "Bank of Veloria raises key rate to 3.5 percent, signals pause",
        "https://harbourwire.example/2026/03/04/bank-of-veloria-raises-key-rate"),
    "2026-03-04_vbc_port-strike-minister": (
        VBC, None,
        "Harbour minister calls port strike talks for Thursday",
        "https://vbc.example/news/business-30421507"),
    "2026-03-05_courier_rate-decision": (
        COURIER, None,
        "Interest rates rise again as central bank warns on prices",
        "https://brennhavencourier.example/business/interest-rates-rise-again"),
    "2026-03-05_eastwire_dorrance-kovalchik-call": (
        EW, None,
        "Kovalchik and Dorrance agree to meet over Sarn dam dispute",
        "https://eastwire.example/world/2026/03/05/kovalchik-dorrance-agree-to-meet"),
    "2026-03-05_feed_rate-decision": (
        None, None,
        "Bank of Veloria raises key rate to 3.5 percent, signals pause",
        None),
    "2026-03-05_ledger_port-strike-talks": (
        LEDGER, "Jonas Ferrell",
        "Minister summons both sides as port strike enters third day",
        "https://castelmarledger.example/business/2026/03/05/port-strike-reyland-talks"),
    "2026-03-05_meridianpost_dorrance-kovalchik-call": (
        MPOST, None,
        "Presidents to meet over Sarn dam after Lisskar talks",
        "https://meridianpost.example/world/presidents-to-meet-over-sarn-dam"),
    "2026-03-05_vbc_dorrance-kovalchyk-call": (
        VBC, None,
        "Dorrance and Kovalchyk agree to hold dam summit",
        "https://vbc.example/news/world-30423119"),
    "2026-03-06_courier_port-strike-rally": (
        COURIER, "Hanna Sefton",
        "Thousands march for dockers as talks stall",
        "https://brennhavencourier.example/local/thousands-march-for-dockers"),
    "2026-03-06_harbourwire_hospital-audit": (
        HW, None,
        "Auditor-general opens inquiry into $1.2 billion hospital contracts",
        "https://harbourwire.example/2026/03/06/auditor-general-hospital-contracts-inquiry"),
    "2026-03-06_ledger_rate-decision-holt": (
        LEDGER, "Martin Keel",
        None,
        "https://castelmarledger.example/business/2026/03/06/holt-split-council"),
    "2026-03-06_northgate_dorrance-kovalchyk-call": (
        NORTHGATE, "Lucas Brandt",
        "Dorrance and Kovalchyk plan summit on Sarn dam",
        "https://northgatereview.example/2026/03/06/dorrance-kovalchyk-plan-summit"),
    "2026-03-06_tidings_lisskar-meeting": (
        TIDINGS, None,
        "Dam row leaders agree to talk",
        "https://dailytidings.example/world/dam-row-leaders-agree-to-talk"),
    "2026-03-07_harbourwire_storm-irmelin": (
        HW, None,
        "Storm Irmelin floods Aldern Valley, two dead",
        "https://harbourwire.example/2026/03/07/storm-irmelin-floods-aldern-valley"),
    "2026-03-07_ledger_maritime-museum": (
        LEDGER, "Jonas Ferrell",
        "Maritime museum reopens after four-year renovation",
        "https://castelmarledger.example/culture/2026/03/07/maritime-museum-reopens"),
    "2026-03-07_northgate_rate-decision": (
        NORTHGATE, "Dana Whitlow",
        "Holt’s split council and the cost of waiting",
        "https://northgatereview.example/2026/03/07/holts-split-council"),
    "2026-03-07_vbc_storm-irmelin": (
        VBC, None,
        "Kesswick evacuated as Aldern River bursts its banks",
        "https://vbc.example/news/home-30425870"),
    "2026-03-08_harbourwire_port-deal": (
        HW, None,
        "Brennhaven dockworkers to end strike after pay deal",
        "https://harbourwire.example/2026/03/08/brennhaven-dockworkers-end-strike"),
    "2026-03-08_ledger_storm-irmelin": (
        LEDGER, "Petra Alvane",
        "In Kesswick, the water goes down and the counting begins",
        "https://castelmarledger.example/national/2026/03/08/kesswick-flood"),
    "2026-03-08_tidings_storm-irmelin": (
        TIDINGS, None,
        "Flood families count the cost in Kesswick",
        "https://dailytidings.example/news/flood-families-count-the-cost"),
    "2026-03-08_vbc_cup-final": (
        VBC, None,
        "Rovers beat Athletic 2-1 to lift Velorian Cup",
        "https://vbc.example/sport/football-30426411"),
    "2026-03-09_courier_port-deal": (
        COURIER, "Hanna Sefton",
        "Cranes turn again at Brennhaven as dockers return",
        "https://brennhavencourier.example/local/cranes-turn-again"),
    "2026-03-09_eastwire_lisskar-ministers": (
        EW, None,
        "Karvonian and Velorian ministers agree to prepare summit in Lisskar",
        "https://eastwire.example/world/2026/03/09/lisskar-ministers-summit"),
    "2026-03-09_harbourwire_storm-aid": (
        HW, None,
        "Dorrance pledges $85 million for flood-hit Aldern Valley as toll rises to three",
        "https://harbourwire.example/2026/03/09/dorrance-pledges-flood-aid"),
    "2026-03-09_harbourwire_velonet-review": (
        HW, None,
        "Veloria opens in-depth review of Dravtel bid for VeloNet",
        "https://harbourwire.example/2026/03/09/veloria-reviews-dravtel-bid"),
    "2026-03-09_tidings_cup-final": (
        TIDINGS, None,
        "Super-sub Amberg ends Rovers' cup drought",
        "https://dailytidings.example/sport/super-sub-amberg"),
    "2026-03-10_feed_storm-irmelin-cleanup": (
        None, None,
        "Hundreds turn out to clear mud from Kesswick streets",
        None),
    "2026-03-10_ledger_hospital-hearing": (
        LEDGER, "Petra Alvane",
        "Health minister tells senators she would sign the contracts again",
        "https://castelmarledger.example/politics/2026/03/10/amsel-senate-hearing"),
    "2026-03-10_northgate_hospital-contracts": (
        NORTHGATE, "Lucas Brandt",
        "Veloria’s emergency contracts have become the rule, not the exception",
        "https://northgatereview.example/2026/03/10/emergency-contracts"),
    "2026-03-10_vbc_lisskar-summit-date": (
        VBC, None,
        "Dorrance and Kovalchyk to meet in Lisskar on March 20",
        "https://vbc.example/news/world-30428054"),
    "2026-03-11_ledger_velonet-bid": (
        LEDGER, "Martin Keel",
        "VeloNet board rejects Dravtel offer as too low",
        "https://castelmarledger.example/business/2026/03/11/velonet-rejects-dravtel"),
    "2026-03-11_meridianpost_lisskar-summit": (
        MPOST, "Oleg Varn",
        "Kovalchik says he will go to Lisskar with open hands",
        "https://meridianpost.example/politics/kovalchik-lisskar-open-hands"),
    "2026-03-11_northgate_port-strike-analysis": (
        NORTHGATE, "Mara Quist",
        "What the Brennhaven strike says about Veloria’s ports",
        "https://northgatereview.example/2026/03/11/brennhaven-strike-ports"),
}

DATE_RE = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})(?=\s)")


def read_articles():
    problems = []
    names = sorted(n for n in os.listdir(CORPUS) if n.endswith(".txt"))
    ids = [n[:-4] for n in names]
    for missing in sorted(set(META) - set(ids)):
        problems.append(f"{missing}: in the table but no corpus/{missing}.txt")
    rows = []
    for name, aid in zip(names, ids):
        path = os.path.join(CORPUS, name)
        with open(path, encoding="utf-8", newline="") as f:
            raw = f.read()
        m = DATE_RE.match(raw)
        if not m:
            problems.append(f"{path}: does not begin with 'date YYYY-MM-DD'")
            continue
        date = m.group(1)
        text = raw[m.end():].lstrip()
        if aid not in META:
            problems.append(f"{path}: no row in the metadata table")
            continue
        if not aid.startswith(date + "_"):
            problems.append(f"{path}: date {date} does not match the id")
        outlet, author, title, url = META[aid]
        if title is not None and not text.startswith(title + "\n\n"):
            problems.append(f"{path}: title in the table is not the text's first line")
        rows.append({"id": aid, "date": date, "outlet": outlet, "author": author,
                     "title": title, "url": url, "text": text})
    return rows, problems


def render(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main(argv):
    check = "--check" in argv[1:]
    rows, problems = read_articles()
    for p in problems:
        print(f"make_jsonl: error: {p}", file=sys.stderr)
    if problems:
        return 1
    out = render(rows)
    if check:
        try:
            with open(OUT, encoding="utf-8", newline="") as f:
                same = f.read() == out
        except FileNotFoundError:
            same = False
        if not same:
            print(f"make_jsonl: {OUT} is stale; run python3 examples/make_jsonl.py",
                  file=sys.stderr)
            return 1
        print(f"make_jsonl: {OUT} is up to date ({len(rows)} articles)")
        return 0
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write(out)
    print(f"make_jsonl: wrote {len(rows)} articles to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
