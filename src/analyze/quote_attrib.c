/* quote_attrib.c — finds who a speech cue belongs to: the subject noun
 * phrase before the verb ("Kremlin aide Yuri Ushakov told"), after it in
 * the inverted order of attributions (", said the president."), after
 * "according to", through an appositive ("Justin Bamberg, one of the
 * family's attorneys, said") or a relative clause (", who said"). Names are
 * split from their titles and roles so the speaker is the person and the
 * role is kept apart. Everything looks at a bounded window of tokens. */
#include <string.h>
#include "quote_internal.h"

/* Longest subject or role looked at, in tokens. */
enum { MAX_NAME = 5, MAX_ROLE = 6, MAX_NOMINAL = 6, MAX_APPOSITIVE = 16,
       MAX_PAREN = 8 };

static const px_token *tk(const px_doc *d, size_t i) { return &d->toks[i]; }

static int is_word(const px_doc *d, size_t i) {
  return tk(d, i)->type == PX_TOK_WORD;
}

static int is_cap(const px_doc *d, size_t i) {
  return is_word(d, i) && (tk(d, i)->flags & PX_TF_CAP);
}

static int is_stop(const px_doc *d, size_t i) {
  return (tk(d, i)->flags & PX_TF_STOP) != 0;
}

/* Words that sit between a subject and its verb: "has also said". */
static int is_skippable(const px_doc *d, size_t i) {
  static const char *const w[] = {
    "has", "have", "had", "also", "later", "then", "previously", "again",
    "once", "would", "will", "did", "does", "do", "just", "further",
    "separately", "still", "never", "already", "often", "recently",
    "earlier", "first", "last", "quickly", "repeatedly", "publicly",
    "privately", "reportedly", "initially", "even", "simply", "flatly",
    "frequently", "is", "was", "were", "are", "been", "being", "had", 0};
  if (!is_word(d, i) || (tk(d, i)->flags & PX_TF_CAP)) return 0;
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, i, *p)) return 1;
  const px_token *t = tk(d, i);
  return t->norm_len > 4 && !memcmp(d->pool + t->norm + t->norm_len - 2, "ly", 2);
}

int px__is_skippable(const px_doc *d, size_t i) { return is_skippable(d, i); }

/* Name particles that join capitalised words: "Ludwig van Beethoven". */
static int is_particle(const px_doc *d, size_t i) {
  static const char *const w[] = {"de", "van", "von", "der", "al", "bin",
                                  "da", "del", "la", "le", "di", 0};
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, i, *p)) return 1;
  return 0;
}

/* Can token i be part of a personal or organisation name? */
int px__is_name_tok(const px_doc *d, size_t i) {
  return is_cap(d, i) && !px__is_title(d, i) && !px__is_pronoun(d, i) &&
         !(is_stop(d, i) && !(tk(d, i)->flags & PX_TF_ALLCAP));
}

static void set_span(uint32_t *s, uint32_t *e, const px_doc *d, size_t a,
                     size_t b) {
  px_span sp;
  px__tok_span(d, a, b, &sp);
  *s = sp.start;
  *e = sp.end;
}

/* Role words before a name, back from token i (inclusive): titles,
 * capitalised words and "of" between them ("Secretary of State"). Returns
 * the first token of the role, or i + 1 when there is none. */
static size_t role_back(const px_doc *d, size_t i, size_t lo) {
  size_t first = i + 1, n = 0;
  for (size_t k = i + 1; k-- > lo && n < MAX_ROLE; n++) {
    if (px__tok_punct(d, k, '.') && k > lo && px__is_title(d, k - 1)) continue;
    if (px__is_title(d, k) || is_cap(d, k)) {
      if (is_stop(d, k) && !px__is_title(d, k)) break;
      first = k;
      continue;
    }
    if (px__tok_is(d, k, "of") && k > lo && is_cap(d, k - 1)) continue;
    break;
  }
  return first;
}

