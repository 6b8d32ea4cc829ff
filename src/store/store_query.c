/* store_query.c — reading the store: stories with filters, one story with
 * its articles, reprints, statements and people, one article, full-text
 * search, a person's quotations, export, and the integrity check. Every
 * answer is JSON built with jansson; every value reaches SQL as a bound
 * parameter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "store_internal.h"

enum {
  Q_STORIES_NEW = 20, Q_STORIES_BIG, Q_STORY, Q_STORY_ARTS, Q_STORY_QUOTES,
  Q_ARTICLE, Q_ARTICLE_QUOTES, Q_SEARCH, Q_SNIPPET, Q_QUOTES,
  Q_SEARCH_FILTERED, Q_RANGE, Q_HIT
};

#define JFLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))

static int valid_date(const char *d) {
  if (!d) return 1;
  if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
  int m = (d[5] - '0') * 10 + d[6] - '0', day = (d[8] - '0') * 10 + d[9] - '0';
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

static px_status check_filter(px_store *s, const px_store_filter *f) {
  if (!valid_date(f->from))
    return px__store_fail(s, PX_USAGE, "--from '%s' is not a date YYYY-MM-DD",
                          f->from);
  if (!valid_date(f->to))
    return px__store_fail(s, PX_USAGE, "--to '%s' is not a date YYYY-MM-DD",
                          f->to);
  if (f->limit > 10000)
    return px__store_fail(s, PX_USAGE, "a limit of %zu is more than 10000",
                          f->limit);
  return PX_OK;
}

static json_t *col_json(sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_NULL: return json_null();
  case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
  case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, i));
  default:
    return json_stringn((const char *)sqlite3_column_text(st, i),
                        (size_t)sqlite3_column_bytes(st, i));
  }
}

/* One row as an object with the column names as keys; a column whose
 * name starts with "json_" holds JSON text, put in as a value. */
static json_t *row_json(sqlite3_stmt *st) {
  json_t *o = json_object();
  int n = sqlite3_column_count(st);
  for (int i = 0; i < n; i++) {
    const char *name = sqlite3_column_name(st, i);
    json_t *v;
    if (!strncmp(name, "json_", 5)) {
      v = json_loads((const char *)sqlite3_column_text(st, i), 0, NULL);
      name += 5;
      if (!v) v = json_array();
    } else {
      v = col_json(st, i);
    }
    json_object_set_new(o, name, v ? v : json_null());
  }
  return o;
}

/* A text column with every run of white space made one space: a snippet
 * on one line. */
static json_t *one_line_text(const char *t, size_t n);
static json_t *one_line(sqlite3_stmt *st, int i) {
  return one_line_text((const char *)sqlite3_column_text(st, i),
                       (size_t)sqlite3_column_bytes(st, i));
}

static json_t *one_line_text(const char *t, size_t n) {
  char *buf = malloc(n + 1);
  if (!t || !buf) {
    free(buf);
    return json_string("");
  }
  size_t w = 0;
  for (size_t k = 0; k < n; k++) {
    int space = t[k] == ' ' || t[k] == '\n' || t[k] == '\t' || t[k] == '\r';
    if (!space) buf[w++] = t[k];
    else if (w && buf[w - 1] != ' ') buf[w++] = ' ';
  }
  while (w && buf[w - 1] == ' ') w--;
  json_t *j = json_stringn(buf, w);
  free(buf);
  return j ? j : json_string("");
}

/* Is this failure of a MATCH the query's fault? */
static int query_error(sqlite3 *db) {
  const char *m = sqlite3_errmsg(db);
  return strstr(m, "fts5") || strstr(m, "no such column") ||
         strstr(m, "unknown special query") || strstr(m, "unterminated");
}

static px_status step_fail(px_store *s, int rc, const char *query,
                           const char *what) {
  if (query && query_error(s->db))
    return px__store_fail(s, PX_BAD_QUERY,
                          "search query '%s' cannot be read: %s (words, "
                          "\"a phrase\", prefix*, AND, OR, NOT, (...), "
                          "title:, body:, quotes:)",
                          query, sqlite3_errmsg(s->db));
  return px__store_sqlfail(s, rc, what);
}

