/* speaker.c — the people of one article, to resolve speakers.
 *
 * A scan outside the quotations collects runs of capitalised words. Runs of
 * two words or more are full names ("Yuri Ushakov"); each person is keyed
 * by its last word, so a later "Ushakov" resolves to the first full name
 * written. Spelling variants of a surname ("Zelensky", "Zelenskyy") are
 * joined when a person is created: the only place where names are compared
 * pairwise, and the number of people is capped, so the cost stays bounded
 * on hostile input. Titles and roles before a name ("President", "Kremlin
 * aide") are remembered per person, so "the president added" can find the
 * person who was called President. Pronouns go to the previous speaker when
 * it is near, else to the last person named. */
#include <stdlib.h>
#include <string.h>
#include "quote_internal.h"
#include "entity_internal.h"

enum { MAX_PEOPLE = 512, HASH_SLOTS = 2048, MAX_ROLES = 8, ROLE_LOOKBACK = 256 };

typedef struct {
  uint32_t name_start, name_end; /* canonical: the first full name */
  uint32_t role_start, role_end; /* first role seen with the name */
  uint32_t roles[MAX_ROLES];     /* hashes of role words seen */
  uint32_t sur_tok;               /* a token holding the surname */
  uint8_t n_roles;
  uint8_t full;                  /* canonical has two words or more */
} person;

typedef struct {
  uint32_t pos;    /* byte where the mention starts */
  uint32_t person;
} mention;

struct px__people {
  person *people;
  size_t n_people;
  int32_t slots[HASH_SLOTS];     /* person index by surname hash, -1 free */
  uint32_t slot_hash[HASH_SLOTS];
  mention *mentions;
  size_t n_mentions, cap_mentions;
};

px__people *px__people_new(void) {
  px__people *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->people = calloc(MAX_PEOPLE, sizeof *p->people);
  if (!p->people) { free(p); return NULL; }
  return p;
}

void px__people_free(px__people *p) {
  if (!p) return;
  free(p->people);
  free(p->mentions);
  free(p);
}

static uint32_t hash_bytes(const char *s, size_t n) {
  uint32_t h = (uint32_t)px__hash(s, n);
  return h ? h : 1;
}

static uint32_t tok_hash(const px_doc *d, size_t i) {
  return hash_bytes(d->pool + d->toks[i].norm, d->toks[i].norm_len);
}

static int32_t lookup(const px__people *p, uint32_t h) {
  for (size_t k = h % HASH_SLOTS, n = 0; n < HASH_SLOTS; n++) {
    if (p->slots[k] < 0) return -1;
    if (p->slot_hash[k] == h) return p->slots[k];
    k = (k + 1) % HASH_SLOTS;
  }
  return -1;
}

static void insert(px__people *p, uint32_t h, int32_t who) {
  for (size_t k = h % HASH_SLOTS, n = 0; n < HASH_SLOTS / 2; n++) {
    if (p->slots[k] < 0 || p->slot_hash[k] == h) {
      p->slots[k] = who;
      p->slot_hash[k] = h;
      return;
    }
    k = (k + 1) % HASH_SLOTS;
  }
}

/* Are two surnames spellings of one name? One edit apart, both long. */
static int variant(const char *a, size_t na, const char *b, size_t nb) {
  if (na < 5 || nb < 5 || (na > nb ? na - nb : nb - na) > 1) return 0;
  size_t i = 0;
  while (i < na && i < nb && a[i] == b[i]) i++;
  size_t ja = na, jb = nb;
  while (ja > i && jb > i && a[ja - 1] == b[jb - 1]) ja--, jb--;
  return ja - i <= 1 && jb - i <= 1;
}

/* The person whose surname is token j, created when new. */
static int32_t person_for(px__people *p, const px_doc *d, size_t j) {
  uint32_t h = tok_hash(d, j);
  int32_t who = lookup(p, h);
  if (who >= 0 || p->n_people >= MAX_PEOPLE) return who;
  const char *w = d->pool + d->toks[j].norm;
  size_t n = d->toks[j].norm_len;
  for (size_t k = 0; k < p->n_people; k++) {
    const px_token *o = &d->toks[p->people[k].sur_tok];
    if (variant(w, n, d->pool + o->norm, o->norm_len)) {
      insert(p, h, (int32_t)k);
      return (int32_t)k;
    }
  }
  who = (int32_t)p->n_people++;
  memset(&p->people[who], 0, sizeof p->people[who]);
  p->people[who].sur_tok = (uint32_t)j;
  insert(p, h, who);
  return who;
}

