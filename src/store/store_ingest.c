/* store_ingest.c — px_store_ingest: articles in, through the pipeline
 * (order, analyze, link), into the store, after what is already there.
 *
 * The linker's live state (every story, its centroid, the document
 * frequencies, the duplicate tables: src/link/linker_state.c) is kept in
 * the store, compressed, and loaded at the start of each ingest: new
 * articles are linked as if they had followed the stored ones in one
 * stream. Articles already stored (same id) are skipped before analysis.
 *
 * Transactions: every `checkpoint` articles, and at the end, one commit
 * holds the new articles (rows, quotations, people, search index). The
 * linker state is saved at the end, and within an ingest only now and
 * then (when the articles since the last save are as many as it holds,
 * and at least 4 × checkpoint): its size grows with the store, and a
 * save at every commit cost a fifth of an ingest. So the saved state
 * holds the first K articles of the store, K <= N, and always a prefix in
 * linking order (articles.n). A crash at any moment leaves the last
 * commit; the same ingest run again loads the state, analyses and links
 * the stored articles K+1..N again in order from their stored rows and
 * texts (analysis is a pure function of the article, linking of the
 * records in order: the linker is then as the killed ingest left it at
 * its last commit), skips what is stored, and goes on. At the end the
 * linker's stream is ended on the state (saved first, unended, for the
 * next ingest) and the stories are written: the story of every article,
 * and the stories table. */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include "store_internal.h"
#include "text/base.h"
#include "text/hmap.h"

enum {
  S_FIND = 0, S_ARTICLE, S_QUOTE, S_PERSON_ADD, S_PERSON_GET, S_SEARCH,
  S_STATE, S_STORY_OF, S_SET_STORY, S_STORY_ADD, S_TEXT, S_STATE_SAVE,
  S_RELINK
};

typedef struct ingest {
  px_store *s;
  px_pipeline *p;
  size_t checkpoint, since_commit;
  size_t state_articles; /* articles in the saved linker state */
  px_status failed;
  px_store_counts counts;
  const px_store_ingest_opts *o;
  char *quotes_buf;
  size_t quotes_cap;
  px__hmap people;    /* hash of a name -> person id (ids fit 32 bits) */
  ZSTD_CCtx *zc;      /* texts are kept compressed */
  void *ztext;
  size_t ztext_cap;
} ingest;

/* ---- the linker's state in the store ---- */

/* Loads the stored state into *out (NULL when the store has none).
 * *finished: the stories of that state were written. */
static px_status load_state(px_store *s, px_linker **out, int64_t *articles,
                            int *finished) {
  *out = NULL;
  *articles = 0;
  *finished = 1;
  sqlite3_stmt *st = px__store_stmt(
      s, S_STATE, "SELECT state, articles, finished FROM linker WHERE k = 1");
  if (!st) return PX_DB;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) return PX_OK;
  if (rc != SQLITE_ROW) return px__store_sqlfail(s, rc, "reading the linker state");
  const void *z = sqlite3_column_blob(st, 0);
  size_t zn = (size_t)sqlite3_column_bytes(st, 0);
  *articles = sqlite3_column_int64(st, 1);
  *finished = sqlite3_column_int(st, 2);
  unsigned long long n = ZSTD_getFrameContentSize(z, zn);
  if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN ||
      n > ((unsigned long long)1 << 40))
    return px__store_fail(s, PX_BAD_STATE, "the linker state is damaged "
                                           "(not a zstd frame)");
  void *raw = malloc(n ? (size_t)n : 1);
  if (!raw) return px__store_fail(s, PX_NOMEM, "out of memory");
  size_t got = ZSTD_decompress(raw, (size_t)n, z, zn);
  px_status r = PX_OK;
  if (ZSTD_isError(got) || got != n)
    r = px__store_fail(s, PX_BAD_STATE, "the linker state is damaged (%s)",
                       ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short");
  else if ((r = px_linker_load(raw, got, out)) != PX_OK)
    px__store_fail(s, r, "the linker state: %s", px_strerror(r));
  free(raw);
  sqlite3_reset(st);
  return r;
}

