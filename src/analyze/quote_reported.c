/* quote_reported.c — reported speech and partial quotations.
 *
 * A sentence with a speech cue and a subject outside quotation marks
 * reports what was said. The content is the clause the cue governs:
 *   "X said (that) C."          C, from "that" when it comes soon
 *   "X told reporters (that) C." C, past the hearer
 *   "C, X said." / "C, said X." C, the sentence before the comma
 *   "According to X, C." / "C, according to X."
 * Quoted words inside that clause make it a partial quotation. Quoted words
 * in a sentence without such a cue are a partial quotation only when a
 * labelling or speech verb stands right before them; otherwise they are
 * scare quotes, kept with the clause around them at a low confidence, or
 * titles, left out. */
#include <stdlib.h>
#include <string.h>
#include "quote_find.h"

/* Shortest reported clause kept, in word tokens; how far "that" may
 * follow the cue; how long a tail after "..., X said" may be. */
enum { MIN_WORDS = 3, THAT_WINDOW = 8, SAID_TAIL = 6, MIN_SCARE_WORDS = 5,
       LABEL_WINDOW = 10 };

static int is_word(const px_doc *d, size_t i) {
  return d->toks[i].type == PX_TOK_WORD || d->toks[i].type == PX_TOK_NUMBER;
}

/* First token at or after `from` that starts at or after byte `end`. */
static size_t tok_after(const px_doc *d, size_t from, size_t hi, uint32_t end) {
  while (from < hi && d->toks[from].start < end) from++;
  return from;
}

/* Where the clause after a cue starts: at "that" when it comes soon, past
 * the hearer of "told", past a comma or colon. */
static size_t clause_start(const px_doc *d, size_t cue, size_t hi,
                           const px__subject *subj) {
  size_t k = cue + 1;
  if (subj->start > d->toks[cue].start) k = tok_after(d, k, hi, subj->end);
  for (size_t t = k; t < hi && t < k + THAT_WINDOW; t++) {
    if (px__tok_is(d, t, "that")) return t;
    if (d->toks[t].type != PX_TOK_WORD) break;
  }
  const px_token *c = &d->toks[cue];
  unsigned f = px__cue_flags(d->pool + c->norm, c->norm_len);
  if ((f & PX__CUE_OBJECT) && k < hi) {
    if (px__is_determiner(d, k)) k++;
    while (k < hi && d->toks[k].type == PX_TOK_WORD &&
           (d->toks[k].flags & PX_TF_CAP) && k < cue + 5)
      k++;
    if (k == cue + 1 && k < hi && d->toks[k].type == PX_TOK_WORD) k++;
  }
  while (k < hi && (px__tok_punct(d, k, ',') || px__tok_punct(d, k, ':')))
    k++;
  return k;
}

/* Drops the sentence's final stop from a clause [a, b). */
static size_t trim_end(const px_doc *d, size_t a, size_t b) {
  while (b > a && d->toks[b - 1].type == PX_TOK_PUNCT) b--;
  return b;
}

size_t px__words(const px_doc *d, size_t a, size_t b);
size_t px__words(const px_doc *d, size_t a, size_t b) {
  size_t n = 0;
  for (size_t t = a; t <= b; t++) n += d->toks[t].type == PX_TOK_WORD;
  return n;
}

static size_t count_words(const px_doc *d, size_t a, size_t b) {
  size_t n = 0;
  for (size_t t = a; t < b; t++) n += is_word(d, t);
  return n;
}

/* The end of a clause "C, X said" whose comma is right before token sa:
 * the comma itself, or the closing mark after a comma ("... "heartbreaking,"
 * she said"), which belongs to the clause. Returns 0 when there is none. */
static size_t comma_before(const px_doc *d, size_t lo, size_t sa) {
  if (sa > lo && px__tok_punct(d, sa - 1, ',')) return sa - 1;
  if (sa > lo + 1 && d->toks[sa - 1].type == PX_TOK_QUOTE &&
      px__tok_punct(d, sa - 2, ','))
    return sa;
  return 0;
}

