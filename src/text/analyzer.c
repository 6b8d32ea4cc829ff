/* analyzer.c — the text pipeline for one article: tokens with folded forms
 * and stems, then paragraphs and sentences. The analyzer owns its buffers
 * and reuses them from one article to the next, so analysing a stream costs
 * no allocation once the largest article has been seen. */
#include <stdlib.h>
#include <string.h>
#include "text_internal.h"

px_analyzer *px_analyzer_new(void) {
  px_analyzer *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->stems = px__stem_cache_new();
  if (!a->stems) {
    free(a);
    return NULL;
  }
  return a;
}

void px_analyzer_free(px_analyzer *a) {
  if (!a) return;
  px__stem_cache_free(a->stems);
  free(a->toks);
  free(a->sents);
  free(a->paras);
  free(a->pool);
  free(a);
}

px_status px_analyze(px_analyzer *a, const char *text, size_t len,
                     px_doc *out) {
  memset(out, 0, sizeof *out);
  if (len >= UINT32_MAX) return PX_TOO_LARGE;
  size_t nt = 0, ns = 0, np = 0;
  px_status st = px__tokenize(a, text, len, &nt);
  if (st == PX_OK) st = px__segment(a, text, len, nt, &ns, &np);
  if (st != PX_OK) return st;
  /* the first token of each sentence: a capital there says nothing of a
   * name (the quoter's cues and subjects, the coverage's name weights) */
  for (size_t i = 0; i < ns; i++)
    if (a->sents[i].tok_begin < a->sents[i].tok_end)
      a->toks[a->sents[i].tok_begin].flags |= PX_TF_SENT_START;
  out->text = text;
  out->len = len;
  out->toks = a->toks;
  out->n_toks = nt;
  out->sents = a->sents;
  out->n_sents = ns;
  out->paras = a->paras;
  out->n_paras = np;
  out->pool = a->pool;
  return PX_OK;
}
