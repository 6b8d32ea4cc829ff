/* entities.c — the people, places, organisations and amounts of one
 * article, with byte offsets, a canonical name per entity and the role or
 * title kept apart ("Kremlin aide Yuri Ushakov": person Yuri Ushakov, role
 * Kremlin aide).
 *
 * One pass over the tokens collects runs of capitalised words (with "of",
 * name particles and initials inside) and amounts (a number with its
 * modifier, multiplier and unit: "more than 300 drones", "$1.2 billion").
 * A second pass over the runs, which are few, types them by evidence in
 * this order: the lexicon (countries, subdivisions and demonyms from ISO
 * data; see entity_lex.c), organisation and place suffixes, a title or
 * role before the name, datelines, the nouns and prepositions around the
 * run ("in Dravsk", "the Ostrova dam", "mobile operator VeloNet"), the
 * endings country names share, speech verbs next to the run, and two or
 * more name words. A third pass types single words left open by what the
 * article named already: a surname or given name of a person ("Trump"
 * after "Donald Trump"), the first word of a place ("the Sarn" after "the
 * Sarn River"), a demonym of a place of the article ("Velorian" after
 * "Veloria"). Mentions of one entity share a group; the group's canonical
 * name is its fullest mention (the ISO short name for countries).
 *
 * Cost: a hash lookup or two per capitalised word, one bit set per lower
 * case word (a per-article filter that tells common words written in
 * capitals, "FULL TEXT", from names). No allocation per mention: every
 * array is reused from article to article. */
#include <stdlib.h>
#include <string.h>
#include "entity_internal.h"
#include "quote_internal.h"

/* T_NAME: two name words and nothing else known (place_led) */
enum { T_NONE = 255, T_NAME = 254, MAX_RUN = 8, ROLE_BACK = 4, BLOOM_WORDS = 1024 };

typedef struct run {
  uint32_t a, b;   /* name tokens [a, b] */
  uint32_t ra, rb; /* role tokens [ra, rb]; ra > rb: none */
  uint32_t sent_lo, sent_hi; /* the sentence's tokens */
  uint64_t key;    /* key of the name's words */
  uint32_t lexv;   /* lexicon value of key */
  uint32_t group;
  uint32_t canon;  /* lexicon canon index, 0 when none */
  uint8_t type;
  uint8_t headline, sent_start, possessive;
  uint8_t titled;  /* the role holds a title, not only a country ("U.S.") */
  uint8_t nw;      /* words of the name, joiners aside */
} run;

typedef struct group {
  uint8_t type;
  uint32_t best;   /* run index of the fullest mention */
  uint32_t canon;  /* lexicon canon index, 0: from the best mention */
  uint32_t off;    /* pool offset of the canonical name */
} group;

struct px_entity_finder {
  uint64_t *hash;
  size_t cap_hash;
  uint32_t *val;   /* per token: its lexicon value, LEXV_UNSET until asked
                      (the lexicon's hash looked up once a token) */
  size_t cap_val;
  run *runs;
  size_t n_runs, cap_runs;
  px_entity *ents;
  size_t n_ents, cap_ents;
  uint32_t *ent_off, *unit_off; /* pool offsets until the end */
  size_t cap_ent_off, cap_unit_off;
  group *groups;
  size_t n_groups, cap_groups;
  px__hmap keys;   /* salted entity key -> group */
  char *pool;
  size_t pool_len, cap_pool;
  uint64_t lower[BLOOM_WORDS]; /* words seen in lower case */
  int leads_found; /* find_leads ran for this article */
  const px__lex *lex;
};

static const char *const type_names[] = {"person", "place", "organisation",
                                         "amount"};

const char *px_entity_type_name(px_entity_type t) {
  return (unsigned)t < PX_ENT_COUNT ? type_names[t] : "unknown";
}

px_entity_finder *px_entity_finder_new(void) {
  px_entity_finder *ef = calloc(1, sizeof *ef);
  if (ef) ef->lex = px__lex_get();
  return ef;
}

void px_entity_finder_free(px_entity_finder *ef) {
  if (!ef) return;
  free(ef->hash);
  free(ef->val);
  free(ef->runs);
  free(ef->ents);
  free(ef->ent_off);
  free(ef->unit_off);
  free(ef->groups);
  px__hmap_free(&ef->keys);
  free(ef->pool);
  free(ef);
}

/* ---- tokens ------------------------------------------------------------ */

static int is_word(const px_doc *d, size_t i) {
  return d->toks[i].type == PX_TOK_WORD;
}
static int is_lower_word(const px_doc *d, size_t i) {
  return is_word(d, i) && !(d->toks[i].flags & (PX_TF_CAP | PX_TF_ALLCAP));
}
#define LEXV_UNSET UINT32_MAX
static uint32_t lexv(const px_entity_finder *ef, size_t i) {
  if (ef->val[i] == LEXV_UNSET) ef->val[i] = px__lex_get_val(ef->lex, ef->hash[i]);
  return ef->val[i];
}
static int seen_lower(const px_entity_finder *ef, uint64_t h) {
  return (ef->lower[(h >> 6) % BLOOM_WORDS] >> (h & 63)) & 1;
}

/* Length of a possessive ending of a folded word ("'s", "s'"), else 0. */
static size_t possessive_len(const char *w, size_t n) {
  if (n > 3 && !memcmp(w + n - 2, "'s", 2)) return 2;
  if (n > 5 && !memcmp(w + n - 4, "\xe2\x80\x99s", 4)) return 4;
  return 0;
}

/* Bytes of a possessive ending in the text of token t ("'s", "’s"). */
static uint32_t possessive_text(const px_doc *d, const px_token *t) {
  const char *s = d->text + t->start;
  size_t n = t->end - t->start;
  if (n > 3 && !memcmp(s + n - 2, "'s", 2)) return 2;
  if (n > 5 && !memcmp(s + n - 4, "\xe2\x80\x99s", 4)) return 4;
  return 0;
}

/* Lexicon keys of the folded words: the tokenizer's hash, but for a
 * possessive, hashed without its ending ("Veloria's" is Veloria); and the
 * filter of lower-case words. */
static int hash_tokens(px_entity_finder *ef, const px_doc *d) {
  if (px__grow((void **)&ef->hash, &ef->cap_hash, d->n_toks + 1,
               sizeof *ef->hash) ||
      px__grow((void **)&ef->val, &ef->cap_val, d->n_toks + 1, sizeof *ef->val))
    return -1;
  memset(ef->val, 0xff, d->n_toks * sizeof *ef->val);
  memset(ef->lower, 0, sizeof ef->lower);
  for (size_t i = 0; i < d->n_toks; i++) {
    const px_token *t = &d->toks[i];
    if (t->type > PX_TOK_NUMBER) {
      ef->hash[i] = 0;
      continue;
    }
    const char *w = d->pool + t->norm;
    uint64_t h;
    size_t pl;
    if ((t->flags & PX_TF_CAP) && (pl = possessive_len(w, t->norm_len)))
      h = px__lex_word_hash(w, t->norm_len - pl);
    else
      h = t->hash ? t->hash : 1; /* px__lex_word_hash of the folded form */
    ef->hash[i] = h;
    if (!(t->flags & (PX_TF_CAP | PX_TF_ALLCAP)))
      ef->lower[(h >> 6) % BLOOM_WORDS] |= (uint64_t)1 << (h & 63);
  }
  return 0;
}

