/* coverage.c — how the articles of one story differ: the passages they
 * share (text reuse) and, for every fact (a sentence), the articles that
 * carry it and the one that reported it first.
 *
 * Passages: every word 5-gram of article a is indexed (first place it
 * occurs); the 5-grams of article b that hit are seeds, extended back word
 * for word and forward with gaps: where the words part, the next two-word
 * anchor within three words on either side resumes the match (a word
 * changed, added or dropped by an editor). A passage needs eight matched
 * words. Cost per pair: the words of both articles.
 *
 * Facts: a sentence with three content words or more. Another article
 * carries it when its passages with the fact's article cover 60% of the
 * sentence, or when one of its sentences holds half the fact's weighted
 * content stems (a word of a person, place or organisation of the record's
 * entities, or a number, weighs 2, another word 1; three stems at least;
 * or it holds half of that sentence's and that is a third of its own) and
 * it holds every number of the fact (a number it lacks is news it does
 * not carry). Candidate sentences come from an inverted index of
 * stems, so a fact costs the postings of its stems, not every sentence. */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"
#include "text/base.h"
#include "text/hmap.h"

enum { SEED = 5, MIN_WORDS = 8, MAX_GAP = 3, MAX_ARTS = PX_COVERAGE_MAX_ARTICLES,
       MIN_CONTENT = 3, MAX_POSTINGS = 4000 };
#define COVER_SHARE 0.6
#define SENT_SHARE 0.5
#define CONTAINS_SHARE 0.35

typedef struct word {
  uint64_t h;           /* folded form */
  uint32_t start, end;  /* bytes */
} word;

typedef struct stem {
  uint64_t key;         /* stem (words) or folded form (numbers) */
  uint8_t weight;       /* 2 for names and numbers, else 1 */
  uint8_t number;
} stem;

typedef struct sent {
  uint32_t art;
  px_span span;
  uint32_t stem_begin, stem_end; /* distinct stems */
  float weight;
  uint8_t has_number;   /* distinct numbers (at most 255) */
} sent;

struct px_coverer {
  px_analyzer *an;
  word *w;
  size_t n_w, cap_w;
  uint32_t *art_w;      /* words of article i: [art_w[i], art_w[i + 1]) */
  size_t cap_art_w;
  stem *st;
  size_t n_st, cap_st;
  sent *s;
  size_t n_s, cap_s;
  uint32_t *art_s;      /* sentences of article i */
  size_t cap_art_s;
  px__hmap grams;       /* 5-gram -> word index + 1 */
  px__hmap heads;       /* stem -> posting index + 1 */
  uint32_t *post_sent, *post_next;
  size_t n_post, cap_post_sent, cap_post_next;
  float *acc;           /* per sentence: shared weight with the fact */
  uint32_t *acc_n, *acc_num, *touched;
  size_t cap_acc, cap_acc_n, cap_acc_num, cap_touched;
  uint8_t *carry;       /* per article, for the fact at hand */
  size_t cap_carry;
  px_passage *pass;
  size_t n_pass, cap_pass;
  uint32_t *pass_at;    /* passages of article i: pass_idx[pass_at[i]..] */
  uint32_t *pass_idx;   /* each passage twice, under a and under b */
  size_t cap_pass_at, cap_pass_idx;
  px_fact *facts;
  size_t n_facts, cap_facts;
  uint32_t *carried;
  size_t n_carried, cap_carried;
};

px_coverer *px_coverer_new(void) {
  px_coverer *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  if (!(c->an = px_analyzer_new())) {
    free(c);
    return NULL;
  }
  return c;
}

void px_coverer_free(px_coverer *c) {
  if (!c) return;
  px_analyzer_free(c->an);
  free(c->w);
  free(c->art_w);
  free(c->st);
  free(c->s);
  free(c->art_s);
  px__hmap_free(&c->grams);
  px__hmap_free(&c->heads);
  free(c->post_sent);
  free(c->post_next);
  free(c->acc);
  free(c->acc_n);
  free(c->acc_num);
  free(c->touched);
  free(c->carry);
  free(c->pass);
  free(c->pass_at);
  free(c->pass_idx);
  free(c->facts);
  free(c->carried);
  free(c);
}

#define GROW(c, arr, cap, need) \
  px__grow((void **)&(c)->arr, &(c)->cap, (need), sizeof *(c)->arr)

static uint64_t nonzero(uint64_t h) { return h ? h : 1; }

/* Is token tk part of a name: inside a person, place or organisation of
 * the record's entities (*ent walks them in text order), or, without
 * entities, capitalised away from a sentence's start? */
