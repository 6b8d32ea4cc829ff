/* link_internal.h — what the files of src/link/ share and nothing else
 * includes. The linker is split into parts with one job each; none calls
 * another, only linker.c (and the read-out in linker_out.c, explain.c)
 * calls them all:
 *
 *   arts.c      the article table: one small record per article for the
 *               whole stream, and the live part (vector, signature, edges,
 *               headline) while the article is inside the window
 *   terms.c     term statistics: document frequencies, idf, the weighted
 *               vector of an article
 *   dupes.c     exact and near-duplicates (content hash, MinHash LSH)
 *   model.c     the learned join model: pair features -> probability
 *   neighbors.c the k nearest earlier articles of an article (inverted
 *               index over the window) with their pair probability
 *   stories.c   stories: stable ids, the online join, bounded revision by
 *               average-link agglomeration over the neighbour graph, the
 *               revision log, labels
 *   stream.c    with a sink (px_linker_sink): final articles and closed
 *               stories handed on, then forgotten
 *
 * Dependencies point one way: dupes, neighbors, stories and stream read the
 * article table (arts.c); neighbors scores with model.c. */
#ifndef PX_LINK_INTERNAL_H
#define PX_LINK_INTERNAL_H
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "parallax.h"
#include "text/base.h"
#include "text/hmap.h"

#define PX__NONE UINT32_MAX

/* ---- article vectors (terms.c) ---- */

/* Key bits: bit 0 entity (PX_TERM_ENTITY), bit 1 a number (the term's
 * text starts with a digit). */
#define PX__ENT_BIT ((uint64_t)PX_TERM_ENTITY)
#define PX__NUM_BIT ((uint64_t)2)
#define PX__TOPK 48     /* content terms kept per article */
#define PX__TOPE 24     /* entities kept per article */
#define PX__ZONE_ONE 65535.0f /* fixed point of the zone weights */

/* A weighted term of an article: w over every zone (saturated tf times
 * idf, unit norm per kind: content terms, entities), and the weights of
 * the title and lead zones alone (content terms only, each zone at unit
 * norm, fixed point: PX__ZONE_ONE is 1). 16 bytes. */
typedef struct px__tw {
  uint64_t key;
  float w;
  uint16_t t, l;
} px__tw;

/* The vector of one article, sorted by key. */
#define PX__KEY_TERMS 10 /* the key terms of an article: its heaviest */
#define PX__KEY_NAMES 6  /* and its heaviest entities */

typedef struct px__vec {
  px__tw *v;          /* owned */
  uint32_t n, n_ent, n_num;
  uint32_t n_words;   /* content words of the article */
  /* the key terms and names are those at least as heavy as kmin (by
   * kind: content, entity), kn the norm of their weights */
  float kmin[2], kn[2];
  size_t cap;
} px__vec;

#define PX__IDF_MEMO 2048
typedef struct px__idf_memo {
  uint64_t n;  /* n_docs + 1 when computed; 0: empty */
  uint32_t df;
  float idf;
} px__idf_memo;

typedef struct px__terms {
  px__hmap df;        /* term -> documents containing it */
  uint64_t n_docs;
  struct px__raw *raw;/* scratch: the current article's terms */
  size_t raw_cap;
  px__idf_memo idf_memo[PX__IDF_MEMO];
} px__terms;

void px__terms_free(px__terms *t);
/* The vector of the article f into v (replaced), weighed with the current
 * document frequencies, the article counted in them first when count is
 * set. Returns PX_OK or PX_NOMEM. */
px_status px__vector(px__terms *t, const px_features *f, int count,
                     px__vec *v);
void px__vec_free(px__vec *v);
/* Deep copy (dst replaced). -1 when out of memory. */
int px__vec_copy(px__vec *dst, const px__vec *src);

/* ---- the join model (model.c) ---- */