/* The clause a cue governs, as tokens [*a, *b). */
static int reported_clause(const px_doc *d, size_t cue, size_t lo, size_t hi,
                           const px__subject *subj, size_t *a, size_t *b) {
  uint32_t cs = d->toks[cue].start;
  int subj_after = subj->start > cs;
  if (px__tok_is(d, cue, "according")) {
    if (cue <= lo + 1) {
      size_t k = tok_after(d, cue, hi, subj->end);
      while (k < hi && !px__tok_punct(d, k, ',')) k++;
      *a = k + 1, *b = hi;
    } else {
      *a = lo, *b = cue;
    }
  } else if (subj_after) {
    *a = lo, *b = cue;
  } else {
    size_t sa = tok_after(d, lo, cue, subj->start);
    size_t tail = hi - cue;
    size_t comma = comma_before(d, lo, sa);
    /* ""...," Hasen wrote last week after the ruling": after a quotation
     * a tail of time and place is no content of its own */
    int quoted = comma == sa && comma > 0;
    if (comma > lo + MIN_WORDS &&
        (tail <= SAID_TAIL || (quoted && px__attribution_tail(d, cue, subj)))) {
      *a = lo, *b = comma;
    } else {
      *a = clause_start(d, cue, hi, subj), *b = hi;
    }
  }
  if (*a >= hi) return 0;
  while (*b > *a && px__tok_punct(d, *b - 1, ',')) (*b)--;
  *b = trim_end(d, *a, *b);
  return count_words(d, *a, *b) >= MIN_WORDS;
}

/* Is most of [a, b) inside quotation marks already given as direct? */
static int mostly_quoted(const px_quoter *q, size_t a, size_t b) {
  size_t in = 0, emb = 0;
  for (size_t t = a; t < b; t++) {
    in += (q->tf[t] & PX__TF_INQ) != 0;
    emb += (q->tf[t] & PX__TF_EMBED) != 0;
  }
  return !emb && in * 2 > (b - a);
}

/* Marks the embedded spans inside [a, b) as reported; returns how many
 * double quotation marks the clause holds. */
static size_t take_embedded(px_quoter *q, const px_doc *d, size_t a,
                            size_t b) {
  size_t marks = 0;
  for (size_t t = a; t < b; t++) {
    if (q->tf[t] & PX__TF_EMBED) q->tf[t] |= PX__TF_DONE;
    marks += d->toks[t].type == PX_TOK_QUOTE && d->toks[t].quote == '"';
  }
  return marks;
}

/* The direct quotations lying wholly inside bytes [s, e) of a reported
 * clause are part of it ("said he was best placed because he's a
 * negotiator, "like you folks.""): the annotated unit, and the reader's, is
 * the clause, so they are dropped and the clause kept as one partial
 * quotation. The direct pass's quotes are in text order: binary search. */
static void absorb_direct(px_quoter *q, uint32_t s, uint32_t e) {
  size_t lo = 0, hi = q->n_direct;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (q->quotes[mid].content.start < s) lo = mid + 1; else hi = mid;
  }
  for (; lo < q->n_direct && q->quotes[lo].content.end <= e; lo++)
    q->drop[lo] = 1;
}

static int ends_ing(const px_doc *d, size_t t) {
  const px_token *k = &d->toks[t];
  return k->type == PX_TOK_WORD && k->norm_len > 4 &&
         !memcmp(d->pool + k->norm + k->norm_len - 3, "ing", 3);
}

/* Where a reported clause [a, hi) stops short of its sentence's end: at a
 * second verb of saying joined by "and" or "but" ("said A and said B",
 * "said A but lamented B"), at ", but", at a semicolon, or at a comma before
 * a participle ("..., noting B"): what follows is the writer's or another
 * report. Quotation marks are stepped over. */