static void add_role(person *pp, const px_doc *d, size_t a, size_t b) {
  if (!pp->role_end) {
    pp->role_start = d->toks[a].start;
    pp->role_end = d->toks[b].end;
  }
  for (size_t k = a; k <= b && pp->n_roles < MAX_ROLES; k++)
    if (d->toks[k].type == PX_TOK_WORD)
      pp->roles[pp->n_roles++] = tok_hash(d, k);
}

static int push_mention(px__people *p, uint32_t pos, int32_t who) {
  if (p->n_mentions == p->cap_mentions) {
    size_t cap = p->cap_mentions ? p->cap_mentions * 2 : 256;
    mention *m = realloc(p->mentions, cap * sizeof *m);
    if (!m) return 0;
    p->mentions = m;
    p->cap_mentions = cap;
  }
  p->mentions[p->n_mentions].pos = pos;
  p->mentions[p->n_mentions].person = (uint32_t)who;
  p->n_mentions++;
  return 1;
}

/* Role words right before token a: titles and capitalised words. */
static size_t role_start_before(const px_doc *d, size_t a, size_t lo) {
  size_t r = a;
  while (r > lo && r + 6 > a) {
    size_t k = r - 1;
    if (px__is_title(d, k) || (px__tok_punct(d, k, '.') && k > lo &&
                               px__is_title(d, k - 1)))
      r = k;
    else
      break;
  }
  return r;
}

/* Does the run end like an organisation's name ("Finance Ministry")?
 * Then it is no person: keyed by its last word it would meet every other
 * ministry, and "she" must not resolve to it (entity_lex.c). */
static int org_name(const px_doc *d, size_t b) {
  const px_token *t = &d->toks[b];
  return (px__lex_get_val(px__lex_get(), t->hash ? t->hash : 1) &
          PX__LX_ORG_SUF) != 0;
}

/* Records one run of name tokens [a, b] (b inclusive). */
static int take_run(px__people *p, const px_doc *d, size_t a, size_t b,
                    size_t lo) {
  if (org_name(d, b)) return 1;
  int first_of_sentence = (d->toks[a].flags & PX_TF_SENT_START) != 0;
  if (a == b && first_of_sentence && lookup(p, tok_hash(d, b)) < 0) return 1;
  int32_t who = person_for(p, d, b);
  if (who < 0) return 1;
  person *pp = &p->people[who];
  if (b > a && !pp->full) {
    pp->name_start = d->toks[a].start;
    pp->name_end = d->toks[b].end;
    pp->full = 1;
  } else if (!pp->name_end) {
    pp->name_start = d->toks[a].start;
    pp->name_end = d->toks[b].end;
  }
  size_t r = role_start_before(d, a, lo);
  if (r < a) add_role(pp, d, r, a - 1);
  return push_mention(p, d->toks[a].start, who);
}

px_status px__people_scan(px__people *p, const px_doc *d,
                          const px__qspan *spans, size_t n_spans) {
  p->n_people = 0;
  p->n_mentions = 0;
  memset(p->slots, 0xff, sizeof p->slots);
  size_t next = 0, i = 0;
  while (i < d->n_toks) {
    if (next < n_spans && i >= spans[next].open) { /* skip quotations */
      i = (size_t)spans[next].close + 1;
      next++;
      continue;
    }
    if (!px__is_name_tok(d, i)) { i++; continue; }
    size_t b = i;
    while (b + 1 < d->n_toks && px__is_name_tok(d, b + 1) &&
           !(next < n_spans && b + 1 >= spans[next].open))
      b++;
    if (!take_run(p, d, i, b, i > 8 ? i - 8 : 0)) return PX_NOMEM;
    i = b + 1;
  }
  return PX_OK;
}

