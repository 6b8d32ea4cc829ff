# parallax — build with GNU Make.
#   make          release build: build/release/parallax (also make build)
#   make test     unit, golden and fuzz-replay tests under ASan + UBSan
#   make demo     set up, build, run on examples/corpus
#   make bench    throughput and peak memory: generated text, then real news
#   make eval     score the example corpus and ../shared/data (skipped when absent)
#   make dask     the map and reduce steps on a local Dask cluster
#   make fuzz     libFuzzer targets (clang), FUZZ_SECONDS each; one or a few
#                 with FUZZ_TARGETS="article quotes"
#   make install  PREFIX=/usr/local
#   make fresh-check  the README's two commands on a fresh Debian root
#
# Every target above first runs scripts/setup.sh (a no-op when nothing is
# missing) and then runs make again for the real work: the compiler and linker
# flags come from pkg-config, which can only answer once the packages are in,
# and make computes them when it reads this file.

CC       ?= cc
PREFIX   ?= /usr/local
PKGS     := libutf8proc jansson libxxhash zlib libzstd sqlite3 libxml-2.0 libmicrohttpd
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wpointer-arith -Wcast-qual \
            -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2 \
            -Wno-unused-parameter
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm -pthread
CFLAGS_COMMON := $(CSTD) $(WARN) -Iinclude -Isrc $(PKG_CFLAGS)

RELEASE_FLAGS := -O2 -g
# PX_CHECKED: broken invariants (a quotation span out of order) stop the
# test build; release builds drop the bad span instead.
ASAN_FLAGS    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
                 -fno-sanitize-recover=undefined -DPX_CHECKED

LIB_SRC  := $(sort $(wildcard src/text/*.c src/ingest/*.c src/analyze/*.c \
                              src/link/*.c src/pipeline/*.c src/store/*.c))
# The parallax program: the CLI and the HTTP face (src/serve/), whose page
# (web/) is built into it as C arrays by scripts/embed_assets.py.
CLI_SRC  := $(sort $(wildcard src/cli/*.c src/serve/*.c))
WEB_FILES := $(sort $(wildcard web/*.html web/*.css web/*.js web/*.svg))
WEB_C    := build/gen/web_assets.c
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

R := build/release
A := build/asan

LIB_R := $(LIB_SRC:%.c=$(R)/%.o)
LIB_A := $(LIB_SRC:%.c=$(A)/%.o)
CLI_R := $(CLI_SRC:%.c=$(R)/%.o) $(R)/gen/web_assets.o
CLI_A := $(CLI_SRC:%.c=$(A)/%.o) $(A)/gen/web_assets.o
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(A)/tests/%)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(A)/replay/%)

.PHONY: all build test demo bench eval eval-cross train-join fuzz install clean setup fresh-check dask
.DELETE_ON_ERROR:

SUBMAKE := +@$(MAKE) --no-print-directory

all: build
build: setup
	$(SUBMAKE) $(R)/parallax

setup:
	@bash scripts/setup.sh

$(R)/%.o: %.c include/parallax.h Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(RELEASE_FLAGS) -MMD -MP -c $< -o $@

$(A)/%.o: %.c include/parallax.h Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -MMD -MP -c $< -o $@

$(WEB_C): scripts/embed_assets.py $(WEB_FILES)
	@mkdir -p $(@D)
	python3 scripts/embed_assets.py $@ $(WEB_FILES)
$(R)/gen/web_assets.o: $(WEB_C) src/serve/assets.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(RELEASE_FLAGS) -c $< -o $@
$(A)/gen/web_assets.o: $(WEB_C) src/serve/assets.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c $< -o $@

$(R)/libparallax.a: $(LIB_R)
	@rm -f $@; ar rcs $@ $^
$(A)/libparallax.a: $(LIB_A)
	@rm -f $@; ar rcs $@ $^

$(R)/parallax: $(CLI_R) $(R)/libparallax.a
	$(CC) $(RELEASE_FLAGS) -o $@ $(CLI_R) $(R)/libparallax.a $(PKG_LIBS)
$(A)/parallax: $(CLI_A) $(A)/libparallax.a
	$(CC) $(ASAN_FLAGS) -o $@ $(CLI_A) $(A)/libparallax.a $(PKG_LIBS)

$(A)/tests/%: tests/unit/%.c $(A)/libparallax.a tests/unit/testutil.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -Itests/unit -o $@ $< $(A)/libparallax.a $(PKG_LIBS) -lcmocka

# Fuzz targets link the library, the CLI's quotation JSON writer
# (fuzz_article checks what `parallax quotes` writes) and the server's
# request decoder (fuzz_request).
FUZZ_CLI_A := $(A)/src/cli/quotes_json.o $(A)/src/serve/request.o
$(A)/replay/%: tests/fuzz/%.c tests/fuzz/replay_main.c tests/fuzz/fuzz_reader.h $(A)/libparallax.a $(FUZZ_CLI_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -o $@ $< tests/fuzz/replay_main.c $(FUZZ_CLI_A) $(A)/libparallax.a $(PKG_LIBS)

test:
	@bash scripts/setup.sh browser
	$(SUBMAKE) $(UNIT_BIN) $(A)/parallax $(REPLAY_BIN)
	@bash tests/run_all.sh $(A)

demo: setup
	$(SUBMAKE) $(R)/parallax
	$(R)/parallax run examples/corpus

BENCH_BIN := $(patsubst bench/%.c,$(R)/bench/%,$(wildcard bench/*.c))
$(R)/bench/%: bench/%.c $(R)/libparallax.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(RELEASE_FLAGS) -o $@ $< $(R)/libparallax.a $(PKG_LIBS)

bench:
	@bash scripts/setup.sh bench
	$(SUBMAKE) $(R)/parallax $(BENCH_BIN)
	@bash bench/run.sh $(R)

eval: setup
	$(SUBMAKE) $(R)/parallax
	@bash scripts/eval.sh $(R)/parallax

# the join model: its cross-set table, and its regeneration from ../shared/data
eval-cross: setup
	$(SUBMAKE) build
	@bash scripts/eval_cross.sh $(R)/parallax || [ $$? = 77 ]

train-join: setup
	$(SUBMAKE) build
	@bash scripts/train_join.sh $(R)/parallax || [ $$? = 77 ]

# The map and reduce steps on a local Dask cluster (installs
# python3-distributed first): make dask DASK_ARGS="--workers 4 PATH..."
DASK_ARGS ?= examples/corpus
dask: setup
	@bash scripts/setup.sh dask
	$(SUBMAKE) build
	/usr/bin/python3 scripts/dask_run.py --parallax $(R)/parallax $(DASK_ARGS)

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	@bash scripts/setup.sh fuzz
	@bash tests/fuzz/run_libfuzzer.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fresh-check:
	@bash scripts/fresh_check.sh

install: setup
	$(SUBMAKE) $(R)/parallax
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib
	install -m 755 $(R)/parallax $(DESTDIR)$(PREFIX)/bin/
	install -m 644 include/parallax.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(R)/libparallax.a $(DESTDIR)$(PREFIX)/lib/

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