/* Can token i be a word of a name? */
static int name_word(const px_entity_finder *ef, const px_doc *d, size_t i) {
  const px_token *t = &d->toks[i];
  if (t->type != PX_TOK_WORD || !(t->flags & (PX_TF_CAP | PX_TF_ALLCAP)))
    return 0;
  if ((t->flags & PX_TF_STOP) && !(t->flags & PX_TF_ALLCAP)) return 0;
  if (px__is_pronoun(d, i)) return 0;
  return !(lexv(ef, i) & PX__LX_DAY);
}

/* A capital letter alone: an initial when a full stop follows. */
static int initial(const px_doc *d, size_t i) {
  const px_token *t = &d->toks[i];
  return t->type == PX_TOK_WORD && t->end - t->start == 1 &&
         (t->flags & PX_TF_CAP);
}

/* Words inside a name: "Bank of England", "Ludwig van Beethoven",
 * "Growers' Association". */
static int joiner_at(const px_entity_finder *ef, const px_doc *d, size_t i) {
  const px_token *t = &d->toks[i];
  if (t->type == PX_TOK_QUOTE)
    return i > 0 && d->toks[i - 1].end == t->start && t->quote == '\'';
  return t->type == PX_TOK_WORD && (lexv(ef, i) & PX__LX_JOINER);
}
#define joiner(d, i) joiner_at(ef, (d), (i))

static int dash(const px_doc *d, size_t i) { return px__tok_dash(d, i); }

/* ---- amounts ----------------------------------------------------------- */

static int push_ent(px_entity_finder *ef, px_entity e, uint32_t off,
                    uint32_t unit) {
  size_t n = ef->n_ents;
  if (px__grow((void **)&ef->ents, &ef->cap_ents, n + 1, sizeof *ef->ents) ||
      px__grow((void **)&ef->ent_off, &ef->cap_ent_off, n + 1,
               sizeof *ef->ent_off) ||
      px__grow((void **)&ef->unit_off, &ef->cap_unit_off, n + 1,
               sizeof *ef->unit_off))
    return -1;
  ef->ents[n] = e;
  ef->ent_off[n] = off;
  ef->unit_off[n] = unit;
  ef->n_ents = n + 1;
  return 0;
}

static int pool_add(px_entity_finder *ef, const char *s, size_t n,
                    uint32_t *off) {
  if (ef->pool_len + n + 1 > PX__GROW_MAX ||
      px__grow((void **)&ef->pool, &ef->cap_pool, ef->pool_len + n + 1, 1))
    return -1;
  memcpy(ef->pool + ef->pool_len, s, n);
  ef->pool[ef->pool_len + n] = '\0';
  *off = (uint32_t)ef->pool_len;
  ef->pool_len += n + 1;
  return 0;
}

static int is_currency(const px_doc *d, size_t i) {
  const px_token *t = &d->toks[i];
  if (t->type != PX_TOK_PUNCT) return 0;
  const char *s = d->pool + t->norm;
  return (t->norm_len == 1 && *s == '$') ||
         (t->norm_len == 2 && !memcmp(s, "\xc2\xa3", 2)) ||     /* £ */
         (t->norm_len == 3 && !memcmp(s, "\xe2\x82\xac", 3)) || /* € */
         (t->norm_len == 2 && !memcmp(s, "\xc2\xa5", 2));       /* ¥ */
}

/* Where an amount's modifier starts, back from token k (the number or its
 * currency sign): "more than", "up to", "at least", "about", "over". */
static size_t modifier_start(const px_entity_finder *ef, const px_doc *d,
                             size_t k, size_t lo) {
  size_t s = k;
  while (s > lo && s + 3 > k && is_lower_word(d, s - 1) &&
         (lexv(ef, s - 1) & PX__LX_MOD)) {
    size_t m = s - 1;
    int needs_before = px__tok_is(d, m, "than") || px__tok_is(d, m, "to") ||
                       px__tok_is(d, m, "least");
    if (needs_before) {
      if (m == lo || !(px__tok_is(d, m - 1, "more") ||
                       px__tok_is(d, m - 1, "less") ||
                       px__tok_is(d, m - 1, "fewer") ||
                       px__tok_is(d, m - 1, "up") ||
                       px__tok_is(d, m - 1, "at")))
        break;
      s = m - 1;
    } else if (px__tok_is(d, m, "more") || px__tok_is(d, m, "less") ||
               px__tok_is(d, m, "fewer") || px__tok_is(d, m, "up") ||
               px__tok_is(d, m, "at")) {
      break; /* only with the word after them */
    } else {
      s = m;
    }
  }
  return s;
}

/* An amount at number token i of sentence tokens [lo, hi): emitted when
 * it has a unit, a currency or a percent sign; dates, times and years
 * are not amounts. Returns the last token used (i when none). */
static int amount_at(px_entity_finder *ef, const px_doc *d, size_t i,
                     size_t lo, size_t hi, size_t *last) {
  const px_token *t = &d->toks[i];
  *last = i;
  if (i > lo && (is_word(d, i - 1) && (lexv(ef, i - 1) & PX__LX_DAY)))
    return 0;
  if (i + 1 < hi && is_word(d, i + 1) && (lexv(ef, i + 1) & PX__LX_DAY))
    return 0;
  if ((i > lo && px__tok_punct(d, i - 1, ':')) ||
      (i + 1 < hi && px__tok_punct(d, i + 1, ':')))
    return 0;
  int cur = i > lo && is_currency(d, i - 1);
  const char *num = d->pool + t->norm;
  if (!cur && t->norm_len == 4 && (num[0] == '1' || num[0] == '2') &&
      memchr("89012", num[1], 5) && !memchr(num, ',', 4) &&
      !memchr(num, '.', 4))
    return 0; /* a year */
  size_t j = i + 1, mult = 0, unit_a = 0, unit_b = 0;
  if (j < hi && is_lower_word(d, j) && (lexv(ef, j) & PX__LX_MULT)) mult = j++;
  const char *unit = NULL;
  size_t unit_len = 0;
  if (j < hi && px__tok_punct(d, j, '%')) {
    unit = "percent", unit_len = 7, *last = j;
  } else if (cur) {
    unit = d->text + d->toks[i - 1].start;
    unit_len = d->toks[i - 1].end - d->toks[i - 1].start;
    *last = mult ? mult : i;
  } else if (j + 1 < hi && px__tok_is(d, j, "per") &&
             px__tok_is(d, j + 1, "cent")) {
    unit = "percent", unit_len = 7, *last = j + 1;
  } else if (j < hi && is_lower_word(d, j) &&
             !(d->toks[j].flags & PX_TF_STOP) && d->toks[j].norm_len >= 2 &&
             !(lexv(ef, j) & (PX__LX_DAY | PX__LX_MOD))) {
    unit_a = j, unit_b = j;
    unit = d->pool + d->toks[j].norm;
    unit_len = d->toks[j].norm_len;
    *last = j;
  } else {
    return 0;
  }
  (void)unit_a;
  (void)unit_b;
  size_t first = modifier_start(ef, d, cur ? i - 1 : i, lo);
  char buf[160];
  size_t n = 0;
  if (cur && unit_len < 8) memcpy(buf, unit, unit_len), n = unit_len;
  for (size_t k = 0; k < t->norm_len && n < 60; k++)
    if (num[k] != ',') buf[n++] = num[k];
  if (mult) {
    const px_token *m = &d->toks[mult];
    buf[n++] = ' ';
    size_t ml = m->norm_len < 16 ? m->norm_len : 16;
    memcpy(buf + n, d->pool + m->norm, ml);
    n += ml;
  }
  if (!cur && unit_len < 60) {
    buf[n++] = ' ';
    memcpy(buf + n, unit, unit_len);
    n += unit_len;
  }
  uint32_t off, uoff;
  if (pool_add(ef, buf, n, &off) || pool_add(ef, unit, unit_len, &uoff))
    return -1;
  px_entity e;
  memset(&e, 0, sizeof e);
  e.text.start = d->toks[first].start;
  e.text.end = d->toks[*last].end;
  e.type = PX_ENT_AMOUNT;
  e.group = UINT32_MAX;
  return push_ent(ef, e, off, uoff) ? -1 : 1;
}

