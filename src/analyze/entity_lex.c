/* entity_lex.c — the word classes the entity finder looks up, built once
 * per process: one hash map from the hash of a folded word (or of a run
 * of words) to its classes, so that classifying a capitalised run costs a
 * lookup or two per word.
 *
 * Where each list comes from:
 *  - Countries: Debian's iso-codes, ISO 3166-1 (name, common and official
 *    names, the name before a comma: "Korea, Republic of" -> "Korea"; the
 *    initials of a name of several words: "US", "U.S.", "UK"). Read at run
 *    time from $PX_ISO_CODES_DIR or /usr/share/iso-codes/json (installed by
 *    scripts/setup.sh); without it, no country is known by name.
 *  - Other places by name: the subdivisions of ISO 3166-2 (states,
 *    provinces, capital cities), from the same package.
 *  - Demonyms: not in iso-codes. Derived here by spelling rules from each
 *    country's short name (Russia -> Russian, Hungary -> Hungarian,
 *    Ukraine -> Ukrainian, Mexico -> Mexican, Pakistan -> Pakistani), with
 *    the irregular ones of the commonly reported countries written below.
 *  - The endings that mark a country-like name (Veloria, Karvonia) are
 *    learned from the ISO names: three-letter endings shared by at least
 *    five one-word country names.
 *  - Titles come from the quoter's list (cues.c); days and months,
 *    organisation and place suffixes, multipliers and amount modifiers are
 *    general English written here. Nothing is listed for a data set. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "entity_internal.h"
#include "quote_internal.h"

static px__lex lex;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static const char *const days[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
  "sunday", "january", "february", "march", "april", "may", "june", "july",
  "august", "september", "october", "november", "december", "jan.",
  "feb.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", 0};
/* Last words of organisation names: "Health Ministry", "Civic Alliance". */
static const char *const org_suffix[] = {
  "ministry", "party", "union", "council", "bank", "committee", "agency",
  "department", "house", "association", "university", "institute", "court",
  "commission", "authority", "company", "group", "corporation", "corp",
  "corp.", "inc", "inc.", "ltd", "ltd.", "plc", "news", "post", "times",
  "review", "journal", "herald", "tribune", "gazette", "alliance",
  "federation", "league", "club", "senate", "parliament", "congress",
  "assembly", "army", "navy", "police", "government", "office", "board",
  "fund", "foundation", "trust", "network", "airlines", "airways", "press",
  "service", "forces", "guard", "bureau", "cabinet", "school", "hospital",
  "church", "society", "organisation", "organization", "coalition",
  "movement", "holdings", "partners", "telecom", "motors", "pharma",
  "energy", "authority", "wire", "tv", "radio", "broadcasting",
  "commerce", "exchange", "reserve", "treasury", "fc", "united",
  "terminals", "shipping", "logistics", "systems", "industries", "ledger",
  "courier", "chronicle", "observer", "monitor", "daily", 0};
/* First words of "X of Y" organisations: "Bank of England". */
static const char *const org_head[] = {
  "ministry", "department", "bank", "university", "office", "institute",
  "board", "court", "council", "commission", "house", "league",
  "federation", "union", "college", "academy", "church", "bureau", 0};
/* Lower-case nouns next to an organisation's name: "telecoms group,
 * Dravtel", "mobile operator VeloNet", "his Truth Social platform". */
static const char *const org_noun[] = {
  "group", "company", "firm", "operator", "carrier", "maker", "bank",
  "agency", "platform", "network", "broadcaster", "newspaper", "party",
  "union", "airline", "insurer", "lender", "retailer", "giant", "outlet",
  "startup", "club", "ministry", "conglomerate", "subsidiary", "utility",
  "manufacturer", "producer", "supplier", "developer", "publisher",
  "website", "channel", "daily", "tabloid", "regulator", 0};
/* Last words of place names, and lower-case nouns after one: "Sarn
 * River", "the Sarn valley", "the Ostrova dam". */
static const char *const place_suffix[] = {
  "river", "sea", "valley", "island", "islands", "mountains", "mountain",
  "street", "square", "city", "county", "province", "region", "district",
  "bay", "lake", "ocean", "strait", "peninsula", "harbour", "harbor",
  "port", "airport", "bridge", "dam", "reservoir", "border", "coast",
  "desert", "east", "west", "gulf", "canal", "heights", "avenue", "road",
  "town", "village", "oblast", "plain", "plateau", "delta", "basin",
  "highway", "quay", "docks", "estuary", 0};