static int named(const px_features *f, size_t *ent, const px_token *tk) {
  if (!f->has_entities)
    return (tk->flags & PX_TF_CAP) && !(tk->flags & PX_TF_SENT_START);
  while (*ent < f->n_entities && f->entities[*ent].text.end <= tk->start) ++*ent;
  for (size_t e = *ent; e < f->n_entities && f->entities[e].text.start <= tk->start; e++)
    if (f->entities[e].type != PX_ENT_AMOUNT && tk->end <= f->entities[e].text.end)
      return 1;
  return 0;
}

/* Is number token tk part of an amount of the record's entities ("$3.2
 * billion", not the 2 of "March 2")? Every number is, without entities.
 * *amt walks the entities in text order. */
static int in_amount(const px_features *f, size_t *amt, const px_token *tk) {
  if (!f->has_entities) return 1;
  while (*amt < f->n_entities && f->entities[*amt].text.end <= tk->start) ++*amt;
  for (size_t e = *amt; e < f->n_entities && f->entities[e].text.start <= tk->start; e++)
    if (f->entities[e].type == PX_ENT_AMOUNT && tk->end <= f->entities[e].text.end)
      return 1;
  return 0;
}

/* The words, sentences and sentence stems of article i. */
static int read_article(px_coverer *c, const px_features *f, uint32_t i) {
  px_doc d;
  size_t ent = 0, amt = 0;
  if (!f->text || px_analyze(c->an, f->text, (size_t)f->text_len, &d) != PX_OK)
    d.n_toks = d.n_sents = 0;
  for (size_t k = 0; k < d.n_sents; k++) {
    const px_sentence *se = &d.sents[k];
    if (GROW(c, s, cap_s, c->n_s + 1)) return -1;
    sent *s = &c->s[c->n_s];
    memset(s, 0, sizeof *s);
    s->art = i;
    s->span = (px_span){se->start, se->end};
    s->stem_begin = s->stem_end = (uint32_t)c->n_st;
    for (size_t t = se->tok_begin; t < se->tok_end; t++) {
      const px_token *tk = &d.toks[t];
      if (tk->type > PX_TOK_NUMBER) continue;
      uint64_t h = nonzero(tk->hash);
      if (GROW(c, w, cap_w, c->n_w + 1)) return -1;
      c->w[c->n_w++] = (word){h, tk->start, tk->end};
      int numeral = tk->type == PX_TOK_NUMBER;
      int number = numeral && in_amount(f, &amt, tk);
      if (!numeral && ((tk->flags & PX_TF_STOP) || tk->norm_len < 2)) continue;
      uint64_t key = numeral ? h : nonzero(px__hash(d.pool + tk->stem,
                                                    tk->stem_len));
      int dup = 0; /* distinct stems: a sentence holds a few dozen */
      for (size_t m = s->stem_begin; m < c->n_st && !dup; m++)
        dup = c->st[m].key == key;
      if (dup) continue;
      int name = named(f, &ent, tk);
      if (GROW(c, st, cap_st, c->n_st + 1)) return -1;
      c->st[c->n_st++] = (stem){key, (uint8_t)(number || name ? 2 : 1),
                                (uint8_t)number};
      s->weight += number || name ? 2.0f : 1.0f;
      if (number && s->has_number < 255) s->has_number++;
    }
    s->stem_end = (uint32_t)c->n_st;
    c->n_s++;
  }
  return 0;
}

/* ---- passages ---------------------------------------------------------- */

static uint64_t gram(const word *w) {
  uint64_t g = w[0].h;
  for (int k = 1; k < SEED; k++) g = (g * 0x9E3779B97F4A7C15ULL) ^ w[k].h;
  return nonzero(g);
}

/* Where the words part at (ia, jb): the nearest two-word anchor within
 * MAX_GAP words on either side. Returns 1 and moves *ia, *jb there. */
static int resync(const word *w, size_t *ia, size_t ea, size_t *jb,
                  size_t eb) {
  for (size_t d = 1; d <= 2 * MAX_GAP; d++)
    for (size_t di = 0; di <= d && di <= MAX_GAP; di++) {
      size_t dj = d - di;
      if (dj > MAX_GAP) continue;
      size_t x = *ia + di, y = *jb + dj;
      if (x + 1 < ea && y + 1 < eb && w[x].h == w[y].h &&
          w[x + 1].h == w[y + 1].h) {
        *ia = x, *jb = y;
        return 1;
      }
    }
  return 0;
}

/* The 5-grams of article a, for pair_passages(a, b) with every b. */
static int index_grams(px_coverer *c, uint32_t a) {
  px__hmap_clear(&c->grams);
  for (size_t i = c->art_w[a]; i + SEED <= c->art_w[a + 1]; i++) {
    int created;
    if (!px__hmap_put(&c->grams, gram(&c->w[i]), (uint32_t)(i + 1), &created))
      return -1;
  }
  return 0;
}