/* ---- runs -------------------------------------------------------------- */

/* Is the sentence a headline: in Title Case, without a full stop? A
 * sentence of many names ends with one. */
static int title_case(const px_doc *d, const px_sentence *s) {
  if (s->tok_end > s->tok_begin && px__tok_punct(d, s->tok_end - 1, '.'))
    return 0;
  size_t words = 0, caps = 0;
  for (size_t i = s->tok_begin; i < s->tok_end; i++) {
    const px_token *t = &d->toks[i];
    if (t->type != PX_TOK_WORD) continue;
    words++;
    caps += (t->flags & (PX_TF_CAP | PX_TF_ALLCAP)) != 0;
  }
  return words >= 3 && caps * 5 >= words * 3;
}

static uint64_t key_of(const px_entity_finder *ef, const px_doc *d, size_t a,
                       size_t b) {
  uint64_t k = 0;
  int first = 1;
  for (size_t i = a; i <= b; i++) {
    if (!ef->hash[i]) continue;
    k = first ? ef->hash[i] : px__lex_mix(k, ef->hash[i]);
    first = 0;
  }
  (void)d;
  return k;
}

/* Role words back from token k (a lower-case title such as "aide"):
 * titles, capitalised words and a lower-case word or two ("foreign policy
 * aide"), not past a possessive or a function word. */
static size_t role_back(const px_entity_finder *ef, const px_doc *d, size_t k,
                        size_t lo) {
  size_t r = k;
  while (r > lo && r + ROLE_BACK > k) {
    size_t m = r - 1;
    const px_token *t = &d->toks[m];
    if (t->type != PX_TOK_WORD || (t->flags & PX_TF_STOP)) break;
    if (possessive_len(d->pool + t->norm, t->norm_len)) break;
    if (lexv(ef, m) & PX__LX_DAY) break;
    r = m;
  }
  return r;
}

static int push_run(px_entity_finder *ef, const run *r) {
  if (px__grow((void **)&ef->runs, &ef->cap_runs, ef->n_runs + 1,
               sizeof *ef->runs))
    return -1;
  ef->runs[ef->n_runs++] = *r;
  return 0;
}

static size_t count_words(const px_entity_finder *ef, const px_doc *d,
                          const run *r) {
  size_t n = 0;
  for (size_t i = r->a; i <= r->b; i++) n += !joiner(d, i);
  return n;
}
/* A title, or a title's plural ("Presidents"). */
static int is_title(const px_entity_finder *ef, const px_doc *d, size_t k) {
  if (lexv(ef, k) & PX__LX_TITLE) return 1;
  const px_token *t = &d->toks[k];
  const char *w = d->pool + t->norm;
  return t->type == PX_TOK_WORD && t->norm_len > 4 &&
         w[t->norm_len - 1] == 's' &&
         (px__lex_get_val(ef->lex, px__lex_word_hash(w, t->norm_len - 1)) &
          PX__LX_TITLE);
}

/* Splits the raw run [a, b] into role and name and records it. */
static int take_run(px_entity_finder *ef, const px_doc *d, size_t a, size_t b,
                    size_t lo, size_t hi, int headline) {
  run r;
  memset(&r, 0, sizeof r);
  r.ra = 1, r.rb = 0;
  r.sent_lo = (uint32_t)lo;
  r.sent_hi = (uint32_t)hi;
  r.headline = (uint8_t)headline;
  r.type = T_NONE;
  /* a sentence's first word written in lower case elsewhere is no name */
  if (a == lo && a < b && seen_lower(ef, ef->hash[a]) &&
      !(lexv(ef, a) & (PX__LX_TITLE | PX__LX_DEMONYM | PX__LX_PLACE)))
    a++;
  while (a < b && joiner(d, a)) a++;
  r.sent_start = a == lo;
  if (!(lexv(ef, b) & PX__LX_ORG_SUF)) {
    size_t t = b + 1; /* the last title of the run */
    for (size_t k = a; k <= b; k++)
      if (is_title(ef, d, k)) t = k;
    if (t <= b) {
      r.ra = (uint32_t)a, r.rb = (uint32_t)t;
      a = t + 1;
      while (a <= b && joiner(d, a)) a++;
      if (a > b) { /* all role: "President", "U.S." */
        r.a = r.ra, r.b = r.rb;
        r.type = T_NONE;
        return push_run(ef, &r);
      }
    }
  }
  /* a lower-case role before the run: "Kremlin aide Yuri Ushakov" */
  if (r.ra > r.rb && a > lo && is_lower_word(d, a - 1) &&
      (lexv(ef, a - 1) & PX__LX_TITLE)) {
    size_t s = role_back(ef, d, a - 1, lo);
    r.ra = (uint32_t)s, r.rb = (uint32_t)(a - 1);
    /* a run the role swallowed ("Kremlin") is part of the role */
    while (ef->n_runs && ef->runs[ef->n_runs - 1].sent_lo == lo &&
           ef->runs[ef->n_runs - 1].a >= s) {
      ef->runs[ef->n_runs - 1].type = T_NONE;
      ef->runs[ef->n_runs - 1].rb = 0, ef->runs[ef->n_runs - 1].ra = 1;
      ef->runs[ef->n_runs - 1].b = 0, ef->runs[ef->n_runs - 1].a = 1;
      break;
    }
  }
  for (size_t k = r.ra; k <= r.rb && r.ra <= r.rb; k++)
    if (is_title(ef, d, k) &&
        !(lexv(ef, k) & (PX__LX_PLACE | PX__LX_DEMONYM)))
      r.titled = 1;
  const px_token *lt = &d->toks[b];
  r.possessive =
      possessive_len(d->pool + lt->norm, lt->norm_len) != 0;
  r.a = (uint32_t)a, r.b = (uint32_t)b;
  r.nw = (uint8_t)count_words(ef, d, &r);
  r.key = key_of(ef, d, a, b);
  r.lexv = px__lex_get_val(ef->lex, r.key);
  return push_run(ef, &r);
}

