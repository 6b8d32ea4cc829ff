/* quote_find.h — the quoter's buffers and the three passes of
 * px_quotes_find (quotes.c runs them; quote_direct.c and quote_reported.c
 * hold them). Internal to src/analyze/. */
#ifndef PX_QUOTE_FIND_H
#define PX_QUOTE_FIND_H
#include "quote_internal.h"
#include "text/base.h"

/* Per-token flags of the quoter (px_quoter.tf). */
#define PX__TF_INQ 0x01      /* inside a quoted span, marks included */
#define PX__TF_USED 0x02     /* a cue already given to a quotation */
#define PX__TF_EMBED 0x04    /* opening mark of quoted words in a sentence */
#define PX__TF_DONE 0x08     /* that embedded span has been reported */

struct px_quoter {
  px__people *people;
  px_doc view;       /* the doc with its sentences and paragraphs also cut
                        at line breaks (quotes.c); what the passes read */
  px_sentence *vsents;
  px_paragraph *vparas;
  size_t vsent_cap, vpara_cap;
  px__qspan *spans;
  size_t n_spans, span_cap;
  uint32_t *sent_of; /* sentence of each token */
  uint8_t *tf;       /* PX__TF_* of each token */
  size_t tok_cap;
  px_quote *quotes;  /* in the order found */
  px__subject *subjs;/* the speaker mention of each quote, before resolving */
  uint8_t *drop;     /* 1: a direct quotation taken into a reported clause */
  size_t n_direct;   /* quotes[0, n_direct) are the direct pass's, in order */
  size_t n_quotes, quote_cap;
  px_span *pieces;
  size_t n_pieces, piece_cap;
  uint32_t *order;
  size_t order_cap;
  px_quote *out;     /* sorted and resolved: what the caller sees */
  size_t out_cap;
};

/* Appends a quotation with one piece of tokens [a, b] (inclusive) and the
 * speaker mention subj (may be NULL). Returns it, or NULL out of memory. */
px_quote *px__add_quote(px_quoter *q, const px_doc *d, px_quote_kind kind,
                        size_t a, size_t b, const px__subject *subj);
/* Adds a second piece [a, b] to the last quotation. */
int px__add_piece(px_quoter *q, const px_doc *d, size_t a, size_t b);

/* Are the quoted words of s in title case: a name, not speech? */
int px__title_case(const px_doc *d, const px__qspan *s);

px_status px__direct_pass(px_quoter *q, const px_doc *d);
px_status px__reported_pass(px_quoter *q, const px_doc *d);
px_status px__partial_pass(px_quoter *q, const px_doc *d);

/* Token bounds of the sentence and paragraph of token t. */
size_t px__sent_lo(const px_quoter *q, const px_doc *d, size_t t);
size_t px__sent_hi(const px_quoter *q, const px_doc *d, size_t t);
size_t px__para_hi(const px_quoter *q, const px_doc *d, size_t t);
#endif
