/* link_internal.h — what the files of src/link/ share and nothing else
 * includes: weighted term vectors, the per-article
 * features the linker computes, the story table and the linker itself. */
#ifndef PX_LINK_INTERNAL_H
#define PX_LINK_INTERNAL_H
#include <stdint.h>
#include <stddef.h>
#include "parallax.h"
#include "text/base.h"
#include "text/hmap.h"

#define PX__NONE UINT32_MAX


/* ---- weighted terms ---- */
typedef struct px__tw {
  uint64_t key; /* xxh64 of the stem (or of the number) */
  float w;
} px__tw;

/* ---- locality-sensitive hashing of MinHash signatures (dupes.c) ---- */
#define PX__BANDS 32
#define PX__ROWS (PX_MINHASH_K / PX__BANDS)

/* ---- document frequencies and term vectors (terms.c) ---- */
#define PX__IDF_MEMO 2048 /* idf by document frequency, memoised */
#define PX__KEY_MEMO 256   /* idf by term, of the current article */
typedef struct px__idf_memo {
  uint64_t n;  /* n_docs + 1 when computed; 0: empty */
  uint32_t df;
  float idf;
} px__idf_memo;

typedef struct px__key_memo {
  uint64_t key, n;
  float idf;
} px__key_memo;

typedef struct px__terms {
  px__hmap df;        /* term -> documents containing it */
  uint64_t n_docs;
  struct px__raw *raw;
  uint32_t n_raw;
  size_t raw_cap;
  /* caches of px__idf, valid while n_docs (so every df) is unchanged */
  px__idf_memo idf_memo[PX__IDF_MEMO];
  px__key_memo key_memo[PX__KEY_MEMO];
} px__terms;

/* The features of one article that the linker keeps while it decides. */
typedef struct px__features {
  px__tw *vec;        /* top terms, sorted by key, weights tf*idf, |v| = 1 */
  uint32_t n_vec;
  size_t cap_vec;
  uint32_t n_ent;     /* how many of vec are entities (PX__ENT_BIT) */
  uint32_t n_words;   /* content words in the article (length signal) */
  uint64_t content;   /* hash of the folded words: exact duplicates */
  uint32_t sig[PX_MINHASH_K];
  size_t n_shingles;
} px__features;

void px__terms_free(px__terms *t);
/* Inverse document frequency of a term with the current counts (t only
 * changes by its memo of logs). */
float px__idf(px__terms *t, uint64_t key);
/* The vector of an article: px__vector_begin takes the terms of its
 * feature record; px__vector_end saturates, weighs by idf (counting the
 * article in the document frequencies when count is set), keeps the top
 * terms of each kind and normalises them. */
px_status px__vector_begin(px__terms *t, px__features *v,
                           const px_features *f);
px_status px__vector_end(px__terms *t, px__features *v, int count);
void px__features_free(px__features *f);
/* Computes l->feat for an article without counting it (explain). */
px_status px__linker_features(px_linker *l, const px_features *f);
/* The similarity of two vectors sorted by key: the cosine of their terms
 * times the entity agreement (px__combine). */
double px__cosine(const px__tw *a, uint32_t na, const px__tw *b, uint32_t nb);
/* Combines the cosine of the terms with the cosine of the entities of two
 * sides holding n_ent_a and n_ent_b entities: lowered by up to
 * PX__ENT_GATE when both have entities and these disagree. */
double px__combine(double cos_terms, double cos_ent, uint32_t n_ent_a,
                   uint32_t n_ent_b);

/* Entity keys have the low bit set, term keys have it clear. */
#define PX__ENT_BIT ((uint64_t)PX_TERM_ENTITY)
#define PX__TOPK 60     /* terms kept per article */
#define PX__TOPE 24     /* entities kept per article */
#define PX__CENT_CAP 96 /* terms kept per story centroid */
#define PX__CENT_ECAP 48 /* entities kept per story centroid */
#define PX__ENT_FULL 8     /* entities on both sides for full confidence */
#define PX__ENT_AGREE 0.6  /* entity cosine that counts as agreement */
#define PX__ENT_GATE 0.8   /* most the entity part can take away */

/* A centroid term: sum of the members' saturated weights, and that times
 * the idf when the story last changed (what comparisons use). */
typedef struct px__cent {
  uint64_t key;
  float sum, w;
} px__cent;

/* ---- stories (stories.c) ---- */
typedef struct px__story {
  px__cent *cent;       /* by key; NULL once dormant */
  uint32_t n_cent;
  size_t cap_cent;
  float norm, enorm;    /* of the w column: terms, entities */
  uint32_t n_ent;       /* entities among cent */
  uint32_t *members;    /* article indices in arrival order */
  uint32_t n_members;
  size_t cap_members;
  int64_t first_ts, last_ts;
  uint32_t parent;      /* union-find: itself unless merged */
  uint8_t active;       /* compared with new articles; else dormant */
  char *label;          /* owned: a member's headline */
  float label_score;
} px__story;