static px_status save_state(px_store *s, const px_linker *l, int finished) {
  size_t n;
  void *raw = px_linker_save(l, &n);
  if (!raw) return px__store_fail(s, PX_NOMEM, "saving the linker state: out of memory");
  size_t cap = ZSTD_compressBound(n);
  void *z = malloc(cap);
  if (!z) {
    free(raw);
    return px__store_fail(s, PX_NOMEM, "saving the linker state: out of memory");
  }
  size_t zn = ZSTD_compress(z, cap, raw, n, 1);
  free(raw);
  if (ZSTD_isError(zn)) {
    free(z);
    return px__store_fail(s, PX_NOMEM, "compressing the linker state: %s",
                          ZSTD_getErrorName(zn));
  }
  sqlite3_stmt *st = px__store_stmt(
      s, S_STATE_SAVE,
      "INSERT OR REPLACE INTO linker(k, state, articles, finished)"
      " VALUES(1, ?, ?, ?)");
  px_status r = PX_OK;
  if (!st) r = PX_DB;
  else {
    sqlite3_bind_blob(st, 1, z, (int)zn, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)px_linker_n_articles(l));
    sqlite3_bind_int(st, 3, finished);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) r = px__store_sqlfail(s, rc, "saving the linker state");
    sqlite3_reset(st);
  }
  free(z);
  return r;
}

/* ---- one article ---- */

static int64_t person_lookup(ingest *g, const char *name);

/* The id of a person, from the names met in this ingest first, known by
 * a 64-bit hash of the name; else from the store. */
static int64_t person_id(ingest *g, const char *name) {
  uint64_t h = px__hash(name, strlen(name));
  const uint32_t *known = px__hmap_get(&g->people, h);
  if (known) return *known;
  int64_t id = person_lookup(g, name);
  if (id > 0 && id < UINT32_MAX && !px__hmap_put(&g->people, h, (uint32_t)id, NULL)) {
    px__store_fail(g->s, PX_NOMEM, "out of memory");
    return -1;
  }
  return id;
}

static int64_t person_lookup(ingest *g, const char *name) {
  px_store *s = g->s;
  sqlite3_stmt *get = px__store_stmt(s, S_PERSON_GET,
                                     "SELECT id FROM people WHERE name = ?");
  if (!get) return -1;
  px__bind_text(get, 1, name);
  int rc = sqlite3_step(get);
  if (rc == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(get, 0);
    sqlite3_reset(get);
    return id;
  }
  sqlite3_reset(get);
  if (rc != SQLITE_DONE) {
    px__store_sqlfail(s, rc, "looking up a person");
    return -1;
  }
  /* folded for --speaker: case and accents of any spelling */
  char folded[512];
  size_t n = px_fold(name, strlen(name), folded, NULL, sizeof folded - 1);
  if (n > sizeof folded - 1) n = sizeof folded - 1;
  folded[n] = 0;
  sqlite3_stmt *add = px__store_stmt(
      s, S_PERSON_ADD, "INSERT INTO people(name, folded) VALUES(?, ?)");
  if (!add) return -1;
  px__bind_text(add, 1, name);
  px__bind_text(add, 2, folded);
  rc = sqlite3_step(add);
  sqlite3_reset(add);
  if (rc != SQLITE_DONE) {
    px__store_sqlfail(s, rc, "adding a person");
    return -1;
  }
  return sqlite3_last_insert_rowid(s->db);
}

/* The quotations' text as the search index's third column: each cut from
 * the article by its span, one a line (as the view search_src makes it). */
static const char *quotes_text(ingest *g, const px_article *a,
                               const px_features *f, size_t *len) {
  size_t need = 1;
  for (size_t i = 0; i < f->n_quotes; i++)
    need += f->quotes[i].content.end - f->quotes[i].content.start + 1;
  if (need > g->quotes_cap) {
    char *p = realloc(g->quotes_buf, need);
    if (!p) return NULL;
    g->quotes_buf = p;
    g->quotes_cap = need;
  }
  size_t n = 0;
  for (size_t i = 0; i < f->n_quotes; i++) {
    const px_span *c = &f->quotes[i].content;
    if (c->end > a->text_len || c->start > c->end) continue;
    if (n) g->quotes_buf[n++] = '\n';
    memcpy(g->quotes_buf + n, a->text + c->start, c->end - c->start);
    n += c->end - c->start;
  }
  g->quotes_buf[n] = 0;
  *len = n;
  return g->quotes_buf;
}

