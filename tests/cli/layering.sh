# layering.sh — the layers of the library only point down:
#   text -> ingest, analyze -> link -> pipeline -> store -> faces
# (src/cli and src/server or src/serve). A file may include the headers
# of its own folder and of the layers below its own; ingest and analyze
# sit side by side and include neither the other. src/cli includes no
# header of the library but include/parallax.h (and its own folder's);
# only src/store includes sqlite3.h, only the server microhttpd.h.
# The check runs over src/ here, then over planted violations in a scratch
# tree, each of which it must catch (and a clean scratch tree it must
# pass), so that it cannot silently check nothing.
. "$(dirname "$0")/lib.sh"

# rank FOLDER: the layer of a folder of src/, or nothing for an unknown one
rank() {
  case $1 in
    text) echo 0 ;;
    ingest | analyze) echo 1 ;;
    link) echo 2 ;;
    pipeline) echo 3 ;;
    store) echo 4 ;;
    cli | server | serve) echo 5 ;;
  esac
}

# violations ROOT: one line per include that points up or sideways, or
# per file in a folder of no known layer; nothing when all is well.
violations() {
  local root=$1 f dir r inc target tr
  for f in "$root"/src/*/*.[ch]; do
    [ -f "$f" ] || continue
    dir=$(basename "$(dirname "$f")")
    r=$(rank "$dir")
    if [ -z "$r" ]; then
      echo "${f#"$root"/}: src/$dir/ is in no layer (add it to tests/cli/layering.sh)"
      continue
    fi
    # quoted includes: "folder/x.h" names a layer, "x.h" this folder
    # (or include/parallax.h)
    while IFS= read -r inc; do
      case $inc in
        parallax.h) continue ;;
        */*) target=${inc%%/*} ;;
        *) target=$dir ;;
      esac
      if [ "$dir" = cli ] && [ "$target" != cli ]; then
        echo "${f#"$root"/}: includes \"$inc\": src/cli/ uses only parallax.h"
        continue
      fi
      [ "$target" = "$dir" ] && continue
      tr=$(rank "$target")
      if [ -z "$tr" ] || [ "$tr" -ge "$r" ]; then
        echo "${f#"$root"/}: includes \"$inc\": $dir may not point to ${target} (layers only point down)"
      fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
    if grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*<sqlite3\.h>' "$f" && [ "$dir" != store ]; then
      echo "${f#"$root"/}: includes <sqlite3.h>: only src/store/ does"
    fi
    if grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*<microhttpd\.h>' "$f" &&
      [ "$dir" != server ] && [ "$dir" != serve ]; then
      echo "${f#"$root"/}: includes <microhttpd.h>: only the server does"
    fi
  done
}

out=$(violations .)
[ -z "$out" ] || fail "layering: $out"
[ -n "$(ls src/*/*.c 2> /dev/null)" ] || fail "layering: no source found"

# self-test: a clean scratch tree passes, each planted violation is caught
s=$tmp/tree
mkdir -p "$s/src/text" "$s/src/ingest" "$s/src/analyze" "$s/src/link" \
  "$s/src/pipeline" "$s/src/store" "$s/src/cli"
printf '#include "base.h"\n' > "$s/src/text/a.c"
printf '#include "text/base.h"\n#include "ingest_internal.h"\n' > "$s/src/ingest/a.c"
printf '#include "text/hmap.h"\n' > "$s/src/analyze/a.c"
printf '#include "analyze/x.h"\n#include "text/base.h"\n' > "$s/src/link/a.c"
printf '#include "link/x.h"\n#include "pipeline_internal.h"\n' > "$s/src/pipeline/a.c"
printf '#include <sqlite3.h>\n#include "pipeline/x.h"\n' > "$s/src/store/a.c"
printf '#include <jansson.h>\n#include "parallax.h"\n#include "cli.h"\n' > "$s/src/cli/a.c"
[ -z "$(violations "$s")" ] || fail "layering self-test: a clean tree fails: $(violations "$s")"

# plant FILE LINE WHAT: LINE added to FILE must be reported
plant() {
  local file=$s/$1
  cp "$file" "$tmp/saved"
  printf '%s\n' "$2" >> "$file"
  violations "$s" | grep -q "${1}: " || fail "layering self-test: $3 not caught"
  cp "$tmp/saved" "$file"
}
plant src/text/a.c '#include "analyze/features_internal.h"' "text including analyze"
plant src/analyze/a.c '#include "link/link_internal.h"' "analyze including link"
plant src/analyze/a.c '#include "ingest/ingest_internal.h"' "analyze including ingest (side by side)"
plant src/link/a.c '#include "pipeline/pipeline_internal.h"' "link including pipeline"
plant src/pipeline/a.c '#include "store/store_internal.h"' "pipeline including store"
plant src/pipeline/a.c '#  include "cli/cli.h"' "pipeline including the CLI (spaced #  include)"
plant src/store/a.c '#include "cli/cli.h"' "store including the CLI"
plant src/cli/a.c '#include "text/base.h"' "the CLI including a library header"
plant src/cli/a.c '#include "pipeline/pipeline_internal.h"' "the CLI including pipeline internals"
plant src/link/a.c '#include <sqlite3.h>' "sqlite3.h outside the store"
plant src/cli/a.c '#include <microhttpd.h>' "microhttpd.h outside the server"
mkdir -p "$s/src/extras"
printf '#include "parallax.h"\n' > "$s/src/extras/a.c"
violations "$s" | grep -q "src/extras/a.c: src/extras/ is in no layer" ||
  fail "layering self-test: a folder of no layer not caught"
rm -r "$s/src/extras"
[ -z "$(violations "$s")" ] || fail "layering self-test: the tree is not clean again"
finish