/* Prepositions whose capitalised object is a place: "in Dravsk". */
static const char *const place_prep[] = {
  "in", "at", "near", "across", "outside", "into", "toward", "towards",
  "throughout", "inside", 0};
/* Nouns before "of" that name a place: "the city of Lisskar". */
static const char *const place_of[] = {
  "city", "town", "village", "port", "region", "province", "capital",
  "island", "republic", "county", "state", "district", "suburb", 0};
static const char *const joiners[] = {"of", "de", "van", "von", "der", "al",
  "bin", "da", "del", "la", "le", "di", "&", 0};
static const char *const multipliers[] = {
  "thousand", "million", "billion", "trillion", "bn", "mn", "m", 0};
/* Words before a number that belong to the amount: "more than 300". */
static const char *const modifiers[] = {
  "more", "than", "over", "about", "nearly", "almost", "around", "some",
  "roughly", "approximately", "up", "to", "at", "least", "less", "fewer",
  "under", "just", "only", "below", "above", "exactly", 0};

/* Irregular demonyms of commonly reported countries (general knowledge,
 * written here): "country|demonym". The regular ones are derived. */
static const char *const irregular[] = {
  "China|Chinese", "France|French", "United Kingdom|British",
  "Netherlands|Dutch", "Germany|German", "Spain|Spanish",
  "Switzerland|Swiss", "Greece|Greek", "Israel|Israeli", "Iraq|Iraqi",
  "Turkey|Turkish", "Türkiye|Turkish", "Poland|Polish", "Sweden|Swedish",
  "Denmark|Danish", "Finland|Finnish", "Ireland|Irish", "Japan|Japanese",
  "Vietnam|Vietnamese", "Portugal|Portuguese", "Philippines|Filipino",
  "United States|American", "Thailand|Thai", "Norway|Norwegian",
  "Belgium|Belgian", "Brazil|Brazilian", "Iran|Iranian",
  "Afghanistan|Afghan", "Yemen|Yemeni", "Qatar|Qatari",
  "Saudi Arabia|Saudi", "Lebanon|Lebanese", "Sudan|Sudanese",
  "Egypt|Egyptian", "Canada|Canadian", "Peru|Peruvian", "Chile|Chilean",
  "Nepal|Nepalese", "Korea|Korean", "South Korea|South Korean",
  "North Korea|North Korean", "Taiwan|Taiwanese", "Kuwait|Kuwaiti",
  "Oman|Omani", "Bahrain|Bahraini", "Bangladesh|Bangladeshi",
  "New Zealand|New Zealander", "Iceland|Icelandic", "Scotland|Scottish",
  "Wales|Welsh", "England|English", "Czechia|Czech", "Slovakia|Slovak",
  "Croatia|Croatian", "Serbia|Serbian", "Israel|Israeli",
  "Cyprus|Cypriot", "Morocco|Moroccan", "Senegal|Senegalese",
  "Congo|Congolese", "Argentina|Argentine", "Uruguay|Uruguayan",
  "Paraguay|Paraguayan", "Malta|Maltese", "Monaco|Monegasque",
  "Madagascar|Malagasy", "Mali|Malian", "Niger|Nigerien", 0};

uint64_t px__lex_word_hash(const char *s, size_t n) {
  uint64_t h = px__hash(s, n);
  return h ? h : 1;
}

uint64_t px__lex_mix(uint64_t k, uint64_t h) {
  k = (k ^ h) * 0x9E3779B97F4A7C15ULL;
  return k ^ (k >> 31);
}

/* The key of text s as the tokenizer splits it: the one word's hash, or
 * the words' hashes mixed in order. 0 when s has no word. */
static uint64_t phrase_key(px_analyzer *an, const char *s, size_t n) {
  px_doc d;
  if (px_analyze(an, s, n, &d) != PX_OK) return 0;
  uint64_t k = 0;
  size_t words = 0;
  for (size_t i = 0; i < d.n_toks; i++) {
    const px_token *t = &d.toks[i];
    if (t->type > PX_TOK_NUMBER) continue; /* "Guinea-Bissau": words */
    uint64_t h = px__lex_word_hash(d.pool + t->norm, t->norm_len);
    k = words++ ? px__lex_mix(k, h) : h;
  }
  return k;
}