/* The passages a and b share; a's 5-grams are indexed (index_grams). */
static int pair_passages(px_coverer *c, uint32_t a, uint32_t b) {
  size_t a0 = c->art_w[a], a1 = c->art_w[a + 1];
  size_t b0 = c->art_w[b], b1 = c->art_w[b + 1];
  if (a1 - a0 < SEED || b1 - b0 < SEED) return 0;
  size_t skip = b0;
  for (size_t j = b0; j + SEED <= b1; j++) {
    if (j < skip) continue;
    const uint32_t *hit = px__hmap_get(&c->grams, gram(&c->w[j]));
    if (!hit) continue;
    size_t i = *hit - 1, jj = j;
    while (i > a0 && jj > b0 && c->w[i - 1].h == c->w[jj - 1].h) i--, jj--;
    size_t ia = i, jb = jj, last_i = i, last_j = jj, matched = 0;
    size_t run = 0, before_i = i, before_j = jj; /* the run of matches */
    while (ia < a1 && jb < b1) {
      if (c->w[ia].h == c->w[jb].h) {
        matched++, run++;
        last_i = ia++, last_j = jb++;
      } else if (resync(c->w, &ia, a1, &jb, b1)) {
        before_i = last_i, before_j = last_j, run = 0;
      } else {
        break;
      }
    }
    if (run == 1 && matched > 1) /* a lone word after a gap ("The"): no */
      last_i = before_i, last_j = before_j, matched--;
    skip = last_j + 1;
    if (matched < MIN_WORDS) continue;
    if (GROW(c, pass, cap_pass, c->n_pass + 1)) return -1;
    c->pass[c->n_pass++] = (px_passage){
        a, b, {c->w[i].start, c->w[last_i].end},
        {c->w[jj].start, c->w[last_j].end}, (uint32_t)matched};
  }
  return 0;
}

/* Each article's passages (pass_at, pass_idx), so that a fact looks at
 * its own article's passages only. */
static int index_passages(px_coverer *c, size_t n) {
  if (GROW(c, pass_at, cap_pass_at, n + 2) ||
      GROW(c, pass_idx, cap_pass_idx, 2 * c->n_pass + 1))
    return -1;
  memset(c->pass_at, 0, (n + 2) * sizeof *c->pass_at);
  for (size_t p = 0; p < c->n_pass; p++)
    c->pass_at[c->pass[p].a + 2]++, c->pass_at[c->pass[p].b + 2]++;
  for (size_t i = 2; i < n + 2; i++) c->pass_at[i] += c->pass_at[i - 1];
  for (uint32_t p = 0; p < c->n_pass; p++) {
    c->pass_idx[c->pass_at[c->pass[p].a + 1]++] = p;
    c->pass_idx[c->pass_at[c->pass[p].b + 1]++] = p;
  }
  return 0; /* pass_at[i] .. pass_at[i + 1]: article i's */
}

/* ---- facts ------------------------------------------------------------- */

static int build_index(px_coverer *c) {
  px__hmap_clear(&c->heads);
  c->n_post = 0;
  for (size_t s = 0; s < c->n_s; s++)
    for (size_t m = c->s[s].stem_begin; m < c->s[s].stem_end; m++) {
      int created;
      uint32_t *head = px__hmap_put(&c->heads, c->st[m].key, 0, &created);
      if (!head || GROW(c, post_sent, cap_post_sent, c->n_post + 1) ||
          GROW(c, post_next, cap_post_next, c->n_post + 1))
        return -1;
      c->post_sent[c->n_post] = (uint32_t)s;
      c->post_next[c->n_post] = *head;
      *head = (uint32_t)++c->n_post;
    }
  return 0;
}

/* Marks the articles whose passages with the fact's article cover most of
 * sentence s. */
static void carried_by_passages(px_coverer *c, const sent *s) {
  double len = s->span.end - s->span.start;
  for (uint32_t k = c->pass_at[s->art]; k < c->pass_at[s->art + 1]; k++) {
    const px_passage *ps = &c->pass[c->pass_idx[k]];
    px_span in;
    uint32_t other;
    if (ps->a == s->art) in = ps->in_a, other = ps->b;
    else if (ps->b == s->art) in = ps->in_b, other = ps->a;
    else continue;
    uint32_t lo = in.start > s->span.start ? in.start : s->span.start;
    uint32_t hi = in.end < s->span.end ? in.end : s->span.end;
    if (hi > lo && (hi - lo) >= COVER_SHARE * len) c->carry[other] = 1;
  }
}

