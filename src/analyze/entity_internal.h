/* entity_internal.h — what the entity files of src/analyze/ share: the
 * word-class lexicon (entity_lex.c) and the scan the featurizer calls with
 * the word hashes it already made (entities.c). Nothing outside
 * src/analyze/ includes it. */
#ifndef PX_ENTITY_INTERNAL_H
#define PX_ENTITY_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "text/base.h"
#include "text/hmap.h"

/* Word classes: the low bits of a lexicon value. */
enum {
  PX__LX_DAY = 1 << 0,        /* days and months */
  PX__LX_ORG_SUF = 1 << 1,    /* "Ministry", "Alliance": ends an org name */
  PX__LX_ORG_HEAD = 1 << 2,   /* "Bank (of ...)": opens one */
  PX__LX_ORG_NOUN = 1 << 3,   /* "group", "operator": next to an org name */
  PX__LX_PLACE_SUF = 1 << 4,  /* "River", "valley": ends or follows a place */
  PX__LX_PLACE_PREP = 1 << 5, /* "in", "near": before a place */
  PX__LX_PLACE = 1 << 6,      /* a country or subdivision (index: canon) */
  PX__LX_DEMONYM = 1 << 7,    /* "Russian" (index: the country's canon) */
  PX__LX_MULT = 1 << 8,       /* "million" */
  PX__LX_MOD = 1 << 9,        /* "more than", "about": before an amount */
  PX__LX_TITLE = 1 << 10,     /* titles and roles (cues.c) */
  PX__LX_PLACE_OF = 1 << 11,  /* "city (of ...)" */
  PX__LX_JOINER = 1 << 12     /* "of", "van", "&": inside a name */
};
#define PX__LX_SHIFT 16 /* value >> PX__LX_SHIFT: index into canon */
#define PX__LX_MAX_ENDINGS 512

typedef struct px__lex {
  px__hmap map;      /* word or run key -> classes | index << SHIFT */
  char **canon;      /* canonical place names; [0] is "" */
  size_t n_canon, cap_canon;
  struct { char s[4]; unsigned count; } endings[PX__LX_MAX_ENDINGS];
  size_t n_endings, n_learned; /* the first n_learned are the learned */
  size_t n_countries;
  char source[1100]; /* the ISO 3166-1 file read, "" when none */
} px__lex;

/* The lexicon, built at the first call (thread-safe); never NULL. */
const px__lex *px__lex_get(void);
/* Hash of one folded word as keys use it (never 0), and the mixing of
 * the words of a run: key = h0, then px__lex_mix(key, h1), ... */
uint64_t px__lex_word_hash(const char *s, size_t n);
uint64_t px__lex_mix(uint64_t k, uint64_t h);
/* Does the folded word w[0..n) end like one-word country names do? */
int px__lex_country_ending(const px__lex *l, const char *w, size_t n);

static inline uint32_t px__lex_get_val(const px__lex *l, uint64_t key) {
  const uint32_t *v = px__hmap_get(&l->map, key ? key : 1);
  return v ? *v : 0;
}

/* The string pool the canonical names and units of the last list point
 * into (borrowed like the list), and its length. */
const char *px__entities_pool(const px_entity_finder *ef, size_t *len);

/* Is the speaker span s of doc no one who speaks: a run across a line
 * break, a day or month, titles alone, capitals of several words opening a
 * line, five words or more of a headline, a word that qualifies a role
 * ("Health minister")? When the speaker was derived (from a pronoun, a
 * role or a surname, not named at the cue) also a place, and a word
 * opening a sentence that the text does not capitalise inside one; when
 * named at the cue, such a word only when it is an adverb, a possessive or
 * stands before a comma ("Ironically", "Meanwhile,"; not "Police").
 * Used by the quoter. */
int px__not_a_person(const px_doc *doc, px_span s, int derived);
#endif
