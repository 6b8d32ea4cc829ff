/* cues.c — the speech-cue lexicon: verbs that report what someone said,
 * each written out with its inflections (no stemming: "states" the noun and
 * "claims" the noun must not slip in through a stem), plus the small word
 * lists the subject finder needs (pronouns, titles, determiners).
 * Lookup is a binary search over a table sorted once at first use. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "quote_internal.h"

#define S PX__CUE_SPEECH
#define T PX__CUE_THAT
#define O PX__CUE_OBJECT
#define L PX__CUE_LABEL
#define N PX__CUE_NEAR

typedef struct {
  const char *forms; /* space-separated inflections */
  unsigned flags;
} cue_row;

/* Base forms are left out where they are common nouns or commands
 * ("claim", "report", "post", "comment"); the past forms carry them. */
static const cue_row rows[] = {
  {"say says said saying", S | T},
  {"tell tells told telling", S | T | O},
  {"write writes wrote writing", S | T},
  {"add adds added adding", S | T},
  {"warn warns warned warning", S | T},
  {"insist insists insisted insisting", S | T},
  {"note notes noted noting", S | T},
  {"explain explains explained explaining", S | T},
  {"argue argues argued arguing", S | T},
  {"claimed claiming", S | T},
  {"stated", S | T},
  {"announce announces announced announcing", S | T},
  {"declare declares declared declaring", S | T},
  {"acknowledge acknowledges acknowledged acknowledging", S | T},
  {"admit admits admitted admitting", S | T},
  {"reply replies replied replying", S | T},
  {"respond responds responded responding", S | T},
  {"tweet tweets tweeted tweeting", S | T},
  {"posted", S | T},
  {"commented", S | T},
  {"suggest suggests suggested suggesting", S | T},
  {"recall recalls recalled recalling", S | T},
  {"testify testifies testified testifying", S | T},
  {"reported", S | T},
  {"remark remarks remarked", S | T},
  {"predict predicts predicted predicting", S | T},
  {"promise promises promised promising", S | T},
  {"vow vows vowed vowing", S | T},
  {"urge urges urged urging", S | T | O},
  {"deny denies denied denying", S | T},
  {"confirm confirms confirmed confirming", S | T},
  {"concede concedes conceded conceding", S | T},
  {"assert asserts asserted asserting", S | T},
  {"contend contends contended contending", S | T},
  {"maintain maintains maintained", S | T},
  {"allege alleges alleged", S | T},
  {"stress stresses stressed stressing", S | T},
  {"emphasize emphasizes emphasized emphasise emphasised", S | T},
  {"complain complains complained complaining", S | T},
  {"boast boasts boasted boasting", S | T},
  {"caution cautions cautioned cautioning", S | T},
  {"reiterate reiterates reiterated", S | T},
  {"counter counters countered", S | T},
  {"pledge pledges pledged pledging", S | T},
  {"announced", S | T},
  {"asked asks asking", S | O},
  {"describe describes described describing", S | L},
  {"call calls called calling", L},
  {"label labels labelled labeled labelling", L},
  {"dub dubs dubbed", L},
  {"hail hails hailed hailing", L},
  {"praise praises praised", L},
  {"demand demands demanded demanding", S | T},
  {"hint hints hinted hinting", S | T},
  {"lament laments lamented lamenting", S | T},
  {"assure assures assured assuring", S | T | O},
  {"imply implies implied implying", S | T},
  {"proclaim proclaims proclaimed proclaiming", S | T},
  {"retort retorts retorted", S | T},
  {"observe observes observed", S | T},
  {"opine opines opined", S | T},
  /* verbs that judge: they name what they judge with quoted words
   * ("decried the issue of "systemic racism"") */
  {"decry decries decried decrying", L},
  {"denounce denounces denounced denouncing", L},
  {"blast blasts blasted blasting", L},
  {"brand brands branded branding", L},
  {"term terms termed terming", L},
  {"deem deems deemed deeming", L},
  {"slam slams slammed slamming", L},
  {"mock mocks mocked mocking", L},
  {"deride derides derided deriding", L},
  {"lambaste lambastes lambasted lambasting", L},
  {"tout touts touted touting", L},
  {"characterize characterizes characterized characterizing", L},
  {"accuse accuses accused accusing", L},
  {"criticize criticizes criticized criticizing", L},
  {"condemn condemns condemned condemning", L},
  {"yell yells yelled", S | N},
  {"chant chants chanted chanting", S | N},
  {"scream screams screamed", S | N},
  {"continue continues continued", S | N},
  {"joke jokes joked", S | N},
  {"quip quips quipped", S | N},
  {"shout shouts shouted", S | N},
  {"exclaimed", S | N},
  {"recount recounts recounted", S | N},
  {"conclude concludes concluded", S | N},
  {"agree agrees agreed", S | N},
  {"wonder wonders wondered", S | N},
  {"mused", S | N},
  {"answer answers answered", S | N},
  {"began", S | N},
  /* manner of speaking, and what documents do: only next to quotations
   * ("“...,” the letter reads", "“Go back,” Trump barked") */
  {"read reads", S | N},
  {"states", S | N},
  {"bark barks barked", S | N},
  {"sing sings sang singing", S | N},
  {"snap snaps snapped", S | N},
  {"scoff scoffs scoffed", S | N},
  {"sigh sighs sighed", S | N},
  {"laugh laughs laughed", S | N},
  {"gripe gripes griped", S | N},
  {"fume fumes fumed", S | N},
  {"gush gushes gushed", S | N},
  {"rave raves raved", S | N},
  {"grouse grouses groused", S | N},
  {"thunder thunders thundered", S | N},
  {"intone intones intoned", S | N},
  {"plead pleads pleaded", S | N},
  {"beam beams beamed", S | N},
  {"crack cracks cracked", S | N},
  {"interject interjects interjected", S | N},
  {"chime chimes chimed", S | N},
  {"marvel marvels marveled marvelled", S | N},
  {"whisper whispers whispered", S | N},
  {"muse muses", S | N},
  {"cheer cheers cheered", S | N},
};