static int store_article(ingest *g, const px_article *a, const px_features *f,
                         size_t index) {
  px_store *s = g->s;
  sqlite3_int64 n = (sqlite3_int64)index + 1;
  sqlite3_stmt *st = px__store_stmt(
      s, S_ARTICLE,
      "INSERT INTO articles(n, id, date, time, ts, outlet, author, title,"
      " url, headline, text_hash, content_hash, n_words, n_quotes,"
      " file, line) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, n);
  px__bind_text(st, 2, a->id);
  px__bind_text(st, 3, a->date);
  px__bind_text(st, 4, a->time && *a->time ? a->time : NULL);
  sqlite3_bind_int64(st, 5, a->timestamp);
  px__bind_text(st, 6, f->outlet);
  px__bind_text(st, 7, f->author);
  px__bind_text(st, 8, a->title);
  px__bind_text(st, 9, a->url);
  px__bind_text(st, 10, f->headline ? f->headline : "");
  size_t bound = ZSTD_compressBound(a->text_len);
  if (bound > g->ztext_cap) {
    void *p = realloc(g->ztext, bound);
    if (!p) {
      px__store_fail(s, PX_NOMEM, "out of memory");
      return -1;
    }
    g->ztext = p;
    g->ztext_cap = bound;
  }
  size_t zn = ZSTD_compressCCtx(g->zc, g->ztext, bound, a->text, a->text_len, 1);
  if (ZSTD_isError(zn)) {
    px__store_fail(s, PX_NOMEM, "compressing a text: %s", ZSTD_getErrorName(zn));
    return -1;
  }
  sqlite3_bind_int64(st, 11, (sqlite3_int64)px_text_hash(a->text, a->text_len));
  sqlite3_bind_int64(st, 12, (sqlite3_int64)f->content);
  sqlite3_bind_int64(st, 13, f->n_words);
  sqlite3_bind_int64(st, 14, (sqlite3_int64)(f->has_quotes ? f->n_quotes : 0));
  px__bind_text(st, 15, a->file);
  sqlite3_bind_int64(st, 16, (sqlite3_int64)a->line);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    px__store_sqlfail(s, rc, "storing an article");
    return -1;
  }
  st = px__store_stmt(s, S_TEXT, "INSERT INTO texts(n, text) VALUES(?, ?)");
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, n);
  sqlite3_bind_blob(st, 2, g->ztext, (int)zn, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    px__store_sqlfail(s, rc, "storing an article's text");
    return -1;
  }
  size_t qlen = 0;
  const char *qtext = "";
  if (f->has_quotes) {
    for (size_t i = 0; i < f->n_quotes; i++) {
      const px_quote *q = &f->quotes[i];
      int64_t person = 0;
      const char *who = f->speakers ? f->speakers[i] : NULL;
      if (who && *who && (person = person_id(g, who)) < 0) return -1;
      sqlite3_stmt *qs = px__store_stmt(
          s, S_QUOTE,
          "INSERT INTO quotes(article, n, kind, start, end, cue_start,"
          " cue_end, person, how, confidence) VALUES(?,?,?,?,?,?,?,?,?,?)");
      if (!qs) return -1;
      sqlite3_bind_int64(qs, 1, n);
      sqlite3_bind_int64(qs, 2, (sqlite3_int64)i);
      sqlite3_bind_int(qs, 3, q->kind);
      sqlite3_bind_int64(qs, 4, q->content.start);
      sqlite3_bind_int64(qs, 5, q->content.end);
      sqlite3_bind_int64(qs, 6, q->cue.start);
      sqlite3_bind_int64(qs, 7, q->cue.end);
      if (person > 0) sqlite3_bind_int64(qs, 8, person);
      else sqlite3_bind_null(qs, 8);
      sqlite3_bind_int(qs, 9, q->how);
      sqlite3_bind_double(qs, 10, q->confidence);
      rc = sqlite3_step(qs);
      sqlite3_reset(qs);
      if (rc != SQLITE_DONE) {
        px__store_sqlfail(s, rc, "storing a quotation");
        return -1;
      }
    }
    qtext = quotes_text(g, a, f, &qlen);
    if (!qtext) {
      px__store_fail(s, PX_NOMEM, "out of memory");
      return -1;
    }
  }
  st = px__store_stmt(s, S_SEARCH,
                      "INSERT INTO search(rowid, title, body, quotes)"
                      " VALUES(?, ?, ?, ?)");
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, n);
  px__bind_text(st, 2, a->title);
  sqlite3_bind_text(st, 3, a->text, (int)a->text_len, SQLITE_STATIC);
  if (f->has_quotes && f->n_quotes)
    sqlite3_bind_text(st, 4, qtext, (int)qlen, SQLITE_STATIC);
  else sqlite3_bind_null(st, 4);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    px__store_sqlfail(s, rc, "indexing an article for search");
    return -1;
  }
  return 0;
}

