/* store_internal.h — what the files of src/store/ share: the connection,
 * its prepared statements, the error message and the schema steps. Only
 * src/store/ includes sqlite3.h. */
#ifndef PX_STORE_INTERNAL_H
#define PX_STORE_INTERNAL_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

/* 'P' 'R' 'L' 'X' in the database header (PRAGMA application_id): how a
 * parallax store is told from any other SQLite file without a query. */
#define PX__STORE_APP_ID 0x50524c58

struct px_store {
  sqlite3 *db;
  char *path;          /* owned copy */
  int mode;            /* PX_STORE_READ or PX_STORE_WRITE */
  char err[512];
  sqlite3_stmt *cache[48]; /* prepared once, reused: px__store_stmt */
};

/* Sets s->err to "PATH: " and the formatted message; returns st. */
px_status px__store_fail(px_store *s, px_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Maps an SQLite result code to a status and sets the message ("PATH:
 * what: SQLite's message"). */
px_status px__store_sqlfail(px_store *s, int rc, const char *what);
/* The status of an SQLite result code (PX_FULL, PX_READ_ONLY, ...); PX_DB
 * for a code with no better one, PX_OK for SQLITE_OK, _ROW and _DONE. */
px_status px__store_status(int rc);
/* Statement number slot of the cache, prepared from sql on first use and
 * reset for the next use. NULL after px__store_sqlfail. */
sqlite3_stmt *px__store_stmt(px_store *s, int slot, const char *sql);
/* Runs sql (no parameters, no rows wanted). */
int px__store_exec(px_store *s, const char *sql);

/* Brings a database at schema version from up to version to, one step at
 * a time, inside the caller's transaction. 0 creates it. */
int px__store_migrate(px_store *s, int from, int to);
/* Creates a fresh store at path with the given schema version (a test of
 * the migrations creates old ones). */
px_status px__store_create(const char *path, int version, char *err,
                           size_t errlen);

/* Registers px_text() and the FTS5 tokenizer px on db (store_sql.c). */
int px__store_functions(sqlite3 *db);

/* Binds a string or NULL. */
int px__bind_text(sqlite3_stmt *st, int i, const char *v);
#endif