/* A name ending at token j (capitalised), with its role before it. */
static int name_back(const px_doc *d, size_t j, size_t lo, px__subject *s) {
  size_t first = j, n = 1;
  while (first > lo && n < MAX_NAME) {
    size_t k = first - 1;
    if (px__is_name_tok(d, k) || (is_particle(d, k) && k > lo && is_cap(d, k - 1)))
      first = k, n++;
    else if (px__tok_punct(d, k, '.') && k > lo && px__is_name_tok(d, k - 1) &&
             tk(d, k - 1)->end - tk(d, k - 1)->start == 1)
      first = k; /* an initial: "Donald J. Trump" */
    else
      break;
  }
  if (!px__is_name_tok(d, first)) return 0;
  set_span(&s->name_start, &s->name_end, d, first, j);
  s->head = (uint32_t)j;
  s->how = PX_SPEAKER_NAME;
  size_t r = first > lo ? role_back(d, first - 1, lo) : first;
  if (r < first) set_span(&s->role_start, &s->role_end, d, r, first - 1);
  set_span(&s->start, &s->end, d, r < first ? r : first, j);
  return 1;
}

/* "Clinton's", "Trump’s": a possessive, which fixes a noun like "the". */
static int possessive(const px_doc *d, size_t i) {
  const px_token *t = tk(d, i);
  const char *e = d->pool + t->norm + t->norm_len;
  if (t->type != PX_TOK_WORD || t->norm_len < 3) return 0;
  return !memcmp(e - 2, "'s", 2) ||
         (t->norm_len > 4 && !memcmp(e - 4, "\xe2\x80\x99s", 4));
}

/* A common-noun subject ending at j: "a spokesman", "officials". */
static int nominal_back(const px_doc *d, size_t j, size_t lo, px__subject *s) {
  const px_token *h = tk(d, j);
  int plural = h->norm_len > 3 && d->pool[h->norm + h->norm_len - 1] == 's';
  size_t first = j, n = 1;
  int det = 0;
  while (first > lo && n < MAX_NOMINAL) {
    size_t k = first - 1;
    if (px__is_determiner(d, k) || possessive(d, k)) {
      first = k;
      det = 1;
      if (possessive(d, k)) /* "Mrs. Clinton's campaign": the owner too */
        while (first > lo && (px__is_name_tok(d, first - 1) ||
                              px__is_title(d, first - 1)))
          first--;
      break;
    }
    if (!is_word(d, k) || (is_stop(d, k) && !px__tok_is(d, k, "of"))) break;
    first = k, n++;
  }
  if (!det && !plural && !px__is_title(d, j)) return 0;
  if (!det) /* without a determiner only the words next to the head */
    while (first < j && px__tok_is(d, first, "of")) first++;
  set_span(&s->start, &s->end, d, first, j);
  s->name_start = s->start;
  s->name_end = s->end;
  s->head = (uint32_t)j;
  s->how = PX_SPEAKER_NOMINAL;
  return 1;
}

static int subject_at(const px_doc *d, size_t j, size_t lo, px__subject *s);

/* "Name, appositive, said": j is the comma before the verb. */
static int appositive_back(const px_doc *d, size_t j, size_t lo,
                           px__subject *s) {
  if (j > lo && tk(d, j - 1)->type == PX_TOK_QUOTE) return 0;
  size_t k = j, steps = 0;
  while (k > lo && steps++ < MAX_APPOSITIVE) {
    k--;
    if (tk(d, k)->type == PX_TOK_QUOTE) return 0;
    if (!px__tok_punct(d, k, ',')) continue;
    if (k == lo) return 0;
    px__subject inner;
    memset(&inner, 0, sizeof inner);
    if (!subject_at(d, k - 1, lo, &inner) || inner.how == PX_SPEAKER_PRONOUN)
      return 0;
    if (inner.how == PX_SPEAKER_NOMINAL) { /* "the lawyer, Jane Roe," */
      /* the first name after the comma: "the chairwoman, Sen. Ilona
       * Petrak of the Unity Party, said" is Petrak, not the party */
      for (size_t m = k + 1; m < j; m++)
        if (px__is_name_tok(d, m)) {
          while (m + 1 < j && px__is_name_tok(d, m + 1)) m++;
          px__subject nm;
          memset(&nm, 0, sizeof nm);
          if (name_back(d, m, k + 1, &nm)) {
            inner.name_start = nm.name_start;
            inner.name_end = nm.name_end;
            inner.head = nm.head;
            inner.how = PX_SPEAKER_NAME;
          }
          break;
        }
    }
    *s = inner;
    s->end = tk(d, j - 1)->end;
    return 1;
  }
  return 0;
}