/* Commits the articles so far, with the linker state when it has fallen
 * far enough behind them: as many articles unsaved as it holds (so that
 * the saves of one ingest write about twice the final state in all, and
 * a rerun after a crash links again at most half of what is stored),
 * and at least 4 × checkpoint. Then begins the next transaction. */
static px_status commit_and_begin(ingest *g) {
  px_store *s = g->s;
  const px_linker *l = px_pipeline_linker(g->p);
  size_t n = px_linker_n_articles(l), behind = n - g->state_articles;
  if (behind >= 4 * g->checkpoint && behind >= g->state_articles) {
    px_status st = save_state(s, l, 0);
    if (st != PX_OK) return st;
    g->state_articles = n;
  }
  int rc = px__store_exec(s, "COMMIT;");
  if (rc == SQLITE_OK) rc = px__store_exec(s, "BEGIN IMMEDIATE;");
  if (rc != SQLITE_OK) return px__store_status(rc);
  g->since_commit = 0;
  return PX_OK;
}

static int on_linked(const px_article *a, const px_features *f, size_t index,
                     void *user) {
  ingest *g = user;
  if (store_article(g, a, f, index)) {
    g->failed = PX_DB;
    return -1;
  }
  g->counts.added++;
  if (++g->since_commit >= g->checkpoint) {
    px_status st = commit_and_begin(g);
    if (st != PX_OK) {
      g->failed = st;
      return -1;
    }
  }
  return 0;
}

/* ---- the stories, once the stream is ended ---- */

