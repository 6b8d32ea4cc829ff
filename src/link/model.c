/* model.c — the join model: the probability that two articles tell one
 * story, a logistic regression over the pair features that neighbors.c
 * computes (PX__FEATURE_LIST). The weights are learned from labelled
 * pairs by scripts/train_join.py and kept in src/link/join_model.def, a
 * small text file of "W(name, value)" lines that is compiled in here and
 * can be replaced at run time (parallax cluster --model FILE). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define PX__F_NAME(name) #name,
static const char *const names[PX__N_FEATURES] = {
    PX__FEATURE_LIST(PX__F_NAME)};
#undef PX__F_NAME

const char *px__feature_name(int i) {
  return i >= 0 && i < PX__N_FEATURES ? names[i] : "?";
}

/* Sets the weight called name; -1 when no feature has that name. */
static int set(px__model *m, const char *name, double v) {
  if (!strcmp(name, "bias")) {
    m->bias = v;
    return 0;
  }
  for (int i = 0; i < PX__N_FEATURES; i++)
    if (!strcmp(name, names[i])) {
      m->w[i] = v;
      return 0;
    }
  return -1;
}

void px__model_default(px__model *m) {
  memset(m, 0, sizeof *m);
#define W(name, value) (void)set(m, #name, value);
#include "join_model.def"
#undef W
}

px_status px__model_load(px__model *m, const char *path, char *err,
                         size_t errlen) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return PX_IO;
  }
  px__model got;
  memset(&got, 0, sizeof got);
  char line[256];
  int ln = 0, n = 0;
  px_status st = PX_OK;
  while (fgets(line, sizeof line, f)) {
    ln++;
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (strncmp(p, "W(", 2)) continue; /* a comment */
    char name[64];
    double v;
    if (sscanf(p, "W(%63[a-z_], %lf)", name, &v) != 2 || set(&got, name, v)) {
      snprintf(err, errlen, "%s:%d: not a weight of the join model "
               "(W(name, value) with a known name)", path, ln);
      st = PX_USAGE;
      break;
    }
    n++;
  }
  if (st == PX_OK && ferror(f)) {
    snprintf(err, errlen, "%s: read error", path);
    st = PX_IO;
  }
  fclose(f);
  if (st == PX_OK && !n) {
    snprintf(err, errlen, "%s: no weights", path);
    st = PX_USAGE;
  }
  if (st == PX_OK) *m = got;
  return st;
}

double px__model_prob(const px__model *m, const float *x) {
  double z = m->bias;
  for (int i = 0; i < PX__N_FEATURES; i++) z += m->w[i] * x[i];
  return 1.0 / (1.0 + exp(-z));
}

px_join_model *px_join_model_load(const char *path, char *err,
                                  size_t errlen) {
  px_join_model *m = malloc(sizeof *m);
  if (!m) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  if (px__model_load(&m->m, path, err, errlen) != PX_OK) {
    free(m);
    return NULL;
  }
  return m;
}

void px_join_model_free(px_join_model *m) { free(m); }