/* The subject whose last token is j (after skipping adverbs). */
static int subject_at(const px_doc *d, size_t j, size_t lo, px__subject *s) {
  if (px__is_pronoun(d, j)) {
    set_span(&s->start, &s->end, d, j, j);
    s->name_start = s->start;
    s->name_end = s->end;
    s->head = (uint32_t)j;
    s->how = PX_SPEAKER_PRONOUN;
    return 1;
  }
  /* "Donald Trump, who said": the mention runs to "who", the word that
   * stands as the verb's subject, and the name is who speaks */
  if (px__tok_is(d, j, "who") && j > lo && px__tok_punct(d, j - 1, ',')) {
    if (j - 1 <= lo || !subject_at(d, j - 2, lo, s)) return 0;
    s->end = tk(d, j)->end;
    return 1;
  }
  if (px__is_name_tok(d, j)) return name_back(d, j, lo, s);
  if (px__tok_punct(d, j, ',')) return appositive_back(d, j, lo, s);
  if (is_word(d, j) && !is_stop(d, j)) return nominal_back(d, j, lo, s);
  return 0;
}

/* Steps back over a parenthesis that ends at token j - 1: "Sen. Marco
 * Rubio (R-Fla.) said". Returns the token after the subject. */
static size_t skip_paren(const px_doc *d, size_t j, size_t lo) {
  if (j <= lo + 1 || !px__tok_punct(d, j - 1, ')')) return j;
  for (size_t k = j - 1, n = 0; k > lo && n < MAX_PAREN; n++) {
    k--;
    if (px__tok_punct(d, k, '(')) return k;
  }
  return j;
}

static int subject_before(const px_doc *d, size_t cue, size_t lo,
                          px__subject *s) {
  size_t j = cue;
  while (j > lo && is_skippable(d, j - 1)) j--;
  j = skip_paren(d, j, lo);
  if (j == lo) return 0;
  return subject_at(d, j - 1, lo, s);
}

/* Inverted order after the verb: "said Trump", "said the president",
 * "said Sen. Jane Roe". */
static int subject_after(const px_doc *d, size_t k, size_t hi,
                         px__subject *s) {
  if (k >= hi) return 0;
  if (px__is_pronoun(d, k) && !px__tok_is(d, k, "it"))
    return subject_at(d, k, k, s);
  size_t e = k, n = 0;
  if (px__is_determiner(d, k)) {
    /* "said one of those advisers": "of" and a determiner go on */
    while (e + 1 < hi && n++ < MAX_NOMINAL && is_word(d, e + 1) &&
           (!is_stop(d, e + 1) || px__tok_is(d, e + 1, "of") ||
            (px__tok_is(d, e, "of") && px__is_determiner(d, e + 1))))
      e++;
    while (e > k && is_stop(d, e)) e--;
    if (e == k) return 0;
    return nominal_back(d, e, k, s);
  }
  /* "according to harbor chief Jane Rowe": role words before the name */
  size_t r = k;
  while (r < hi && r < k + MAX_ROLE &&
         (is_word(d, r) || tk(d, r)->type == PX_TOK_NUMBER ||
          (r > k && px__tok_punct(d, r, '/'))) &&
         ((!is_cap(d, r) && !is_stop(d, r)) || px__is_title(d, r) ||
          (r > k && px__tok_is(d, r, "of")) ||
          (px__tok_punct(d, r + 1, '.') && px__is_title(d, r))))
    r += px__tok_punct(d, r + 1, '.') ? 2 : 1;
  if (r > k && r < hi && px__is_name_tok(d, r)) e = r;
  else if (!is_cap(d, k) || is_stop(d, k)) return 0;
  while (e + 1 < hi && n++ < MAX_NAME + MAX_ROLE &&
         (is_cap(d, e + 1) || px__is_title(d, e + 1) ||
          (px__tok_punct(d, e + 1, '.') &&
                                px__is_title(d, e)) ||
          (px__tok_is(d, e + 1, "of") && e + 2 < hi && is_cap(d, e + 2))))
    e++;
  while (e > k && !px__is_name_tok(d, e)) e--;
  return px__is_name_tok(d, e) && name_back(d, e, k, s);
}