/* Steps st to the end, each row an object appended to arr. */
static px_status rows_into(px_store *s, sqlite3_stmt *st, json_t *arr,
                           const char *query, const char *what) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    json_array_append_new(arr, row_json(st));
  px_status r = rc == SQLITE_DONE ? PX_OK : step_fail(s, rc, query, what);
  sqlite3_reset(st);
  return r;
}

static px_status finish_json(px_store *s, json_t *j, px_status st,
                             char **json) {
  *json = NULL;
  if (st == PX_OK) {
    *json = json_dumps(j, JFLAGS);
    if (!*json) st = px__store_fail(s, PX_NOMEM, "out of memory");
  }
  json_decref(j);
  return st;
}

static size_t limit_of(const px_store_filter *f, size_t dflt) {
  return f->limit ? f->limit : dflt;
}

static px_status empty_query(px_store *s, const char *q) {
  for (const char *c = q; *c; c++)
    if (*c != ' ' && *c != '\t' && *c != '\n') return PX_OK;
  return px__store_fail(s, PX_BAD_QUERY, "the search query is empty");
}

/* Articles per day of a story, [[date, n], ...] by date: what the page of
 * parallax serve draws as a sparkline for each story of the list. */
#define DAYS_COLUMN                                                        \
  " (SELECT json_group_array(json_array(date, n)) FROM (SELECT date,"      \
  "  count(*) AS n FROM articles WHERE story = stories.id GROUP BY date"   \
  "  ORDER BY date)) AS json_days"

px_status px_store_stories(px_store *s, const px_store_filter *f,
                           char **json) {
  static const px_store_filter none;
  if (!f) f = &none;
  *json = NULL;
  s->err[0] = 0;
  px_status r = check_filter(s, f);
  if (r == PX_OK && f->query) r = empty_query(s, f->query);
  if (r != PX_OK) return r;
  int largest = f->order == PX_STORE_LARGEST;
  sqlite3_stmt *st = px__store_stmt(
      s, largest ? Q_STORIES_BIG : Q_STORIES_NEW,
      largest
          ? "SELECT id, label, size, n_outlets, outlets AS json_outlets,"
            " first_date, last_date," DAYS_COLUMN " FROM stories"
            " WHERE (?1 IS NULL OR last_date >= ?1)"
            " AND (?2 IS NULL OR first_date <= ?2)"
            " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(outlets)"
            "  WHERE value = ?3))"
            " AND (?4 IS NULL OR id IN (SELECT a.story FROM search"
            "  JOIN articles a ON a.n = search.rowid WHERE search MATCH ?4))"
            " ORDER BY size DESC, id LIMIT ?5 OFFSET ?6"
          : "SELECT id, label, size, n_outlets, outlets AS json_outlets,"
            " first_date, last_date," DAYS_COLUMN " FROM stories"
            " WHERE (?1 IS NULL OR last_date >= ?1)"
            " AND (?2 IS NULL OR first_date <= ?2)"
            " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(outlets)"
            "  WHERE value = ?3))"
            " AND (?4 IS NULL OR id IN (SELECT a.story FROM search"
            "  JOIN articles a ON a.n = search.rowid WHERE search MATCH ?4))"
            " ORDER BY last_ts DESC, size DESC, id LIMIT ?5 OFFSET ?6");
  if (!st) return PX_DB;
  px__bind_text(st, 1, f->from);
  px__bind_text(st, 2, f->to);
  px__bind_text(st, 3, f->outlet);
  px__bind_text(st, 4, f->query);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)limit_of(f, 50));
  sqlite3_bind_int64(st, 6, (sqlite3_int64)f->offset);
  json_t *arr = json_array();
  r = rows_into(s, st, arr, f->query, "listing stories");
  return finish_json(s, arr, r, json);
}

/* The statements of a story: its quotations grouped across articles by
 * px_qmatcher, as the JSON objects it writes (one a line). */