/* The last mention before byte pos, or -1. */
static int32_t last_mention(const px__people *p, uint32_t pos) {
  size_t lo = 0, hi = p->n_mentions;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->mentions[mid].pos < pos) lo = mid + 1; else hi = mid;
  }
  return lo ? (int32_t)p->mentions[lo - 1].person : -1;
}

static int has_role(const person *pp, uint32_t h) {
  for (size_t k = 0; k < pp->n_roles; k++)
    if (pp->roles[k] == h) return 1;
  return 0;
}

/* The person of a speaker span, matching it by its canonical start. */
static int32_t person_at(const px__people *p, px_span s) {
  for (size_t k = 0; k < p->n_people; k++)
    if (p->people[k].name_start == s.start && p->people[k].name_end == s.end)
      return (int32_t)k;
  return -1;
}

/* The last person, before pos, who carried the role word h. */
static int32_t role_holder(const px__people *p, uint32_t h, uint32_t pos) {
  /* only the last ROLE_LOOKBACK mentions: bounded work per quotation */
  size_t lo = p->n_mentions > ROLE_LOOKBACK ? p->n_mentions - ROLE_LOOKBACK : 0;
  for (size_t m = p->n_mentions; m-- > lo;) {
    if (p->mentions[m].pos >= pos) continue;
    if (has_role(&p->people[p->mentions[m].person], h))
      return (int32_t)p->mentions[m].person;
  }
  return -1;
}

static void set_person(const px__people *p, const px_doc *d, int32_t who,
                       px_quote *q) {
  const person *pp = &p->people[who];
  px__span(d, pp->name_start, pp->name_end, &q->speaker);
  if (!q->role.end) px__span(d, pp->role_start, pp->role_end, &q->role);
}

static void resolve_name(px__people *p, const px_doc *d,
                         const px__subject *s, px_quote *q) {
  int32_t who = org_name(d, s->head) ? -1 : lookup(p, tok_hash(d, s->head));
  px__span(d, s->name_start, s->name_end, &q->speaker);
  q->how = PX_SPEAKER_NAME;
  q->confidence = 0.9f;
  if (who < 0) return;
  int single = d->toks[s->head].start == s->name_start;
  set_person(p, d, who, q);
  if (single && p->people[who].full) q->how = PX_SPEAKER_SURNAME;
}

static void resolve_pronoun(px__people *p, const px_doc *d,
                            const px__subject *s, const px_quote *prev,
                            px_quote *q) {
  q->how = PX_SPEAKER_PRONOUN;
  q->confidence = 0.35f;
  if (px__tok_is(d, s->head, "they") || px__tok_is(d, s->head, "we")) return;
  if (prev && prev->speaker.end && q->content.start - prev->content.end < 1500) {
    q->speaker = prev->speaker;
    if (!q->role.end) q->role = prev->role;
    q->confidence = 0.75f;
    return;
  }
  int32_t who = last_mention(p, s->start);
  if (who < 0) return;
  set_person(p, d, who, q);
  q->confidence = 0.6f;
}

static void resolve_nominal(px__people *p, const px_doc *d,
                            const px__subject *s, const px_quote *prev,
                            px_quote *q) {
  uint32_t h = tok_hash(d, s->head);
  q->how = PX_SPEAKER_NOMINAL;
  q->confidence = 0.5f;
  int32_t who = -1;
  if (prev && prev->speaker.end) {
    int32_t pw = person_at(p, prev->speaker);
    if (pw >= 0 && has_role(&p->people[pw], h)) who = pw;
  }
  if (who < 0) who = role_holder(p, h, s->start);
  if (who < 0) return;
  set_person(p, d, who, q);
  q->how = PX_SPEAKER_ROLE;
  q->confidence = 0.7f;
}

void px__people_resolve(px__people *p, const px_doc *d,
                        const px__subject *s, const px_quote *prev,
                        px_quote *q) {
  px__span(d, s->start, s->end, &q->mention);
  px__span(d, s->role_start, s->role_end, &q->role);
  if (s->how == PX_SPEAKER_NAME) resolve_name(p, d, s, q);
  else if (s->how == PX_SPEAKER_PRONOUN) resolve_pronoun(p, d, s, prev, q);
  else if (s->how == PX_SPEAKER_NOMINAL) resolve_nominal(p, d, s, prev, q);
}