/* ---- typing ------------------------------------------------------------ */

#define SALT_PERSON 0x50e4a1ULL
#define SALT_FIRST 0xf1257ULL
#define SALT_PLACE 0x91ace0ULL
#define SALT_ORG 0x0a6ULL
#define SALT_CANON 0xca0aULL
#define SALT_HEAD 0x4eadULL
#define SALT_LEAD 0x1eadULL /* a word the article makes a place */

static uint64_t salted(uint64_t k, uint64_t salt);
static uint32_t lookup(const px_entity_finder *ef, uint64_t key);
static int alias(px_entity_finder *ef, uint64_t key, uint32_t g);

#define name_words(d, r) ((size_t)(r)->nw)

static int all_caps(const px_doc *d, const run *r) {
  for (size_t i = r->a; i <= r->b; i++)
    if (is_word(d, i) && !(d->toks[i].flags & PX_TF_ALLCAP)) return 0;
  return 1;
}

/* The next token after b in the sentence skipping a comma, or SIZE_MAX. */
static size_t next_tok(const px_doc *d, size_t b, size_t hi) {
  return b + 1 < hi ? b + 1 : SIZE_MAX;
}

/* Is the run the subject or the inverted subject of a speech verb? */
static int speaks(const px_doc *d, const run *r, size_t hi) {
  size_t k = r->b + 1;
  while (k < hi && px__is_skippable(d, k)) k++;
  if (k < hi && px__cue_ok(d, k, 0)) return 1;
  size_t p = r->ra <= r->rb ? r->ra : r->a;
  if (p > r->sent_lo && px__cue_ok(d, p - 1, 0) &&
      !px__tok_is(d, p - 1, "according"))
    return 1;
  return p >= r->sent_lo + 2 && px__tok_is(d, p - 1, "to") &&
         px__tok_is(d, p - 2, "according");
}

static int dateline(const px_doc *d, const run *r, size_t hi) {
  if (!r->sent_start) return 0;
  size_t k = r->b + 1;
  if (k >= hi) return 0;
  if (dash(d, k) || px__tok_punct(d, k, '(')) return 1;
  return all_caps(d, r) && px__tok_punct(d, k, ',');
}

/* The strong evidence for a run's type; T_NONE when there is none. */
static uint8_t type_of(px_entity_finder *ef, const px_doc *d, run *r,
                       size_t hi) {
  size_t n = name_words(d, r);
  uint32_t lv = r->lexv, last = lexv(ef, r->b);
  if (n == 1 && (lookup(ef, salted(r->key, SALT_PERSON)) != UINT32_MAX ||
                 lookup(ef, salted(r->key, SALT_FIRST)) != UINT32_MAX))
    return PX_ENT_PERSON; /* "Dorrance" after "Anselm Dorrance" */
  if (lv & PX__LX_PLACE) return r->canon = lv >> PX__LX_SHIFT, PX_ENT_PLACE;
  if (n == 1 && (lv & PX__LX_DEMONYM))
    return r->canon = lv >> PX__LX_SHIFT, PX_ENT_PLACE;
  if (r->headline) return (n >= 2 && (last & PX__LX_ORG_SUF)) ? PX_ENT_ORG
                                                             : T_NONE;
  if ((last & PX__LX_ORG_SUF) && (n >= 2 || !r->sent_start)) return PX_ENT_ORG;
  if (n >= 3 && (lexv(ef, r->a) & PX__LX_ORG_HEAD) &&
      px__tok_is(d, r->a + 1, "of"))
    return PX_ENT_ORG;
  if (n >= 2 && (last & PX__LX_PLACE_SUF)) return PX_ENT_PLACE;
  int of = 0; /* "Port of Brennhaven": a place; people have no "of" */
  for (size_t i = r->a + 1; i < r->b; i++) of |= px__tok_is(d, i, "of");
  if (of && (lexv(ef, r->a) & (PX__LX_PLACE_SUF | PX__LX_PLACE_OF)))
    return PX_ENT_PLACE;
  int caps = all_caps(d, r);
  if (caps && dateline(d, r, hi)) return PX_ENT_PLACE;
  if (caps) {
    int common = 1;
    for (size_t i = r->a; i <= r->b; i++)
      if (is_word(d, i) && !seen_lower(ef, ef->hash[i])) common = 0;
    /* "FULL TEXT", "BREAKING NEWS": capitals of several words that are no
     * dateline are a heading */
    if (common || n >= 2) return T_NONE;
    size_t len = d->toks[r->a].end - d->toks[r->a].start;
    if (n == 1 && len >= 2 && len <= 5) return PX_ENT_ORG; /* "NATO" */
  }
  if (r->titled) return PX_ENT_PERSON;
  if (dateline(d, r, hi)) return PX_ENT_PLACE;
  size_t nx = next_tok(d, r->b, hi);
  size_t pv = r->a > r->sent_lo ? r->a - 1 : SIZE_MAX;
  size_t pv2 = pv != SIZE_MAX && pv > r->sent_lo &&
                       px__tok_punct(d, pv, ',') ? pv - 1 : pv;
  if (!r->possessive) {
    if (nx != SIZE_MAX && is_lower_word(d, nx)) {
      uint32_t v = lexv(ef, nx);
      if (v & PX__LX_PLACE_SUF) return PX_ENT_PLACE;
      if (v & PX__LX_ORG_NOUN) return PX_ENT_ORG;
    }
  }
  /* "mobile operator VeloNet", "telecoms group, Dravtel, made" */
  if (pv2 != SIZE_MAX && is_lower_word(d, pv2) &&
      (lexv(ef, pv2) & PX__LX_ORG_NOUN) &&
      (pv2 == pv || (nx != SIZE_MAX && px__tok_punct(d, nx, ','))))
    return PX_ENT_ORG;
  if (pv != SIZE_MAX && !r->possessive) {
    size_t p = pv;
    if (px__tok_is(d, p, "the") && p > r->sent_lo) p--;
    if (is_lower_word(d, p) && (lexv(ef, p) & PX__LX_PLACE_PREP))
      return PX_ENT_PLACE;
    if (px__tok_is(d, pv, "of") && pv > r->sent_lo &&
        is_lower_word(d, pv - 1) && (lexv(ef, pv - 1) & PX__LX_PLACE_OF))
      return PX_ENT_PLACE;
  }
  if (nx != SIZE_MAX && px__tok_punct(d, nx, ',') && nx + 1 < hi &&
      (lexv(ef, nx + 1) & PX__LX_PLACE) && (d->toks[nx + 1].flags & PX_TF_CAP))
    return PX_ENT_PLACE; /* "Budapest, Hungary" */
  if (pv != SIZE_MAX && px__tok_punct(d, pv, '(') && nx != SIZE_MAX &&
      px__tok_punct(d, nx, ')') && nx + 1 < d->n_toks && dash(d, nx + 1))
    return PX_ENT_ORG; /* "(Eastwire) -": a wire's credit */
  if (n == 1) {
    const px_token *t = &d->toks[r->a];
    size_t len = t->norm_len - possessive_len(d->pool + t->norm, t->norm_len);
    if (px__lex_country_ending(ef->lex, d->pool + t->norm, len))
      return PX_ENT_PLACE;
  }
  /* a lone word opening a sentence ("Critics said") needs more */
  if (speaks(d, r, hi) && !r->sent_start) return PX_ENT_PERSON;
  if (n >= 2 && !of) return T_NAME;
  return T_NONE;
}