static json_t *statements(px_store *s, sqlite3_stmt *st) {
  px_qmatcher *m = px_qmatcher_new();
  json_t *out = json_array();
  if (!m) return out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0);
    const char *outlet = (const char *)sqlite3_column_text(st, 1);
    const char *text = (const char *)sqlite3_column_text(st, 3);
    const char *who = (const char *)sqlite3_column_text(st, 4);
    if (text && sqlite3_column_int(st, 2) != PX_QUOTE_INDIRECT)
      px_qmatcher_add(m, id, outlet, who, text,
                      (size_t)sqlite3_column_bytes(st, 3));
  }
  sqlite3_reset(st);
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  if (mem) {
    px_qmatcher_write(m, mem);
    fclose(mem);
    for (char *line = buf; line && *line;) {
      char *nl = strchr(line, '\n');
      size_t n = nl ? (size_t)(nl - line) : strlen(line);
      json_t *g = json_loadb(line, n, 0, NULL);
      if (g) json_array_append_new(out, g);
      line = nl ? nl + 1 : NULL;
    }
  }
  free(buf);
  px_qmatcher_free(m);
  (void)s;
  return out;
}

/* Who is quoted in a story: quotations per person, spellings united. */
static json_t *people(sqlite3_stmt *st) {
  size_t n = 0, cap = 0;
  char **names = NULL;
  size_t *counts = NULL;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *who = (const char *)sqlite3_column_text(st, 4);
    if (!who) continue;
    size_t k = 0;
    while (k < n && strcmp(names[k], who)) k++;
    if (k == n) {
      if (n == cap) {
        size_t nc = cap ? cap * 2 : 16;
        char **nn = realloc(names, nc * sizeof *nn);
        if (!nn) break;
        names = nn;
        size_t *cc = realloc(counts, nc * sizeof *cc);
        if (!cc) break;
        counts = cc;
        cap = nc;
      }
      names[n] = strdup(who);
      if (!names[n]) break;
      counts[n++] = 0;
    }
    counts[k]++;
  }
  sqlite3_reset(st);
  json_t *out = json_array();
  size_t *canon = n ? malloc(n * sizeof *canon) : NULL;
  if (canon) {
    px_names_unify((const char *const *)names, counts, n, canon);
    size_t *total = calloc(n, sizeof *total);
    for (size_t i = 0; total && i < n; i++) total[canon[i]] += counts[i];
    /* the most quoted first, ties by name */
    for (size_t done = 0; total;) {
      size_t best = n;
      for (size_t i = 0; i < n; i++)
        if (canon[i] == i && total[i] &&
            (best == n || total[i] > total[best] ||
             (total[i] == total[best] && strcmp(names[i], names[best]) < 0)))
          best = i;
      if (best == n) break;
      json_array_append_new(out, json_pack("{s:s,s:I}", "name", names[best],
                                           "quotes", (json_int_t)total[best]));
      total[best] = 0;
      done++;
    }
    free(total);
  }
  free(canon);
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  free(counts);
  return out;
}

static const char *const kind_names[] = {"direct", "partial", "indirect"};