/* An entry of the inverted index: a story and the next entry + 1 of the
 * same term's chain (0: the end), side by side for one cache miss. */
typedef struct px__post {
  uint32_t story, next;
} px__post;

/* A story's candidate mark: stamp of the last lookup that found it and
 * the weight that lookup shared with it. Apart from px__story, so that
 * scanning chains touches eight stories to a cache line. */
typedef struct px__mark {
  uint32_t stamp;
  uint32_t score; /* fixed point: sums do not depend on their order */
} px__mark;

typedef struct px__cand {
  uint32_t score; /* as px__mark */
  uint32_t story;
} px__cand;

typedef struct px__merge {
  uint32_t from, into; /* raw story indices */
  uint32_t from_size;
  float similarity;
} px__merge;

typedef struct px__art {
  char *id;            /* owned */
  char date[11];
  uint32_t outlet;     /* index into the outlet table, PX__NONE if none */
  int64_t ts;
  uint32_t story;      /* raw story index (follow parent) */
  uint32_t dup_of;     /* canonical article, PX__NONE when unique */
  float dup_jaccard;
  float similarity;    /* with its story when it joined */
  uint8_t exact_dup;
  uint32_t lsh_rank;   /* place in the band chains' order (dupes.c) */
  uint32_t *sig;       /* owned while its story is active, else NULL */
} px__art;

struct px_linker {
  px_linker_opts opts;
  px__terms terms;
  px__features feat;        /* the current article's, reused */
  px__art *arts;
  uint32_t n_arts;
  size_t cap_arts;
  px__story *stories;
  uint32_t n_stories;
  size_t cap_stories;
  uint32_t *active;         /* indices of active stories */
  uint32_t n_active;
  size_t cap_active;
  px__hmap postings_head;    /* term -> index into post */
  px__post *post;           /* inverted index as chains */
  uint32_t n_post;
  size_t cap_post;
  px__mark *marks;          /* by story, for candidates */
  size_t cap_marks;
  px__cand *cand;           /* scratch for candidate ranking */
  px__cent *cent_buf;       /* scratch: the next centroid of a story */
  px__cent *feat_cent;      /* scratch: the current article as centroid */
  size_t cap_cent_buf, cap_feat_cent;
  size_t cap_cand;
  px__hmap lsh;              /* band key -> first node + 1 */
  uint32_t *lsh_next;        /* node * PX__BANDS + band -> next node + 1 */
  uint32_t *lsh_art;         /* node -> article */
  uint32_t n_lsh;
  size_t cap_lsh_next, cap_lsh_art;
  uint32_t lsh_compacted;    /* nodes left by the last compaction */
  uint32_t arts_at_sweep;    /* articles added before the last sweep */
  int lsh_ranked;            /* lsh_rank set since the last sweep */
  uint64_t band_keys[PX__BANDS]; /* of the current article */
  struct px__lsh_ord *lsh_buf; /* scratch: one chain in order */
  size_t cap_lsh_buf;
  px__hmap exact;            /* content hash -> first article */
  px__hmap outlet_ix;        /* hash of outlet -> index */
  char **outlets;
  uint32_t n_outlets;
  size_t cap_outlets;
  px__merge *merges;
  uint32_t n_merges;
  size_t cap_merges;
  uint32_t stamp;
  int64_t now, next_sweep;
  uint32_t adds_since_sweep;
  /* after finish */
  int finished;
  uint32_t *order;          /* final stories (roots), by size */
  uint32_t n_final;
  uint32_t *final_id;       /* raw root -> 1-based public id */
  uint32_t *by_id;          /* public id - 1 -> raw root */
  uint32_t *n_story_outlets;/* raw root -> distinct outlets */
};


double px__story_similarity(const px_linker *l, uint32_t si,
                            const px__tw *d, uint32_t nd);
/* Threshold for an article of n content words. */
double px__threshold(const px_linker *l, uint32_t n_words);
/* Joins the current features to the best active story or starts one;
 * returns the story index or PX__NONE when out of memory. */
uint32_t px__story_assign(px_linker *l, uint32_t art, uint32_t forced,
                          const char *headline, size_t headline_len);
/* Moves stories idle longer than the window to dormant, rebuilds the
 * inverted index and the LSH tables, tries merges among active stories. */
px_status px__sweep(px_linker *l, int final);
uint32_t px__story_root(const px_linker *l, uint32_t s);
void px__story_free(px__story *s);
/* Near-duplicates of the current article among active ones (dupes.c):
 * px__dupes_find, then px__dupes_index for the same article; the sweep
 * calls px__dupes_rebuild after dropping dormant stories. */
uint32_t px__dupes_find(px_linker *l, uint32_t art);
px_status px__dupes_index(px_linker *l, uint32_t art);
void px__dupes_rebuild(px_linker *l);
/* Builds the band tables anew from the live signatures (a loaded linker);
 * -1 when out of memory. */
int px__dupes_reindex(px_linker *l);
void px__dupes_free(px_linker *l);
#endif
