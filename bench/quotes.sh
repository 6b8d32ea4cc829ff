#!/usr/bin/env bash
# Quote-extraction throughput on a generated, quote-heavy corpus.
# Usage: bench/quotes.sh BIN   (BIN's folder holds libparallax.a)
# Prints one line: MB/s per core for px_quotes_find alone and with
# px_analyze. SIZE_MB sets the corpus size (default 50).
set -euo pipefail
bin=${1:?usage: bench/quotes.sh BIN}
dir=$(cd "$(dirname "$bin")" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/px_qbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -I"$here/include" \
  -o "$tmp/qb" "$here/bench/quotes_bench.c" "$dir/libparallax.a" \
  $(pkg-config --libs libutf8proc jansson libxxhash zlib libzstd sqlite3) \
  -lstemmer -lm
# A fictional corpus: direct, partial and reported quotations, several
# mark styles, paragraphs, names and pronouns, repeated to SIZE_MB.
python3 - "$tmp/corpus.txt" "${SIZE_MB:-50}" <<'PY'
import random, sys
random.seed(1)
names = ["Jane Rowe", "Tom Bell", "Ana Cruz", "Mark Dunn", "Lena Fisk"]
roles = ["Harbor chief", "union leader", "deputy chief", "harbor aide"]
words = ("the bridge ferry crews will meet again next week talks harbor pier "
         "union offer night deal close early late open shut ready").split()
def clause(k): return " ".join(random.choice(words) for _ in range(k))
pats = [
  lambda n, s: '"%s," %s said.' % (clause(12).capitalize(), s),
  lambda n, s: '\u201c%s,\u201d %s %s wrote, \u201c%s.\u201d' % (clause(9).capitalize(), random.choice(roles), n, clause(7)),
  lambda n, s: "``%s,'' he said." % clause(10).capitalize(),
  lambda n, s: '%s said that %s.' % (n, clause(11)),
  lambda n, s: '%s, %s told reporters.' % (clause(10).capitalize(), s),
  lambda n, s: 'According to %s, %s.' % (n, clause(9)),
  lambda n, s: '%s called it "%s" on Friday.' % (s, clause(3)),
  lambda n, s: "O'Brien's rock 'n' roll of the 1990s' clubs %s." % clause(5),
]
out, size, target = [], 0, int(sys.argv[2]) * 1000000
while size < target:
  n = random.choice(names); s = n.split()[1]
  para = " ".join(random.choice(pats)(n, s) for _ in range(3))
  out.append(para); size += len(para.encode()) + 2
open(sys.argv[1], "w").write("\n\n".join(out))
PY
"$tmp/qb" "$tmp/corpus.txt"