px_status px_store_story(px_store *s, uint32_t id, char **json) {
  *json = NULL;
  s->err[0] = 0;
  sqlite3_stmt *st = px__store_stmt(
      s, Q_STORY,
      "SELECT id, label, size, n_outlets, outlets AS json_outlets,"
      " first_date, last_date FROM stories WHERE id = ?");
  if (!st) return PX_DB;
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
      return px__store_fail(s, PX_NOT_FOUND, "no story %u", (unsigned)id);
    return px__store_sqlfail(s, rc, "reading a story");
  }
  json_t *story = row_json(st);
  sqlite3_reset(st);
  st = px__store_stmt(
      s, Q_STORY_ARTS,
      "SELECT a.id, a.date, a.time, a.outlet, a.author, a.title, a.url,"
      " a.headline, a.n_quotes AS quotes, d.id AS reprint_of,"
      " a.dup_jaccard AS reprint_jaccard, a.exact_dup AS exact_reprint,"
      " a.similarity FROM articles a LEFT JOIN articles d ON d.n = a.dup_of"
      " WHERE a.story = ? ORDER BY a.date, a.time, a.outlet, a.id");
  if (!st) {
    json_decref(story);
    return PX_DB;
  }
  sqlite3_bind_int64(st, 1, id);
  json_t *arts = json_array();
  px_status r = rows_into(s, st, arts, NULL, "reading a story's articles");
  json_object_set_new(story, "articles", arts);
  st = r == PX_OK ? px__store_stmt(
      s, Q_STORY_QUOTES,
      "SELECT a.id, a.outlet, q.kind,"
      " px_text(t.text, q.start, q.end), p.name FROM articles a"
      " JOIN quotes q ON q.article = a.n JOIN texts t ON t.n = a.n"
      " LEFT JOIN people p ON p.id = q.person WHERE a.story = ?"
      " ORDER BY a.date, a.time, a.id, q.n") : NULL;
  /* statements are what was quoted word for word: reported speech is
   * counted among who is quoted but not matched */
  if (!st) {
    json_decref(story);
    return r == PX_OK ? PX_DB : r;
  }
  sqlite3_bind_int64(st, 1, id);
  json_object_set_new(story, "statements", statements(s, st));
  sqlite3_bind_int64(st, 1, id);
  json_object_set_new(story, "quoted", people(st));
  return finish_json(s, story, r, json);
}

px_status px_store_article(px_store *s, const char *id, char **json) {
  *json = NULL;
  s->err[0] = 0;
  sqlite3_stmt *st = px__store_stmt(
      s, Q_ARTICLE,
      "SELECT a.n, a.id, a.date, a.time, a.outlet, a.author, a.title, a.url,"
      " a.headline, a.story, d.id AS reprint_of, a.exact_dup AS"
      " exact_reprint, a.file, a.line, px_text(t.text) AS text FROM articles a"
      " JOIN texts t ON t.n = a.n"
      " LEFT JOIN articles d ON d.n = a.dup_of WHERE a.id = ?");
  if (!st) return PX_DB;
  px__bind_text(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
      return px__store_fail(s, PX_NOT_FOUND, "no article '%s'", id);
    return px__store_sqlfail(s, rc, "reading an article");
  }
  json_t *art = row_json(st);
  sqlite3_int64 n = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  json_object_del(art, "n");
  st = px__store_stmt(
      s, Q_ARTICLE_QUOTES,
      "SELECT q.n, q.kind, q.start, q.end, px_text(t.text, q.start, q.end)"
      " AS text, p.name AS speaker,"
      " q.how, q.confidence FROM quotes q JOIN texts t ON t.n = q.article"
      " LEFT JOIN people p ON p.id = q.person WHERE q.article = ?"
      " ORDER BY q.n");
  if (!st) {
    json_decref(art);
    return PX_DB;
  }
  sqlite3_bind_int64(st, 1, n);
  json_t *quotes = json_array();
  px_status r = rows_into(s, st, quotes, NULL, "reading quotations");
  size_t i;
  json_t *q;
  json_array_foreach(quotes, i, q) {
    json_int_t k = json_integer_value(json_object_get(q, "kind"));
    json_int_t h = json_integer_value(json_object_get(q, "how"));
    json_object_set_new(q, "kind", json_string(k >= 0 && k < 3 ? kind_names[k] : "?"));
    json_object_set_new(q, "how", json_string(px_speaker_how_name((px_speaker_how)h)));
    json_object_del(q, "n");
  }
  json_object_set_new(art, "quotations", quotes);
  return finish_json(s, art, r, json);
}

static px_status search(px_store *s, const px_store_filter *f, char **json);

/* One read transaction for the whole search: its forty-odd statements
 * then take the file's locks once, and see one state of the store. */
px_status px_store_search(px_store *s, const px_store_filter *f,
                          char **json) {
  int own = sqlite3_get_autocommit(s->db) &&
            sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  px_status st = search(s, f, json);
  if (own) sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
  return st;
}