/* Marks the articles with a sentence that says most of what s says. */
static void carried_by_sentences(px_coverer *c, const sent *s) {
  size_t nt = 0, postings = 0;
  for (size_t m = s->stem_begin; m < s->stem_end; m++) {
    const uint32_t *head = px__hmap_get(&c->heads, c->st[m].key);
    for (uint32_t p = head ? *head : 0; p && postings < MAX_POSTINGS;
         p = c->post_next[p - 1], postings++) {
      uint32_t t = c->post_sent[p - 1];
      if (c->s[t].art == s->art) continue;
      if (c->acc[t] == 0.0f) c->touched[nt++] = t;
      c->acc[t] += c->st[m].weight;
      c->acc_n[t]++;
      c->acc_num[t] += c->st[m].number;
    }
  }
  for (size_t k = 0; k < nt; k++) {
    uint32_t t = c->touched[k];
    int numbers_agree = c->acc_num[t] >= s->has_number;
    /* t says most of s, or s holds most of t and a good part is shared
     * (a longer version of the same sentence) */
    int says = c->acc[t] >= SENT_SHARE * s->weight ||
               (c->acc[t] >= SENT_SHARE * c->s[t].weight &&
                c->acc[t] >= CONTAINS_SHARE * s->weight);
    if (c->acc_n[t] >= MIN_CONTENT && says && numbers_agree)
      c->carry[c->s[t].art] = 1;
    c->acc[t] = 0.0f;
    c->acc_n[t] = c->acc_num[t] = 0;
  }
}

static int facts(px_coverer *c, size_t n) {
  if (GROW(c, acc, cap_acc, c->n_s + 1) || GROW(c, acc_n, cap_acc_n, c->n_s + 1) ||
      GROW(c, acc_num, cap_acc_num, c->n_s + 1) ||
      GROW(c, touched, cap_touched, c->n_s + 1) || GROW(c, carry, cap_carry, n + 1))
    return -1;
  memset(c->acc, 0, c->n_s * sizeof *c->acc);
  memset(c->acc_n, 0, c->n_s * sizeof *c->acc_n);
  memset(c->acc_num, 0, c->n_s * sizeof *c->acc_num);
  for (size_t k = 0; k < c->n_s; k++) {
    const sent *s = &c->s[k];
    if (s->stem_end - s->stem_begin < MIN_CONTENT) continue;
    memset(c->carry, 0, n);
    carried_by_passages(c, s);
    carried_by_sentences(c, s);
    c->carry[s->art] = 0;
    uint32_t first = s->art;
    for (uint32_t b = 0; b < first; b++)
      if (c->carry[b]) first = b;
    if (first != s->art) continue; /* reported earlier: listed there */
    px_fact f = {s->art, s->span, first, (uint32_t)c->n_carried, 0};
    for (uint32_t b = 0; b < n; b++) {
      if (!c->carry[b]) continue;
      if (GROW(c, carried, cap_carried, c->n_carried + 1)) return -1;
      c->carried[c->n_carried++] = b;
      f.n_carried++;
    }
    if (GROW(c, facts, cap_facts, c->n_facts + 1)) return -1;
    c->facts[c->n_facts++] = f;
  }
  return 0;
}

px_status px_coverage_compute(px_coverer *c, const px_features *const *arts,
                              size_t n, px_coverage *out) {
  memset(out, 0, sizeof *out);
  c->n_w = c->n_st = c->n_s = c->n_pass = c->n_facts = c->n_carried = 0;
  if (n > MAX_ARTS) n = MAX_ARTS;
  if (GROW(c, art_w, cap_art_w, n + 1) || GROW(c, art_s, cap_art_s, n + 1))
    return PX_NOMEM;
  for (uint32_t i = 0; i < n; i++) {
    c->art_w[i] = (uint32_t)c->n_w;
    c->art_s[i] = (uint32_t)c->n_s;
    if (read_article(c, arts[i], i)) return PX_NOMEM;
  }
  c->art_w[n] = (uint32_t)c->n_w;
  c->art_s[n] = (uint32_t)c->n_s;
  for (uint32_t a = 0; a < n; a++) {
    if (index_grams(c, a)) return PX_NOMEM;
    for (uint32_t b = a + 1; b < n; b++)
      if (pair_passages(c, a, b)) return PX_NOMEM;
  }
  if (index_passages(c, n) || build_index(c) || facts(c, n)) return PX_NOMEM;
  out->passages = c->pass;
  out->n_passages = c->n_pass;
  out->facts = c->facts;
  out->n_facts = c->n_facts;
  out->carried = c->carried;
  return PX_OK;
}

const char *px_coverage_outlet(const px_features *f) {
  return f->outlet ? f->outlet : f->id;
}

int px_fact_alone(const px_coverage *cv, const px_fact *f,
                  const px_features *const *arts) {
  const char *own = px_coverage_outlet(arts[f->article]);
  for (uint32_t k = 0; k < f->n_carried; k++)
    if (strcmp(px_coverage_outlet(arts[cv->carried[f->carried_begin + k]]), own))
      return 0;
  return 1;
}