/* The single words the article makes places by their own evidence ("in
 * Castelmar"), wherever they stand: looked for once an article, when a
 * run needs them. -1 when out of memory. */
static int find_leads(px_entity_finder *ef, const px_doc *d) {
  ef->leads_found = 1;
  for (size_t i = 0; i < ef->n_runs; i++) {
    run tmp = ef->runs[i];
    if (tmp.a != tmp.b || (tmp.ra <= tmp.rb && tmp.a >= tmp.ra && tmp.b <= tmp.rb))
      continue;
    if (type_of(ef, d, &tmp, tmp.sent_hi) == PX_ENT_PLACE &&
        alias(ef, salted(ef->hash[tmp.a], SALT_LEAD), 0))
      return -1;
  }
  return 0;
}

/* A run of name words led by a word the article makes a place, or a
 * demonym of one, is an organisation ("Castelmar Rovers", "Brennhaven
 * Athletic", "Velorian Cup"), else a person. Only the article's places
 * count, not the country list: "Jordan Smith" and "Chad Johnson" are
 * people. */
static uint8_t place_led(px_entity_finder *ef, const px_doc *d,
                         const run *r) {
  /* out of memory there, the run is typed as before leads were known */
  if (!ef->leads_found && find_leads(ef, d)) return PX_ENT_PERSON;
  const px_token *t = &d->toks[r->a];
  const char *w = d->pool + t->norm;
  if (lookup(ef, salted(ef->hash[r->a], SALT_LEAD)) != UINT32_MAX ||
      (t->norm_len > 4 && w[t->norm_len - 1] == 'n' &&
       lookup(ef, salted(px__lex_word_hash(w, t->norm_len - 1), SALT_LEAD)) !=
           UINT32_MAX) ||
      (lexv(ef, r->a) & PX__LX_DEMONYM))
    return PX_ENT_ORG;
  return PX_ENT_PERSON;
}

/* ---- groups ------------------------------------------------------------ */


static uint64_t salted(uint64_t k, uint64_t salt) {
  uint64_t s = px__lex_mix(k, salt * 0x9E3779B97F4A7C15ULL);
  return s ? s : 1;
}

/* The group under key, created (of type t, best mention ri) when new. */
static int group_for(px_entity_finder *ef, uint64_t key, uint8_t t, size_t ri,
                     uint32_t canon, uint32_t *out) {
  int created;
  uint32_t *g = px__hmap_put(&ef->keys, key, (uint32_t)ef->n_groups, &created);
  if (!g) return -1;
  if (created) {
    if (px__grow((void **)&ef->groups, &ef->cap_groups, ef->n_groups + 1,
                 sizeof *ef->groups))
      return -1;
    ef->groups[ef->n_groups++] = (group){t, (uint32_t)ri, canon, 0};
  }
  *out = *g;
  return 0;
}

static int alias(px_entity_finder *ef, uint64_t key, uint32_t g) {
  int created;
  uint32_t *v = px__hmap_put(&ef->keys, key, g, &created);
  return v ? 0 : -1;
}

static uint32_t lookup(const px_entity_finder *ef, uint64_t key) {
  const uint32_t *v = px__hmap_get(&ef->keys, key);
  return v ? *v : UINT32_MAX;
}

/* Is run x a fuller mention than run y (more words; the first wins)? */
static int fuller(const px_doc *d, const run *x, const run *y) {
  return name_words(d, x) > name_words(d, y) ||
         (name_words(d, x) == name_words(d, y) && all_caps(d, y) &&
          !all_caps(d, x));
}

/* Puts a typed run in its group: people by surname (the last word),
 * places and organisations by their words (countries by their ISO
 * entry); registers the aliases later single words may use. */
static int group_run(px_entity_finder *ef, const px_doc *d, size_t ri) {
  run *r = &ef->runs[ri];
  uint32_t g;
  if (r->type == PX_ENT_PERSON) {
    uint64_t sur = salted(ef->hash[r->b], SALT_PERSON);
    if (group_for(ef, sur, PX_ENT_PERSON, ri, 0, &g)) return -1;
    if (r->b > r->a && lookup(ef, salted(ef->hash[r->a], SALT_FIRST)) ==
                           UINT32_MAX &&
        alias(ef, salted(ef->hash[r->a], SALT_FIRST), g))
      return -1;
  } else {
    uint64_t salt = r->type == PX_ENT_PLACE ? SALT_PLACE : SALT_ORG;
    uint64_t key = r->canon ? salted(r->canon, SALT_CANON) : salted(r->key, salt);
    /* "Sarn River" after "Sarn": the fuller name joins the shorter's group */
    uint32_t g0 = r->b > r->a && !r->canon
                      ? lookup(ef, salted(ef->hash[r->a], salt)) : UINT32_MAX;
    if (g0 != UINT32_MAX && ef->groups[g0].type == r->type &&
        !ef->groups[g0].canon && lookup(ef, key) == UINT32_MAX) {
      if (alias(ef, key, g0)) return -1;
    }
    if (group_for(ef, key, r->type, ri, r->canon, &g)) return -1;
    if (!r->canon && alias(ef, salted(r->key, salt), g)) return -1;
    if (r->b > r->a && lookup(ef, salted(ef->hash[r->a], SALT_HEAD)) ==
                           UINT32_MAX &&
        alias(ef, salted(ef->hash[r->a], SALT_HEAD), g))
      return -1;
  }
  r->group = g;
  group *gp = &ef->groups[g];
  if (gp->type != r->type) { /* a surname shared by a place: keep the group's */
    r->type = gp->type;
  }
  if (!gp->canon && fuller(d, r, &ef->runs[gp->best])) gp->best = (uint32_t)ri;
  return 0;
}

/* Types a single word left open by the article's entities: a person's
 * surname or given name, a place's or organisation's first word, a
 * demonym of a place of the article ("Velorian" for "Veloria"). */
static void type_by_alias(px_entity_finder *ef, const px_doc *d, run *r) {
  uint32_t g;
  if ((g = lookup(ef, salted(r->key, SALT_PERSON))) != UINT32_MAX ||
      (g = lookup(ef, salted(r->key, SALT_FIRST))) != UINT32_MAX ||
      (g = lookup(ef, salted(r->key, SALT_PLACE))) != UINT32_MAX ||
      (g = lookup(ef, salted(r->key, SALT_ORG))) != UINT32_MAX ||
      (g = lookup(ef, salted(r->key, SALT_HEAD))) != UINT32_MAX) {
    r->type = ef->groups[g].type;
    r->group = g;
    return;
  }
  if (r->a != r->b || r->headline) return;
  const px_token *t = &d->toks[r->a];
  const char *w = d->pool + t->norm;
  size_t n = t->norm_len - possessive_len(w, t->norm_len);
  if (n > 4 && w[n - 1] == 'n') { /* "Velorian" -> "Veloria" */
    uint64_t k = px__lex_word_hash(w, n - 1);
    if ((g = lookup(ef, salted(k, SALT_PLACE))) != UINT32_MAX &&
        ef->groups[g].type == PX_ENT_PLACE) {
      r->type = PX_ENT_PLACE;
      r->group = g;
    }
  }
}