static px_status search(px_store *s, const px_store_filter *f, char **json) {
  *json = NULL;
  s->err[0] = 0;
  if (!f || !f->query)
    return px__store_fail(s, PX_BAD_QUERY, "no search query");
  px_status r = check_filter(s, f);
  if (r == PX_OK) r = empty_query(s, f->query);
  if (r != PX_OK) return r;
  /* First the best articles by the index alone: without a filter, FTS5
   * ranks its matches with no join. A date range or a story becomes a
   * range of article numbers first (the linking order follows the date),
   * which FTS5 applies while it reads the postings; the join then only
   * checks the exact dates, outlet and story. Then the fields and a
   * snippet for each hit only. */
  int filtered = f->from || f->to || f->outlet || f->story;
  sqlite3_int64 lo = 1, hi = INT64_MAX;
  if (f->from || f->to || f->story) {
    sqlite3_stmt *rg = px__store_stmt(
        s, Q_RANGE,
        "SELECT min(n), max(n) FROM articles WHERE"
        " (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)"
        " AND (?3 IS NULL OR story = ?3)");
    if (!rg) return PX_DB;
    px__bind_text(rg, 1, f->from);
    px__bind_text(rg, 2, f->to);
    if (f->story) sqlite3_bind_int64(rg, 3, f->story);
    int rc = sqlite3_step(rg);
    if (rc == SQLITE_ROW && sqlite3_column_type(rg, 0) != SQLITE_NULL) {
      lo = sqlite3_column_int64(rg, 0);
      hi = sqlite3_column_int64(rg, 1);
    } else if (rc == SQLITE_ROW) {
      lo = 1, hi = 0; /* no article in the range */
    }
    sqlite3_reset(rg);
    if (rc != SQLITE_ROW) return px__store_sqlfail(s, rc, "searching");
  }
  sqlite3_stmt *st = px__store_stmt(
      s, filtered ? Q_SEARCH_FILTERED : Q_SEARCH,
      filtered
          ? "SELECT search.rowid AS n, round(-search.rank, 3) AS score"
            /* CROSS JOIN: the index first, never an article scan that
             * runs the MATCH once per article */
            " FROM search CROSS JOIN articles a ON a.n = search.rowid"
            " WHERE search MATCH ?1 AND search.rowid >= ?8"
            " AND search.rowid <= ?9"
            " AND (?2 IS NULL OR a.date >= ?2) AND (?3 IS NULL OR a.date <= ?3)"
            " AND (?4 IS NULL OR a.outlet = ?4) AND (?5 IS NULL OR a.story = ?5)"
            " ORDER BY search.rank LIMIT ?6 OFFSET ?7"
          /* FTS5 sorts its matches by rank first and makes snippets for
           * the rows returned only: here in the same statement */
          : "SELECT rowid AS n, round(-rank, 3) AS score,"
            " snippet(search, 1, ?2, ?3, '…', 16) AS snippet FROM search"
            " WHERE search MATCH ?1 ORDER BY rank LIMIT ?6 OFFSET ?7");
  if (!st) return PX_DB;
  px__bind_text(st, 1, f->query);
  if (!filtered) {
    px__bind_text(st, 2, f->mark_open ? f->mark_open : "[");
    px__bind_text(st, 3, f->mark_close ? f->mark_close : "]");
  }
  if (filtered) {
    px__bind_text(st, 2, f->from);
    px__bind_text(st, 3, f->to);
    px__bind_text(st, 4, f->outlet);
    if (f->story) sqlite3_bind_int64(st, 5, f->story);
    sqlite3_bind_int64(st, 8, lo);
    sqlite3_bind_int64(st, 9, hi);
  }
  sqlite3_bind_int64(st, 6, (sqlite3_int64)limit_of(f, 20));
  sqlite3_bind_int64(st, 7, (sqlite3_int64)f->offset);
  json_t *ranked = json_array();
  r = rows_into(s, st, ranked, f->query, "searching");
  json_t *arr = json_array();
  size_t k;
  json_t *top;
  json_array_foreach(ranked, k, top) {
    if (r != PX_OK) break;
    sqlite3_stmt *one = px__store_stmt(
        s, Q_HIT,
        "SELECT n, id, date, outlet, title, story FROM articles WHERE n = ?");
    if (!one) {
      r = PX_DB;
      break;
    }
    sqlite3_bind_int64(one, 1, json_integer_value(json_object_get(top, "n")));
    int rc = sqlite3_step(one);
    if (rc == SQLITE_ROW) {
      json_t *hit = row_json(one);
      json_object_set(hit, "score", json_object_get(top, "score"));
      json_t *snip = json_object_get(top, "snippet");
      if (snip)
        json_object_set_new(hit, "snippet",
                            one_line_text(json_string_value(snip),
                                          json_string_length(snip)));
      json_array_append_new(arr, hit);
    } else if (rc != SQLITE_DONE) {
      r = px__store_sqlfail(s, rc, "searching");
    }
    sqlite3_reset(one);
  }
  json_decref(ranked);
  size_t i;
  json_t *hit;
  json_array_foreach(arr, i, hit) {
    if (r != PX_OK) break;
    if (json_object_get(hit, "snippet")) { /* made with the ranking */
      json_object_del(hit, "n");
      continue;
    }
    sqlite3_stmt *sn = px__store_stmt(
        s, Q_SNIPPET,
        /* from the body, which holds the quotations too: reading the
         * title and the quotations column as well cost a third more */
        "SELECT snippet(search, 1, ?2, ?3, '…', 16) FROM search"
        " WHERE search MATCH ?1 AND rowid = ?4");
    if (!sn) {
      r = PX_DB;
      break;
    }
    px__bind_text(sn, 1, f->query);
    px__bind_text(sn, 2, f->mark_open ? f->mark_open : "[");
    px__bind_text(sn, 3, f->mark_close ? f->mark_close : "]");
    sqlite3_bind_int64(sn, 4, json_integer_value(json_object_get(hit, "n")));
    int rc = sqlite3_step(sn);
    json_object_set_new(hit, "snippet",
                        rc == SQLITE_ROW ? one_line(sn, 0) : json_string(""));
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      r = step_fail(s, rc, f->query, "making a snippet");
    sqlite3_reset(sn);
    json_object_del(hit, "n");
  }
  return finish_json(s, arr, r, json);
}

