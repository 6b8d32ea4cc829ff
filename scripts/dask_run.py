#!/usr/bin/env python3
"""dask_run.py — parallax's map and reduce steps on Dask distributed.

    scripts/dask_run.py [OPTIONS] PATH...

Map: the input files (folders walked as parallax walks them: recursively,
sorted by name, hidden entries skipped) are cut into shards, and each
shard goes through `parallax analyze --features` on a Dask worker process,
which writes the shard's feature records to the work folder. A JSON Lines
file larger than --split bytes is cut at line boundaries into several
pieces, each streamed to its worker's parallax on standard input.
Reduce: `parallax link` runs once, here, over every shard, and writes
what `parallax cluster` writes for the same articles (docs/SCALE.md).

With --scheduler ADDRESS the shards go to a cluster that is already
running (the work folder and the inputs must then be on a file system
every worker sees); without it a LocalCluster of --workers processes is
started and stopped. Needs Debian's python3-distributed: when it is
missing, `scripts/setup.sh dask` installs it (as root or through sudo).

Exit status: 0 when all went well; 1 when some input was skipped or a
shard failed (its messages are printed); 2 on a bad command line; 3 when
the output could not be written.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def import_dask():
    """Imports dask.distributed, installing it through scripts/setup.sh
    (and starting again under Debian's python) when it is missing."""
    try:
        import distributed  # noqa: F401
        return
    except ImportError:
        pass
    debian = "/usr/bin/python3"
    if os.environ.get("PX_DASK_REEXEC") != "1":
        if subprocess.call(["bash", os.path.join(HERE, "setup.sh"), "dask"]) != 0:
            sys.exit("dask_run: could not install python3-distributed "
                     "(scripts/setup.sh dask)")
        if os.path.exists(debian):
            os.environ["PX_DASK_REEXEC"] = "1"
            os.execv(debian, [debian] + sys.argv)
    sys.exit("dask_run: python3-distributed is installed but this python "
             "(%s) cannot import it; run the script with %s" %
             (sys.executable, debian))


def walk(path, out):
    """Appends the files under path in the order parallax reads them."""
    if os.path.isdir(path):
        for name in sorted(os.listdir(path), key=os.fsencode):
            if not name.startswith("."):
                walk(os.path.join(path, name), out)
    else:
        out.append(path)


def units_of(paths, split):
    """The input as units of work: (path, start, end) byte ranges of a
    plain JSON Lines file cut at about `split` bytes, (path, None, None)
    for a whole file. Sizes go with them, to balance the shards."""
    files = []
    for p in paths:
        if not os.path.exists(p):
            raise SystemExit("dask_run: %s: no such file or folder" % p)
        walk(p, files)
    units = []
    for f in files:
        size = os.path.getsize(f)
        if f.endswith(".jsonl") and size > split:
            for start in range(0, size, split):
                units.append(((f, start, min(start + split, size)), split))
        else:
            units.append(((f, None, None), size))
    return units


def shards_of(units, n):
    """Cuts the units into at most n shards of about equal size, keeping
    their order (longest-processing-time would reorder them, and the
    order inside a shard is all that parallax needs kept)."""
    total = sum(size for _, size in units) or 1
    shards, cur, acc = [], [], 0
    for unit, size in units:
        cur.append(unit)
        acc += size
        if acc >= total * (len(shards) + 1) / n and len(shards) < n - 1:
            shards.append(cur)
            cur = []
    if cur:
        shards.append(cur)
    return shards


def byte_range(path, start, end):
    """The lines of path that start in [start, end): a line belongs to the
    piece its first byte is in, so pieces cut anywhere hold every line
    once."""
    lines = []
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            if f.read(1) != b"\n":
                f.readline()  # the rest of a line that began before
        while f.tell() < end:
            line = f.readline()
            if not line:
                break
            lines.append(line)
    return b"".join(lines)


def analyze_shard(parallax, units, dest, index, flags):
    """Runs on a worker: one parallax analyze --features over the shard's
    units, records to dest. Returns (index, exit status, stderr, seconds
    of CPU of the child)."""
    t0 = os.times()
    errs = []
    status = 0
    with open(dest, "wb") as out:
        whole = [u[0] for u in units if u[1] is None]
        pieces = [u for u in units if u[1] is not None]
        if whole:
            r = subprocess.run([parallax, "analyze", "--features", "-j", "1",
                                "--no-progress"] + flags + whole,
                               stdout=out, stderr=subprocess.PIPE)
            errs.append(r.stderr.decode("utf-8", "replace"))
            status = max(status, r.returncode)
        for path, start, end in pieces:
            data = byte_range(path, start, end)
            if not data:
                continue  # a piece inside one long line: no line starts here
            r = subprocess.run([parallax, "analyze", "--features", "-j", "1",
                                "--no-progress"] + flags + ["-"],
                               input=data, stdout=out, stderr=subprocess.PIPE)
            # diagnostics name standard input: say which piece it was
            err = r.stderr.decode("utf-8", "replace")
            errs.append(re.sub(r"(?m)^-:", "%s (bytes %d to %d of it, as "
                               "standard input):" % (path, start, end), err))
            status = max(status, r.returncode)
    t1 = os.times()
    cpu = (t1.children_user - t0.children_user) + \
        (t1.children_system - t0.children_system)
    return index, status, "".join(errs), cpu


SUMMARY = re.compile(r"^parallax: read (\d+), kept (\d+), skipped (\d+)"
                     r"(?: \(([^)]*)\))?(.*)$")


def tally(err, totals):
    """Adds the summary lines of one shard's stderr to totals (counts by
    name) and returns the rest of its stderr: every diagnostic is kept,
    and the counts are said once for all shards."""
    rest = []
    for line in err.splitlines(True):
        m = SUMMARY.match(line.rstrip("\n"))
        if not m:
            rest.append(line)
            continue
        for key, v in (("read", m.group(1)), ("kept", m.group(2)),
                       ("skipped", m.group(3))):
            totals[key] = totals.get(key, 0) + int(v)
        for part in (m.group(4) or "").split(", "):
            if part:
                name, n = part.rsplit(" ", 1)
                totals["skipped:" + name] = totals.get("skipped:" + name, 0) + int(n)
        for part in m.group(5).split("; "):
            part = part.strip()
            if not part:
                continue
            dm = re.match(r"dropped in analysis (\d+)", part)
            fm = re.match(r"(\d+) file errors?", part)
            if dm:
                totals["dropped"] = totals.get("dropped", 0) + int(dm.group(1))
            elif fm:
                totals["file errors"] = totals.get("file errors", 0) + int(fm.group(1))
    return "".join(rest)


def summary(t):
    """The shards' counts as one line, as parallax words its own."""
    s = "read %d, kept %d, skipped %d" % (t.get("read", 0), t.get("kept", 0),
                                          t.get("skipped", 0))
    why = ["%s %d" % (k[8:], v) for k, v in sorted(t.items())
           if k.startswith("skipped:")]
    if why:
        s += " (%s)" % ", ".join(why)
    if t.get("file errors"):
        s += "; %d file errors" % t["file errors"]
    if t.get("dropped"):
        s += "; dropped in analysis %d" % t["dropped"]
    return s


def main():
    ap = argparse.ArgumentParser(
        description="parallax analyze --features on Dask workers, then "
                    "parallax link once (the output of parallax cluster).")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="worker processes of the local cluster "
                         "(default: the cores)")
    ap.add_argument("--shards", type=int, default=0,
                    help="shards (default: 4 per worker)")
    ap.add_argument("--split", type=int, default=64 << 20,
                    help="bytes of a JSON Lines piece (default 64 MiB)")
    ap.add_argument("--scheduler", help="address of a running Dask "
                                        "scheduler instead of a local cluster")
    ap.add_argument("--parallax", default=os.path.join(ROOT, "build",
                                                       "release", "parallax"),
                    help="the parallax binary (default build/release/parallax)")
    ap.add_argument("--workdir", help="where the shards' records go "
                                      "(default: a temporary folder, removed)")
    ap.add_argument("--out", help="article_id<TAB>story_id lines (default "
                                  "stdout)")
    ap.add_argument("--stories", help="the stories as JSON Lines")
    ap.add_argument("--no-quotes", action="store_true",
                    help="records without quotations (link does not need "
                         "them; analysis is cheaper)")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="no summary")
    a = ap.parse_args()
    if a.workers < 1 or a.shards < 0 or a.split < 1:
        ap.error("--workers, --shards and --split must be positive")
    parallax = os.path.abspath(a.parallax)
    if not os.access(parallax, os.X_OK):
        ap.error("%s is not an executable (make builds it)" % parallax)
    import_dask()
    from dask.distributed import Client, LocalCluster

    units = units_of(a.paths, a.split)
    n_shards = a.shards or 4 * a.workers
    shards = shards_of(units, max(1, min(n_shards, len(units))))
    work = a.workdir or tempfile.mkdtemp(prefix="parallax-dask-")
    os.makedirs(work, exist_ok=True)
    flags = ["--no-quotes"] if a.no_quotes else []
    t0 = time.monotonic()
    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    status = 0
    try:
        dests = [os.path.join(work, "shard-%05d.jsonl" % i)
                 for i in range(len(shards))]
        futures = [client.submit(analyze_shard, parallax, s, d, i, flags,
                                 pure=False)
                   for i, (s, d) in enumerate(zip(shards, dests))]
        cpu = 0.0
        totals = {}
        for index, st, err, c in client.gather(futures):
            cpu += c
            err = tally(err, totals)
            if err.strip():
                sys.stderr.write(err if err.endswith("\n") else err + "\n")
            if st != 0:
                status = max(status, 1)
            if st > 1:
                sys.stderr.write("dask_run: shard %d: parallax analyze "
                                 "exited %d\n" % (index, st))
        t_map = time.monotonic() - t0
        if not a.quiet:
            sys.stderr.write("dask_run: analyze: %s\n" % summary(totals))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    # reduce: the shards named in reverse, to show their order is free
    cmd = [parallax, "link", "--no-progress"]
    if a.out:
        cmd += ["--out", a.out]
    if a.stories:
        cmd += ["--stories", a.stories]
    if a.quiet:
        cmd += ["-q"]
    t1 = time.monotonic()
    r0 = os.times()
    rc = subprocess.call(cmd + dests[::-1])
    r1 = os.times()
    t_link = time.monotonic() - t1
    link_cpu = (r1.children_user - r0.children_user) + \
        (r1.children_system - r0.children_system)
    if not a.workdir:
        shutil.rmtree(work, ignore_errors=True)
    if not a.quiet:
        sys.stderr.write(
            "dask_run: %d %s in %d %s on %s; map %.2f s wall, %.2f s CPU "
            "in parallax analyze; link %.2f s wall, %.2f s CPU\n" %
            (len(units), "unit" if len(units) == 1 else "units", len(shards),
             "shard" if len(shards) == 1 else "shards",
             a.scheduler or "%d local worker processes" % a.workers,
             t_map, cpu, t_link, link_cpu))
    if rc != 0:
        return rc
    return status


if __name__ == "__main__":
    sys.exit(main())