/* "Velorian" typed a place before "Veloria" was seen: into its group. */
static void demonym_of_place(px_entity_finder *ef, const px_doc *d, run *r) {
  const px_token *t = &d->toks[r->a];
  const char *w = d->pool + t->norm;
  size_t n = t->norm_len;
  if (n <= 4 || w[n - 1] != 'n') return;
  uint32_t g = lookup(ef, salted(px__lex_word_hash(w, n - 1), SALT_PLACE));
  if (g != UINT32_MAX && ef->groups[g].type == PX_ENT_PLACE) r->group = g;
}

/* "the Terhaven and Vell border crossings": a name joined by "and" or
 * "or" to a place or organisation right after it takes its type. */
static int coordinated(px_entity_finder *ef, const px_doc *d, size_t i) {
  run *r = &ef->runs[i];
  if (i + 1 >= ef->n_runs || r->headline) return 0;
  const run *nx = &ef->runs[i + 1];
  if (nx->sent_lo != r->sent_lo || nx->a != r->b + 2 ||
      !(px__tok_is(d, r->b + 1, "and") || px__tok_is(d, r->b + 1, "or")) ||
      (nx->type != PX_ENT_PLACE && nx->type != PX_ENT_ORG) ||
      nx->a != nx->b)
    return 0;
  r->type = nx->type;
  return 1;
}

/* ---- descriptions: "the Russian leader" --------------------------------- */

/* The country a capitalised role word stands for: its ISO entry's index
 * ("Russian", "Russia"), else the word without a demonym's "n"
 * ("Karvonian" -> "karvonia"), tagged; 0 when none. */
static uint64_t country_of(const px_entity_finder *ef, const px_doc *d,
                           size_t k) {
  const px_token *t = &d->toks[k];
  if (!is_word(d, k) || !(t->flags & PX_TF_CAP)) return 0;
  uint32_t v = lexv(ef, k);
  if (v & (PX__LX_DEMONYM | PX__LX_PLACE)) return v >> PX__LX_SHIFT;
  const char *w = d->pool + t->norm;
  if (t->norm_len > 4 && w[t->norm_len - 1] == 'n')
    return px__lex_word_hash(w, t->norm_len - 1) | (1ULL << 63);
  return 0;
}

/* Words for a head of state or government, which "leader" stands for. */
static int heads_country(const px_doc *d, size_t k) {
  static const char *const head[] = {"president", "prime", "premier",
                                     "chancellor", "king", "queen", "leader"};
  for (size_t i = 0; i < sizeof head / sizeof *head; i++)
    if (px__tok_is(d, k, head[i])) return 1;
  return 0;
}

/* Does person run p hold a role of country c with title noun k ("Russian
 * President" for "the Russian president"; any head title for "leader")? */
static int role_fits(const px_entity_finder *ef, const px_doc *d,
                     const run *p, uint64_t c, size_t k) {
  int country = 0, title = 0, leader = px__tok_is(d, k, "leader");
  for (size_t j = p->ra; j <= p->rb && p->ra <= p->rb; j++) {
    country |= country_of(ef, d, j) == c;
    const px_token *tj = &d->toks[j], *tk = &d->toks[k];
    title |= (tj->norm_len == tk->norm_len &&
              !memcmp(d->pool + tj->norm, d->pool + tk->norm, tk->norm_len)) ||
             (leader && heads_country(d, j));
  }
  return country && title;
}

/* "the Russian leader", "the Karvonian president": a demonym and a title
 * noun after "the" stand for the person the article gave that title and
 * country, the nearest before (else the nearest after); a mention of
 * that person's group. Two people who fit at the same distance, or none,
 * leave it alone: the text does not make it clear. */
static int descriptions(px_entity_finder *ef, const px_doc *d) {
  for (size_t i = 0; i < ef->n_runs; i++) {
    const run *r = &ef->runs[i];
    if (r->a != r->b || r->a == 0 || r->b + 1 >= r->sent_hi ||
        !px__tok_is(d, r->a - 1, "the") || !is_lower_word(d, r->b + 1) ||
        !(lexv(ef, r->b + 1) & PX__LX_TITLE))
      continue;
    uint64_t c = country_of(ef, d, r->a);
    if (!c) continue;
    size_t k = r->b + 1, best = SIZE_MAX;
    for (size_t j = i; j-- > 0 && best == SIZE_MAX;)
      if (ef->runs[j].type == PX_ENT_PERSON && role_fits(ef, d, &ef->runs[j], c, k))
        best = j;
    for (size_t j = i + 1; j < ef->n_runs && best == SIZE_MAX; j++)
      if (ef->runs[j].type == PX_ENT_PERSON && role_fits(ef, d, &ef->runs[j], c, k))
        best = j;
    if (best == SIZE_MAX) continue;
    px_entity e;
    memset(&e, 0, sizeof e);
    e.text.start = d->toks[r->a - 1].start;
    e.text.end = d->toks[k].end;
    e.type = PX_ENT_PERSON;
    e.group = ef->runs[best].group;
    if (push_ent(ef, e, UINT32_MAX, UINT32_MAX)) return -1;
  }
  return 0;
}

/* ---- output ------------------------------------------------------------ */

/* The canonical name of a group: the ISO name, or its best mention as
 * written (a possessive's ending dropped; capitals in title case). */
static int canon_of(px_entity_finder *ef, const px_doc *d, group *g) {
  if (g->canon) {
    const char *s = ef->lex->canon[g->canon];
    return pool_add(ef, s, strlen(s), &g->off);
  }
  const run *r = &ef->runs[g->best];
  uint32_t s = d->toks[r->a].start, e = d->toks[r->b].end;
  uint32_t pl = possessive_text(d, &d->toks[r->b]);
  if (pl && e - s > pl) e -= pl;
  if (pool_add(ef, d->text + s, e - s, &g->off)) return -1;
  char *p = ef->pool + g->off;
  for (size_t i = 0, j = 0;; i++) { /* "Workers’ Union" as "Workers' Union" */
    if (p[i] == '\xe2' && p[i + 1] == '\x80' && p[i + 2] == '\x99')
      p[j++] = '\'', i += 2;
    else if (!(p[j++] = p[i])) break;
  }
  if (all_caps(d, r) && g->type != PX_ENT_ORG) { /* "DRAVSK" -> "Dravsk" */
    for (size_t i = 0; p[i]; i++)
      if (i && p[i - 1] != ' ' && p[i - 1] != '-' && p[i] >= 'A' && p[i] <= 'Z')
        p[i] = (char)(p[i] | 0x20);
  }
  return 0;
}