/* The story-level name of each speaker of story id, as parallax quotes
 * gives it (px_pipeline_quote_speaker): the names of the people quoted in
 * the story united (px_names_unify). Adds {stored name: story name} to
 * map; 0, or -1 when the query fails. */
static int story_names(px_store *s, int64_t id, json_t *map) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT p.name, count(*) FROM quotes q JOIN people p"
                         " ON p.id = q.person JOIN articles a ON a.n = q.article"
                         " WHERE a.story = ? GROUP BY p.name ORDER BY p.name",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, id);
  size_t n = 0, cap = 0;
  char **names = NULL;
  size_t *counts = NULL;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **g = realloc(names, cap * sizeof *g);
      size_t *h = g ? realloc(counts, cap * sizeof *h) : NULL;
      if (g) names = g;
      if (!h) break;
      counts = h;
    }
    names[n] = strdup((const char *)sqlite3_column_text(st, 0));
    counts[n] = (size_t)sqlite3_column_int64(st, 1);
    if (names[n]) n++;
  }
  sqlite3_finalize(st);
  size_t *canon = n ? malloc(n * sizeof *canon) : NULL;
  if (canon) px_names_unify((const char *const *)names, counts, n, canon);
  for (size_t i = 0; canon && i < n; i++)
    json_object_set_new(map, names[i], json_string(names[canon[i]]));
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  free(counts);
  free(canon);
  return rc == SQLITE_DONE && (canon || !n) ? 0 : -1;
}

