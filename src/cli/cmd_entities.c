/* cmd_entities.c — parallax entities: the people, places and
 * organisations of each story, with how often they are mentioned and by
 * which outlets. Entities are found per article (px_entities_find, in the
 * feature record); here they are counted per story, and the names of one
 * person across articles ("Trump", "Donald Trump"; "Zelensky",
 * "Zelenskyy") are united with px_names_unify. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax entities [OPTIONS] [PATH...]\n\n"
          "Groups the articles into stories (as 'parallax run') and lists, for\n"
          "each story of two articles or more (every story with --all), its\n"
          "people, places and organisations: the canonical name, the number of\n"
          "mentions, of articles and the outlets that name it, most mentioned\n"
          "first. A person's surname and spelling variants count under the\n"
          "fullest name the story gives. Countries come from Debian's\n"
          "iso-codes; see docs/ALGORITHMS.md.\n\n"
          "options:\n"
          "  --format F      text (default) or json (one object per story a line)\n"
          "  --all           also stories of one article\n"
          "  -h, --help      this help\n");
  cli_input_help(out);
}

/* One entity of one article: its mentions there. */
typedef struct row {
  uint32_t article; /* index in the linker */
  uint8_t type;
  uint32_t name;    /* offset in the arena */
  uint32_t mentions;
} row;

typedef struct state {
  row *rows;
  size_t n, cap;
  char *arena;
  size_t len, cap_arena;
  const char *format;
  int all;
} state;

static int arena_add(state *st, const char *s, uint32_t *off) {
  size_t n = strlen(s) + 1;
  if (st->len + n > UINT32_MAX) return -1;
  while (st->len + n > st->cap_arena) {
    size_t c = st->cap_arena ? st->cap_arena * 2 : 4096;
    char *a = realloc(st->arena, c);
    if (!a) return -1;
    st->arena = a, st->cap_arena = c;
  }
  memcpy(st->arena + st->len, s, n);
  *off = (uint32_t)st->len;
  st->len += n;
  return 0;
}

/* Keeps one row per entity of the article (its first mention's group). */
static int keep(const px_features *f, size_t index, void *user) {
  state *st = user;
  for (size_t i = 0; i < f->n_entities; i++) {
    const px_entity *e = &f->entities[i];
    if (e->type == PX_ENT_AMOUNT) continue;
    size_t k = st->n;
    while (k > 0 && st->rows[k - 1].article == index) {
      row *r = &st->rows[k - 1];
      if (r->type == e->type && !strcmp(st->arena + r->name, e->canonical))
        break;
      k--;
    }
    if (k > 0 && st->rows[k - 1].article == index) {
      st->rows[k - 1].mentions++;
      continue;
    }
    if (st->n == st->cap) {
      size_t c = st->cap ? st->cap * 2 : 256;
      row *r = realloc(st->rows, c * sizeof *r);
      if (!r) return -1;
      st->rows = r, st->cap = c;
    }
    row r = {(uint32_t)index, e->type, 0, 1};
    if (arena_add(st, e->canonical, &r.name)) return -1;
    st->rows[st->n++] = r;
  }
  return 0;
}

/* One entity of a story. */
typedef struct item {
  const char *name;
  uint8_t type;
  size_t mentions, articles;
  const char *outlets[64];
  size_t n_outlets;
} item;

static int by_type_name(const void *x, const void *y) {
  const item *a = x, *b = y;
  if (a->type != b->type) return a->type < b->type ? -1 : 1;
  return strcmp(a->name, b->name);
}

static int by_mentions(const void *x, const void *y) {
  const item *a = x, *b = y;
  if (a->type != b->type) return a->type < b->type ? -1 : 1;
  if (a->mentions != b->mentions) return a->mentions > b->mentions ? -1 : 1;
  return strcmp(a->name, b->name);
}

static void add_outlet(item *it, const char *o) {
  for (size_t i = 0; i < it->n_outlets; i++)
    if (!strcmp(it->outlets[i], o)) return;
  if (it->n_outlets < 64) it->outlets[it->n_outlets++] = o;
}

/* Folds item j into item i. */
static void fold(item *i, const item *j) {
  i->mentions += j->mentions;
  i->articles += j->articles;
  for (size_t k = 0; k < j->n_outlets; k++) add_outlet(i, j->outlets[k]);
}

/* People of one story: surnames and spellings under the fullest name. */
static void unite_people(item *it, size_t n) {
  size_t a = 0;
  while (a < n && it[a].type != PX_ENT_PERSON) a++;
  size_t b = a;
  while (b < n && it[b].type == PX_ENT_PERSON) b++;
  size_t m = b - a;
  if (m < 2) return;
  const char **names = malloc(m * sizeof *names);
  size_t *counts = malloc(m * sizeof *counts), *canon = malloc(m * sizeof *canon);
  if (names && counts && canon) {
    for (size_t i = 0; i < m; i++)
      names[i] = it[a + i].name, counts[i] = it[a + i].mentions;
    px_names_unify(names, counts, m, canon);
    for (size_t i = 0; i < m; i++)
      if (canon[i] != i) {
        fold(&it[a + canon[i]], &it[a + i]);
        it[a + i].mentions = 0;
      }
  }
  free(names);
  free(counts);
  free(canon);
}

