/* store_sql.c — what every connection to a store registers before it
 * touches the tables: the SQL function px_text, which reads an article's
 * text (kept zstd-compressed), whole or a byte span of it, and the FTS5
 * tokenizer px, unicode61 without the stopwords of src/text/stopwords.c.
 *
 * Stopwords carry no weight in a search and fill the largest posting
 * lists: leaving them out of the index makes it a third smaller and the
 * common queries faster. A phrase still matches across them: its
 * stopwords are left out of the query the same way ("state of the union"
 * looks for "state union" at neighbouring places). A query of stopwords
 * alone finds nothing. */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include "store_internal.h"
#include "text/base.h"

/* ---- px_text(text [, start, end]) ---- */

/* The last text decompressed on a connection: the quotations of one
 * article are cut from it one after another. */
typedef struct text_cache {
  uint64_t key;     /* hash of the compressed bytes */
  size_t zn;        /* their length */
  char *plain;      /* sqlite3_malloc'd, NUL-terminated */
  size_t n;
  ZSTD_DCtx *dctx;  /* reused: a context per call cost more than the text */
} text_cache;

static void cache_free(void *p) {
  text_cache *c = p;
  if (c) {
    sqlite3_free(c->plain);
    ZSTD_freeDCtx(c->dctx);
  }
  sqlite3_free(c);
}

static void px_text_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  const void *z = sqlite3_value_blob(argv[0]);
  size_t zn = (size_t)sqlite3_value_bytes(argv[0]);
  char *plain = NULL;
  size_t n = zn;
  const char *text = z;
  text_cache *cache = sqlite3_user_data(ctx);
  uint64_t key = 0;
  if (sqlite3_value_type(argv[0]) == SQLITE_BLOB && cache) {
    key = px__hash(z, zn);
    if (cache->plain && cache->key == key && cache->zn == zn) {
      text = cache->plain;
      n = cache->n;
      goto cut;
    }
  }
  if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
    unsigned long long size = ZSTD_getFrameContentSize(z, zn);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > (1u << 30)) {
      sqlite3_result_error(ctx, "px_text: a damaged text (not a zstd frame)", -1);
      return;
    }
    plain = sqlite3_malloc64(size + 1);
    if (!plain) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    if (cache && !cache->dctx) cache->dctx = ZSTD_createDCtx();
    n = cache && cache->dctx
            ? ZSTD_decompressDCtx(cache->dctx, plain, (size_t)size, z, zn)
            : ZSTD_decompress(plain, (size_t)size, z, zn);
    if (ZSTD_isError(n) || n != size) {
      sqlite3_free(plain);
      sqlite3_result_error(ctx, "px_text: a damaged text", -1);
      return;
    }
    text = plain;
    if (cache) { /* kept for the next call; the result is a copy */
      sqlite3_free(cache->plain);
      plain[n] = 0;
      cache->plain = plain;
      cache->key = key;
      cache->zn = zn;
      cache->n = n;
      plain = NULL;
    }
  }
cut:;
  size_t from = 0, to = n;
  if (argc == 3) {
    sqlite3_int64 a = sqlite3_value_int64(argv[1]), b = sqlite3_value_int64(argv[2]);
    if (a < 0 || b < a || (sqlite3_uint64)b > n) {
      sqlite3_free(plain);
      sqlite3_result_error(ctx, "px_text: a span outside the text", -1);
      return;
    }
    from = (size_t)a;
    to = (size_t)b;
  }
  if (plain && from == 0) {
    plain[to] = 0;
    sqlite3_result_text64(ctx, plain, to, sqlite3_free, SQLITE_UTF8);
    return;
  }
  sqlite3_result_text64(ctx, text + from, to - from, SQLITE_TRANSIENT,
                        SQLITE_UTF8);
  sqlite3_free(plain);
}

/* ---- the tokenizer px ---- */

typedef struct px_tok {
  fts5_tokenizer parent;
  Fts5Tokenizer *inner;
} px_tok;

typedef struct tok_ctx {
  void *ctx;
  int (*token)(void *, int, const char *, int, int, int);
} tok_ctx;

static int keep_token(void *user, int flags, const char *t, int n, int start,
                      int end) {
  tok_ctx *c = user;
  if (n > 0 && px_is_stopword(t, (size_t)n)) return SQLITE_OK;
  return c->token(c->ctx, flags, t, n, start, end);
}

static int tok_create(void *user, const char **args, int n_args,
                      Fts5Tokenizer **out) {
  fts5_api *api = user;
  px_tok *t = sqlite3_malloc(sizeof *t);
  if (!t) return SQLITE_NOMEM;
  void *ud = NULL;
  int rc = api->xFindTokenizer(api, "unicode61", &ud, &t->parent);
  static const char *dflt[] = {"remove_diacritics", "2"};
  if (rc == SQLITE_OK)
    rc = t->parent.xCreate(ud, n_args ? args : dflt,
                           n_args ? n_args : 2, &t->inner);
  if (rc != SQLITE_OK) {
    sqlite3_free(t);
    return rc;
  }
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p) {
  px_tok *t = (px_tok *)p;
  t->parent.xDelete(t->inner);
  sqlite3_free(t);
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
                        const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int)) {
  px_tok *t = (px_tok *)p;
  tok_ctx c = {ctx, token};
  return t->parent.xTokenize(t->inner, &c, flags, text, n, keep_token);
}

static fts5_api *fts5_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

int px__store_functions(sqlite3 *db) {
  /* one cache for both forms, freed with the connection */
  text_cache *cache = sqlite3_malloc(sizeof *cache);
  if (!cache) return SQLITE_NOMEM;
  memset(cache, 0, sizeof *cache);
  int rc = sqlite3_create_function_v2(db, "px_text", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                          SQLITE_INNOCUOUS,
                                      cache, px_text_fn, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "px_text", 3,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                        SQLITE_INNOCUOUS,
                                    cache, px_text_fn, NULL, NULL, cache_free);
  else
    cache_free(cache);
  if (rc != SQLITE_OK) return rc;
  fts5_api *api = fts5_of(db);
  if (!api || api->iVersion < 2) return SQLITE_ERROR;
  static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
  return api->xCreateTokenizer(api, "px", api, &tok, NULL);
}