static uint32_t add_canon(const char *s) {
  if (px__grow((void **)&lex.canon, &lex.cap_canon, lex.n_canon + 1,
               sizeof *lex.canon))
    return 0;
  char *c = strdup(s);
  if (!c) return 0;
  lex.canon[lex.n_canon] = c;
  return (uint32_t)lex.n_canon++;
}

/* Adds classes to a key; the first index given to it stays. */
static void put(uint64_t key, uint32_t cls, uint32_t index) {
  if (!key) return;
  int created;
  uint32_t *v = px__hmap_put(&lex.map, key, 0, &created);
  if (!v) return;
  if (created || !(*v >> PX__LX_SHIFT)) *v |= index << PX__LX_SHIFT;
  *v |= cls;
}

static void put_words(px_analyzer *an, const char *const *w, uint32_t cls) {
  for (; *w; w++) put(phrase_key(an, *w, strlen(*w)), cls, 0);
}

/* "United States" -> "US" and "U.S."; nothing for one word. */
static void put_initials(px_analyzer *an, const char *name, uint32_t ix) {
  char plain[16], dotted[32];
  size_t np = 0, nd = 0, words = 0;
  for (const char *p = name; *p; p++) {
    if (p != name && p[-1] != ' ') continue;
    if (*p < 'A' || *p > 'Z') return; /* "of", "and": no acronym */
    if (np + 1 >= sizeof plain || nd + 2 >= sizeof dotted) return;
    plain[np++] = *p;
    dotted[nd++] = *p;
    dotted[nd++] = '.';
    words++;
  }
  if (words < 2) return;
  put(phrase_key(an, plain, np), PX__LX_PLACE, ix);
  put(phrase_key(an, dotted, nd), PX__LX_PLACE, ix);
}

static int ends(const char *s, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n >= k && !memcmp(s + n - k, suf, k);
}

/* A demonym by the regular rules, or "" when none applies. */
static void derive_demonym(const char *c, char *out, size_t cap) {
  size_t n = strlen(c);
  out[0] = '\0';
  if (n < 4 || n + 4 >= cap || strchr(c, ' ') || strchr(c, ',')) return;
  memcpy(out, c, n + 1);
  if (ends(c, n, "stan")) strcpy(out + n, "i");
  else if (ends(c, n, "a")) strcpy(out + n, "n");
  else if (ends(c, n, "y")) strcpy(out + n - 1, "ian");
  else if (ends(c, n, "e")) strcpy(out + n - 1, "ian");
  else if (ends(c, n, "o")) strcpy(out + n, "an");
  else if (ends(c, n, "ia")) strcpy(out + n, "n");
  else out[0] = '\0';
}

/* Counts a one-word country name's ending, for the learned endings. */
static void count_ending(const char *name) {
  size_t n = strlen(name);
  if (n < 5 || strchr(name, ' ') || strchr(name, ',')) return;
  char e[4];
  for (int i = 0; i < 3; i++) e[i] = (char)(name[n - 3 + i] | 0x20);
  e[3] = '\0';
  for (size_t i = 0; i < lex.n_endings; i++)
    if (!memcmp(lex.endings[i].s, e, 4)) {
      lex.endings[i].count++;
      return;
    }
  if (lex.n_endings < PX__LX_MAX_ENDINGS) {
    memcpy(lex.endings[lex.n_endings].s, e, 4);
    lex.endings[lex.n_endings++].count = 1;
  }
}

/* One ISO 3166-1 entry: every name it goes by, its short name canonical,
 * its demonym. */