static px_status write_stories(ingest *g) {
  px_store *s = g->s;
  const px_linker *l = px_pipeline_linker(g->p);
  if (px__store_exec(s, "DELETE FROM stories;") != SQLITE_OK) return PX_DB;
  /* the story and duplicate of every article, written where they changed */
  sqlite3_stmt *get = px__store_stmt(
      s, S_STORY_OF,
      "SELECT n, story, dup_of FROM articles ORDER BY n");
  if (!get) return PX_DB;
  size_t n_arts = px_linker_n_articles(l);
  uint32_t *old_story = calloc(n_arts + 1, sizeof *old_story);
  uint32_t *old_dup = calloc(n_arts + 1, sizeof *old_dup);
  if (!old_story || !old_dup) {
    free(old_story);
    free(old_dup);
    return px__store_fail(s, PX_NOMEM, "out of memory");
  }
  int rc;
  while ((rc = sqlite3_step(get)) == SQLITE_ROW) {
    sqlite3_int64 n = sqlite3_column_int64(get, 0);
    if (n < 1 || (uint64_t)n > n_arts) continue;
    old_story[n - 1] = (uint32_t)sqlite3_column_int64(get, 1);
    old_dup[n - 1] = sqlite3_column_type(get, 2) == SQLITE_NULL
                         ? 0 : (uint32_t)sqlite3_column_int64(get, 2);
  }
  sqlite3_reset(get);
  px_status r = PX_OK;
  if (rc != SQLITE_DONE) r = px__store_sqlfail(s, rc, "reading the stories");
  px_linked m;
  for (size_t i = 0; r == PX_OK && px_linker_article(l, i, &m); i++) {
    uint32_t dup = m.dup_of == UINT32_MAX ? 0 : m.dup_of + 1;
    if (old_story[i] == m.story && old_dup[i] == dup) continue;
    sqlite3_stmt *up = px__store_stmt(
        s, S_SET_STORY,
        "UPDATE articles SET story = ?, dup_of = ?, dup_jaccard = ?,"
        " exact_dup = ?, similarity = ? WHERE n = ?");
    if (!up) {
      r = PX_DB;
      break;
    }
    sqlite3_bind_int64(up, 1, m.story);
    if (dup) {
      sqlite3_bind_int64(up, 2, dup);
      sqlite3_bind_double(up, 3, m.dup_jaccard);
    } else {
      sqlite3_bind_null(up, 2);
      sqlite3_bind_null(up, 3);
    }
    sqlite3_bind_int(up, 4, m.exact_dup);
    sqlite3_bind_double(up, 5, m.similarity);
    sqlite3_bind_int64(up, 6, (sqlite3_int64)i + 1);
    rc = sqlite3_step(up);
    sqlite3_reset(up);
    if (rc != SQLITE_DONE) r = px__store_sqlfail(s, rc, "writing stories");
  }
  free(old_story);
  free(old_dup);
  const char **outlets = NULL;
  size_t cap = 0;
  /* story ids have gaps where a story was absorbed by another: every id
   * up to the largest is asked for, and the absent ones passed over */
  uint32_t max_id = px_linker_max_story_id(l);
  for (uint32_t id = 1; r == PX_OK && id <= max_id; id++) {
    px_story st;
    if (!px_linker_story_by_id(l, id, &st)) continue;
    size_t no = px_linker_story_outlets(l, id, NULL, 0);
    if (no > cap) {
      const char **p = realloc(outlets, no * sizeof *p);
      if (!p) {
        r = px__store_fail(s, PX_NOMEM, "out of memory");
        break;
      }
      outlets = p;
      cap = no;
    }
    px_linker_story_outlets(l, id, outlets, no);
    /* outlets as a JSON array, built with SQLite's json functions would
     * need a statement per outlet: this one is plain */
    size_t need = 3;
    for (size_t k = 0; k < no; k++) need += 2 * strlen(outlets[k]) + 4;
    char *js = malloc(need);
    if (!js) {
      r = px__store_fail(s, PX_NOMEM, "out of memory");
      break;
    }
    size_t w = 0;
    js[w++] = '[';
    for (size_t k = 0; k < no; k++) {
      if (k) js[w++] = ',';
      js[w++] = '"';
      for (const char *c = outlets[k]; *c; c++) {
        unsigned char ch = (unsigned char)*c;
        if (ch == '"' || ch == '\\') {
          js[w++] = '\\';
          js[w++] = (char)ch;
        } else if (ch < 0x20) {
          js[w++] = ' ';
        } else {
          js[w++] = (char)ch;
        }
      }
      js[w++] = '"';
    }
    js[w++] = ']';
    js[w] = 0;
    sqlite3_stmt *add = px__store_stmt(
        s, S_STORY_ADD,
        "INSERT INTO stories(id, label, size, n_outlets, outlets,"
        " first_date, last_date, first_ts, last_ts)"
        " VALUES(?,?,?,?,?,?,?,?,?)");
    if (!add) {
      free(js);
      r = PX_DB;
      break;
    }
    sqlite3_bind_int64(add, 1, id);
    px__bind_text(add, 2, st.label);
    sqlite3_bind_int64(add, 3, (sqlite3_int64)st.size);
    sqlite3_bind_int64(add, 4, (sqlite3_int64)st.n_outlets);
    sqlite3_bind_text(add, 5, js, (int)w, SQLITE_TRANSIENT);
    px__bind_text(add, 6, st.first_date);
    px__bind_text(add, 7, st.last_date);
    sqlite3_bind_int64(add, 8, st.first_ts);
    sqlite3_bind_int64(add, 9, st.last_ts);
    rc = sqlite3_step(add);
    sqlite3_reset(add);
    free(js);
    if (rc != SQLITE_DONE) r = px__store_sqlfail(s, rc, "writing stories");
  }
  free(outlets);
  return r;
}

