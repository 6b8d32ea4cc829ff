/* coverage.c — /api/stories/ID/coverage: what each outlet adds to a
 * story, as `parallax diff` tells it, from what the store keeps. The
 * store gives the story's articles and their texts (px_store_story,
 * px_store_article); each text is analysed again with its text kept
 * (PX_FEAT_TEXT), and px_coverage_compute finds, for every fact (a
 * sentence), the articles that carry it. A fact that no article of
 * another outlet carries is what its outlet adds. The work is done once
 * per story and answer: the response cache keeps the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "serve/serve.h"

#define COVERAGE_MAX_ADDS 30      /* facts listed per outlet */

/* An article as the store gave it, kept for the analysis. */
typedef struct stored {
  json_t *json;   /* owned: the store's article object */
  px_features rec;
} stored;

static const char *str(json_t *o, const char *key) {
  return json_string_value(json_object_get(o, key));
}

/* Reads article id from the store and computes its record into *st.
 * Returns PX_OK or the failure (with why in msg). */
static px_status load(px_store *s, px_featurizer *fz, const char *id,
                      stored *st, char *msg, size_t msglen) {
  char *text = NULL;
  px_status r = px_store_article(s, id, &text);
  if (r != PX_OK) {
    snprintf(msg, msglen, "%s", px_store_errmsg(s));
    return r;
  }
  st->json = json_loads(text, 0, NULL);
  free(text);
  if (!st->json) {
    snprintf(msg, msglen, "the store's article '%s' is not JSON", id);
    return PX_DB;
  }
  px_article a;
  memset(&a, 0, sizeof a);
  json_t *t = json_object_get(st->json, "text");
  a.id = id;
  a.date = str(st->json, "date");
  a.time = str(st->json, "time");
  a.outlet = str(st->json, "outlet");
  a.author = str(st->json, "author");
  a.title = str(st->json, "title");
  a.url = str(st->json, "url");
  a.text = json_string_value(t);
  a.text_len = json_string_length(t);
  if (!a.date || !a.text) {
    snprintf(msg, msglen, "the store's article '%s' has no date or text", id);
    return PX_DB;
  }
  char date[11], clock[9];
  px_date_parse(a.date, strlen(a.date), date, clock, &a.timestamp);
  r = px_features_compute(fz, &a, &st->rec);
  if (r != PX_OK)
    snprintf(msg, msglen, "article '%s': %s", id, px_strerror(r));
  return r;
}

/* {"outlets": [{"outlet", "articles", "adds": [{"text", "article"}],
 * "more"}], "facts", "shared"}: outlets in the story's order. */
static json_t *adds_json(const px_coverage *cv, const px_features *const *a,
                         size_t n) {
  json_t *outs = json_array();
  size_t shared = 0;
  for (size_t i = 0; i < cv->n_facts; i++)
    if (!px_fact_alone(cv, &cv->facts[i], a)) shared++;
  for (size_t i = 0; i < n; i++) {
    const char *o = px_coverage_outlet(a[i]);
    size_t seen = 0;
    for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(px_coverage_outlet(a[j]), o);
    if (seen) continue;
    json_t *adds = json_array();
    size_t articles = 0, more = 0;
    for (size_t j = 0; j < n; j++) articles += !strcmp(px_coverage_outlet(a[j]), o);
    for (size_t k = 0; k < cv->n_facts; k++) {
      const px_fact *f = &cv->facts[k];
      if (strcmp(px_coverage_outlet(a[f->article]), o) || !px_fact_alone(cv, f, a))
        continue;
      if (json_array_size(adds) == COVERAGE_MAX_ADDS) {
        more++;
        continue;
      }
      const px_features *r = a[f->article];
      json_array_append_new(adds, json_pack("{s:s%,s:s}", "text",
                                            r->text + f->span.start,
                                            (size_t)(f->span.end - f->span.start),
                                            "article", r->id));
    }
    json_array_append_new(outs, json_pack("{s:s,s:I,s:o,s:I}", "outlet",
                                          a[i]->outlet ? a[i]->outlet : o,
                                          "articles", (json_int_t)articles,
                                          "adds", adds, "more", (json_int_t)more));
  }
  return json_pack("{s:o,s:I,s:I}", "outlets", outs, "facts",
                   (json_int_t)cv->n_facts, "shared", (json_int_t)shared);
}

void serve_api_coverage(px_store *s, uint32_t id, serve_reply *out) {
  char *text = NULL, msg[300] = "";
  px_status r = px_store_story(s, id, &text);
  if (r != PX_OK) {
    serve_reply_error(out, r == PX_NOT_FOUND ? 404 : 500, px_store_errmsg(s));
    return;
  }
  json_t *story = json_loads(text, 0, NULL);
  free(text);
  json_t *list = json_object_get(story, "articles");
  size_t n = json_array_size(list);
  if (n > PX_COVERAGE_MAX_ARTICLES) n = PX_COVERAGE_MAX_ARTICLES;
  stored *arts = calloc(n ? n : 1, sizeof *arts);
  const px_features **recs = calloc(n ? n : 1, sizeof *recs);
  px_featurizer *fz = px_featurizer_new(PX_FEAT_TEXT);
  px_coverer *cvr = px_coverer_new();
  unsigned status = 0;
  if (!story || !arts || !recs || !fz || !cvr) {
    status = 503;
    snprintf(msg, sizeof msg, "out of memory");
  }
  size_t got = 0;
  for (; !status && got < n; got++) {
    const char *aid = str(json_array_get(list, got), "id");
    r = aid ? load(s, fz, aid, &arts[got], msg, sizeof msg) : PX_DB;
    if (r != PX_OK) status = r == PX_NOMEM ? 503 : 500;
    recs[got] = &arts[got].rec;
  }
  px_coverage cv;
  if (!status && px_coverage_compute(cvr, recs, n, &cv) != PX_OK) {
    status = 503;
    snprintf(msg, sizeof msg, "out of memory");
  }
  if (status) {
    serve_reply_error(out, status, msg);
  } else {
    json_t *o = json_pack("{s:I,s:o}", "story", (json_int_t)id, "coverage",
                          adds_json(&cv, recs, n));
    char *body = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!body) {
      serve_reply_error(out, 503, "out of memory");
    } else {
      out->status = 200;
      out->type = "application/json; charset=utf-8";
      out->cache = "no-cache";
      out->body = out->owned = body;
      out->len = strlen(body);
    }
  }
  for (size_t i = 0; i < got; i++) {
    px_features_clear(&arts[i].rec);
    json_decref(arts[i].json);
  }
  free(arts);
  free(recs);
  px_featurizer_free(fz);
  px_coverer_free(cvr);
  json_decref(story);
}
