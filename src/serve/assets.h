/* assets.h — the page's files, built into the binary from web/ by
 * scripts/embed_assets.py (build/gen/web_assets.c), so that `parallax
 * serve` reads nothing from disk but its database. */
#ifndef PX_SERVE_ASSETS_H
#define PX_SERVE_ASSETS_H
#include <stddef.h>

typedef struct serve_asset {
  const char *path;          /* "/static/app.js" */
  const char *type;          /* Content-Type */
  const unsigned char *data; /* static, never freed */
  size_t len;
  const char *etag;          /* quoted, from a hash of data */
} serve_asset;

extern const serve_asset serve_assets[];
extern const size_t serve_n_assets;

/* The asset served at path (exact match), or NULL. */
const serve_asset *serve_asset_find(const char *path);
#endif
