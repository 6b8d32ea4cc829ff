/* features_internal.h — what the files of the feature record share
 * (features.c computes a record, features_json.c writes and reads it,
 * minhash.c signs it): the record's storage and the calls that fill it.
 * Nothing outside src/analyze/ includes it. */
#ifndef PX_FEATURES_INTERNAL_H
#define PX_FEATURES_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "text/base.h"

#define PX__NO_STR UINT32_MAX /* a string offset that stands for NULL */

/* The metadata strings of a record, by index into px__fmem.meta. */
enum px__meta { PX__M_ID, PX__M_DATE, PX__M_TIME, PX__M_OUTLET,
                PX__M_AUTHOR, PX__M_TITLE, PX__M_URL, PX__M_HEADLINE,
                PX__M_TEXT, PX__M_COUNT };

/* A record's storage: growable arrays reused from article to article.
 * Strings go to one pool and are referred to by offset until
 * px__fmem_finish turns offsets into pointers (the pool may move while it
 * grows). */
typedef struct px__fmem {
  px_term *terms;
  uint32_t *term_text;      /* pool offset of each term's text */
  size_t cap_terms, cap_term_text;
  px_span *names, *paras, *sents, *pieces;
  size_t cap_names, cap_paras, cap_sents, cap_pieces;
  px_quote *quotes;
  size_t cap_quotes;
  uint32_t *speaker_off, *piece_off; /* PX__NO_STR: no speaker */
  size_t cap_speaker_off, cap_piece_off;
  const char **speakers, **piece_texts;
  size_t cap_speakers, cap_piece_texts;
  px_entity *ents;                    /* canonical and unit: pool offsets */
  uint32_t *ent_canon, *ent_unit;     /* until px__fmem_finish */
  size_t cap_ents, cap_ent_canon, cap_ent_unit;
  char *pool;
  size_t pool_len, cap_pool;
  uint32_t meta[PX__M_COUNT];
} px__fmem;

/* Empties *f for a new record, keeping its memory; -1 when out of memory. */
int px__fmem_begin(px_features *f);
/* Copies s[0..n) with a NUL to the pool; writes its offset. -1: no memory. */
int px__fmem_str(px__fmem *m, const char *s, size_t n, uint32_t *off);
/* Copies a NUL-terminated string or NULL (PX__NO_STR). */
int px__fmem_cstr(px__fmem *m, const char *s, uint32_t *off);
/* Appends one element to a span array / the terms / the quotes. */
int px__fmem_span(px_span **a, size_t *cap, size_t *n, px_span s);
int px__fmem_term(px_features *f, const px_term *t, uint32_t text_off);
int px__fmem_quote(px_features *f, const px_quote *q, uint32_t speaker);
int px__fmem_piece(px_features *f, px_span s, uint32_t text_off);
/* Appends an entity whose canonical name and unit (PX__NO_STR: none) are
 * pool offsets. */
int px__fmem_entity(px_features *f, const px_entity *e, uint32_t canon,
                    uint32_t unit);
/* Points every string of *f into the pool: the record is ready. -1 when
 * out of memory. */
int px__fmem_finish(px_features *f);
/* Makes *dst (cleared first) an owned copy of src, whose storage is a
 * px__fmem; -1 when out of memory (dst is then empty). */
int px__fmem_copy(px_features *dst, const px_features *src);

#endif