px_status px_store_quotes(px_store *s, const px_store_filter *f,
                          char **json) {
  *json = NULL;
  s->err[0] = 0;
  if (!f || !f->speaker || !*f->speaker)
    return px__store_fail(s, PX_USAGE, "no speaker given");
  px_status r = check_filter(s, f);
  if (r != PX_OK) return r;
  char folded[512];
  size_t n = px_fold(f->speaker, strlen(f->speaker), folded, NULL,
                     sizeof folded - 1);
  if (n > sizeof folded - 1) n = sizeof folded - 1;
  folded[n] = 0;
  /* the person by any spelling stored, or by surname alone */
  sqlite3_stmt *st = px__store_stmt(
      s, Q_QUOTES,
      "SELECT a.id AS article, a.date, a.outlet, a.title, a.story,"
      " p.name AS speaker, q.kind,"
      " px_text(t.text, q.start, q.end) AS text, q.confidence"
      " FROM people p JOIN quotes q ON q.person = p.id"
      " JOIN articles a ON a.n = q.article JOIN texts t ON t.n = q.article"
      " WHERE (p.folded = ?1 OR (length(p.folded) > length(?1) AND"
      "  substr(p.folded, length(p.folded) - length(?1)) = ' ' || ?1))"
      " AND (?2 IS NULL OR a.date >= ?2) AND (?3 IS NULL OR a.date <= ?3)"
      " AND (?4 IS NULL OR a.outlet = ?4) AND (?5 IS NULL OR a.story = ?5)"
      " ORDER BY a.date, a.time, a.id, q.n LIMIT ?6 OFFSET ?7");
  if (!st) return PX_DB;
  px__bind_text(st, 1, folded);
  px__bind_text(st, 2, f->from);
  px__bind_text(st, 3, f->to);
  px__bind_text(st, 4, f->outlet);
  if (f->story) sqlite3_bind_int64(st, 5, f->story);
  sqlite3_bind_int64(st, 6, (sqlite3_int64)limit_of(f, 1000));
  sqlite3_bind_int64(st, 7, (sqlite3_int64)f->offset);
  json_t *arr = json_array();
  r = rows_into(s, st, arr, NULL, "reading quotations");
  size_t i;
  json_t *q, *by_story = json_object(); /* story id -> its names' map */
  json_array_foreach(arr, i, q) {
    json_int_t k = json_integer_value(json_object_get(q, "kind"));
    json_object_set_new(q, "kind", json_string(k >= 0 && k < 3 ? kind_names[k] : "?"));
    /* the speaker as the story names them; the stored name as mention */
    const char *who = json_string_value(json_object_get(q, "speaker"));
    json_t *sid = json_object_get(q, "story");
    if (r != PX_OK || !who || !json_is_integer(sid)) continue;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)json_integer_value(sid));
    json_t *map = json_object_get(by_story, key);
    if (!map) {
      map = json_object();
      json_object_set_new(by_story, key, map);
      if (story_names(s, json_integer_value(sid), map))
        r = px__store_fail(s, PX_DB, "reading a story's speakers");
    }
    json_t *name = json_object_get(map, who);
    json_object_set_new(q, "speaker_mention", json_string(who));
    if (name) json_object_set(q, "speaker", name);
  }
  json_decref(by_story);
  return finish_json(s, arr, r, json);
}