static size_t clause_end(const px_quoter *q, const px_doc *d, size_t a,
                         size_t hi) {
  for (size_t t = a + 1; t + 1 < hi; t++) {
    if (q->tf[t] & PX__TF_INQ) continue;
    const px_token *n = &d->toks[t + 1];
    int joins = px__tok_is(d, t, "and") || px__tok_is(d, t, "but");
    if (joins && n->type == PX_TOK_WORD &&
        (px__cue_flags(d->pool + n->norm, n->norm_len) || ends_ing(d, t + 1)))
      return t;
    /* "... a gun," but he said ...": the comma may sit inside the marks */
    if (px__tok_is(d, t, "but") && d->toks[t - 1].type == PX_TOK_QUOTE &&
        px__tok_punct(d, t - 2, ','))
      return t;
    if ((px__tok_is(d, t, "before") || px__tok_is(d, t, "after") ||
         px__tok_is(d, t, "while")) && ends_ing(d, t + 1))
      return t;
    if (px__tok_punct(d, t, ';')) return t;
    if (px__tok_punct(d, t, ',') &&
        (px__tok_is(d, t + 1, "but") || ends_ing(d, t + 1)))
      return t;
  }
  return hi;
}

/* A clause whose sentence ends inside quotation marks goes on to the
 * closing mark: the quotation, not the sentence, is the unit reported
 * ("He said Cruz "has courage ... ideas. He's not only unafraid ...""). */
static size_t through_quote(const px_quoter *q, const px_doc *d, size_t b) {
  if (b == 0 || b >= d->n_toks || !(q->tf[b - 1] & PX__TF_INQ) ||
      !(q->tf[b] & PX__TF_INQ))
    return b;
  size_t lo = 0, hi = q->n_spans;  /* the last span opening before b */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (q->spans[mid].open < b) lo = mid + 1; else hi = mid;
  }
  if (!lo || q->spans[lo - 1].close < b || q->spans[lo - 1].unclosed) return b;
  return q->spans[lo - 1].close + 1;
}

/* Does the tail at token a open with words of the subject's role that its
 * mention leaves out ("harbor aide Mark Dunn said": the mention is "aide
 * Mark Dunn")? At most three words, and the mention has a role or
 * the last of them is a title. */
static int role_opens(const px_quoter *q, const px_doc *d, size_t a,
                      const px__subject *s2) {
  size_t k = a;
  while (k <= a + 3 && k < d->n_toks && d->toks[k].start < s2->start &&
         d->toks[k].type == PX_TOK_WORD && !(q->tf[k] & PX__TF_INQ))
    k++;
  if (k == a || k >= d->n_toks || d->toks[k].start != s2->start) return 0;
  return s2->role_end > s2->role_start || px__is_title(d, k - 1);
}

/* "Putin told Trump that Z, Kremlin aide Yuri Ushakov told reporters":
 * the sentence is Ushakov's report, the inner cue part of what he says.
 * Looks past the inner cue for the sentence's last comma followed only by
 * a subject, a cue and a few words ("told reporters", ", said Ushakov").
 * Returns that comma's token, or 0. */
enum { OUTER_TAIL = 12, OUTER_AFTER = 3 };
static size_t outer_attribution(const px_quoter *q, const px_doc *d,
                                size_t cue, size_t hi, size_t *cue2,
                                px__subject *s2) {
  size_t end = hi;
  while (end > cue + 1 && d->toks[end - 1].type == PX_TOK_PUNCT) end--;
  for (size_t k = end; k-- > cue + 1;) {
    if (q->tf[k] & PX__TF_INQ) return 0;
    if (!px__tok_punct(d, k, ',')) continue;
    if (end - k - 1 > OUTER_TAIL) return 0;
    if (!px__find_cue(d, k + 1, end, 1, 0, k + 1, end, cue2, s2)) return 0;
    /* the tail opens with its subject or, inverted, with its cue */
    int opens = s2->start == d->toks[k + 1].start || *cue2 == k + 1 ||
                role_opens(q, d, k + 1, s2);
    if (*cue2 == cue || !opens || s2->start < d->toks[k + 1].start ||
        end - *cue2 - 1 > OUTER_AFTER + (s2->start > d->toks[*cue2].start
                                              ? OUTER_TAIL : 0) ||
        (q->tf[*cue2] & (PX__TF_INQ | PX__TF_USED)))
      return 0;
    return k;
  }
  return 0;
}