/* "according to X": the subject follows "to". */
static int according_to(const px_doc *d, size_t cue, size_t hi,
                        px__subject *s) {
  if (cue + 2 >= hi || !px__tok_is(d, cue + 1, "to")) return 0;
  return subject_after(d, cue + 2, hi, s);
}

static int ends_ing(const px_doc *d, size_t i) {
  const px_token *t = tk(d, i);
  return t->norm_len > 4 &&
         !memcmp(d->pool + t->norm + t->norm_len - 3, "ing", 3);
}

/* A verb that shares the sentence's subject: a participle after a comma
 * (", saying that ...", ", calling it ...") or a verb joined by "and" /
 * "but" ("praised Rubio and said ..."). */
static int shares_subject(const px_doc *d, size_t cue, size_t lo) {
  size_t j = cue;
  while (j > lo && is_skippable(d, j - 1)) j--;
  if (j <= lo + 1) return 0;
  if (px__tok_is(d, j - 1, "and") || px__tok_is(d, j - 1, "but")) return 1;
  const px_token *t = tk(d, cue);
  return px__tok_punct(d, j - 1, ',') && t->norm_len > 4 &&
         !memcmp(d->pool + t->norm + t->norm_len - 3, "ing", 3);
}

int px__subject_of(const px_doc *d, size_t cue, size_t lo, size_t hi,
                   px__subject *s) {
  memset(s, 0, sizeof *s);
  if (px__tok_is(d, cue, "according")) return according_to(d, cue, hi, s);
  if (subject_before(d, cue, lo, s)) {
    /* "Obama released a statement Thursday night condemning ...": the
     * noun before a participle is the object of the main verb; the one
     * who condemns is the sentence's subject, when it is a person */
    px__subject first;
    if (s->how == PX_SPEAKER_NOMINAL && ends_ing(d, cue) &&
        px__sentence_subject(d, lo, cue, &first) && first.start < s->start)
      *s = first;
    /* "spoke about the death of a man in Tulsa, Oklahoma, arguing ...":
     * a participle after a comma shares the sentence's subject, not the
     * name the comma follows */
    else if (s->how == PX_SPEAKER_NAME && ends_ing(d, cue) &&
             shares_subject(d, cue, lo) &&
             px__sentence_subject(d, lo, cue, &first) &&
             first.start < s->start && first.how != PX_SPEAKER_PRONOUN)
      *s = first;
    return 1;
  }
  memset(s, 0, sizeof *s);
  if (shares_subject(d, cue, lo) && px__sentence_subject(d, lo, cue, s))
    return 1;
  memset(s, 0, sizeof *s);
  unsigned f = px__cue_flags(d->pool + tk(d, cue)->norm, tk(d, cue)->norm_len);
  if (f & PX__CUE_OBJECT) return 0; /* after "told" stands the hearer */
  /* the token before may lie outside [lo, hi): it is only looked at */
  int inverted = cue > 0 && (tk(d, cue - 1)->type == PX_TOK_QUOTE ||
                             px__tok_punct(d, cue - 1, ','));
  return inverted && subject_after(d, cue + 1, hi, s);
}

/* After "?” Trump said" a long sentence may still be only the
 * attribution: what follows the verb (and an inverted subject) is a
 * preposition or a comma ("said to a crowd of about 500", "said,
 * clutching the lectern"), not the content of a new report. */
int px__attribution_tail(const px_doc *d, size_t cue, const px__subject *subj) {
  size_t k = cue + 1;
  while (k < d->n_toks && d->toks[k].start < subj->end) k++;
  if (k >= d->n_toks) return 0;
  static const char *const w[] = {"to", "at", "in", "on", "during", "after",
    "before", "as", "while", "of", "from", "with", "last", "this",
    "earlier", "yesterday", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", 0};
  if (px__tok_punct(d, k, ',')) return 1;
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, k, *p)) return 1;
  return 0;
}

