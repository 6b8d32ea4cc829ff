/* store.c — opening a parallax store: telling it from any other file
 * without changing a byte, creating it, migrating an older schema,
 * refusing a newer one; errors that name the file; prepared statements.
 *
 * A file is a parallax store when it is an SQLite database whose header
 * carries the store's application id. The header is read with plain
 * stdio before SQLite opens anything in write mode, so a file that is not
 * a store (empty, random bytes, another program's database) is refused
 * before it could be touched. A new store is built under a temporary name
 * and renamed into place: a crash while creating leaves no half store. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store_internal.h"

px_status px__store_fail(px_store *s, px_status st, const char *fmt, ...) {
  int n = snprintf(s->err, sizeof s->err, "%s: ", s->path);
  if (n < 0 || (size_t)n >= sizeof s->err) return st;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->err + n, sizeof s->err - (size_t)n, fmt, ap);
  va_end(ap);
  return st;
}

px_status px__store_status(int rc) {
  switch (rc & 0xff) {
  case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW: return PX_OK;
  case SQLITE_NOMEM: return PX_NOMEM;
  case SQLITE_FULL: return PX_FULL;
  case SQLITE_READONLY: case SQLITE_PERM: case SQLITE_CANTOPEN:
    return PX_READ_ONLY;
  case SQLITE_NOTADB: return PX_NOT_DB;
  case SQLITE_IOERR: return PX_IO;
  default: return PX_DB;
  }
}

px_status px__store_sqlfail(px_store *s, int rc, const char *what) {
  px_status st = px__store_status(rc);
  if (st == PX_FULL)
    return px__store_fail(s, st, "%s: disk full (%s); the store keeps its "
                                 "last complete commit", what,
                          s->db ? sqlite3_errmsg(s->db) : "");
  return px__store_fail(s, st == PX_OK ? PX_DB : st, "%s: %s", what,
                        s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
}

sqlite3_stmt *px__store_stmt(px_store *s, int slot, const char *sql) {
  sqlite3_stmt **st = &s->cache[slot];
  if (*st) {
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
    return *st;
  }
  int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                              NULL);
  if (rc != SQLITE_OK) {
    px__store_sqlfail(s, rc, "preparing a statement");
    *st = NULL;
  }
  return *st;
}

int px__store_exec(px_store *s, const char *sql) {
  char *msg = NULL;
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    px_status st = px__store_status(rc);
    if (st == PX_FULL)
      px__store_fail(s, st, "disk full (%s); the store keeps its last "
                            "complete commit", msg ? msg : "");
    else
      px__store_fail(s, st == PX_OK ? PX_DB : st, "%s",
                     msg ? msg : sqlite3_errstr(rc));
  }
  sqlite3_free(msg);
  return rc;
}

int px__bind_text(sqlite3_stmt *st, int i, const char *v) {
  return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT)
           : sqlite3_bind_null(st, i);
}

const char *px_store_errmsg(const px_store *s) { return s ? s->err : ""; }

/* ---- the schema, one step per version ---- */