static px_status sentence_report(px_quoter *q, const px_doc *d, size_t lo,
                                 size_t hi) {
  for (size_t t = lo; t < hi; t++) {
    if (q->tf[t] & (PX__TF_INQ | PX__TF_USED)) continue;
    size_t cue;
    px__subject subj;
    if (!px__find_cue(d, t, t + 1, 1, 0, lo, hi, &cue, &subj)) continue;
    if (q->tf[subj.head] & PX__TF_INQ) continue;
    size_t cue2, comma = 0;
    px__subject outer;
    if (!px__tok_is(d, cue, "according") && cue > lo)
      comma = outer_attribution(q, d, cue, hi, &cue2, &outer);
    const px_token *ct = comma ? &d->toks[cue2] : NULL;
    size_t ob = comma ? trim_end(d, lo, comma) : 0;
    if (comma && outer.how == PX_SPEAKER_NAME &&
        (px__cue_flags(d->pool + ct->norm, ct->norm_len) & PX__CUE_THAT) &&
        !(q->tf[outer.head] & PX__TF_INQ) &&
        count_words(d, lo, comma) >= MIN_WORDS && ob > lo &&
        !mostly_quoted(q, lo, ob)) {
      size_t b = ob;
      {
        int partial = take_embedded(q, d, lo, b) > 0;
        if (partial) absorb_direct(q, d->toks[lo].start, d->toks[b - 1].end);
        px_quote *o = px__add_quote(
            q, d, partial ? PX_QUOTE_PARTIAL : PX_QUOTE_INDIRECT, lo, b - 1,
            &outer);
        if (!o) return PX_NOMEM;
        q->tf[cue] |= PX__TF_USED;
        q->tf[cue2] |= PX__TF_USED;
        o->cue = px__cue_span(d, cue2);
      }
      break; /* the sentence is one report */
    }
    size_t a, b;
    if (!reported_clause(d, cue, lo, hi, &subj, &a, &b)) continue;
    if (b + 1 >= hi) { /* the clause runs to the sentence's end */
      size_t e = through_quote(q, d, hi);
      b = e > hi ? e : trim_end(d, a, clause_end(q, d, a, b));
      /* clause_end may cut right after the clause's first token: "He
       * said - and argued ...", "he said — while cutting ...". Only the
       * dash was left, trim_end took it (b is then a, and the piece
       * [a, b - 1] would end before it starts): nothing was reported. */
      if (count_words(d, a, b) == 0) continue;
    }
    if (mostly_quoted(q, a, b)) continue;
    int partial = take_embedded(q, d, a, b) > 0;
    if (partial) absorb_direct(q, d->toks[a].start, d->toks[b - 1].end);
    px_quote *o = px__add_quote(
        q, d, partial ? PX_QUOTE_PARTIAL : PX_QUOTE_INDIRECT, a, b - 1, &subj);
    if (!o) return PX_NOMEM;
    q->tf[cue] |= PX__TF_USED;
    o->cue = px__cue_span(d, cue);
    /* a sentence may report twice ("said A and said B", "A, noting B"):
     * look on past this clause */
    if (b > t + 1) t = b - 1;
  }
  return PX_OK;
}

px_status px__reported_pass(px_quoter *q, const px_doc *d) {
  for (size_t s = 0; s < d->n_sents; s++) {
    px_status st = sentence_report(q, d, d->sents[s].tok_begin,
                                   d->sents[s].tok_end);
    if (st != PX_OK) return st;
  }
  return PX_OK;
}

/* The verb right before quoted words: "labelled "a very productive one"",
 * "described it as "..."", "said "..."" with only a pronoun between;
 * returns the cue token or 0. */