/* The features of a pair of articles, in the order of the model file. */
#define PX__FEATURE_LIST(X)                                                  \
  X(cos_all)      /* cosine of the content terms, every zone */              \
  X(cos_title)    /* cosine of the title-zone terms */                       \
  X(cos_lead)     /* cosine of the lead-zone terms */                        \
  X(cos_ent)      /* cosine of the entities (names, numbers) */              \
  X(cos_key)      /* cosine of the key terms alone (the heaviest ten) */    \
  X(cos_keyname)  /* cosine of the key names alone (the heaviest six) */    \
  X(ent_conf)     /* entities on the poorer side / 8, at most 1 */           \
  X(ent_clash)    /* ent_conf * (1 - cos_ent): names that disagree */        \
  X(num_agree)    /* numbers shared / numbers of the poorer side */          \
  X(num_clash)    /* both have numbers and share none of them */             \
  X(gap)          /* log(1 + hours between them) / log(1 + 168) */           \
  X(jaccard)      /* estimated Jaccard of the MinHash signatures */          \
  X(top_shared)   /* the weight of the heaviest shared term, min of sides */ \
  X(n_shared)     /* shared content terms / 8, at most 1 */

#define PX__F_ENUM(name) PX__F_##name,
enum { PX__FEATURE_LIST(PX__F_ENUM) PX__N_FEATURES };
#undef PX__F_ENUM

typedef struct px__model {
  double bias;
  double w[PX__N_FEATURES];
} px__model;

struct px_join_model {
  px__model m;
};

/* The model compiled in (src/link/join_model.def). */
void px__model_default(px__model *m);
/* Reads a model file (lines "W(name, value)"; other lines are comments):
 * PX_OK, or PX_IO / PX_USAGE with why in err. */
px_status px__model_load(px__model *m, const char *path, char *err,
                         size_t errlen);
/* The probability that two articles with features x tell one story. */
double px__model_prob(const px__model *m, const float *x);
/* The name of feature i. */
const char *px__feature_name(int i);

/* ---- the article table (arts.c) ---- */

#define PX__K 10 /* neighbour edges kept per article */

typedef struct px__edge {
  uint32_t to;  /* an earlier article */
  float p;      /* probability of one story */
} px__edge;

/* What the linker holds of an article while it is inside the window. */
typedef struct px__live {
  px__vec vec;
  uint32_t sig[PX_MINHASH_K];
  uint32_t n_shingles;
  px__edge edge[PX__K];   /* best first */
  uint32_t n_edges;
  char *headline;         /* owned: the label it offers */
} px__live;

/* One article, for the whole stream (a few dozen bytes). */
typedef struct px__art {
  char *id;            /* owned */
  char date[11];
  uint8_t exact_dup;
  uint8_t forced;      /* a duplicate that must share its copy's story */
  uint32_t outlet;     /* index into the outlet table, PX__NONE if none */
  int64_t ts;
  uint32_t story;      /* story id (1-based); 0 before it has one */
  uint32_t dup_of;     /* canonical article, PX__NONE when unique */
  float dup_jaccard;
  float similarity;    /* linkage with its story when it joined */
  uint32_t n_revisions;/* how often a revision moved it */
  px__live *live;      /* owned while inside the window, else NULL */
  char *dup_id;        /* owned, with a sink: the id of dup_of */
} px__art;

typedef struct px__arts {
  px__art *a;          /* the records of articles base..n-1 */
  uint32_t base;       /* articles before it are forgotten (with a sink) */
  uint32_t n;          /* articles added */
  size_t cap;
  uint32_t first_window; /* articles before it have no live part */
  uint32_t lent;       /* articles before it lent their id and dup_id to
                          the stream (stream.c), which frees them */
  px__hmap outlet_ix;    /* hash of outlet -> index */
  char **outlets;
  uint32_t n_outlets;
  size_t cap_outlets;
} px__arts;

/* The record of article i (base <= i < n). */
static inline px__art *px__art_at(const px__arts *t, uint32_t i) {
  return &t->a[i - t->base];
}