px_status px_store_export(px_store *s, int what,
                          int (*row)(const char *json, size_t len, void *user),
                          void *user) {
  s->err[0] = 0;
  const char *sql =
      what == PX_EXPORT_STORIES
          ? "SELECT id, label, size, n_outlets, outlets AS json_outlets,"
            " first_date, last_date FROM stories ORDER BY id"
      : what == PX_EXPORT_QUOTES
          ? "SELECT a.id AS article, a.date, a.outlet, a.story, q.kind,"
            " p.name AS speaker, px_text(t.text, q.start, q.end) AS text,"
            " q.start,"
            " q.end, q.confidence FROM quotes q JOIN articles a ON"
            " a.n = q.article JOIN texts t ON t.n = q.article"
            " LEFT JOIN people p ON p.id = q.person"
            " ORDER BY a.date, a.time, a.id, q.n"
          : "SELECT id, date, outlet, title, url, story FROM articles"
            " ORDER BY date, time, id";
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return px__store_sqlfail(s, rc, "exporting");
  px_status r = PX_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    json_t *o = row_json(st);
    if (what == PX_EXPORT_QUOTES) {
      json_int_t k = json_integer_value(json_object_get(o, "kind"));
      json_object_set_new(o, "kind", json_string(k >= 0 && k < 3 ? kind_names[k] : "?"));
    }
    char *js = json_dumps(o, JFLAGS);
    json_decref(o);
    if (!js) {
      r = px__store_fail(s, PX_NOMEM, "out of memory");
      break;
    }
    int stop = row(js, strlen(js), user);
    free(js);
    if (stop) {
      r = PX_USAGE;
      break;
    }
  }
  if (r == PX_OK && rc != SQLITE_DONE) r = px__store_sqlfail(s, rc, "exporting");
  sqlite3_finalize(st);
  return r;
}

px_status px_store_check(px_store *s, char **report) {
  s->err[0] = 0;
  *report = NULL;
  static const char *const checks[] = {
      "PRAGMA integrity_check",
      "SELECT 'article ' || id || ' is in story ' || story || ', which does"
      " not exist' FROM articles WHERE story IS NOT NULL AND story NOT IN"
      " (SELECT id FROM stories) LIMIT 20",
      /* stories are written whole at the end of an ingest, with the
       * story of every article: between two ingests they agree */
      "SELECT 'story ' || s.id || ' holds ' || count(a.n) || ' articles,"
      " its row says ' || s.size FROM stories s LEFT JOIN articles a ON"
      " a.story = s.id GROUP BY s.id HAVING count(a.n) != s.size LIMIT 20",
      /* the articles of a finished ingest's state have their story; an
       * ingest killed before its end leaves its own without one (the next
       * one writes them) */
      "SELECT 'article ' || id || ' has no story' FROM articles WHERE story"
      " IS NULL AND n <= (SELECT articles FROM linker WHERE finished = 1)"
      " LIMIT 20",
      "SELECT 'quotation ' || n || ' of article ' || article || ' has no"
      " article' FROM quotes WHERE article NOT IN (SELECT n FROM articles)"
      " LIMIT 20",
      "SELECT 'the search index holds ' || (SELECT count(*) FROM"
      " search_docsize) || ' articles, the store ' || (SELECT count(*) FROM"
      " articles) WHERE (SELECT count(*) FROM search_docsize) !="
      " (SELECT count(*) FROM articles)",
      /* the state holds the first articles, all of them after a finished
       * ingest (an interrupted one left some to link again) */
      "SELECT 'the linker state holds ' || articles || ' articles, the"
      " store ' || (SELECT count(*) FROM articles) FROM linker WHERE"
      " articles > (SELECT count(*) FROM articles)",
  };
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (!out) return px__store_fail(s, PX_NOMEM, "out of memory");
  int bad = 0;
  px_status r = PX_OK;
  for (size_t i = 0; i < sizeof checks / sizeof *checks && r == PX_OK; i++) {
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, checks[i], -1, &st, NULL);
    if (rc != SQLITE_OK) {
      r = px__store_sqlfail(s, rc, "checking");
      break;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char *line = (const char *)sqlite3_column_text(st, 0);
      if (i == 0 && line && !strcmp(line, "ok")) continue;
      fprintf(out, "%s\n", line ? line : "?");
      bad = 1;
    }
    if (rc != SQLITE_DONE) {
      fprintf(out, "%s\n", sqlite3_errmsg(s->db));
      bad = 1;
    }
    sqlite3_finalize(st);
  }
  if (!bad) fprintf(out, "ok\n");
  fclose(out);
  *report = buf;
  if (r != PX_OK) return r;
  if (bad) return px__store_fail(s, PX_DB, "the database is damaged");
  return PX_OK;
}
