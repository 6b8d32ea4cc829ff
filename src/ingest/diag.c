/* diag.c — status names and messages from PX_STATUS_TABLE, the default
 * diagnostic printer, and the reader's report/count helpers. Every
 * diagnostic names the file and the byte offset where the problem was. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "ingest/ingest_internal.h"

static const char *const status_msg[] = {
#define PX__MSG(name, msg) msg,
    PX_STATUS_TABLE(PX__MSG)
#undef PX__MSG
};

/* Names are kept lower case ("no_date") because they end up as keys in
 * summaries; the table spells them upper case, so lower them once. */
static const char *const status_upper[] = {
#define PX__NAME(name, msg) #name,
    PX_STATUS_TABLE(PX__NAME)
#undef PX__NAME
};

const char *px_strerror(px_status st) {
  if ((unsigned)st >= PX_STATUS_COUNT) return "unknown status";
  return status_msg[st];
}

static char status_lower[PX_STATUS_COUNT][16];
static pthread_once_t status_lower_once = PTHREAD_ONCE_INIT;

static void status_lower_init(void) {
  for (int i = 0; i < PX_STATUS_COUNT; i++) {
    size_t j = 0;
    for (; status_upper[i][j] && j < sizeof status_lower[i] - 1; j++)
      status_lower[i][j] = (char)tolower((unsigned char)status_upper[i][j]);
    status_lower[i][j] = '\0';
  }
}

const char *px_status_name(px_status st) {
  if ((unsigned)st >= PX_STATUS_COUNT) return "unknown";
  pthread_once(&status_lower_once, status_lower_init);
  return status_lower[st];
}

void px_diag_print(const px_diag *d, FILE *out) {
  const char *file = d->file ? d->file : "-";
  const char *sev = d->severity == PX_ERROR ? "error" : "warning";
  const char *msg = d->message ? d->message : px_strerror(d->status);
  if (d->line)
    fprintf(out, "%s:%llu: byte %llu: %s: %s\n", file,
            (unsigned long long)d->line, (unsigned long long)d->byte, sev,
            msg);
  else
    fprintf(out, "%s: byte %llu: %s: %s\n", file,
            (unsigned long long)d->byte, sev, msg);
}

void px__vdiag(px_reader *r, px_severity sev, px_status st, uint64_t line,
               uint64_t byte, const char *fmt, va_list ap) {
  vsnprintf(r->msg, sizeof r->msg, fmt, ap);
  px_diag d = {sev, st, r->file ? r->file : "-", line, byte, r->msg};
  if (r->opts.on_diag) r->opts.on_diag(&d, r->opts.user);
  else px_diag_print(&d, stderr);
}

void px__diag(px_reader *r, px_severity sev, px_status st, uint64_t line,
              uint64_t byte, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  px__vdiag(r, sev, st, line, byte, fmt, ap);
  va_end(ap);
}

void px__count_skip(px_reader *r, px_status st) {
  r->stats.read++;
  r->stats.skipped++;
  r->stats.by_status[st]++;
}

int px__skip(px_reader *r, px_status st, uint64_t line, uint64_t byte,
             const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  px__vdiag(r, PX_ERROR, st, line, byte, fmt, ap);
  va_end(ap);
  px__count_skip(r, st);
  return PX__SKIPPED;
}