/* ---- the ingest ---- */

/* Is the article stored already? 0 new, 1 same text, 2 other text, -1
 * error. */
static int stored(ingest *g, const px_article *a) {
  sqlite3_stmt *st = px__store_stmt(
      g->s, S_FIND, "SELECT text_hash FROM articles WHERE id = ?");
  if (!st) return -1;
  px__bind_text(st, 1, a->id);
  int rc = sqlite3_step(st);
  int r = 0;
  if (rc == SQLITE_ROW)
    r = (uint64_t)sqlite3_column_int64(st, 0) ==
                px_text_hash(a->text, a->text_len) ? 1 : 2;
  else if (rc != SQLITE_DONE) {
    px__store_sqlfail(g->s, rc, "looking up an article");
    r = -1;
  }
  sqlite3_reset(st);
  return r;
}

static void diag(const ingest *g, const px_article *a, const char *msg) {
  px_diag d = {PX_WARNING, PX_DUPLICATE_ID, a->file ? a->file : "-", a->line,
               0, msg};
  if (g->o->pipeline.on_diag) g->o->pipeline.on_diag(&d, g->o->pipeline.user);
  else px_diag_print(&d, stderr);
}

static void on_diag(const px_diag *d, void *user) {
  const ingest *g = user;
  if (g->o->pipeline.on_diag) g->o->pipeline.on_diag(d, g->o->pipeline.user);
  else px_diag_print(d, stderr);
}

static void progress(const ingest *g, int event, const px_article *a);
/* The pipeline's own events: only the articles it is done with (the
 * reading and the end of the input are told here) */
static void on_progress(int event, const px_article *a, void *user) {
  if (event == PX_PROGRESS_DONE) progress(user, event, a);
}

static void progress(const ingest *g, int event, const px_article *a) {
  if (g->o->pipeline.on_progress)
    g->o->pipeline.on_progress(event, a, g->o->pipeline.user);
}

static int count_of(px_store *s, const char *sql, uint64_t *out) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    *out = (uint64_t)sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* After a crash: links the stored articles the saved state does not hold
 * (from..to, in their order) into *l (a new linker when NULL), each
 * analysed again from its stored row and text. An article is stored with
 * the outlet and author of its record, which an analysis given them
 * keeps, so its record is the one it was linked with. */