static const char *const steps[PX_STORE_SCHEMA + 1] = {
    NULL,
    /* 0 -> 1: the first store */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "INSERT INTO meta VALUES('format', 'parallax store');"
    "CREATE TABLE articles("
    " n INTEGER PRIMARY KEY," /* linker index + 1: the order linked */
    " id TEXT NOT NULL UNIQUE, date TEXT NOT NULL, time TEXT,"
    " ts INTEGER NOT NULL, outlet TEXT, author TEXT, title TEXT, url TEXT,"
    " headline TEXT NOT NULL, text_hash INTEGER NOT NULL, content_hash INTEGER NOT NULL,"
    " n_words INTEGER NOT NULL, n_quotes INTEGER NOT NULL,"
    " story INTEGER, dup_of INTEGER, dup_jaccard REAL,"
    " exact_dup INTEGER NOT NULL DEFAULT 0, similarity REAL);"
    "CREATE INDEX articles_story ON articles(story);"
    "CREATE INDEX articles_date ON articles(date);"
    /* the texts apart, zstd-compressed (px_text() reads them): rewriting
     * the story of an article touches a short row */
    "CREATE TABLE texts(n INTEGER PRIMARY KEY, text BLOB NOT NULL);"
    "CREATE TABLE stories(id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
    " size INTEGER NOT NULL, n_outlets INTEGER NOT NULL,"
    " outlets TEXT NOT NULL, first_date TEXT NOT NULL,"
    " last_date TEXT NOT NULL, first_ts INTEGER NOT NULL,"
    " last_ts INTEGER NOT NULL);"
    "CREATE INDEX stories_last ON stories(last_ts);"
    "CREATE INDEX stories_size ON stories(size);"
    "CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " folded TEXT NOT NULL);"
    "CREATE INDEX people_folded ON people(folded);"
    "CREATE TABLE quotes(article INTEGER NOT NULL, n INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL,"
    " person INTEGER, how INTEGER NOT NULL, confidence REAL NOT NULL,"
    " PRIMARY KEY(article, n)) WITHOUT ROWID;"
    "CREATE INDEX quotes_person ON quotes(person);"
    "CREATE TABLE linker(k INTEGER PRIMARY KEY CHECK (k = 1),"
    " state BLOB NOT NULL, articles INTEGER NOT NULL,"
    " finished INTEGER NOT NULL);"
    /* the search index holds no text: it reads titles, bodies and the
     * quotations (cut from the text by their byte spans) through a view */
    "CREATE VIEW search_src AS SELECT a.n AS n, a.title AS title,"
    " px_text(t.text) AS body,"
    " (SELECT group_concat(px_text(t.text, q.start, q.end), char(10))"
    "  FROM quotes q WHERE q.article = a.n) AS quotes"
    " FROM articles a JOIN texts t ON t.n = a.n;"
    /* px: unicode61 without stopwords (store_sql.c) */
    "CREATE VIRTUAL TABLE search USING fts5(title, body, quotes,"
    " content='search_src', content_rowid='n', tokenize='px');"

    /* segments are merged sixteen at a time, not four: an ingest rewrites
     * its postings fewer times, a query looks in a few more segments */
    "INSERT INTO search(search, rank) VALUES('automerge', 16);"
    /* a word in a title counts four body words, in a quotation two */
    "INSERT INTO search(search, rank) VALUES('rank', 'bm25(4.0, 1.0, 2.0)');",
    /* 1 -> 2: where each article was read from */
    "ALTER TABLE articles ADD COLUMN file TEXT;"
    "ALTER TABLE articles ADD COLUMN line INTEGER;",
    /* 2 -> 3: a story's articles by date and time from the index alone:
     * the articles per day of each listed story, and a story's page, are
     * read in order without a sort */
    "DROP INDEX articles_story;"
    "CREATE INDEX articles_story ON articles(story, date, time);",
};

int px__store_migrate(px_store *s, int from, int to) {
  for (int v = from + 1; v <= to; v++) {
    int rc = px__store_exec(s, steps[v]);
    if (rc != SQLITE_OK) return rc;
  }
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", to);
  return px__store_exec(s, sql);
}

/* ---- opening ---- */

static void set_err(char *err, size_t errlen, const char *msg) {
  if (err && errlen) snprintf(err, errlen, "%s", msg);
}

static px_store *store_new(const char *path, int mode) {
  px_store *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->path = strdup(path);
  s->mode = mode;
  if (!s->path) {
    free(s);
    return NULL;
  }
  return s;
}

