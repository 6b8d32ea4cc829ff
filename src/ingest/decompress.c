/* decompress.c — the byte source every format reads from: a file, stdin or
 * memory, plain, gzip (several members in a row, as `cat a.gz b.gz` makes)
 * or zstd, decoded in fixed 64 KiB windows so no input is held whole.
 * The codec is chosen from the magic bytes, not the name, so stdin and
 * misnamed files work too. A stream that ends inside a gzip member or a zstd
 * frame sets PX_TRUNCATED; the bytes decoded before that stay readable, so
 * the formats can still hand over the records that were complete. Text
 * that starts with a UTF-16 byte-order mark is converted to UTF-8 here, by
 * hand, window by window (a unit or a surrogate pair may straddle two),
 * so every format reads UTF-8; a UTF-8 byte-order mark is skipped. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ingest/ingest_internal.h"

#define PX__CHUNK ((size_t)64 << 10)

/* Reads more compressed (or plain) bytes into s->in, keeping unread ones.
 * Returns the number of new bytes; 0 at the end or on error. */
static size_t read_raw(px__src *s) {
  if (s->raw_eof) return 0;
  if (s->in_pos > 0) { /* slide unread bytes to the front */
    memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
    s->raw_off += s->in_pos;
    s->in_len -= s->in_pos;
    s->in_pos = 0;
  }
  size_t room = PX__CHUNK - s->in_len;
  if (room == 0) return 0;
  if (s->mem) {
    size_t n = s->mem_len - s->mem_pos < room ? s->mem_len - s->mem_pos : room;
    memcpy(s->in + s->in_len, s->mem + s->mem_pos, n);
    s->mem_pos += n;
    s->in_len += n;
    if (n == 0) s->raw_eof = 1;
    return n;
  }
  for (;;) {
    ssize_t n = read(s->fd, s->in + s->in_len, room);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      s->err = PX_IO;
      snprintf(s->err_msg, sizeof s->err_msg, "read failed: %s",
               strerror(errno));
      s->raw_eof = 1;
      return 0;
    }
    if (n == 0) s->raw_eof = 1;
    s->in_len += (size_t)n;
    return (size_t)n;
  }
}

static void set_window(px__src *s, const uint8_t *p, size_t n) {
  s->win_off += s->win_len;
  s->win = p;
  s->win_len = n;
  s->win_pos = 0;
}

static int fail(px__src *s, px_status st, const char *what) {
  s->err = st;
  snprintf(s->err_msg, sizeof s->err_msg, "%s at compressed byte %llu", what,
           (unsigned long long)(s->raw_off + s->in_pos));
  s->eof = 1;
  return 0;
}

static int more_raw(px__src *s) {
  if (s->in_pos == s->in_len) {
    s->in_pos = s->in_len = 0;
    if (read_raw(s) == 0) { s->eof = 1; return 0; }
  }
  /* For plain input the window is the read buffer itself: no copy. */
  set_window(s, s->in + s->in_pos, s->in_len - s->in_pos);
  s->in_pos = s->in_len;
  return 1;
}

/* After a gzip member ends: another member may follow (gzip concatenates
 * them); anything else after it is ignored, as gzip(1) does, with a note. */
static int gzip_next_member(px__src *s) {
  while (s->in_len - s->in_pos < 2 && read_raw(s) > 0) {}
  size_t left = s->in_len - s->in_pos;
  if (left == 0) return 0;
  if (left < 2 || s->in[s->in_pos] != 0x1f || s->in[s->in_pos + 1] != 0x8b) {
    s->trailing_garbage = 1;
    return 0;
  }
  inflateReset(&s->z);
  return 1;
}