static int by_start(const void *x, const void *y) {
  const px_entity *a = x, *b = y;
  if (a->text.start != b->text.start) return a->text.start < b->text.start ? -1 : 1;
  return a->text.end < b->text.end ? -1 : a->text.end > b->text.end;
}

/* A title cut short with a full stop ("Dr.", "Gen."): no country's
 * initials ("DR"), though "U.S." is both. */
static int abbrev_title(const px_entity_finder *ef, const px_doc *d, size_t k) {
  const px_token *t = &d->toks[k];
  return (lexv(ef, k) & PX__LX_TITLE) && t->norm_len <= 3 && k + 1 < d->n_toks &&
         px__tok_punct(d, k + 1, '.') && d->toks[k + 1].start == t->end;
}

/* Emits the demonyms and countries inside a role ("Russian President",
 * "U.S. Secretary of State") as places. */
static int role_places(px_entity_finder *ef, const px_doc *d, const run *r) {
  for (size_t k = r->ra; k <= r->rb; k++) {
    uint32_t v = lexv(ef, k), g = UINT32_MAX;
    if (!is_word(d, k) || !(d->toks[k].flags & PX_TF_CAP) || abbrev_title(ef, d, k))
      continue;
    uint32_t canon = v & (PX__LX_DEMONYM | PX__LX_PLACE) ? v >> PX__LX_SHIFT : 0;
    if (canon) {
      if (group_for(ef, salted(canon, SALT_CANON), PX_ENT_PLACE, 0, canon, &g))
        return -1;
    } else { /* "Karvonian": a demonym of a place of the article */
      const px_token *t = &d->toks[k];
      const char *w = d->pool + t->norm;
      if (t->norm_len > 4 && w[t->norm_len - 1] == 'n')
        g = lookup(ef, salted(px__lex_word_hash(w, t->norm_len - 1), SALT_PLACE));
      if (g == UINT32_MAX || ef->groups[g].type != PX_ENT_PLACE) continue;
    }
    px_entity e;
    memset(&e, 0, sizeof e);
    e.text.start = d->toks[k].start;
    e.text.end = d->toks[k].end;
    e.type = PX_ENT_PLACE;
    e.group = g;
    if (push_ent(ef, e, UINT32_MAX, UINT32_MAX)) return -1;
  }
  return 0;
}

static int emit(px_entity_finder *ef, const px_doc *d) {
  for (size_t i = 0; i < ef->n_runs; i++)
    if (ef->runs[i].ra <= ef->runs[i].rb && role_places(ef, d, &ef->runs[i]))
      return -1;
  for (size_t i = 0; i < ef->n_groups; i++)
    if (canon_of(ef, d, &ef->groups[i])) return -1;
  for (size_t i = 0; i < ef->n_runs; i++) {
    const run *r = &ef->runs[i];
    if (r->type == T_NONE) continue;
    px_entity e;
    memset(&e, 0, sizeof e);
    e.text.start = d->toks[r->a].start;
    e.text.end = d->toks[r->b].end;
    uint32_t pl = possessive_text(d, &d->toks[r->b]);
    if (pl && e.text.end - e.text.start > pl) e.text.end -= pl;
    if (r->ra <= r->rb) {
      e.role.start = d->toks[r->ra].start;
      e.role.end = d->toks[r->rb].end;
    }
    e.type = r->type;
    e.group = r->group;
    if (push_ent(ef, e, UINT32_MAX, UINT32_MAX)) return -1;
  }
  return 0;
}

px_status px_entities_find(px_entity_finder *ef, const px_doc *d,
                           px_entity_list *out) {
  ef->n_runs = ef->n_ents = ef->n_groups = ef->pool_len = 0;
  if (ef->keys.cap > 4096 && ef->keys.cap > 8 * ef->keys.n)
    px__hmap_free(&ef->keys);
  px__hmap_clear(&ef->keys);
  out->ents = NULL;
  out->n = 0;
  if (hash_tokens(ef, d)) return PX_NOMEM;
  /* pass 1: runs and amounts, sentence by sentence */
  for (size_t s = 0; s < d->n_sents; s++) {
    const px_sentence *se = &d->sents[s];
    int tc = title_case(d, se);
    for (size_t i = se->tok_begin; i < se->tok_end; i++) {
      if (d->toks[i].type == PX_TOK_NUMBER) {
        size_t last;
        int got = amount_at(ef, d, i, se->tok_begin, se->tok_end, &last);
        if (got < 0) return PX_NOMEM;
        i = last;
        continue;
      }
      if (!name_word(ef, d, i)) continue;
      size_t b = i;
      while (b + 1 < se->tok_end && b + 1 - i < MAX_RUN &&
             !possessive_text(d, &d->toks[b])) {
        if (name_word(ef, d, b + 1)) b++;
        else if (b + 2 < se->tok_end && initial(d, b) &&
                 px__tok_punct(d, b + 1, '.') && name_word(ef, d, b + 2))
          b += 2; /* "J. R. Holt" */
        else if (b + 2 < se->tok_end && joiner(d, b + 1) &&
                 name_word(ef, d, b + 2) &&
                 !possessive_len(d->pool + d->toks[b].norm,
                                 d->toks[b].norm_len))
          b += 2;
        else break;
      }
      if (take_run(ef, d, i, b, se->tok_begin, se->tok_end, tc)) return PX_NOMEM;
      i = b;
    }
  }
  /* pass 2: strong evidence, in text order; then groups */
  ef->leads_found = 0;
  for (size_t i = 0; i < ef->n_runs; i++) {
    run *r = &ef->runs[i];
    if (r->a > r->b || (r->ra <= r->rb && r->a >= r->ra && r->b <= r->rb))
      continue;
    r->type = type_of(ef, d, r, r->sent_hi);
    if (r->type == T_NAME) r->type = place_led(ef, d, r);
    if (r->type != T_NONE && group_run(ef, d, i)) return PX_NOMEM;
  }
  /* pass 3: single words by the article's names */
  for (size_t i = 0; i < ef->n_runs; i++) {
    run *r = &ef->runs[i];
    if (r->type == PX_ENT_PLACE && !r->canon && r->a == r->b)
      demonym_of_place(ef, d, r);
    if (r->type != T_NONE || r->a > r->b ||
        (r->ra <= r->rb && r->a >= r->ra && r->b <= r->rb))
      continue;
    type_by_alias(ef, d, r);
    if (r->type == PX_ENT_PLACE && !r->canon && r->a == r->b)
      demonym_of_place(ef, d, r);
    if (r->type == T_NONE && coordinated(ef, d, i) && group_run(ef, d, i))
      return PX_NOMEM;
    if (r->type != T_NONE && r->group < ef->n_groups) {
      group *gp = &ef->groups[r->group];
      if (!gp->canon && fuller(d, r, &ef->runs[gp->best])) gp->best = (uint32_t)i;
    }
  }
  if (descriptions(ef, d) || emit(ef, d)) return PX_NOMEM;
  /* entities in text order; strings resolved now that the pool is whole */
  for (size_t i = 0; i < ef->n_ents; i++) {
    px_entity *e = &ef->ents[i];
    if (e->type == PX_ENT_AMOUNT) {
      e->canonical = (const char *)(uintptr_t)ef->ent_off[i];
      e->unit = (const char *)(uintptr_t)ef->unit_off[i];
    } else {
      e->canonical = (const char *)(uintptr_t)ef->groups[e->group].off;
      e->unit = (const char *)(uintptr_t)UINT32_MAX;
    }
  }
  if (ef->n_ents) qsort(ef->ents, ef->n_ents, sizeof *ef->ents, by_start);
  uint32_t next = 0;
  for (size_t i = 0; i < ef->n_ents; i++) { /* groups numbered by first use */
    px_entity *e = &ef->ents[i];
    uint32_t off = (uint32_t)(uintptr_t)e->canonical;
    uint32_t uoff = (uint32_t)(uintptr_t)e->unit;
    e->canonical = ef->pool + off;
    e->unit = uoff == UINT32_MAX ? NULL : ef->pool + uoff;
    if (e->type == PX_ENT_AMOUNT) {
      e->group = next++;
      continue;
    }
    group *gp = &ef->groups[e->group];
    if (!(gp->type & 0x80)) { /* first use: number it */
      gp->best = next++;
      gp->type |= 0x80;
    }
    e->group = gp->best;
  }
  out->ents = ef->ents;
  out->n = ef->n_ents;
  return PX_OK;
}

