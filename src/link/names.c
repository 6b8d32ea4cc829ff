/* names.c — unites the ways one person is named across the articles of a
 * story: a surname alone with the full name ("Trump" -> "Donald Trump"),
 * and spelling variants of the surname ("Zelensky" / "Zelenskyy",
 * "Kovalchik" / "Kovalchyk") when the first names agree. A surname that
 * fits two different full names is left alone rather than guessed. Names
 * are compared folded (case, accents, typographic apostrophes). Cost: each
 * name is compared only with names whose surname starts with the same two
 * letters, so a story with many speakers does not cost n squared. */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

#define MAX_NAME 96
#define MAX_WORDS 6

typedef struct {
  char folded[MAX_NAME * 2];
  const char *word[MAX_WORDS]; /* into folded, NUL-terminated */
  size_t n_words;
  size_t index;                /* position in the caller's arrays */
} name;

static void split(name *nm, const char *s) {
  size_t len = strlen(s);
  if (len > MAX_NAME) len = MAX_NAME;
  size_t n = px_fold(s, len, nm->folded, NULL, sizeof nm->folded - 1);
  if (n > sizeof nm->folded - 1) n = sizeof nm->folded - 1;
  nm->folded[n] = '\0';
  nm->n_words = 0;
  char *p = nm->folded;
  while (*p && nm->n_words < MAX_WORDS) {
    while (*p == ' ' || *p == '.' || *p == ',') *p++ = '\0';
    if (!*p) break;
    nm->word[nm->n_words++] = p;
    while (*p && *p != ' ' && *p != '.' && *p != ',') p++;
  }
}

static const char *surname(const name *n) {
  return n->n_words ? n->word[n->n_words - 1] : "";
}

/* Levenshtein distance, or a large number when over max. */
static size_t edit_distance(const char *a, const char *b, size_t max) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 40 || lb > 40 || (la > lb ? la - lb : lb - la) > max) return max + 1;
  size_t row[41], prev;
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cur = row[j];
      size_t sub = prev + (a[i - 1] != b[j - 1]);
      size_t del = row[j] + 1, ins = row[j - 1] + 1;
      row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
      prev = cur;
    }
  }
  return row[lb];
}

/* Are the surnames the same person's, allowing a small misspelling in
 * long ones? */
static int same_surname(const char *a, const char *b) {
  if (!strcmp(a, b)) return 1;
  size_t la = strlen(a), lb = strlen(b);
  size_t shorter = la < lb ? la : lb;
  if (shorter < 5) return 0;
  return edit_distance(a, b, shorter >= 8 ? 2 : 1) <= (shorter >= 8 ? 2u : 1u);
}

/* Do the given names before the surname agree (equal, or one an initial
 * of the other)? */
static int same_given(const name *a, const name *b) {
  const char *x = a->word[0], *y = b->word[0];
  if (!strcmp(x, y)) return 1;
  return (strlen(x) == 1 || strlen(y) == 1) && x[0] == y[0];
}

/* Does short name s (one word) stand for full name f? */
static int is_surname_of(const name *s, const name *f) {
  return s->n_words == 1 && f->n_words >= 2 && same_surname(surname(s), surname(f));
}

static int is_variant(const name *a, const name *b) {
  return a->n_words >= 2 && b->n_words >= 2 && same_given(a, b) &&
         same_surname(surname(a), surname(b)) && strcmp(surname(a), surname(b));
}

static int by_bucket(const void *x, const void *y) {
  const name *a = *(const name *const *)x, *b = *(const name *const *)y;
  int c = strncmp(surname(a), surname(b), 2);
  return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

/* Is name i a better canonical form than j: more words, then more
 * mentions, then first given. */
static int better(const char *const *names, const size_t *counts, size_t i, size_t j,
                  const name *ni, const name *nj) {
  if (ni->n_words != nj->n_words) return ni->n_words > nj->n_words;
  if (counts && counts[i] != counts[j]) return counts[i] > counts[j];
  return strcmp(names[i], names[j]) < 0;
}

/* Can name a stand for name b: the same when folded, b's surname alone,
 * or a spelling variant of it? */
static int covers(const name *a, const name *b) {
  return a->n_words && b->n_words &&
         (!strcmp(a->folded, b->folded) || is_surname_of(a, b) || is_variant(a, b));
}

/* Points name i of the bucket [b, e) at its best fuller form, unless a
 * lone surname fits two people with different given names. */
static void unify_one(const char *const *names, const size_t *counts,
                      name *const *v, size_t b, size_t e, size_t i, size_t *canon) {
  const name *me = v[i], *best = NULL;
  for (size_t j = b; j < e; j++) {
    const name *o = v[j];
    if (j == i || !covers(me, o)) continue;
    if (!better(names, counts, o->index, me->index, o, me)) continue;
    if (!best || better(names, counts, o->index, best->index, o, best)) best = o;
  }
  if (!best) return;
  for (size_t j = b; j < e; j++)
    if (j != i && covers(me, v[j]) && !same_given(v[j], best)) return;
  canon[me->index] = best->index;
}

void px_names_unify(const char *const *names, const size_t *counts, size_t n,
                    size_t *canon) {
  for (size_t i = 0; i < n; i++) canon[i] = i;
  name *all = calloc(n ? n : 1, sizeof *all);
  name **v = calloc(n ? n : 1, sizeof *v); /* sorted by surname bucket */
  if (!all || !v) {
    free(all);
    free(v);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    split(&all[i], names[i]);
    all[i].index = i;
    v[i] = &all[i];
  }
  qsort(v, n, sizeof *v, by_bucket);
  for (size_t b = 0; b < n;) {
    size_t e = b + 1;
    while (e < n && !strncmp(surname(v[b]), surname(v[e]), 2)) e++;
    for (size_t i = b; i < e; i++) unify_one(names, counts, v, b, e, i, canon);
    b = e;
  }
  /* follow chains (a surname to a variant to the best form) */
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < n && canon[canon[i]] != canon[i]; k++) canon[i] = canon[canon[i]];
  free(v);
  free(all);
}