static int more_gzip(px__src *s) {
  for (;;) {
    if (!s->member_open && !s->out_full) {
      if (!gzip_next_member(s)) { s->eof = 1; return 0; }
      s->member_open = 1;
    }
    if (s->in_pos == s->in_len && !s->out_full && read_raw(s) == 0) {
      if (s->err) { s->eof = 1; return 0; }
      return fail(s, PX_TRUNCATED, "gzip stream ends inside a member");
    }
    s->z.next_in = s->in + s->in_pos;
    s->z.avail_in = (uInt)(s->in_len - s->in_pos);
    s->z.next_out = s->out;
    s->z.avail_out = (uInt)PX__CHUNK;
    int rc = inflate(&s->z, Z_NO_FLUSH);
    s->in_pos = s->in_len - s->z.avail_in;
    size_t got = PX__CHUNK - s->z.avail_out;
    s->out_full = s->z.avail_out == 0;
    if (rc == Z_STREAM_END) s->member_open = s->out_full = 0;
    else if (rc != Z_OK && rc != Z_BUF_ERROR)
      return fail(s, PX_IO, "corrupt gzip data");
    if (got > 0) { set_window(s, s->out, got); return 1; }
  }
}

static int more_zstd(px__src *s) {
  for (;;) {
    if (s->in_pos == s->in_len && !s->out_full && read_raw(s) == 0) {
      if (s->err) { s->eof = 1; return 0; }
      if (s->member_open)
        return fail(s, PX_TRUNCATED, "zstd stream ends inside a frame");
      s->eof = 1;
      return 0;
    }
    ZSTD_inBuffer in = {s->in, s->in_len, s->in_pos};
    ZSTD_outBuffer out = {s->out, PX__CHUNK, 0};
    size_t rc = ZSTD_decompressStream(s->zs, &out, &in);
    s->in_pos = in.pos;
    if (ZSTD_isError(rc)) {
      const char *name = ZSTD_getErrorName(rc);
      return fail(s, PX_IO, name ? name : "corrupt zstd data");
    }
    s->member_open = rc != 0; /* 0: a frame is complete and flushed */
    s->out_full = out.pos == out.size;
    if (out.pos > 0) { set_window(s, s->out, out.pos); return 1; }
  }
}

static int decoded_more(px__src *s) {
  while (!s->eof) {
    int got = s->codec == PX__GZIP   ? more_gzip(s)
              : s->codec == PX__ZSTD ? more_zstd(s)
                                     : more_raw(s);
    if (!got) break;
    if (s->win_len > 0) return 1;
  }
  s->win_pos = s->win_len; /* nothing left to hand out */
  return 0;
}

/* Converts UTF-16 units in p[0..n) to UTF-8 at out (room for 3 bytes per
 * unit plus 3); a unit or a pair cut by the window end waits in s. Lone
 * surrogates become U+FFFD. Returns the bytes written. */
static size_t utf16_convert(px__src *s, const uint8_t *p, size_t n,
                            uint8_t *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s->u16_half < 0) {
      s->u16_half = p[i];
      continue;
    }
    unsigned u = s->utf16 == 1 ? (unsigned)s->u16_half | (unsigned)p[i] << 8
                               : (unsigned)s->u16_half << 8 | p[i];
    s->u16_half = -1;
    if (s->u16_high) {
      unsigned hi = s->u16_high;
      s->u16_high = 0;
      if (u >= 0xDC00 && u <= 0xDFFF) {
        u = 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00);
        k += (size_t)px_utf8_encode((int32_t)u, (char *)out + k);
        continue;
      }
      k += (size_t)px_utf8_encode(0xFFFD, (char *)out + k);
    }
    if (u >= 0xD800 && u <= 0xDBFF) {
      s->u16_high = u;
      continue;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) u = 0xFFFD;
    k += (size_t)px_utf8_encode((int32_t)u, (char *)out + k);
  }
  return k;
}

/* The next window of UTF-8 converted from UTF-16. have says the current
 * window holds unconverted bytes from win_pos on. */
