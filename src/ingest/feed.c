/* feed.c — RSS and Atom feeds (stub, replaced below). */
#include "ingest/web_internal.h"
int px__feed_next(px_reader *r, px_article *out) {
  (void)out;
  px__diag(r, PX_WARNING, PX_USAGE, 0, 0, "feeds are not read yet; skipped");
  return PX__END;
}
