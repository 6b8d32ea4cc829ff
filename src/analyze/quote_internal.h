/* quote_internal.h — what the quotation files of src/analyze/ share: the
 * cue lexicon, the quoted spans found by pairing marks, the subject finder
 * and the per-article table of people that resolves speakers. Nothing
 * outside src/analyze/quote*.c, speaker*.c, cues.c and entit*.c includes
 * it. */
#ifndef PX_QUOTE_INTERNAL_H
#define PX_QUOTE_INTERNAL_H
#include <stdint.h>
#include "parallax.h"
#include "text/base.h"

/* ---- quotes.c: the one maker of spans ---------------------------------- */

/* Every span a quotation carries (content, pieces, cue, mention, speaker,
 * role) and every span of a subject is made by px__span or px__tok_span,
 * the one place that keeps start <= end <= the text's length: the CLI
 * copies end - start bytes from start. A span that breaks it is a bug in
 * the caller. Built with PX_CHECKED (make test, the fuzz targets) the
 * program stops there, naming the caller's line; otherwise *out becomes
 * {0, 0}, "absent", and 0 is returned so the caller drops it: a wrong
 * quotation is better than a crash on a reader's article. */
#define PX__STR_(x) #x
#define PX__STR(x) PX__STR_(x)
#define PX__HERE __FILE__ ":" PX__STR(__LINE__)
int px__span_at(const px_doc *d, uint32_t start, uint32_t end, px_span *out,
                const char *where);
/* Tokens [a, b], b inclusive: a <= b < d->n_toks must hold. */
int px__tok_span_at(const px_doc *d, size_t a, size_t b, px_span *out,
                    const char *where);
#define px__span(d, start, end, out) px__span_at(d, start, end, out, PX__HERE)
#define px__tok_span(d, a, b, out) px__tok_span_at(d, a, b, out, PX__HERE)

/* ---- cues.c: speech verbs and phrases ---------------------------------- */

#define PX__CUE_SPEECH 0x01   /* reports speech: said, told, wrote */
#define PX__CUE_THAT 0x02     /* takes a reported clause: "said (that) ..." */
#define PX__CUE_OBJECT 0x04   /* takes a hearer first: "told reporters" */
#define PX__CUE_LABEL 0x08    /* names a phrase: "called it "a disaster"" */
#define PX__CUE_NEAR 0x10     /* only next to a quotation: "continued" */

/* The cue flags of the folded lower-case word w[0..n), 0 when not a cue. */
unsigned px__cue_flags(const char *w, size_t n);

/* Helpers over a doc's tokens (norm is the folded form). */
int px__tok_is(const px_doc *d, size_t i, const char *s);
int px__tok_punct(const px_doc *d, size_t i, char c);
int px__is_pronoun(const px_doc *d, size_t i);
int px__is_title(const px_doc *d, size_t i);
/* The title words px__is_title knows, NULL-terminated. */
extern const char *const px__title_words[];
int px__is_determiner(const px_doc *d, size_t i);
/* A word between a subject and its verb ("has also"); quote_attrib.c. */
int px__is_skippable(const px_doc *d, size_t i);
/* A capitalised word that can be part of a name (not a title, pronoun or
 * capitalised function word); defined in quote_attrib.c. */
int px__is_name_tok(const px_doc *d, size_t i);

/* ---- quote_marks.c: pairing quotation marks ---------------------------- */

typedef struct px__qspan {
  uint32_t open, close;  /* tokens of the opening and closing mark; close is
                            the last token of the paragraph when unclosed */
  uint8_t unclosed;      /* no closing mark was found */
  uint8_t multi_para;    /* runs over more than one paragraph */
} px__qspan;

/* Pairs the double quotation marks of doc into quoted spans, in text order.
 * Writes up to cap spans to out and returns how many there are (which may
 * exceed cap: call again with more room). Linear in the tokens. */
size_t px__quote_spans(const px_doc *d, px__qspan *out, size_t cap);

/* ---- quote_attrib.c: cues and their subjects --------------------------- */

typedef struct px__subject {
  uint32_t start, end;     /* the whole mention, bytes; end 0 when none */
  uint32_t name_start, name_end; /* the name part (or the mention) */
  uint32_t role_start, role_end; /* title or role kept apart, 0 0 none */
  uint32_t head;           /* token of the head word */
  uint8_t how;             /* PX_SPEAKER_* of the mention */
} px__subject;

/* Looks for a speech cue in tokens [lo, hi) with a subject before or after
 * it. want_near allows the cues that only stand next to quotations. Writes
 * the cue token and the subject; returns 1 when found. Searches forward
 * when forward is set, else from hi backwards. */
int px__find_cue(const px_doc *d, size_t lo, size_t hi, int forward,
                 int want_near, size_t sent_lo, size_t sent_hi,
                 size_t *cue, px__subject *subj);

/* Is token i a speech cue ("according" included)? want_near allows the
 * cues that only stand next to quotations. */
int px__cue_ok(const px_doc *d, size_t i, int want_near);

/* The subject of a cue at token cue, within sentence tokens [lo, hi). */
int px__subject_of(const px_doc *d, size_t cue, size_t lo, size_t hi,
                   px__subject *subj);

/* Is what follows cue (and a subject after it) only the rest of an
 * attribution: a comma, a preposition or a time ("said last week")? */
int px__attribution_tail(const px_doc *d, size_t cue,
                         const px__subject *subj);

/* The likely subject of tokens [lo, hi) when the verb is not a known
 * cue: the first name or personal pronoun past an introductory phrase
 * ("Following the vote, ..."), skipping datelines and the objects of
 * prepositions ("a rally in Carson"). */
int px__sentence_subject(const px_doc *d, size_t lo, size_t hi,
                         px__subject *s);
/* The first name or personal pronoun of [lo, hi), wherever it stands:
 * where a clause around quoted words may start, not who speaks. */
int px__first_name(const px_doc *d, size_t lo, size_t hi, px__subject *s);

/* The span of cue token cue: with the "to" after "according". */
px_span px__cue_span(const px_doc *d, size_t cue);

/* Is token t a dash (-, --, en or em dash, horizontal bar)? */
int px__tok_dash(const px_doc *d, size_t t);

/* ---- speaker.c: people of the article ---------------------------------- */

typedef struct px__people px__people;
px__people *px__people_new(void);
void px__people_free(px__people *p);

/* Collects the names of doc (runs of capitalised words, titles and roles
 * kept apart) outside the quoted spans. */
px_status px__people_scan(px__people *p, const px_doc *d,
                          const px__qspan *spans, size_t n_spans);

/* Resolves a mention to a person: fills q->speaker, q->role and
 * q->confidence from the mention in subj, the previous speaker and the
 * people of the article. */
void px__people_resolve(px__people *p, const px_doc *d,
                        const px__subject *subj, const px_quote *prev,
                        px_quote *q);
#endif