/* The public view of article i (its strings borrowed from the table). */
void px__art_linked(const px__arts *t, uint32_t i, px_linked *out);
/* Appends the record of f (live part empty). PX_OK or PX_NOMEM. */
px_status px__arts_add(px__arts *t, const px_features *f);
/* Gives article i a live part (zeroed). -1 when out of memory. */
int px__arts_make_live(px__arts *t, uint32_t i);
/* Frees the live parts of the articles older than cut (by timestamp),
 * from first_window on; returns the new first_window. */
uint32_t px__arts_expire(px__arts *t, int64_t cut);
/* Forgets the records of the articles before upto (at most
 * first_window): base becomes upto. */
void px__arts_drop(px__arts *t, uint32_t upto);
void px__arts_free(px__arts *t);

/* ---- near-duplicates (dupes.c) ---- */

#define PX__BANDS 32
#define PX__ROWS (PX_MINHASH_K / PX__BANDS)

typedef struct px__dupes {
  px__hmap exact;      /* content hash -> first article */
  px__hmap lsh;        /* band key -> first node + 1 */
  uint32_t *next;      /* node * PX__BANDS + band -> next node + 1 */
  uint32_t *node_art;  /* node -> article */
  uint32_t n_nodes, compacted;
  size_t cap_next, cap_node_art;
  uint64_t keys[PX__BANDS]; /* of the article last looked up */
} px__dupes;

/* The best earlier copy of article i (whose live part holds its
 * signature) among the live articles: exact (same content hash, *exact
 * set) or with an estimated Jaccard of at least min_jac (in *jac).
 * PX__NONE when none. Then px__dupes_add for the same article. */
uint32_t px__dupes_find(px__dupes *d, const px__arts *t, uint32_t i,
                        uint64_t content, uint32_t n_words, double min_jac,
                        double *jac, int *exact);
px_status px__dupes_add(px__dupes *d, const px__arts *t, uint32_t i,
                        uint64_t content, uint32_t n_words);
/* Drops the nodes of articles without a live part once they are many. */
void px__dupes_compact(px__dupes *d, const px__arts *t);
void px__dupes_free(px__dupes *d);

/* ---- neighbours (neighbors.c) ---- */

#define PX__CANDIDATES 24 /* candidates scored exactly per article */

typedef struct px__post {
  uint32_t art, next; /* next: index + 1 of the chain's next entry */
} px__post;

typedef struct px__neighbors {
  px__hmap head;       /* term -> index + 1 of its newest entry */
  px__post *post;
  uint32_t n_post, n_dead_at;
  size_t cap_post;
  uint64_t *mark;      /* by article - mark_base: stamp << 32 | score */
  size_t cap_mark;
  uint32_t mark_base;
  uint32_t stamp;
  uint32_t *cand;      /* scratch */
  size_t cap_cand;
  FILE *pairs;         /* when set: every scored pair is written here */
  int64_t window;      /* articles older than this before one are not
                          its neighbours, even before they expire */
  const px__model *model;
} px__neighbors;

/* Finds the nearest earlier live articles of article i (live part set),
 * scores them with the model and keeps the PX__K most probable as i's
 * edges; then indexes i. PX_OK or PX_NOMEM (or PX_IO when the pair file
 * cannot be written). */
px_status px__neighbors_link(px__neighbors *nb, px__arts *t, uint32_t i);
/* The features of the pair (a, b) into x; both have live parts. */
void px__pair_features(const px__art *a, const px__art *b, float *x);
/* Rebuilds the index when most entries point to expired articles. */
px_status px__neighbors_compact(px__neighbors *nb, const px__arts *t);
void px__neighbors_free(px__neighbors *nb);

/* ---- stories (stories.c) ---- */

#define PX__TAU 0.4 /* default average probability that joins, merges */