static int utf16_more(px__src *s, int have) {
  for (;;) {
    if (!have && !decoded_more(s)) {
      if (s->u16_flushed || (s->u16_half < 0 && !s->u16_high)) return 0;
      s->u16_flushed = 1; /* a lone high surrogate, an odd last byte */
      s->win = s->u8;
      s->win_len = 0;
      if (s->u16_high)
        s->win_len += (size_t)px_utf8_encode(0xFFFD, (char *)s->u8);
      if (s->u16_half >= 0)
        s->win_len += (size_t)px_utf8_encode(0xFFFD, (char *)s->u8 +
                                                         s->win_len);
      s->win_pos = 0;
      return 1;
    }
    have = 0;
    size_t k = utf16_convert(s, s->win + s->win_pos, s->win_len - s->win_pos,
                             s->u8);
    s->win = s->u8; /* offsets from here on count the UTF-8 */
    s->win_len = k;
    s->win_pos = 0;
    if (k) return 1;
  }
}

int px__src_more(px__src *s) {
  if (s->utf16) return utf16_more(s, 0);
  if (!decoded_more(s)) return 0;
  if (s->bom_checked) return 1;
  s->bom_checked = 1;
  const uint8_t *w = s->win;
  if (s->win_len >= 3 && w[0] == 0xEF && w[1] == 0xBB && w[2] == 0xBF) {
    s->win_pos = 3;
    return s->win_len > 3 || px__src_more(s);
  }
  if (s->win_len < 2 || !((w[0] == 0xFF && w[1] == 0xFE) ||
                          (w[0] == 0xFE && w[1] == 0xFF)))
    return 1;
  if (!(s->u8 = malloc(PX__CHUNK / 2 * 3 + 8))) {
    s->err = PX_NOMEM;
    snprintf(s->err_msg, sizeof s->err_msg, "out of memory");
    s->eof = 1;
    return 0;
  }
  s->utf16 = w[0] == 0xFF ? 1 : 2;
  s->u16_half = -1;
  s->win_pos = 2;
  return utf16_more(s, 1);
}

static px_status open_fd(px__src *s, const char *path) {
  if (strcmp(path, "-") == 0) { s->fd = 0; return PX_OK; }
  s->fd = open(path, O_RDONLY | O_CLOEXEC);
  s->own_fd = s->fd >= 0;
  if (s->fd >= 0) return PX_OK;
  snprintf(s->err_msg, sizeof s->err_msg, "cannot open: %s", strerror(errno));
  return errno == ENOENT || errno == ENOTDIR ? PX_NOT_FOUND : PX_IO;
}

/* Picks the codec from the first bytes and sets it up. */
static px_status start_codec(px__src *s) {
  while (s->in_len < 4 && read_raw(s) > 0) {}
  if (s->err) return s->err;
  const uint8_t *m = s->in;
  if (s->in_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
    if (inflateInit2(&s->z, 15 + 16) != Z_OK) return PX_NOMEM;
    s->z_ready = 1;
    s->codec = PX__GZIP;
    s->member_open = 1;
  } else if (s->in_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f &&
             m[3] == 0xfd) {
    s->zs = ZSTD_createDStream();
    if (!s->zs) return PX_NOMEM;
    ZSTD_initDStream(s->zs);
    s->codec = PX__ZSTD;
    s->member_open = 1;
  }
  if (s->codec != PX__RAW && !(s->out = malloc(PX__CHUNK))) return PX_NOMEM;
  return PX_OK;
}

px_status px__src_open(px__src *s, const char *path, const void *mem,
                       size_t n) {
  memset(s, 0, sizeof *s);
  s->fd = -1;
  if (mem) {
    s->mem = mem;
    s->mem_len = n;
  } else {
    px_status st = open_fd(s, path);
    if (st != PX_OK) return st;
  }
  if (!(s->in = malloc(PX__CHUNK))) return PX_NOMEM;
  px_status st = start_codec(s);
  if (st == PX_IO && !s->err_msg[0])
    snprintf(s->err_msg, sizeof s->err_msg, "read failed");
  return st;
}

void px__src_close(px__src *s) {
  if (s->own_fd) close(s->fd);
  if (s->z_ready) inflateEnd(&s->z);
  ZSTD_freeDStream(s->zs);
  free(s->in);
  free(s->out);
  free(s->u8);
  memset(s, 0, sizeof *s);
  s->fd = -1;
}