const char *px__entities_pool(const px_entity_finder *ef, size_t *len) {
  *len = ef->pool_len;
  return ef->pool;
}


/* ---- speakers ---------------------------------------------------------- */

static uint64_t tok_key(const px_doc *d, size_t i) {
  const px_token *t = &d->toks[i];
  const char *w = d->pool + t->norm;
  return px__lex_word_hash(w, t->norm_len - possessive_len(w, t->norm_len));
}

/* The sentence holding token i (binary search). */
static const px_sentence *sentence_of(const px_doc *d, size_t i) {
  size_t lo = 0, hi = d->n_sents;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (d->sents[mid].tok_end <= i) lo = mid + 1; else hi = mid;
  }
  return lo < d->n_sents ? &d->sents[lo] : NULL;
}

/* A word opening a sentence is a name when the text also capitalises it
 * inside a sentence and never writes it in lower case ("Batura said",
 * not "Inflation said", "Hauliers said"). One scan, for a rare case. */
static int name_elsewhere(const px_doc *d, uint64_t key) {
  int inside = 0;
  for (size_t i = 0; i < d->n_toks; i++) {
    const px_token *t = &d->toks[i];
    if (t->type != PX_TOK_WORD || tok_key(d, i) != key) continue;
    if (!(t->flags & (PX_TF_CAP | PX_TF_ALLCAP))) return 0;
    const px_sentence *se = sentence_of(d, i);
    /* "John F. Kerry": a sentence may be cut after an initial */
    int after_initial = 0;
    if (i > 0) {
      size_t k = i - 1;
      if (k > 0 && px__tok_punct(d, k, '.')) k--;
      const px_token *p = &d->toks[k];
      size_t len = p->end - p->start;
      after_initial = (p->flags & PX_TF_CAP) &&
                      (len == 1 || (len == 2 && d->text[p->end - 1] == '.'));
    }
    inside |= (se && se->tok_begin != i) || after_initial;
  }
  return inside;
}

int px__not_a_person(const px_doc *d, px_span s, int derived) {
  if (s.end <= s.start || s.end > d->len) return 0;
  if (memchr(d->text + s.start, '\n', s.end - s.start)) return 1;
  const px__lex *lex = px__lex_get();
  size_t a = SIZE_MAX, b = 0, words = 0, titles = 0, caps = 0;
  for (size_t i = 0; i < d->n_toks && d->toks[i].start < s.end; i++) {
    const px_token *t = &d->toks[i];
    if (t->end <= s.start) continue;
    if (a == SIZE_MAX) a = i;
    b = i;
    if (t->type != PX_TOK_WORD) continue;
    words++;
    uint32_t v = px__lex_get_val(lex, tok_key(d, i));
    if (v & PX__LX_DAY) return 1; /* "Wednesday said" */
    titles += (v & PX__LX_TITLE) != 0;
    caps += (t->flags & PX_TF_ALLCAP) != 0;
  }
  if (a == SIZE_MAX || !words) return 0;
  if (px__is_pronoun(d, a) && a == b) return 0;
  const px_token *ft = &d->toks[a];
  if (!(ft->flags & (PX_TF_CAP | PX_TF_ALLCAP))) return 0; /* "the union" */
  if (titles == words) return 1; /* "Prof", "Senator" alone */
  const px_sentence *se = sentence_of(d, a);
  int opens = se && a == se->tok_begin;
  if (caps == words && opens &&
      (words >= 2 || (b + 1 < d->n_toks && (px__tok_punct(d, b + 1, ',') ||
                                            px__tok_dash(d, b + 1)))))
    return 1; /* "WASHINGTON,", "FULL TEXT" opening a line */
  if (words >= 5 && se && title_case(d, se)) return 1; /* a headline */
  if (a == b && b + 1 < d->n_toks && is_lower_word(d, b + 1) &&
      (px__lex_get_val(lex, tok_key(d, b + 1)) & PX__LX_TITLE))
    return 1; /* "Health minister", "Union leader" */
  /* "John F. Kerry": a word after a capitalised one is part of a name,
   * even one a place shares (County Kerry) */
  size_t k = a;
  if (k > 0 && px__tok_punct(d, k - 1, '.')) k--;
  int in_name = k > 0 && d->toks[k - 1].type == PX_TOK_WORD &&
                (d->toks[k - 1].flags & PX_TF_CAP) &&
                !(px__lex_get_val(lex, tok_key(d, k - 1)) & PX__LX_TITLE);
  if (derived && !in_name) {
    uint64_t key = 0;
    for (size_t i = a; i <= b; i++)
      if (d->toks[i].type <= PX_TOK_NUMBER)
        key = key ? px__lex_mix(key, tok_key(d, i)) : tok_key(d, i);
    if (px__lex_get_val(lex, key) & (PX__LX_PLACE | PX__LX_DEMONYM)) return 1;
    if (px__lex_get_val(lex, tok_key(d, b)) & PX__LX_PLACE_SUF) return 1;
  }
  if (a == b) {
    size_t n = ft->norm_len - possessive_len(d->pool + ft->norm, ft->norm_len);
    if (derived && px__lex_country_ending(lex, d->pool + ft->norm, n))
      return 1;
    /* named at the cue, a word opening a sentence may be a group
     * ("Police said"), unless it is an adverb, a possessive or stands
     * before a comma ("Ironically", "Editor's", "Meanwhile,") */
    const char *w = d->pool + ft->norm;
    int plural = n > 3 && w[n - 1] == 's';
    int adverb = (n > 4 && !memcmp(w + n - 2, "ly", 2)) ||
                 possessive_len(w, ft->norm_len) ||
                 (!plural && b + 1 < d->n_toks && px__tok_punct(d, b + 1, ','));
    if (opens && (derived || adverb) && !name_elsewhere(d, tok_key(d, a)))
      return 1; /* "Ironically said"; "Inflation" reached from "he" */
  }
  return 0;
}