static px_status relink(px_store *s, px_linker **l, uint64_t from,
                        uint64_t to) {
  if (!*l && !(*l = px_linker_new(NULL)))
    return px__store_fail(s, PX_NOMEM, "out of memory");
  px_featurizer *fz = px_featurizer_new(PX_FEAT_QUOTES);
  if (!fz) return px__store_fail(s, PX_NOMEM, "out of memory");
  sqlite3_stmt *st = px__store_stmt(
      s, S_RELINK,
      "SELECT a.n, a.id, a.date, a.time, a.ts, a.outlet, a.author, a.title,"
      " a.url, a.file, a.line, px_text(t.text) FROM articles a"
      " JOIN texts t ON t.n = a.n WHERE a.n > ? ORDER BY a.n");
  px_features f = {0};
  px_status r = st ? PX_OK : PX_DB;
  uint64_t next = from + 1;
  int rc = SQLITE_DONE;
  if (st) sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
  while (r == PX_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    if ((uint64_t)sqlite3_column_int64(st, 0) != next++) {
      r = px__store_fail(s, PX_BAD_STATE, "the stored articles are not "
                                          "numbered in one run");
      break;
    }
#define TEXT_OF(i) ((const char *)sqlite3_column_text(st, (i)))
    px_article a = {0};
    a.id = TEXT_OF(1);
    a.date = TEXT_OF(2);
    a.time = TEXT_OF(3);
    a.timestamp = sqlite3_column_int64(st, 4);
    a.outlet = TEXT_OF(5);
    a.author = TEXT_OF(6);
    a.title = TEXT_OF(7);
    a.url = TEXT_OF(8);
    a.file = TEXT_OF(9);
    a.line = (uint64_t)sqlite3_column_int64(st, 10);
    a.text = TEXT_OF(11);
    a.text_len = (size_t)sqlite3_column_bytes(st, 11);
#undef TEXT_OF
    if (!a.id || !a.date || !a.text) {
      r = sqlite3_errcode(s->db) == SQLITE_NOMEM
              ? px__store_fail(s, PX_NOMEM, "out of memory")
              : px__store_fail(s, PX_BAD_STATE, "stored article %llu is "
                                                "incomplete",
                               (unsigned long long)next - 1);
      break;
    }
    px_status fs = px_features_compute(fz, &a, &f);
    /* a record without its quotations was linked so (the pipeline's take) */
    if (fs != PX_OK && !f.id)
      r = px__store_fail(s, fs, "analysing stored article '%s' again: %s",
                         a.id, px_strerror(fs));
    else if ((fs = px_linker_add(*l, &f)) != PX_OK)
      r = px__store_fail(s, fs, "linking stored article '%s' again: %s",
                         a.id, px_strerror(fs));
  }
  if (r == PX_OK && rc != SQLITE_DONE)
    r = px__store_sqlfail(s, rc, "reading the stored articles");
  if (r == PX_OK && next != to + 1)
    r = px__store_fail(s, PX_BAD_STATE, "the stored articles are not "
                                        "numbered in one run");
  if (st) sqlite3_reset(st);
  px_features_clear(&f);
  px_featurizer_free(fz);
  return r;
}