void px_store_close(px_store *s) {
  if (!s) return;
  for (size_t i = 0; i < sizeof s->cache / sizeof *s->cache; i++)
    sqlite3_finalize(s->cache[i]);
  if (s->db) sqlite3_close_v2(s->db);
  free(s->path);
  free(s);
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

/* Reads the header of an existing file and says whether it is a store,
 * touching nothing. *version: the schema in the header (a later one may
 * sit in the write-ahead log; the query after opening decides). */
static px_status sniff(px_store *s) {
  struct stat sb;
  if (stat(s->path, &sb))
    return px__store_fail(s, errno == ENOENT ? PX_NOT_FOUND : PX_IO, "%s",
                          strerror(errno));
  if (S_ISDIR(sb.st_mode))
    return px__store_fail(s, PX_NOT_DB, "a directory, not a parallax database");
  if (!S_ISREG(sb.st_mode))
    return px__store_fail(s, PX_NOT_DB, "not a regular file, not a parallax "
                                        "database");
  if (sb.st_size == 0)
    return px__store_fail(s, PX_NOT_DB, "an empty file, not a parallax "
                                        "database (left as it is)");
  FILE *f = fopen(s->path, "rb");
  if (!f) return px__store_fail(s, PX_IO, "%s", strerror(errno));
  unsigned char h[100];
  size_t got = fread(h, 1, sizeof h, f);
  int rerr = ferror(f);
  fclose(f);
  if (rerr) return px__store_fail(s, PX_IO, "reading: %s", strerror(errno));
  if (got < sizeof h || memcmp(h, "SQLite format 3", 16))
    return px__store_fail(s, PX_NOT_DB, "not an SQLite database, so not a "
                                        "parallax database (left as it is)");
  uint32_t app = be32(h + 68);
  if (app != PX__STORE_APP_ID)
    return px__store_fail(s, PX_NOT_DB,
                          "an SQLite database of another program (application "
                          "id 0x%08x), not a parallax database (left as it is)",
                          (unsigned)app);
  return PX_OK;
}

static int open_db(px_store *s, int flags) {
  int rc = sqlite3_open_v2(s->path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = px__store_functions(s->db);
  if (rc != SQLITE_OK) return rc;
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, 10000);
  return SQLITE_OK;
}

static int query_int(px_store *s, const char *sql, int *out) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* Settings of every connection that writes. WAL: readers go on during an
 * ingest, and a commit is one append. synchronous=NORMAL in WAL mode
 * loses no commit to a process crash (only, perhaps, the last ones to a
 * power cut) and keeps the database consistent either way. */
static int writer_settings(px_store *s) {
  return px__store_exec(s, "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = NORMAL;"
                           "PRAGMA cache_size = -65536;"
                           "PRAGMA temp_store = MEMORY;");
}

px_status px__store_create(const char *path, int version, char *err,
                           size_t errlen) {
  px_store *s = store_new(path, PX_STORE_WRITE);
  size_t n = strlen(path) + 32;
  char *tmp = malloc(n);
  if (!s || !tmp) {
    px_store_close(s);
    free(tmp);
    set_err(err, errlen, "out of memory");
    return PX_NOMEM;
  }
  snprintf(tmp, n, "%s.new-%ld", path, (long)getpid());
  free(s->path);
  s->path = tmp;
  unlink(tmp);
  px_status st = PX_OK;
  int rc = open_db(s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  char sql[96];
  snprintf(sql, sizeof sql,
           "PRAGMA page_size = 8192; PRAGMA application_id = %d;",
           PX__STORE_APP_ID);
  /* the header's application id and the schema are written in rollback
   * mode, to the file itself, before it is renamed into place */
  if (rc == SQLITE_OK) rc = px__store_exec(s, sql);
  if (rc == SQLITE_OK) rc = px__store_exec(s, "BEGIN;");
  if (rc == SQLITE_OK) rc = px__store_migrate(s, 0, version);
  if (rc == SQLITE_OK) rc = px__store_exec(s, "COMMIT;");
  if (rc == SQLITE_OK) rc = px__store_exec(s, "PRAGMA journal_mode = WAL;");
  if (rc != SQLITE_OK) {
    if (!*s->err) px__store_sqlfail(s, rc, "creating");
    st = px__store_status(rc);
    if (st == PX_OK) st = PX_DB;
  }
  if (s->db) sqlite3_close_v2(s->db);
  s->db = NULL;
  if (st == PX_OK && rename(tmp, path)) {
    px__store_fail(s, PX_IO, "renaming to %s: %s", path, strerror(errno));
    st = PX_IO;
  }
  if (st != PX_OK) {
    unlink(tmp);
    char side[4096];
    snprintf(side, sizeof side, "%s-wal", tmp);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", tmp);
    unlink(side);
    set_err(err, errlen, s->err);
  }
  px_store_close(s);
  return st;
}

px_status px_store_open(const char *path, int mode, px_store **out,
                        char *err, size_t errlen) {
  *out = NULL;
  set_err(err, errlen, "");
  px_store *s = store_new(path, mode);
  if (!s) {
    set_err(err, errlen, "out of memory");
    return PX_NOMEM;
  }
  px_status st = sniff(s);
  if (st == PX_NOT_FOUND && mode == PX_STORE_WRITE) {
    st = px__store_create(path, PX_STORE_SCHEMA, s->err, sizeof s->err);
    if (st == PX_OK) st = sniff(s);
  } else if (st == PX_NOT_FOUND) {
    px__store_fail(s, st, "no such database (parallax ingest --db %s "
                          "creates it)", path);
  }
  if (st == PX_OK && mode == PX_STORE_WRITE && access(path, W_OK))
    st = px__store_fail(s, PX_READ_ONLY, "cannot be written: %s (left as "
                                         "it is)", strerror(errno));
  int rc = SQLITE_OK;
  if (st == PX_OK) {
    rc = open_db(s, mode == PX_STORE_WRITE ? SQLITE_OPEN_READWRITE
                                           : SQLITE_OPEN_READONLY);
    int version = 0;
    if (rc == SQLITE_OK) rc = query_int(s, "PRAGMA user_version;", &version);
    if (rc != SQLITE_OK) {
      st = px__store_sqlfail(s, rc, "opening");
    } else if (version > PX_STORE_SCHEMA) {
      st = px__store_fail(s, PX_DB_NEWER,
                          "written by a newer parallax (schema %d; this one "
                          "reads up to %d): refused, left as it is",
                          version, PX_STORE_SCHEMA);
    } else if (version < 1) {
      st = px__store_fail(s, PX_NOT_DB, "has the parallax mark but no "
                                        "schema: not a parallax database");
    } else if (version < PX_STORE_SCHEMA && mode != PX_STORE_WRITE) {
      /* reading an older store: migrate it when it can be written */
      if (access(path, W_OK)) {
        st = px__store_fail(s, PX_READ_ONLY,
                            "schema %d is older than %d and the file cannot "
                            "be written to bring it up to date",
                            version, PX_STORE_SCHEMA);
      } else {
        sqlite3_close_v2(s->db);
        s->db = NULL;
        rc = open_db(s, SQLITE_OPEN_READWRITE);
        if (rc != SQLITE_OK) st = px__store_sqlfail(s, rc, "opening");
      }
    }
    if (st == PX_OK && (mode == PX_STORE_WRITE || version < PX_STORE_SCHEMA)) {
      rc = writer_settings(s);
      if (rc == SQLITE_OK) rc = px__store_exec(s, "BEGIN IMMEDIATE;");
      /* read again inside the transaction: another process may have
       * migrated it meanwhile */
      if (rc == SQLITE_OK) rc = query_int(s, "PRAGMA user_version;", &version);
      if (rc == SQLITE_OK && version < PX_STORE_SCHEMA)
        rc = px__store_migrate(s, version, PX_STORE_SCHEMA);
      if (rc == SQLITE_OK) rc = px__store_exec(s, "COMMIT;");
      if (rc != SQLITE_OK) {
        if (!*s->err || !strstr(s->err, ": ")) px__store_sqlfail(s, rc, "migrating");
        st = px__store_status(rc);
        if (st == PX_OK) st = PX_DB;
        sqlite3_exec(s->db, "ROLLBACK;", NULL, NULL, NULL);
      }
    }
    if (st == PX_OK) {
      /* the tables are there, as this parallax made them */
      int n = 0;
      rc = query_int(s, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                        "('meta','articles','texts','stories','quotes',"
                        "'people','linker','search');", &n);
      if (rc != SQLITE_OK) st = px__store_sqlfail(s, rc, "reading the schema");
      else if (n != 8)
        st = px__store_fail(s, PX_NOT_DB, "tables of a parallax store are "
                                          "missing: not a parallax database");
    }
  }
  if (st != PX_OK) {
    set_err(err, errlen, s->err);
    px_store_close(s);
    return st;
  }
  /* readers map the file: a page read is then no system call and no copy */
  if (mode == PX_STORE_READ)
    sqlite3_exec(s->db, "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;",
                 NULL, NULL, NULL);
  *out = s;
  return PX_OK;
}