static void add_country(px_analyzer *an, json_t *c) {
  const char *name = json_string_value(json_object_get(c, "name"));
  const char *common = json_string_value(json_object_get(c, "common_name"));
  const char *official =
      json_string_value(json_object_get(c, "official_name"));
  if (!name) return;
  char shortn[128];
  const char *comma = strchr(name, ',');
  size_t sn = comma ? (size_t)(comma - name) : strlen(name);
  if (sn >= sizeof shortn) return;
  memcpy(shortn, name, sn);
  shortn[sn] = '\0';
  /* "Russian Federation", "Syrian Arab Republic": the adjective is the
   * demonym, and the short name is its country form ("Russia") */
  char adj_short[64] = "";
  const char *sp = strchr(shortn, ' ');
  if (!common && sp && (size_t)(sp - shortn) + 1 < sizeof adj_short &&
      ends(shortn, (size_t)(sp - shortn), "ian") &&
      (strstr(sp, "Federation") || strstr(sp, "Republic"))) {
    memcpy(adj_short, shortn, (size_t)(sp - shortn) - 1);
    adj_short[sp - shortn - 1] = '\0';
  }
  const char *canon = common ? common : adj_short[0] ? adj_short : shortn;
  uint32_t ix = add_canon(canon);
  const char *names[] = {name, common, official, shortn, adj_short};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (names[i] && names[i][0]) {
      put(phrase_key(an, names[i], strlen(names[i])), PX__LX_PLACE, ix);
      put_initials(an, names[i], ix);
    }
  count_ending(canon);
  char dem[96];
  derive_demonym(canon, dem, sizeof dem);
  if (adj_short[0]) snprintf(dem, sizeof dem, "%.*s", (int)(sp - shortn),
                             shortn);
  if (dem[0]) put(phrase_key(an, dem, strlen(dem)), PX__LX_DEMONYM, ix);
}

static json_t *load(const char *dir, const char *file) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return json_load_file(path, 0, NULL);
}

static void add_iso(px_analyzer *an) {
  const char *dir = getenv("PX_ISO_CODES_DIR");
  if (!dir || !*dir) dir = "/usr/share/iso-codes/json";
  json_t *c1 = load(dir, "iso_3166-1.json");
  json_t *list = json_object_get(c1, "3166-1");
  size_t i;
  json_t *c;
  json_array_foreach(list, i, c) add_country(an, c);
  if (json_array_size(list)) {
    snprintf(lex.source, sizeof lex.source, "%s/iso_3166-1.json", dir);
    lex.n_countries = json_array_size(list);
  }
  json_decref(c1);
  json_t *c2 = load(dir, "iso_3166-2.json");
  list = json_object_get(c2, "3166-2");
  json_array_foreach(list, i, c) {
    const char *name = json_string_value(json_object_get(c, "name"));
    if (!name || strlen(name) < 4) continue;
    put(phrase_key(an, name, strlen(name)), PX__LX_PLACE, add_canon(name));
  }
  json_decref(c2);
  for (const char *const *p = irregular; *p; p++) {
    const char *bar = strchr(*p, '|');
    uint64_t ck = phrase_key(an, *p, (size_t)(bar - *p));
    uint32_t *v = px__hmap_get(&lex.map, ck);
    uint32_t ix = v && (*v & PX__LX_PLACE) ? *v >> PX__LX_SHIFT : 0;
    if (!ix) {
      char c0[64];
      snprintf(c0, sizeof c0, "%.*s", (int)(bar - *p), *p);
      ix = add_canon(c0);
      put(ck, PX__LX_PLACE, ix);
    }
    put(phrase_key(an, bar + 1, strlen(bar + 1)), PX__LX_DEMONYM, ix);
  }
}

static void build(void) {
  px_analyzer *an = px_analyzer_new();
  if (!an) return;
  add_canon(""); /* index 0: none */
  put_words(an, days, PX__LX_DAY);
  put_words(an, org_suffix, PX__LX_ORG_SUF);
  put_words(an, org_head, PX__LX_ORG_HEAD);
  put_words(an, org_noun, PX__LX_ORG_NOUN);
  put_words(an, place_suffix, PX__LX_PLACE_SUF);
  put_words(an, place_prep, PX__LX_PLACE_PREP);
  put_words(an, place_of, PX__LX_PLACE_OF);
  put_words(an, multipliers, PX__LX_MULT);
  put_words(an, joiners, PX__LX_JOINER);
  put_words(an, modifiers, PX__LX_MOD);
  put_words(an, px__title_words, PX__LX_TITLE);
  add_iso(an);
  for (size_t i = 0; i < lex.n_endings; i++)
    if (lex.endings[i].count >= 5) lex.endings[lex.n_learned++] = lex.endings[i];
  px_analyzer_free(an);
}

const px__lex *px__lex_get(void) {
  pthread_once(&lex_once, build);
  return &lex;
}

const char *px_entities_source(void) {
  const px__lex *l = px__lex_get();
  return l->source[0] ? l->source : NULL;
}

int px__lex_country_ending(const px__lex *l, const char *w, size_t n) {
  if (n < 5) return 0;
  for (size_t i = 0; i < l->n_learned; i++)
    if (!memcmp(w + n - 3, l->endings[i].s, 3)) return 1;
  return 0;
}