px_status px_store_ingest(px_store *s, px_reader *r,
                          const px_store_ingest_opts *o,
                          px_store_counts *counts) {
  static const px_store_ingest_opts none;
  if (!o) o = &none;
  s->err[0] = 0;
  if (s->mode != PX_STORE_WRITE)
    return px__store_fail(s, PX_USAGE, "opened for reading only");
  ingest g = {0};
  g.s = s;
  g.o = o;
  g.checkpoint = o->checkpoint ? o->checkpoint : 4096;
  g.zc = ZSTD_createCCtx();
  if (!g.zc) return px__store_fail(s, PX_NOMEM, "out of memory");
  int brc = px__store_exec(s, "BEGIN IMMEDIATE;");
  if (brc != SQLITE_OK) {
    ZSTD_freeCCtx(g.zc);
    return px__store_status(brc);
  }
  px_linker *resume = NULL;
  int64_t state_articles;
  int finished;
  px_status st = load_state(s, &resume, &state_articles, &finished);
  uint64_t stored_n = 0;
  if (st == PX_OK && count_of(s, "SELECT count(*) FROM articles", &stored_n))
    st = px__store_sqlfail(s, SQLITE_ERROR, "counting articles");
  if (st == PX_OK && (uint64_t)state_articles > stored_n)
    st = px__store_fail(s, PX_BAD_STATE,
                        "the linker state holds %lld articles, the store "
                        "%llu: not written by one ingest",
                        (long long)state_articles,
                        (unsigned long long)stored_n);
  /* an ingest was interrupted: its articles after the saved state are
   * linked again */
  g.counts.resumed = !finished || (uint64_t)state_articles < stored_n;
  if (st == PX_OK && (uint64_t)state_articles < stored_n)
    st = relink(s, &resume, (uint64_t)state_articles, stored_n);
  g.state_articles = (size_t)state_articles;
  /* the newest article stored: one older than it is linked after it */
  sqlite3_int64 newest = INT64_MIN;
  if (st == PX_OK && stored_n) {
    sqlite3_stmt *mx;
    if (sqlite3_prepare_v2(s->db, "SELECT max(ts) FROM articles", -1, &mx, NULL) == SQLITE_OK) {
      if (sqlite3_step(mx) == SQLITE_ROW) newest = sqlite3_column_int64(mx, 0);
      sqlite3_finalize(mx);
    }
  }
  px_pipeline_opts po = o->pipeline;
  po.flags = PX_FEAT_QUOTES;
  po.link = 1;
  po.linker = NULL;
  po.on_features = NULL;
  po.on_linked = on_linked;
  po.resume = resume;
  po.keep_open = 1;
  po.user = &g;
  /* the caller's callbacks, with the caller's user */
  po.on_diag = on_diag;
  po.on_progress = on_progress;
  if (st == PX_OK) {
    g.p = px_pipeline_new(&po);
    if (!g.p) st = px__store_fail(s, PX_NOMEM, "out of memory");
  } else {
    px_linker_free(resume);
  }
  px_article a;
  while (st == PX_OK && !g.failed && px_reader_next(r, &a)) {
    int k = stored(&g, &a);
    if (k < 0) {
      st = PX_DB;
      break;
    }
    if (k == 0) {
      g.counts.older += a.timestamp < newest;
      px_status ps = px_pipeline_push(g.p, &a);
      if (ps != PX_OK && !g.failed) g.failed = ps;
    } else if (k == 1) {
      g.counts.unchanged++;
    } else {
      char msg[300];
      snprintf(msg, sizeof msg,
               "article '%.200s' is stored already with another text: the "
               "stored one is kept", a.id);
      diag(&g, &a, msg);
      g.counts.changed++;
    }
    progress(&g, PX_PROGRESS_READ, &a);
    if (k) progress(&g, PX_PROGRESS_DONE, NULL);
  }
  progress(&g, PX_PROGRESS_INPUT_END, NULL);
  if (st == PX_OK && !g.failed) {
    px_status fs = px_pipeline_finish(g.p);
    if (fs != PX_OK && !g.failed) g.failed = fs;
  }
  if (st == PX_OK && g.failed) st = g.failed;
  px_pipeline_counts pc = {0};
  if (g.p) px_pipeline_stats(g.p, &pc);
  g.counts.dropped = pc.dropped;
  g.counts.late = pc.late;
  if (st == PX_OK && !g.counts.added && !g.counts.resumed) {
    /* nothing new: the store stays as it was, byte for byte */
    sqlite3_exec(s->db, "ROLLBACK;", NULL, NULL, NULL);
  } else if (st == PX_OK) {
    /* the state before the stream's end, for the next ingest; then the
     * end, and the stories it gives */
    px_linker *l = px_pipeline_linker(g.p);
    st = save_state(s, l, 1);
    if (st == PX_OK) {
      px_status fs = px_linker_finish(l);
      if (fs != PX_OK) st = px__store_fail(s, fs, "linking: %s", px_strerror(fs));
    }
    if (st == PX_OK) st = write_stories(&g);
    /* The search index: after a bulk load (a quarter of the store or
     * more) its segments are merged into one, which costs a few percent
     * of the ingest and makes prefix and common-word queries several
     * times faster; after a small one, a bounded merge step. */
    if (st == PX_OK) {
      int bulk = g.counts.added * 4 >= px_linker_n_articles(l);
      int rc = px__store_exec(
          s, bulk ? "INSERT INTO search(search) VALUES('optimize');"
                  : "INSERT INTO search(search, rank) VALUES('merge', 500);");
      if (rc != SQLITE_OK) st = px__store_status(rc);
    }
    int rc = st == PX_OK ? px__store_exec(s, "COMMIT;") : SQLITE_OK;
    if (rc != SQLITE_OK) st = px__store_status(rc);
  }
  if (st != PX_OK) {
    if (!s->err[0]) px__store_fail(s, st, "%s", px_strerror(st));
    sqlite3_exec(s->db, "ROLLBACK;", NULL, NULL, NULL);
  }
  px_pipeline_free(g.p);
  free(g.quotes_buf);
  free(g.ztext);
  ZSTD_freeCCtx(g.zc);
  px__hmap_free(&g.people);
  /* the totals are informative: a failure here leaves them 0 */
  (void)(count_of(s, "SELECT count(*) FROM articles", &g.counts.articles) ||
         count_of(s, "SELECT count(*) FROM stories", &g.counts.stories) ||
         count_of(s, "SELECT count(*) FROM quotes", &g.counts.quotes));
  if (counts) *counts = g.counts;
  return st;
}
