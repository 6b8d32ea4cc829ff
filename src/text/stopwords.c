/* stopwords.c — English function words that carry no topic: ignored
 * when stories are compared and flagged on tokens. The list was written for
 * this project (pronouns, determiners, auxiliaries, conjunctions and
 * prepositions); content words such as "said" are left to TF-IDF weights.
 * Kept sorted in byte order, to read; looked up in a hash table. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "parallax.h"

static const char *const stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "almost",
    "also", "although", "am", "among", "an", "and", "another", "any",
    "anyone", "anything", "are", "aren't", "around", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't",
    "do", "does", "doesn't", "doing", "don't", "down", "during", "each",
    "either", "else", "enough", "even", "ever", "every", "few", "for", "from",
    "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having",
    "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself",
    "him", "himself", "his", "how", "how's", "however", "i", "i'd", "i'll",
    "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its",
    "itself", "just", "least", "less", "let's", "like", "many", "may", "me",
    "might", "more", "most", "much", "must", "mustn't", "my", "myself",
    "neither", "never", "no", "nor", "not", "now", "of", "off", "often", "on",
    "once", "one", "only", "onto", "or", "other", "others", "ought", "our",
    "ours", "ourselves", "out", "over", "own", "per", "perhaps", "rather",
    "same", "shall", "shan't", "she", "she'd", "she'll", "she's", "should",
    "shouldn't", "since", "so", "some", "such", "than", "that", "that's",
    "the", "their", "theirs", "them", "themselves", "then", "there",
    "there's", "these", "they", "they'd", "they'll", "they're", "they've",
    "this", "those", "though", "through", "thus", "to", "too", "toward",
    "towards", "under", "until", "up", "upon", "us", "very", "via", "was",
    "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't",
    "what", "what's", "whatever", "when", "when's", "where", "where's",
    "whether", "which", "while", "who", "who's", "whom", "whose", "why",
    "why's", "will", "with", "within", "without", "won't", "would",
    "wouldn't", "yet", "you", "you'd", "you'll", "you're", "you've", "your",
    "yours", "yourself", "yourselves",
};

/* A hash table of the list, built once: a lookup costs one hash of at
 * most ten bytes and a compare or two, where the binary search cost eight
 * string compares (a tenth of a search's time, once counted). */
#define SLOTS 1024 /* a power of two, over four times the list */
static const char *table[SLOTS];
static unsigned char table_len[SLOTS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static unsigned slot_of(const char *w, size_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
  return h & (SLOTS - 1);
}

static void table_build(void) {
  for (size_t i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++) {
    size_t n = strlen(stopwords[i]);
    unsigned k = slot_of(stopwords[i], n);
    while (table[k]) k = (k + 1) & (SLOTS - 1);
    table[k] = stopwords[i];
    table_len[k] = (unsigned char)n;
  }
}

int px_is_stopword(const char *w, size_t n) {
  if (n == 0 || n > 10) return 0;
  pthread_once(&table_once, table_build);
  for (unsigned k = slot_of(w, n); table[k]; k = (k + 1) & (SLOTS - 1))
    if (table_len[k] == n && !memcmp(table[k], w, n)) return 1;
  return 0;
}
