/* assets.c — finds a built-in file of the page by its URL path. The table
 * is generated (assets.h); a lookup compares the path with each entry, so a
 * request can only ever reach the files listed there, never the disk. */
#include <string.h>
#include "serve/assets.h"

const serve_asset *serve_asset_find(const char *path) {
  for (size_t i = 0; i < serve_n_assets; i++)
    if (!strcmp(serve_assets[i].path, path)) return &serve_assets[i];
  return NULL;
}