#undef S
#undef T
#undef O
#undef L
#undef N

typedef struct {
  char w[24];
  unsigned flags;
} cue_entry;

enum { MAX_CUES = 512 }; /* more than the forms of rows[] */
static cue_entry table[MAX_CUES];
static size_t n_table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int by_word(const void *a, const void *b) {
  return strcmp(((const cue_entry *)a)->w, ((const cue_entry *)b)->w);
}

/* Splits the rows into one sorted entry per form, once per process:
 * analysis runs on several threads, and a thread reading the table while
 * another sorts it in place would find the wrong cues. */
static void build_table(void) {
  size_t n = 0;
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
    const char *s = rows[r].forms;
    while (*s && n < MAX_CUES) {
      size_t k = strcspn(s, " ");
      if (k && k < sizeof table[0].w) {
        memcpy(table[n].w, s, k);
        table[n].w[k] = 0;
        table[n].flags = rows[r].flags;
        n++;
      }
      s += k;
      while (*s == ' ') s++;
    }
  }
  qsort(table, n, sizeof table[0], by_word);
  n_table = n;
}

unsigned px__cue_flags(const char *w, size_t n) {
  pthread_once(&table_once, build_table);
  if (n == 0 || n >= sizeof table[0].w) return 0;
  cue_entry key;
  memcpy(key.w, w, n);
  key.w[n] = 0;
  const cue_entry *e = bsearch(&key, table, n_table, sizeof table[0], by_word);
  return e ? e->flags : 0;
}

/* ---- token helpers ------------------------------------------------------ */

static int norm_in(const px_doc *d, size_t i, const char *const *list) {
  const px_token *t = &d->toks[i];
  if (t->type != PX_TOK_WORD || !t->norm_len) return 0;
  char c0 = d->pool[t->norm];
  for (; *list; list++) {
    if ((*list)[0] != c0) continue; /* cheap first test: lists are hot */
    size_t n = strlen(*list);
    if (t->norm_len == n && !memcmp(d->pool + t->norm, *list, n)) return 1;
  }
  return 0;
}

int px__tok_is(const px_doc *d, size_t i, const char *s) {
  const px_token *t = &d->toks[i];
  size_t n = strlen(s);
  return t->norm_len == n && !memcmp(d->pool + t->norm, s, n);
}

int px__tok_punct(const px_doc *d, size_t i, char c) {
  const px_token *t = &d->toks[i];
  return t->type == PX_TOK_PUNCT && t->norm_len == 1 && d->pool[t->norm] == c;
}

int px__is_pronoun(const px_doc *d, size_t i) {
  static const char *const w[] = {"he", "she", "they", "we", "i", "it", 0};
  return norm_in(d, i, w);
}

/* Titles and role words that stand before a name and are not part of it
 * (also read by the entity lexicon, entity_lex.c). */
const char *const px__title_words[] = {
    "president", "vice", "sen.", "sen", "senator", "rep.", "rep",
    "representative", "gov.", "gov", "governor", "mr.", "mrs.", "ms.",
    "dr.", "mr", "mrs", "ms", "dr", "secretary", "minister", "prime",
    "chancellor", "gen.", "general", "judge", "justice", "mayor", "speaker",
    "chairman", "chairwoman", "chief", "director", "spokesman",
    "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "leader",
    "candidate", "nominee", "king", "queen", "pope", "prince", "ambassador",
    "attorney", "commissioner", "lt.", "col.", "sgt.", "capt.", "adm.",
    "rev.", "prof.", "professor", "state", "foreign", "defense", "former",
    "democrat", "republican", "democratic", "gop", "u.s.", "sheriff",
    "councilman", "councilwoman", "lawmaker", "officer", "host", "anchor",
    "analyst", "coach", "ceo", "founder", "executive", "manager",
    "strategist", "pollster", "economist", "official", "premier",
    "substitute", "striker", "defender", "midfielder", "goalkeeper",
    "captain", "referee", 0};

int px__is_title(const px_doc *d, size_t i) {
  return norm_in(d, i, px__title_words);
}

int px__is_determiner(const px_doc *d, size_t i) {
  static const char *const w[] = {
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "one",
    "another", "two", "three", "several", "many", "some", "other", "both",
    "this", "that", "these", "those", "each", "every", "most", "few", 0};
  return norm_in(d, i, w);
}