static size_t near_cue(const px_doc *d, size_t o, size_t lo) {
  for (size_t k = o, n = 0; k > lo && n < 3; n++) {
    k--;
    const px_token *t = &d->toks[k];
    if (t->type != PX_TOK_WORD) return 0;
    unsigned f = px__cue_flags(d->pool + t->norm, t->norm_len);
    if (f & (PX__CUE_LABEL | PX__CUE_SPEECH)) return k;
    if (!px__tok_is(d, k, "as") && !px__tok_is(d, k, "it") &&
        !px__tok_is(d, k, "him") && !px__tok_is(d, k, "her") &&
        !px__tok_is(d, k, "them") && !px__tok_is(d, k, "this"))
      return 0;
  }
  return 0;
}

/* A labelling verb further back, with the thing labelled between it and
 * the quoted words: "called the assault that killed five officers "an
 * attack on our country,"". Only within the clause: no other quotation
 * mark or stop between. Returns the cue token or 0. */
static size_t label_cue(const px_doc *d, size_t o, size_t lo) {
  size_t c = near_cue(d, o, lo);
  if (c) return c;
  for (size_t k = o, n = 0; k > lo && n < LABEL_WINDOW; n++) {
    k--;
    const px_token *t = &d->toks[k];
    if (t->type == PX_TOK_QUOTE || px__tok_punct(d, k, '.') ||
        px__tok_punct(d, k, ';') || px__tok_punct(d, k, ':'))
      return 0;
    if (t->type != PX_TOK_WORD) continue;
    if (px__cue_flags(d->pool + t->norm, t->norm_len) & PX__CUE_LABEL)
      return k;
  }
  return 0;
}

static int clause_stop(const px_doc *d, size_t t) {
  const px_token *k = &d->toks[t];
  if (k->type != PX_TOK_PUNCT) return 0;
  return px__tok_punct(d, t, ',') || px__tok_punct(d, t, ';') ||
         px__tok_punct(d, t, ':') || px__tok_punct(d, t, '(') ||
         px__tok_punct(d, t, ')') || k->norm_len > 1 || /* dashes */
         px__tok_punct(d, t, '-');
}

static size_t rest_of_clause(const px_quoter *q, const px_doc *d,
                             const px__qspan *s, size_t a, size_t hi);

/* Words that join another clause on: after quoted words they start what
 * the writer goes on to say ("decried "systemic racism" and highlighted
 * her plans"). */
static int joins_clause(const px_doc *d, size_t t) {
  static const char *const w[] = {"and", "but", "while", "which", "when",
    "instead", "who", "whereas", "although", "though", 0};
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, t, *p)) return 1;
  return 0;
}

/* The clause around quoted words that no cue introduces, tokens [*a, *b):
 * from "that" or the last clause break before them to the next break after
 * them. Annotators take such words with the clause that carries them
 * ("she made it clear that she has "serious concerns" about ..."). */
static void scare_clause(const px_quoter *q, const px_doc *d,
                         const px__qspan *s, size_t lo, size_t hi, size_t *a,
                         size_t *b) {
  size_t k = s->open;
  while (k > lo && !clause_stop(d, k - 1) && !(q->tf[k - 1] & PX__TF_INQ)) {
    k--;
    if (px__tok_is(d, k, "that")) break;
  }
  *a = k;
  *b = rest_of_clause(q, d, s, k, hi);
}

/* Where the clause carrying quoted words [s] ends, given it starts at a:
 * the next clause break after the closing mark. What follows the words
 * in the same clause was reported with them ("decried the GOP for
 * "turning its back" on America's working ... citizens"). */