int px__cue_ok(const px_doc *d, size_t i, int want_near) {
  const px_token *t = tk(d, i);
  if (t->type != PX_TOK_WORD) return 0;
  if (px__tok_is(d, i, "according")) return 1;
  unsigned f = px__cue_flags(d->pool + t->norm, t->norm_len);
  if (!(f & PX__CUE_SPEECH)) return 0;
  /* a capital inside a sentence is a name ("the United States"), no verb */
  if ((f & PX__CUE_NEAR) && (t->flags & PX_TF_CAP) &&
      !(t->flags & PX_TF_SENT_START))
    return 0;
  return want_near || !(f & PX__CUE_NEAR);
}

/* "according" alone may stand as a cue when a name comes before it
 * (aside_subject in quote_direct.c): "to" joins only when it is there. */
px_span px__cue_span(const px_doc *d, size_t cue) {
  px_span s;
  size_t last = cue + 1 < d->n_toks && px__tok_is(d, cue, "according") &&
                px__tok_is(d, cue + 1, "to") ? cue + 1 : cue;
  px__tok_span(d, cue, last, &s);
  return s;
}

int px__find_cue(const px_doc *d, size_t lo, size_t hi, int forward,
                 int want_near, size_t sent_lo, size_t sent_hi, size_t *cue,
                 px__subject *subj) {
  for (size_t n = 0; n < hi - lo && lo < hi; n++) {
    size_t i = forward ? lo + n : hi - 1 - n;
    if (!px__cue_ok(d, i, want_near)) continue;
    if (px__subject_of(d, i, sent_lo, sent_hi, subj)) {
      *cue = i;
      return 1;
    }
  }
  return 0;
}

/* Capitalised words that open sentences without naming anyone: days,
 * months, sentence adverbs, and participles or adverbs ("Speaking later",
 * "Citing obligations", "Soon after"). */
static int is_time_or_adverb(const px_doc *d, size_t t) {
  static const char *const w[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "today",
    "yesterday", "soon", "meanwhile", "instead", "later", "earlier", "now",
    "still", "yet", "however", "hours", "days", "weeks", "months", "years",
    "last", "next", "asked", "absolutely", 0};
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, t, *p)) return 1;
  if (!(tk(d, t)->flags & PX_TF_SENT_START)) return 0;
  const px_token *k = tk(d, t);
  const char *e = d->pool + k->norm + k->norm_len;
  return k->norm_len > 4 && (!memcmp(e - 3, "ing", 3) ||
                             !memcmp(e - 2, "ed", 2) || !memcmp(e - 2, "ly", 2));
}

/* A lower-case word that names a role: "aide", "delegate". A verb
 * between two names ("Cruz called Rubio") is none. */
static int role_noun(const px_doc *d, size_t k) {
  static const char *const w[] = {"delegate", "supporter", "activist",
    "voter", "organizer", "member", "lawyer", "staffer", "donor", 0};
  if (px__is_title(d, k)) return 1;
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, k, *p)) return 1;
  return 0;
}

/* "Texas delegate Bill Eastland", "Kremlin aide Yuri Ushakov", "Harbour
 * Minister Tomas Reyland": a name run e followed by a role word or two and
 * another name is the role of that name. Returns the last token of the name that is the subject. */
static size_t past_role(const px_doc *d, size_t e, size_t hi) {
  size_t k = e + 1;
  /* "Harbour Minister Tomas Reyland": a capitalised title too */
  while (k < hi && k < e + 4 && is_word(d, k) &&
         ((!is_cap(d, k) && role_noun(d, k)) || px__is_title(d, k)))
    k++;
  if (k == e + 1 || k >= hi || !px__is_name_tok(d, k)) return e;
  while (k + 1 < hi && px__is_name_tok(d, k + 1)) k++;
  return k;
}

/* Words that open a sentence with a phrase before its subject ("Following
 * the meeting, the council ...", "In a statement Friday, Cruz ..."). "As"
 * is not one: "As X put it, ..." names the speaker. */