typedef struct px__story {
  char *label;          /* owned: its most central member's headline */
  float label_score;
  uint32_t n_members;
  uint32_t n_frozen;    /* members whose story is final */
  int64_t first_ts, last_ts;
  uint32_t *members;    /* after finish: article indices, input order */
  uint32_t last_art;    /* the latest article it ever held */
  struct px__sout *out; /* with a sink: what it hands on (stream.c) */
} px__story;

/* A revision: an article moved from one story to another by the
 * agglomeration, or a story absorbed (art PX__NONE). */
typedef struct px__revision {
  uint32_t art;         /* PX__NONE: the whole story 'from' was absorbed */
  uint32_t from, to;    /* story ids */
  uint32_t size;        /* of 'from' when absorbed */
  float linkage;        /* average probability that decided it */
  int64_t at;           /* stream time of the revision */
} px__revision;

typedef struct px__stories {
  px__story *s;         /* by id - 1 */
  uint32_t n;
  size_t cap;
  uint32_t first_live;  /* articles before it are final */
  double tau;           /* average probability that joins or merges */
  px__revision *rev;
  uint32_t n_rev;
  size_t cap_rev;
  /* scratch of the agglomeration */
  struct px__agg *agg;
} px__stories;

/* Puts article i (edges set) in a story: its copy's when forced, else
 * the story of its neighbours with the highest average probability if
 * that reaches PX__TAU, else a new one. PX_OK or PX_NOMEM. */
px_status px__stories_join(px__stories *s, px__arts *t, uint32_t i);
/* Bounded revision: average-link agglomeration of the articles from
 * first_live on (with the final stories they touch as fixed nodes); moves
 * recorded; then the articles older than freeze_before become final.
 * PX_OK or PX_NOMEM. */
px_status px__stories_revise(px__stories *s, px__arts *t, int64_t now,
                             int64_t freeze_before);
/* After the last revision: member lists. PX_OK or PX_NOMEM. */
px_status px__stories_members(px__stories *s, const px__arts *t);
void px__stories_free(px__stories *s);

/* ---- streaming (stream.c) ---- */

typedef struct px__stream {
  const px_linker_sink *sink; /* borrowed */
  uint32_t emitted;           /* articles handed on: those before it */
  uint32_t n_rev_done;        /* revisions of the log taken */
  uint64_t n_merges;          /* absorptions seen: their order */
  uint32_t *open;             /* ids of the stories with an out part */
  uint32_t n_open;
  size_t cap_open;
  uint32_t n_closed;          /* stories handed on */
  struct px__final *batch;    /* scratch */
  size_t cap_batch;
} px__stream;

/* Hands on the final articles not yet handed on (up to the stories'
 * first_live), each added to its story's out part; takes the absorptions
 * of the revision log into the stories that hold them and empties the
 * log; hands on the stories closed (every one when all is set, else those
 * whose latest article left the window); forgets the records of the
 * articles that left the window. PX_OK, PX_NOMEM or PX_IO. */
px_status px__stream_sweep(px__stream *o, px__stories *s, px__arts *t,
                           int all);
void px__stream_free(px__stream *o, px__stories *s);

/* ---- the linker ---- */

struct px_linker {
  px_linker_opts opts;
  px__model model;
  px__terms terms;
  px__arts arts;
  px__dupes dupes;
  px__neighbors nb;
  px__stories st;
  px__stream out;           /* with a sink */
  px__vec cur;              /* scratch: the vector of the article read */
  int64_t now;
  uint32_t adds_since_sweep;
  int finished;
  uint32_t *order;          /* story ids by size (after finish) */
  uint32_t n_final;
  uint32_t *n_story_outlets;/* by id - 1 */
  uint32_t *absorbed_into;  /* by id - 1: the story it went to, or 0 */
};

/* The label an article offers its story: the headline, cut to a short
 * headline-like phrase when the article has no title (labels.c). Owned
 * (free()) or NULL when out of memory. */
char *px__label_of(const px_features *f);
#endif