static size_t story_items(const state *st, const px_linker *l,
                          const px_story *s, item **out) {
  item *it = NULL;
  size_t n = 0;
  for (size_t r = 0; r < st->n; r++) {
    const row *w = &st->rows[r];
    px_linked la;
    if (!px_linker_article(l, w->article, &la) || la.story != s->id) continue;
    item *g = realloc(it, (n + 1) * sizeof *it);
    if (!g) break;
    it = g;
    memset(&it[n], 0, sizeof *it);
    it[n].name = st->arena + w->name;
    it[n].type = w->type;
    it[n].mentions = w->mentions;
    it[n].articles = 1;
    add_outlet(&it[n], la.outlet ? la.outlet : "(no outlet)");
    n++;
  }
  if (n) qsort(it, n, sizeof *it, by_type_name);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k && it[k - 1].type == it[i].type && !strcmp(it[k - 1].name, it[i].name))
      fold(&it[k - 1], &it[i]);
    else
      it[k++] = it[i];
  }
  unite_people(it, k);
  size_t m = 0;
  for (size_t i = 0; i < k; i++)
    if (it[i].mentions) it[m++] = it[i];
  if (m) qsort(it, m, sizeof *it, by_mentions);
  *out = it;
  return m;
}

static const char *const kind_key[] = {"people", "places", "organisations"};

static void print_story(const state *st, const px_linker *l, const px_story *s) {
  item *it;
  size_t n = story_items(st, l, s, &it);
  if (!strcmp(st->format, "json")) {
    json_t *o = json_object();
    json_object_set_new(o, "story", json_integer(s->id));
    json_object_set_new(o, "label", json_string(s->label));
    json_object_set_new(o, "articles", json_integer((json_int_t)s->size));
    json_t *kinds[3] = {json_array(), json_array(), json_array()};
    for (size_t i = 0; i < n; i++) {
      json_t *outs = json_array();
      for (size_t k = 0; k < it[i].n_outlets; k++)
        json_array_append_new(outs, json_string(it[i].outlets[k]));
      json_array_append_new(
          kinds[it[i].type],
          json_pack("{s:s,s:I,s:I,s:o}", "name", it[i].name, "mentions",
                    (json_int_t)it[i].mentions, "articles",
                    (json_int_t)it[i].articles, "outlets", outs));
    }
    for (int k = 0; k < 3; k++) json_object_set_new(o, kind_key[k], kinds[k]);
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(o);
  } else {
    printf("story %u: %s (%zu %s)\n", s->id, s->label, s->size,
           cli_plural(s->size, "article", "articles"));
    for (size_t i = 0; i < n; i++) {
      printf("  %-13s %-32s %3zu %s in %zu %s:", px_entity_type_name(it[i].type),
             it[i].name, it[i].mentions,
             cli_plural(it[i].mentions, "mention", "mentions"), it[i].articles,
             cli_plural(it[i].articles, "article", "articles"));
      for (size_t k = 0; k < it[i].n_outlets; k++)
        printf("%s %s", k ? "," : "", it[i].outlets[k]);
      putchar('\n');
    }
    putchar('\n');
  }
  free(it);
}

static int option(int argc, char **argv, int *i, void *opts) {
  state *st = opts;
  if (!strcmp(argv[*i], "--all")) return st->all = 1;
  if (strcmp(argv[*i], "--format")) return 0;
  st->format = *i + 1 < argc ? argv[++*i] : "";
  if (strcmp(st->format, "text") && strcmp(st->format, "json")) {
    fprintf(stderr, "parallax entities: --format is text or json\n");
    return -1;
  }
  return 1;
}

int cmd_entities(int argc, char **argv) {
  cli_input in = {0};
  state st = {0};
  st.format = "text";
  int rc = cli_parse("entities", argc, argv, &in, option, &st, help);
  if (rc >= 0) return rc;
  px_pipeline_opts po = {0};
  po.flags = PX_FEAT_ENTITIES;
  po.link = 1;
  po.on_features = keep;
  po.user = &st;
  px_pipeline *p;
  rc = cli_pipeline_run(&in, &po, &p);
  if (rc < 0) rc = 1;
  const px_linker *l = p ? px_pipeline_linker(p) : NULL;
  for (size_t k = 0; l && k < px_linker_n_stories(l); k++) {
    px_story s;
    if (!px_linker_story(l, k, &s) || (s.size < 2 && !st.all)) continue;
    print_story(&st, l, &s);
  }
  px_pipeline_free(p);
  free(st.rows);
  free(st.arena);
  return rc;
}