static int opens_phrase(const px_doc *d, size_t t) {
  static const char *const w[] = {"in", "at", "on", "after", "before",
    "following", "with", "without", "during", "despite", "when", "while",
    "since", "although", "though", "if", "because", "unlike", "like", "amid",
    "among", "from", "for", "under", "over", "through", "upon", "by",
    "contrary", "alongside", "once", "until", "given", "asked", "speaking",
    "responding", "reprising", "acknowledging", "addressing", "writing",
    "however", "meanwhile", "instead", "indeed", "still", "yet", 0};
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, t, *p)) return 1;
  return (tk(d, t)->flags & PX_TF_CAP) && ends_ing(d, t);
}

/* Enough words to hold a whole introductory phrase. */
enum { MAX_PHRASE = 30 };

/* Past an introductory phrase that opens [lo, hi) and ends with a comma:
 * returns the token after the comma, or lo when there is none. */
static size_t past_phrase(const px_doc *d, size_t lo, size_t hi) {
  if (lo >= hi || !opens_phrase(d, lo)) return lo;
  for (size_t t = lo + 1; t < hi && t < lo + MAX_PHRASE; t++) {
    if (tk(d, t)->type == PX_TOK_QUOTE) return lo;
    if (px__tok_punct(d, t, ',')) return t + 1 < hi ? t + 1 : lo;
  }
  return lo;
}

static int is_dash(const px_doc *d, size_t t) {
  const px_token *k = tk(d, t);
  if (k->type != PX_TOK_PUNCT || !k->norm_len) return 0;
  for (uint32_t i = 0; i < k->norm_len; i++)
    if (d->pool[k->norm + i] != '-') return 0;
  return 1;
}

int px__tok_dash(const px_doc *d, size_t t) { return is_dash(d, t); }

/* Prepositions whose object is never the subject: "a rally in Carson",
 * "remarks about Mexico". */
static int takes_object(const px_doc *d, size_t t) {
  static const char *const w[] = {"in", "at", "of", "from", "to", "for",
    "with", "by", "on", "about", "against", "during", "after", "before",
    "into", "than", "including", "over", "under", "toward", "towards",
    "between", "behind", "near", "via", "like", 0};
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, t, *p)) return 1;
  return 0;
}

/* A dateline, not a subject: "WASHINGTON —", "Washington (AFP) –",
 * "WASHINGTON, Aug. 24 (UPI) —": a run [a, e] opening its paragraph line
 * followed by a dash or a parenthesis, or in capitals followed by a comma. */
static int dateline(const px_doc *d, size_t a, size_t e, size_t hi) {
  if (!(tk(d, a)->flags & PX_TF_SENT_START) || e + 1 >= hi) return 0;
  if (is_dash(d, e + 1) || px__tok_punct(d, e + 1, '(')) return 1;
  for (size_t k = a; k <= e; k++)
    if (!(tk(d, k)->flags & PX_TF_ALLCAP)) return 0;
  return px__tok_punct(d, e + 1, ',');
}

/* The subject of tokens [lo, hi): the first pronoun or name run. Unless
 * plain, past an opening phrase, and not a name that is an object or a
 * dateline. */
static int find_subject(const px_doc *d, size_t lo, size_t hi, px__subject *s,
                        int plain) {
  memset(s, 0, sizeof *s);
  size_t from = plain ? lo : past_phrase(d, lo, hi);
  for (size_t t = from; t < hi; t++) {
    if (tk(d, t)->type == PX_TOK_QUOTE) return 0;
    if (px__is_pronoun(d, t) && !px__tok_is(d, t, "it"))
      return subject_at(d, t, lo, s);
    if (!px__is_name_tok(d, t) || is_time_or_adverb(d, t)) continue;
    size_t e = t;
    while (e + 1 < hi && px__is_name_tok(d, e + 1)) e++;
    if (!plain &&
        ((t > from && takes_object(d, t - 1)) || dateline(d, t, e, hi))) {
      t = e;
      continue;
    }
    return name_back(d, past_role(d, e, hi), from, s);
  }
  return 0;
}

int px__first_name(const px_doc *d, size_t lo, size_t hi, px__subject *s) {
  return find_subject(d, lo, hi, s, 1);
}

int px__sentence_subject(const px_doc *d, size_t lo, size_t hi,
                         px__subject *s) {
  return find_subject(d, lo, hi, s, 0);
}