static size_t rest_of_clause(const px_quoter *q, const px_doc *d,
                             const px__qspan *s, size_t a, size_t hi) {
  size_t k = s->close + 1;
  /* a stop inside the marks ("as "fantastic," telling reporters") ends
   * the clause with the quotation */
  if (s->close > s->open + 1 && d->toks[s->close - 1].type == PX_TOK_PUNCT)
    return k;
  while (k < hi && !clause_stop(d, k) && !(q->tf[k] & PX__TF_INQ) &&
         !joins_clause(d, k))
    k++;
  return trim_end(d, a, clause_end(q, d, s->close, k));
}

static int is_preposition(const px_doc *d, size_t t) {
  static const char *const w[] = {"to", "for", "about", "on", "of", "at",
    "with", "into", "against", "upon", "over", 0};
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, t, *p)) return 1;
  return 0;
}

/* The token after the verb of a subject whose last token is head ("Cruz
 * blamed | the law on "knuckleheads""), past one preposition ("warned of
 * | a "ferocious" battle"): quoted words with no cue are taken with what
 * the verb governs, not with its subject. 0 when the word after the
 * subject is no verb (a comma, a name, a function word). */
static size_t after_verb(const px_doc *d, size_t head, size_t open) {
  size_t k = head + 1;
  while (k < open && px__is_skippable(d, k)) k++;
  if (k >= open) return 0;
  const px_token *v = &d->toks[k];
  if (v->type != PX_TOK_WORD || (v->flags & (PX_TF_CAP | PX_TF_STOP)))
    return 0;
  k++;
  if (k < open && is_preposition(d, k)) k++;
  return k;
}

px_status px__partial_pass(px_quoter *q, const px_doc *d) {
  for (size_t i = 0; i < q->n_spans; i++) {
    const px__qspan *s = &q->spans[i];
    if ((q->tf[s->open] & (PX__TF_EMBED | PX__TF_DONE)) != PX__TF_EMBED)
      continue;
    size_t lo = px__sent_lo(q, d, s->open), hi = px__sent_hi(q, d, s->open);
    size_t cue = label_cue(d, s->open, lo);
    px__subject subj;
    int has_subj = cue && px__subject_of(d, cue, lo, hi, &subj);
    int scare = !has_subj;
    size_t a = s->open, b = s->close + 1;
    if (scare) {
      has_subj = px__sentence_subject(d, lo, s->open, &subj);
      px__subject any;
      const px__subject *by = has_subj ? &subj : &any;
      if (has_subj || px__first_name(d, lo, s->open, &any)) {
        scare_clause(q, d, s, lo, hi, &a, &b);
        size_t v = after_verb(d, by->head, s->open);
        if (v > a) a = v;
      }
      /* a title is left out, unless a "that" clause carries it: then it
       * is what someone said or thought ("expressed confidence that the
       * "Success in the Middle East," ...") */
      if (px__title_case(d, s) && !(a < s->open && px__tok_is(d, a, "that")))
        continue;
      if (count_words(d, a, b) < MIN_SCARE_WORDS) continue;
    }
    /* what a label is given to is part of the quotation reported: "called
     * [the H1-B program "worse than amnesty."]" */
    if (!scare && cue + 1 < s->open &&
        (px__cue_flags(d->pool + d->toks[cue].norm, d->toks[cue].norm_len) &
         PX__CUE_LABEL))
      a = cue + 1;
    /* one word more ("afterwards") is the writer's, not the clause's */
    if (!scare && !s->unclosed) {
      size_t e = rest_of_clause(q, d, s, a, hi);
      if (count_words(d, b, e) >= 2) b = e;
    }
    px_quote *o = px__add_quote(q, d, PX_QUOTE_PARTIAL, a, b - 1,
                                has_subj ? &subj : NULL);
    if (!o) return PX_NOMEM;
    if (scare) {
      o->confidence = has_subj ? 0.4f : 0.2f;
      /* quoted words with nobody named before them in their sentence
       * most often go on with the speaker before ("''I would not call it
       * reform'' for the top bracket."); the confidence stays low */
      if (!has_subj) o->how = PX_SPEAKER_CONTINUED;
      continue;
    }
    o->cue = px__cue_span(d, cue);
  }
  return PX_OK;
}
