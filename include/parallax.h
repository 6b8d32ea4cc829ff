/*
 * parallax.h — the public C API of parallax, a news-story engine.
 *
 * Data flow (docs/ARCHITECTURE.md has the picture):
 *   ingest (px_reader)  -> one px_article at a time
 *   text   (px_analyzer)-> px_doc: paragraphs, sentences, tokens, stems
 *   analyze (px_featurizer) -> px_features: one record per article, pure
 *   link   (px_linker)  -> near-duplicates and stories from the records
 *
 * Conventions
 *   - Every public name starts with px_ (px__ for internal non-static names).
 *   - Offsets are byte offsets into the article's original text, end
 *     exclusive, always.
 *   - Ownership is stated at each declaration: "owned" (caller frees with the
 *     named function), "borrowed until X" (valid until X happens), or
 *     "handed over" (the callee takes it).
 *   - Functions that can fail return px_status; PX_OK is 0.
 */
#ifndef PARALLAX_H
#define PARALLAX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PX_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Status codes: one table, the enum and px_strerror come from it.     */
/* ------------------------------------------------------------------ */

#define PX_STATUS_TABLE(X)                                              \
  X(OK, "ok")                                                           \
  X(NOMEM, "out of memory")                                             \
  X(IO, "input/output error")                                           \
  X(NOT_FOUND, "no such file or directory")                             \
  X(USAGE, "invalid argument")                                          \
  X(EMPTY, "empty input")                                               \
  X(NO_DATE, "missing date")                                            \
  X(BAD_DATE, "malformed date")                                         \
  X(TOO_LARGE, "article larger than the size limit")                    \
  X(BAD_JSON, "malformed JSON line")                                    \
  X(BAD_CSV, "malformed CSV record")                                    \
  X(TRUNCATED, "truncated compressed stream")                           \
  X(NO_TEXT, "article has no text")                                     \
  X(NO_ID, "article has no id")                                         \
  X(DUPLICATE_ID, "article id read before")                             \
  X(BAD_UTF8, "invalid UTF-8 repaired")                                 \
  X(NUL_BYTE, "NUL bytes removed")                                      \
  X(BAD_XML, "malformed XML feed")                                      \
  X(BAD_STATE, "damaged linker state")                                  \
  X(NOT_DB, "not a parallax database")                                  \
  X(DB_NEWER, "database written by a newer parallax")                   \
  X(BAD_QUERY, "malformed search query")                                \
  X(READ_ONLY, "database cannot be written")                            \
  X(FULL, "disk full")                                                  \
  X(DB, "database error")

typedef enum px_status {
#define PX__STATUS_ENUM(name, msg) PX_##name,
  PX_STATUS_TABLE(PX__STATUS_ENUM)
#undef PX__STATUS_ENUM
  PX_STATUS_COUNT
} px_status;

/* A static English message for a status; never NULL. */
const char *px_strerror(px_status st);
/* A short stable name for a status ("no_date"), used in summaries. */
const char *px_status_name(px_status st);

/* ------------------------------------------------------------------ */
/* Diagnostics: every problem with the input names the file and place. */
/* ------------------------------------------------------------------ */

typedef enum px_severity { PX_WARNING, PX_ERROR } px_severity;

typedef struct px_diag {
  px_severity severity;
  px_status status;      /* the kind of problem */
  const char *file;      /* borrowed for the callback; "-" is stdin */
  uint64_t line;         /* 1-based line, 0 when not meaningful */
  uint64_t byte;         /* byte offset into the (decompressed) file */
  const char *message;   /* borrowed for the callback */
} px_diag;

/* Called once per problem; the pointers in d are borrowed for the call. */
typedef void (*px_diag_fn)(const px_diag *d, void *user);

/* Formats a diagnostic as "file:line: byte N: error: message" on out. */
void px_diag_print(const px_diag *d, FILE *out);

/* ------------------------------------------------------------------ */
/* Ingest: files, folders, stdin -> articles                          */
/* ------------------------------------------------------------------ */

typedef struct px_article {
  const char *id;      /* never NULL */
  const char *date;    /* "YYYY-MM-DD"; NULL only when the reader was
                          opened with keep_undated and none was found */
  const char *time;    /* "HH:MM:SS" or NULL when not given */
  const char *outlet;  /* NULL when not given (px_byline_find, and the
                          feature record, look for one in the text) */
  const char *author;  /* NULL when not given */
  const char *title;   /* NULL when not given */
  const char *url;     /* NULL when not given */
  const char *text;    /* valid UTF-8, no NUL bytes, NUL-terminated */
  size_t text_len;     /* bytes in text */
  const char *file;    /* the input it came from */
  uint64_t line;       /* line in that input (JSONL/CSV), 1 for text */
  int64_t timestamp;   /* seconds since 1970 UTC of date (and time) */
  uint32_t n_repaired; /* invalid UTF-8 sequences replaced by U+FFFD */
  uint32_t n_nul;      /* NUL bytes removed */
} px_article;

typedef struct px_ingest_stats {
  uint64_t files;                     /* inputs opened */
  uint64_t read;                      /* articles seen (kept + skipped) */
  uint64_t kept;                      /* articles handed to the caller */
  uint64_t skipped;                   /* articles not handed over */
  uint64_t by_status[PX_STATUS_COUNT];/* skipped, by reason */
  uint64_t repaired;                  /* articles with invalid UTF-8 fixed */
  uint64_t nul;                       /* articles with NUL bytes removed */
  uint64_t bytes;                     /* text bytes of kept articles */
} px_ingest_stats;

typedef struct px_reader_opts {
  size_t max_article_bytes; /* 0 means the default, PX_DEFAULT_MAX_ARTICLE */
  px_diag_fn on_diag;       /* NULL: diagnostics printed on stderr */
  void *user;               /* passed to on_diag */
  const char *date_default; /* borrowed until px_reader_close: the date of
                               articles that have none (a page without a
                               findable date); NULL skips them as no_date */
  int keep_undated;         /* hand over articles without a date, with
                               date NULL and timestamp 0 (`extract`) */
} px_reader_opts;

#define PX_DEFAULT_MAX_ARTICLE ((size_t)64 << 20)

typedef struct px_reader px_reader;

/* Opens a reader over paths (files, folders read recursively in sorted
 * byte order, "-" for stdin). paths are copied. opts may be NULL. Returns an
 * owned reader (free with px_reader_close) or NULL when out of memory;
 * missing paths are reported as diagnostics when reached. */
px_reader *px_reader_open(const char *const *paths, size_t n_paths,
                          const px_reader_opts *opts);

/* Fills *out with the next good article. Returns 1 when an article was
 * produced, 0 at the end of all input. The article's strings are borrowed
 * until the next call or px_reader_close. Bad articles are reported through
 * the diagnostic callback and counted, never returned. */
int px_reader_next(px_reader *r, px_article *out);

/* Counts so far. */
void px_reader_stats(const px_reader *r, px_ingest_stats *out);

void px_reader_close(px_reader *r);


/* Parses "YYYY-MM-DD" optionally followed by "T"/" " and "HH:MM[:SS]" and a
 * zone ("Z", "+02:00"); also "2025/10/16", "16 Oct 2025", "October 16,
 * 2025", each optionally with a clock ("14:05", "2:05 pm") and a zone
 * ("+0000", "GMT", "EDT"), and RFC 2822 ("Thu, 16 Oct 2025 14:05:00
 * +0000"). Writes the date, the time ("" when absent) and seconds since
 * 1970 UTC. Returns PX_OK or PX_BAD_DATE. */
px_status px_date_parse(const char *s, size_t len, char date[11],
                        char time[9], int64_t *timestamp);

/* ------------------------------------------------------------------ */
/* Text: UTF-8, folding, paragraphs, sentences, tokens, stems          */
/* ------------------------------------------------------------------ */

/* Decodes one code point at s[0..len). Returns the number of bytes used
 * (1..4) and writes the code point, or returns 0 and writes U+FFFD with a
 * length of 1 for an invalid sequence (the caller advances by 1). */
int px_utf8_decode(const char *s, size_t len, int32_t *cp);

/* Number of bytes a valid UTF-8 encoding of cp takes (1..4); writes them. */
int px_utf8_encode(int32_t cp, char out[4]);

/* Copies src to a new buffer with invalid sequences replaced by U+FFFD and
 * NUL bytes removed. Returns owned memory (free()) or NULL when out of
 * memory; *out_len is its length, *n_invalid and *n_nul the counts. */
char *px_utf8_repair(const char *src, size_t len, size_t *out_len,
                     uint32_t *n_invalid, uint32_t *n_nul);

/* The matching form of a code point: typographic quotes -> '"', apostrophes
 * and primes -> '\'', dashes -> '-', non-breaking and other spaces -> ' ',
 * zero-width characters -> 0 (dropped), the ellipsis character -> 0x2026
 * unchanged (callers expand it), other code points unchanged. */
int32_t px_fold_char(int32_t cp);

/* Folds text for matching: NFKC, case folding, then px_fold_char. Writes
 * up to cap bytes to out and, if map is not NULL, for every output byte the
 * offset in text of the character it came from. Returns the length of the
 * folded text (which may exceed cap: call again with more room). */
size_t px_fold(const char *text, size_t len, char *out, uint32_t *map,
               size_t cap);

typedef enum px_token_type {
  PX_TOK_WORD,   /* letters, digits inside, inner apostrophes/hyphens */
  PX_TOK_NUMBER, /* 3.5, 1,200, 2025, $-less; "$" is punctuation */
  PX_TOK_PUNCT,  /* any other non-space character run of one symbol */
  PX_TOK_QUOTE   /* a quotation mark: " “ ” „ « » ‘ ’ ' `` '' */
} px_token_type;

/* Token flags */
#define PX_TF_CAP 0x01      /* first letter is upper case */
#define PX_TF_ALLCAP 0x02   /* every letter upper case, two or more */
#define PX_TF_STOP 0x04     /* the folded form is a stopword */
#define PX_TF_OPEN 0x08     /* quote mark: can open (left-flanking) */
#define PX_TF_CLOSE 0x10    /* quote mark: can close (right-flanking) */
#define PX_TF_SENT_START 0x20 /* first token of its sentence */

typedef struct px_token {
  uint32_t start, end;     /* bytes in the original text */
  uint32_t norm, norm_len; /* folded lower-case form: doc->pool + norm */
  uint32_t stem, stem_len; /* Snowball English stem: doc->pool + stem */
  uint8_t type;            /* px_token_type */
  uint8_t flags;           /* PX_TF_* */
  uint16_t quote;          /* for PX_TOK_QUOTE: the mark's code point
                              folded to '"' (double) or '\'' (single) */
  uint64_t hash;           /* words and numbers: the hash of the folded
                              form (xxh3 of norm; what the stem cache, the
                              terms, MinHash and the entity lexicon key
                              by, made once here); 0 for other tokens */
} px_token;

typedef struct px_sentence {
  uint32_t start, end;         /* bytes, trimmed of surrounding space */
  uint32_t tok_begin, tok_end; /* tokens [tok_begin, tok_end) */
  uint32_t para;               /* index of its paragraph */
} px_sentence;

typedef struct px_paragraph {
  uint32_t start, end;           /* bytes, trimmed */
  uint32_t sent_begin, sent_end; /* sentences [sent_begin, sent_end) */
} px_paragraph;

/* The analysis of one text. All arrays are borrowed from the analyzer until
 * its next px_analyze call or px_analyzer_free. */
typedef struct px_doc {
  const char *text;  /* borrowed: the text given to px_analyze */
  size_t len;
  const px_token *toks;
  size_t n_toks;
  const px_sentence *sents;
  size_t n_sents;
  const px_paragraph *paras;
  size_t n_paras;
  const char *pool; /* folded forms and stems, not NUL-separated */
} px_doc;

typedef struct px_analyzer px_analyzer;

/* An analyzer holds the stemmer, a stem cache and reusable buffers. One per
 * thread. Returns owned (px_analyzer_free) or NULL when out of memory. */
px_analyzer *px_analyzer_new(void);
void px_analyzer_free(px_analyzer *a);

/* Splits text (valid UTF-8, len < 4 GiB) into paragraphs, sentences and
 * tokens with stems. text must stay alive while *out is used. */
px_status px_analyze(px_analyzer *a, const char *text, size_t len,
                     px_doc *out);

/* Is the folded lower-case word w[0..n) a stopword (list in
 * src/text/stopwords.c)? */
int px_is_stopword(const char *w, size_t n);

/* Stems the lower-case word w[0..n) with the Snowball English stemmer.
 * Returns a pointer borrowed until the next call on a, writes its length. */
const char *px_stem(px_analyzer *a, const char *w, size_t n, size_t *out_len);

/* ------------------------------------------------------------------ */
/* Quotes: who said what (src/analyze/)                                */
/* ------------------------------------------------------------------ */

/* A byte span of the article text, end exclusive; {0, 0} when absent. */
typedef struct px_span {
  uint32_t start, end;
} px_span;

typedef enum px_quote_kind {
  PX_QUOTE_DIRECT,   /* a quotation standing as a sentence or more */
  PX_QUOTE_PARTIAL,  /* quoted words inside the writer's sentence, or the
                        reported clause that carries them */
  PX_QUOTE_INDIRECT  /* reported speech: "X said (that) ..." */
} px_quote_kind;

/* How the speaker was found (the evidence behind the confidence). */
typedef enum px_speaker_how {
  PX_SPEAKER_NONE,      /* unresolved: speaker is {0, 0} */
  PX_SPEAKER_NAME,      /* a name next to the cue */
  PX_SPEAKER_SURNAME,   /* a surname, resolved to a fuller name */
  PX_SPEAKER_PRONOUN,   /* he/she, resolved from context */
  PX_SPEAKER_ROLE,      /* "the president", resolved from context */
  PX_SPEAKER_NOMINAL,   /* "a spokesman", "officials": no person named */
  PX_SPEAKER_CONTINUED  /* no cue: the speaker of the quotation before */
} px_speaker_how;

typedef struct px_quote {
  px_quote_kind kind;
  px_span content;         /* first piece's start to last piece's end,
                              quotation marks included */
  uint32_t piece_begin;    /* pieces [piece_begin, +n_pieces) of the list: */
  uint32_t n_pieces;       /* a quotation interrupted by its cue has two */
  px_span cue;             /* the speech verb or phrase */
  px_span mention;         /* the speaker as written here: name, role noun
                              or pronoun (may include an appositive) */
  px_span speaker;         /* where the canonical (fullest) name of the
                              speaker is written in the article */
  px_span role;            /* title or role kept apart ("Kremlin aide") */
  uint8_t how;             /* px_speaker_how */
  uint8_t unclosed;        /* the closing mark is missing */
  float confidence;        /* 0..1 that content and speaker are right */
} px_quote;

typedef struct px_quote_list {
  const px_quote *quotes;  /* in text order */
  size_t n;
  const px_span *pieces;   /* content pieces of all quotes */
  size_t n_pieces;
} px_quote_list;

/* Short stable names: "direct", "partial", "indirect"; "name", ... */
const char *px_quote_kind_name(px_quote_kind k);
const char *px_speaker_how_name(px_speaker_how h);

typedef struct px_quoter px_quoter;

/* A quoter keeps reusable buffers; one per thread. Returns owned
 * (px_quoter_free) or NULL when out of memory. */
px_quoter *px_quoter_new(void);
void px_quoter_free(px_quoter *q);

/* Finds the direct, partial and reported quotations of an analysed text
 * and their speakers. The arrays of *out are borrowed from q until its next
 * px_quotes_find or px_quoter_free; spans point into doc->text. Linear in
 * the number of tokens. */
px_status px_quotes_find(px_quoter *q, const px_doc *doc, px_quote_list *out);

/* ------------------------------------------------------------------ */
/* Entities: people, places, organisations, amounts (src/analyze/)     */
/* ------------------------------------------------------------------ */

typedef enum px_entity_type {
  PX_ENT_PERSON, PX_ENT_PLACE, PX_ENT_ORG, PX_ENT_AMOUNT, PX_ENT_COUNT
} px_entity_type;

/* One mention of an entity in an article. */
typedef struct px_entity {
  px_span text;          /* the mention: a name without its role ("Yuri
                            Ushakov"), a demonym ("Russian"), or a whole
                            amount ("more than 300 drones") */
  px_span role;          /* title or role kept apart ("Kremlin aide");
                            {0, 0} when none */
  uint32_t group;        /* mentions of one entity share it: "Trump",
                            "President Trump" and "Donald Trump" are one
                            person. Numbered 0.. by first mention */
  uint8_t type;          /* px_entity_type */
  const char *canonical; /* the entity's fullest name in the article ("Donald
                            Trump"), a country's ISO short name for it and
                            its demonyms, an amount as number, multiplier
                            and unit ("300 drones", "$1.2 billion").
                            Borrowed like the list */
  const char *unit;      /* an amount's unit ("drones", "$", "percent");
                            NULL for the other types. Borrowed */
} px_entity;

typedef struct px_entity_list {
  const px_entity *ents; /* in text order */
  size_t n;
} px_entity_list;

/* "person", "place", "organisation", "amount". */
const char *px_entity_type_name(px_entity_type t);

typedef struct px_entity_finder px_entity_finder;

/* A finder keeps reusable buffers; one per thread. Returns owned
 * (px_entity_finder_free) or NULL when out of memory. The country list is
 * read once per process from Debian's iso-codes (docs/ALGORITHMS.md). */
px_entity_finder *px_entity_finder_new(void);
void px_entity_finder_free(px_entity_finder *ef);

/* Finds the entities of an analysed text. The list and its strings are
 * borrowed from ef until its next px_entities_find or free; spans point
 * into doc->text. Linear in the number of tokens. */
px_status px_entities_find(px_entity_finder *ef, const px_doc *doc,
                           px_entity_list *out);

/* The ISO 3166-1 file the countries were read from (borrowed, static), or
 * NULL when it could not be read (no country is then known by name). */
const char *px_entities_source(void);

/* The same statement across articles (src/link/quote_match.c). */

/* One word of a variant, compared with the canonical quote. */
typedef enum px_word_op {
  PX_WORD_SAME, PX_WORD_ADDED, PX_WORD_OMITTED, PX_WORD_CHANGED
} px_word_op;

typedef struct px_qmatcher px_qmatcher;

/* Returns an owned matcher (px_qmatcher_free) or NULL when out of memory. */
px_qmatcher *px_qmatcher_new(void);
void px_qmatcher_free(px_qmatcher *m);

/* Adds the content of one quotation (text[0..len) is copied). article_id,
 * outlet (may be NULL) and speaker (may be NULL) are copied. Returns the
 * quotation's number (0, 1, ...) or -1 when out of memory. Candidates come
 * from an index of rare word shingles, so adding n quotations costs about
 * n times the size of a quotation, never n squared. */
long px_qmatcher_add(px_qmatcher *m, const char *article_id,
                     const char *outlet, const char *speaker,
                     const char *text, size_t len);

/* Groups the quotations added so far and writes one JSON object per group
 * of two or more quotations from different articles to out: the canonical
 * text, and each variant with its words marked same, added, omitted or
 * changed and the outlets that printed it. Returns the number of groups. */
size_t px_qmatcher_write(px_qmatcher *m, FILE *out);

/* ------------------------------------------------------------------ */
/* Features: all that link needs from one article (src/analyze/)       */
/* ------------------------------------------------------------------ */

/* Looks for an outlet and an author in the text's byline and credits
 * ("(Name, Outlet)", "By NAME", "(Reuters) -", "This article originally
 * appeared at X.", "— Associated Press"; src/analyze/byline.c). Writes
 * owned strings (free()) or NULL to *outlet and *author. Returns 1 if
 * anything was found. px_features_compute calls it for an article that
 * names no outlet or no author. */
int px_byline_find(const char *text, size_t len, char **outlet, char **author);

/* MinHash: one-permutation hashing with optimal densification over
 * shingles of PX_MINHASH_SHINGLE folded words (fewer for short texts), so
 * a signature costs one hash per shingle whatever PX_MINHASH_K is. */
#define PX_MINHASH_K 128
#define PX_MINHASH_SHINGLE 5

/* Fills sig with the signature of the words and numbers of doc. Returns
 * the number of shingles (0: no words; sig is then all UINT32_MAX). */
size_t px_minhash(const px_doc *doc, uint32_t sig[PX_MINHASH_K]);
/* Estimated Jaccard similarity of the shingle sets of two signatures. */
double px_minhash_jaccard(const uint32_t *a, const uint32_t *b);

/* A 64-bit hash of text[0..len) (XXH3), the same on every platform and
 * in every version. Articles of the same time are ordered by it before
 * they are linked, so that stories depend on which articles there are and
 * not on the order they were read in (src/cli/cli_order.c). */
uint64_t px_text_hash(const char *text, size_t len);

/* Where in an article a word was read: its weight for story clustering. */
typedef enum px_zone {
  PX_ZONE_TITLE, /* the headline (the title, or the first sentence) */
  PX_ZONE_LEAD,  /* the first three sentences of the body */
  PX_ZONE_BODY,  /* the rest */
  PX_ZONE_COUNT
} px_zone;

/* Bit 0 of a term key: set for an entity (a name or a number kept apart
 * from the topic words, see docs/ALGORITHMS.md), clear for a plain term. */
#define PX_TERM_ENTITY 1u

/* One distinct term of an article with its weight before any document
 * frequency: link multiplies it by an idf that the stream updates. */
typedef struct px_term {
  uint64_t key;      /* hash of the stem (words) or of the folded form
                        (numbers), bit 0 clear; an entity has bit 0 set:
                        the same key, or the key of two names in a row */
  float weight;      /* the sum over its occurrences, in reading order, of
                        the zone weight (title 3, lead 1.6, body 1) times,
                        for a plain term, 3 for a name and 2 for a number */
  float zone[PX_ZONE_COUNT]; /* the same sum split by zone (equal to
                        weight up to the rounding of the order of sums) */
  const char *text;  /* the stem or folded number, NUL-terminated; "" for
                        a pair of names. Borrowed from the record */
} px_term;

/* The feature record of one article: a pure function of the article (and
 * of the flags it was computed with), all that the link stage reads. Every
 * pointer is owned by the record and stays valid until the next
 * px_features_compute or px_features_from_json into the same record, or
 * px_features_clear. Spans are byte offsets into the article's text,
 * which the record does not hold. Zero-initialise a record before its
 * first use; px_features_clear frees it. */
typedef struct px_features {
  const char *id;        /* never NULL */
  const char *date;      /* "YYYY-MM-DD", never NULL */
  const char *time;      /* "HH:MM:SS" or NULL */
  const char *outlet;    /* the article's, else one found in the text's
                            byline or credits (px_byline_find); NULL when
                            unknown */
  const char *author;    /* the same for the author */
  int outlet_from_text;  /* outlet was found in the text, not given */
  int author_from_text;  /* author was found in the text, not given */
  const char *title;     /* NULL when not given */
  const char *url;       /* NULL when not given */
  int64_t timestamp;     /* seconds since 1970 UTC */
  uint64_t text_len;     /* bytes of the text the spans point into */
  uint64_t text_hash;    /* px_text_hash of the text: orders articles of
                            the same time (px_features_order) */
  const char *headline;  /* the title, else the first sentence without a
                            credit; one line, at most 160 bytes; "" when
                            the article has no sentence */
  const px_span *paras;  /* paragraphs, in text order */
  size_t n_paras;
  const px_span *sents;  /* sentences, in text order */
  size_t n_sents;
  const px_term *terms;  /* distinct terms in order of first occurrence
                            (title first when it is given apart) */
  size_t n_terms;
  const px_span *names;  /* name mentions in the text: runs of capitalised
                            words away from the start of a sentence, in
                            sentences not written in Title Case */
  size_t n_names;
  uint32_t n_words;      /* content words, title included */
  uint64_t content;      /* hash of every folded word in reading order:
                            equal for exact duplicates */
  uint32_t n_shingles;   /* shingles behind the signature, 0: no words */
  uint32_t minhash[PX_MINHASH_K]; /* signature of the text's words */
  int has_quotes;        /* quotations were looked for (PX_FEAT_QUOTES) */
  const px_quote *quotes;/* in text order; piece_begin indexes pieces */
  size_t n_quotes;
  const px_span *pieces; /* content pieces of the quotes, quote by quote */
  size_t n_pieces;
  const char *const *speakers;    /* per quote: the canonical speaker's
                                     name as written, or NULL */
  const char *const *piece_texts; /* per piece: its text */
  const char *text;      /* the article's text (text_len bytes, NUL-
                            terminated) with PX_FEAT_TEXT, else NULL */
  int has_entities;      /* entities were looked for (PX_FEAT_ENTITIES) */
  const px_entity *entities; /* in text order; strings owned by the record */
  size_t n_entities;
  struct px__fmem *mem_; /* owned storage; not for the caller */
} px_features;

/* px_featurizer_new flags */
#define PX_FEAT_QUOTES 0x01 /* also find quotations and their speakers */
#define PX_FEAT_ENTITIES 0x02 /* also find people, places, organisations
                                 and amounts */
#define PX_FEAT_TEXT 0x04     /* also keep the text (for px_coverage) */

typedef struct px_featurizer px_featurizer;

/* A featurizer holds an analyzer, a quoter and scratch tables; one per
 * thread. Returns owned (px_featurizer_free) or NULL when out of memory. */
px_featurizer *px_featurizer_new(unsigned flags);
void px_featurizer_free(px_featurizer *fz);

/* Computes the feature record of article a into *out (whose earlier
 * contents are replaced; its memory is reused). a is borrowed for the
 * call. Returns PX_OK, PX_NOMEM, or the status of px_analyze. When only
 * the quotations fail, *out is complete but for them (has_quotes 0) and
 * out->id is not NULL: the caller may still link it. */
px_status px_features_compute(px_featurizer *fz, const px_article *a,
                              px_features *out);

/* The analysis of the last article's text given to px_features_compute,
 * borrowed until the next call on fz; NULL before the first. */
const px_doc *px_featurizer_doc(const px_featurizer *fz);

/* Frees the memory of a record and zeroes it; f itself is the caller's. */
void px_features_clear(px_features *f);

/* The order articles are linked in: by timestamp, then text_hash, then
 * id (then the other fields, for two records of one id). Negative, 0 or
 * positive as a comes before, with or after b. The pipeline orders
 * articles (px_pipeline_push) and records (px_pipeline_push_features)
 * alike, so stories depend on the articles and not on the order they
 * come in, nor on which process analysed them. */
int px_features_order(const px_features *a, const px_features *b);

/* The record as one line of JSON (no newline; docs/FORMATS.md), read back
 * by px_features_from_json without loss. Returns owned memory (free()) or
 * NULL when out of memory. */
char *px_features_to_json(const px_features *f);

/* Reads a record written by px_features_to_json into *out (replacing its
 * contents, as px_features_compute). On failure returns PX_BAD_JSON (or
 * PX_NOMEM) and writes why to err (errlen bytes). */
px_status px_features_from_json(const char *json, size_t len,
                                px_features *out, char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* Names: one person, many spellings (src/link/names.c)                */
/* ------------------------------------------------------------------ */

/* Unites the names of people gathered from several articles of a story: a
 * surname alone with the one full name it fits ("Trump" -> "Donald
 * Trump"), and spelling variants of the surname with the same given name
 * ("Volodymyr Zelensky" / "Volodymyr Zelenskyy"). names[i] are borrowed for
 * the call; counts (may be NULL) say how often each is used and break ties.
 * canon[i] receives the index of the canonical form of names[i] (i itself
 * when it is its own). Near-linear: names are compared within buckets. */
void px_names_unify(const char *const *names, const size_t *counts, size_t n,
                    size_t *canon);

/* ------------------------------------------------------------------ */
/* Coverage: what each outlet adds to a story (src/link/coverage.c)     */
/* ------------------------------------------------------------------ */

/* A passage two articles share (text reuse): word for word but for light
 * edits. Articles are indices into the array given to px_coverage_compute. */
typedef struct px_passage {
  uint32_t a, b;         /* a < b */
  px_span in_a, in_b;    /* bytes in each article's text */
  uint32_t words;        /* words matched */
} px_passage;

/* A fact: one sentence of one article. */
typedef struct px_fact {
  uint32_t article;      /* the article it is read from */
  px_span span;          /* the sentence, bytes in that article's text */
  uint32_t first;        /* the article that reported it first (earliest
                            of the article and those carrying it) */
  uint32_t carried_begin;/* carried[carried_begin, +n_carried): the other */
  uint32_t n_carried;    /* articles that carry it, in array order */
} px_fact;

typedef struct px_coverage {
  const px_passage *passages; /* by a, then b, then start in a */
  size_t n_passages;
  const px_fact *facts;  /* each fact once, from its first reporter: facts
                            of an article that an earlier one reported are
                            left out; in order of article, then text */
  size_t n_facts;
  const uint32_t *carried;
} px_coverage;

typedef struct px_coverer px_coverer;
/* Returns an owned coverer (px_coverer_free) or NULL when out of memory. */
px_coverer *px_coverer_new(void);
void px_coverer_free(px_coverer *c);

/* The coverage of one story: arts[0..n) are its articles' records, with
 * their text (PX_FEAT_TEXT), in linking order (earliest first). Shared
 * passages come from word 5-grams both articles hold, extended word by
 * word with gaps of up to three words on either side; a fact is carried by
 * another article when its passages with it cover most of the sentence, or
 * when one of its sentences shares most of the fact's weighted words
 * (names and numbers count double: names from the record's entities) and
 * holds every amount of the fact (docs/ALGORITHMS.md). *out is
 * borrowed from c until its next call. Stories past
 * PX_COVERAGE_MAX_ARTICLES are read in their first ones. */
#define PX_COVERAGE_MAX_ARTICLES 200
px_status px_coverage_compute(px_coverer *c, const px_features *const *arts,
                              size_t n, px_coverage *out);

/* The outlet an article's facts count under: its outlet, else its id
 * (borrowed from f). */
const char *px_coverage_outlet(const px_features *f);
/* 1 when only articles of fact f's own outlet (px_coverage_outlet) carry
 * it: what that outlet alone adds. arts as given to px_coverage_compute. */
int px_fact_alone(const px_coverage *cv, const px_fact *f,
                  const px_features *const *arts);

/* ------------------------------------------------------------------ */
/* Stories: near-duplicates and online clustering (src/link/)          */
/* ------------------------------------------------------------------ */

/* The join model: a logistic regression over features of a pair of
 * articles (cosines by zone, names, numbers, time gap, near-duplicate
 * Jaccard; docs/ALGORITHMS.md) giving the probability that they tell one
 * story. One is compiled in (src/link/join_model.def, written by
 * scripts/train_join.py); px_join_model_load reads another from a file in
 * the same format. Returns owned (px_join_model_free) or NULL with why in
 * err (errlen bytes). */
typedef struct px_join_model px_join_model;
px_join_model *px_join_model_load(const char *path, char *err,
                                  size_t errlen);
void px_join_model_free(px_join_model *m);

typedef struct px_linker_opts {
  double threshold;     /* average probability of one story that joins an
                           article to a story or merges two (0: 0.4) */
  double dup_jaccard;   /* estimated Jaccard for a near-duplicate
                           (0: default 0.5) */
  int64_t window;       /* seconds an article stays comparable with the
                           articles after it (0: default 7 days) */
  int64_t horizon;      /* seconds during which an article's story may be
                           revised (0: default 2 days; at most window) */
  const px_join_model *model; /* borrowed until px_linker_free; NULL: the
                           model compiled in */
  FILE *pairs;          /* when set, every pair of articles scored is
                           written there (id_a, id_b, probability, the
                           features: scripts/train_join.py reads it);
                           borrowed until px_linker_free */
  const struct px_linker_sink *sink; /* when set, the linker streams:
                           see px_linker_sink; borrowed until
                           px_linker_free. NULL: everything is kept until
                           px_linker_free and read after px_linker_finish */
} px_linker_opts;

/* The linker reads articles in date order, one at a time, and groups them
 * into stories; see docs/ALGORITHMS.md. State held per article is about
 * a hundred bytes for the whole stream (none with a sink, once the article
 * left the window) plus, while it is inside the window, its vector,
 * MinHash signature and edges (about 2 KB). */
typedef struct px_linker px_linker;

/* Returns an owned linker (px_linker_free) or NULL when out of memory.
 * opts may be NULL; zero fields take their defaults. */
px_linker *px_linker_new(const px_linker_opts *opts);
void px_linker_free(px_linker *l);

/* Adds the next article by its feature record (borrowed for the call;
 * what the linker keeps is copied). Articles should come in date order;
 * one older than the window is compared only with stories still active.
 * Returns PX_OK, PX_NOMEM, or PX_USAGE after px_linker_finish. The
 * article's index is the number of articles added before. */
px_status px_linker_add(px_linker *l, const px_features *f);

/* Ends the stream: a last revision of the articles not yet final. Story
 * ids are given when a story is created (1, 2, ... in that order) and
 * never change; a story absorbed by a revision leaves a gap. No
 * px_linker_add after it. */
px_status px_linker_finish(px_linker *l);

/* What the linker decided about one article (after px_linker_finish). */
typedef struct px_linked {
  const char *id;        /* borrowed until px_linker_free */
  const char *date;      /* borrowed until px_linker_free */
  const char *outlet;    /* borrowed until px_linker_free; NULL if none */
  int64_t timestamp;
  uint32_t story;        /* public story id, 1-based */
  uint32_t dup_of;       /* index of the canonical (earliest) copy, or
                            UINT32_MAX when not a duplicate */
  double dup_jaccard;    /* estimated Jaccard with it (1 when exact) */
  int exact_dup;         /* same words as the canonical copy */
  double similarity;     /* average probability of one story of its
                            edges into its story when it joined (or was
                            last moved), 1 when it founded the story */
  unsigned revisions;    /* how often a revision moved it */
} px_linked;

size_t px_linker_n_articles(const px_linker *l);
/* Fills *out for article i (0-based, input order). Returns 0 if out of
 * range or before px_linker_finish. */
int px_linker_article(const px_linker *l, size_t i, px_linked *out);

typedef struct px_story {
  uint32_t id;              /* 1-based, given when it was created */
  const char *label;        /* a member's headline; borrowed until free */
  size_t size;
  const uint32_t *members;  /* article indices, input order; borrowed
                               until px_linker_free */
  int64_t first_ts, last_ts;
  const char *first_date, *last_date; /* borrowed until px_linker_free */
  size_t n_outlets;         /* distinct outlets among the members */
} px_story;

size_t px_linker_n_stories(const px_linker *l);
/* The largest story id given (ids run 1..this, with gaps where a story was
 * absorbed: px_linker_story_by_id returns 0 there). */
uint32_t px_linker_max_story_id(const px_linker *l);
/* Story by rank: largest first, ties by id. Returns 0 when out of range. */
int px_linker_story(const px_linker *l, size_t rank, px_story *out);
/* Story by id (1..n). Returns 0 when out of range. */
int px_linker_story_by_id(const px_linker *l, uint32_t id, px_story *out);
/* Writes up to cap distinct outlets of a story (first seen first), borrowed
 * until px_linker_free; returns how many there are. */
size_t px_linker_story_outlets(const px_linker *l, uint32_t id,
                               const char **out, size_t cap);

/* A revision: the bounded revision of the linker (docs/ALGORITHMS.md)
 * moved an article from one story to another, or a story lost its last
 * member that way and was absorbed. In the order decided. */
typedef struct px_story_revision {
  size_t article;         /* the article moved (linker index), or SIZE_MAX
                             when this records story 'from' absorbed */
  uint32_t from, to;      /* story ids */
  uint32_t holder;        /* the story that holds 'to's articles at the
                             end (to itself unless absorbed in turn) */
  const char *from_label; /* label of story 'from'; borrowed until
                             px_linker_free */
  size_t from_size;       /* when absorbed: its size before */
  double linkage;         /* the average probability of one story of the
                             article's edges into its new story */
  int64_t at;             /* stream time: the latest timestamp read */
} px_story_revision;
size_t px_linker_n_revisions(const px_linker *l);
int px_linker_revision_at(const px_linker *l, size_t i,
                          px_story_revision *out);

/* Streaming read-out (px_linker_opts.sink). The linker hands on each
 * article as soon as its story is final (it left the revision horizon or
 * the window), in linking order, and each story as soon as no article can
 * join it any more (its last member left the window), in batches: every
 * sweep of the stream (a few thousand articles) and px_linker_finish hand
 * on the stories that closed since, largest first, ties by id. Then it
 * forgets them: memory follows the window and the open stories, not the
 * length of the stream. The stories and articles handed on are those a
 * linker without a sink gives, in another order for the stories. With a
 * sink, px_linker_article, _story, _story_by_id, _story_outlets,
 * _revision_at, px_linker_explain and px_linker_save know nothing (0,
 * NULL, PX_USAGE). */
typedef struct px_story_member {
  const char *id;          /* borrowed for the call */
  size_t index;            /* its index in the linker */
  uint32_t dup_of;         /* index of its canonical copy, or UINT32_MAX */
  const char *dup_of_id;   /* that copy's id (borrowed for the call), or
                              NULL when not a duplicate */
  double dup_jaccard;      /* as in px_linked */
  int exact_dup;
} px_story_member;

typedef struct px_story_merge { /* a story absorbed by a revision */
  const char *label;       /* borrowed for the call */
  size_t size;             /* its size when absorbed */
  double linkage;
} px_story_merge;

typedef struct px_final_story {
  px_story story;          /* story.members is NULL: see members */
  const px_story_member *members; /* story.size, input order */
  const char *const *outlets;     /* story.n_outlets, first seen first */
  const px_story_merge *merged;   /* stories absorbed into it (or into a
                                     story it absorbed), in the order
                                     decided */
  size_t n_merged;
} px_final_story;

typedef struct px_linker_sink {
  /* One article, a and its strings borrowed for the call. Nonzero stops
   * the stream: px_linker_add or _finish returns PX_IO. */
  int (*article)(const px_linked *a, void *user);
  /* n stories, largest first, ties by id; borrowed for the call. Nonzero
   * stops as above. */
  int (*stories)(const px_final_story *s, size_t n, void *user);
  void *user;
} px_linker_sink;

/* Why two articles are, or are not, in one story. */
#define PX_EXPLAIN_TERMS 10
#define PX_EXPLAIN_FEATURES 16
#define PX_EXPLAIN_REVISIONS 8
typedef struct px_explanation {
  double probability;      /* the join model's probability that the two
                              tell one story, with the final document
                              frequencies */
  double threshold;        /* the average probability that joins */
  double similarity;       /* cosine of their content terms */
  uint32_t story_a, story_b;/* public story ids (0: unknown article) */
  double jaccard;          /* estimated near-duplicate Jaccard */
  int exact_dup;
  int64_t time_gap;        /* seconds, B minus A */
  size_t n_features;       /* the model's features for the pair */
  struct {
    const char *name;      /* static */
    double value;
    double part;           /* weight times value: its push on the odds */
  } feature[PX_EXPLAIN_FEATURES];
  double bias;             /* the model's constant part */
  size_t n_shared;
  struct {
    char term[48];         /* the shared stem */
    double weight;         /* its part of the cosine */
  } shared[PX_EXPLAIN_TERMS];
  size_t n_revisions[2];   /* how often a revision moved A, B */
  struct {
    uint32_t from, to;     /* story ids */
    double linkage;
    int64_t at;            /* stream time of the revision */
  } revision[2][PX_EXPLAIN_REVISIONS]; /* the first ones, in order */
} px_explanation;

/* Explains articles a and b by their feature records (borrowed for the
 * call; ia, ib their indices in the linker or SIZE_MAX when not added).
 * After px_linker_finish. */
px_status px_linker_explain(px_linker *l, const px_features *a, size_t ia,
                            const px_features *b, size_t ib,
                            px_explanation *out);

/* The live state of a linker that has not finished (src/link/
 * linker_state.c): everything px_linker_add reads, so that a linker loaded
 * from it goes on exactly as the saved one would have. Returns owned bytes
 * (free()) and their length, or NULL when out of memory or after
 * px_linker_finish. The bytes are in this machine's byte order. */
void *px_linker_save(const px_linker *l, size_t *len);
/* A linker from px_linker_save's bytes (borrowed for the call), with the
 * options it was saved with. Writes an owned linker (px_linker_free) to
 * *out and returns PX_OK, or PX_BAD_STATE for bytes that are not a whole,
 * consistent state (of another byte order too), or PX_NOMEM. */
px_status px_linker_load(const void *state, size_t len, px_linker **out);

/* ------------------------------------------------------------------ */
/* Pipeline: order -> analyze -> link, the whole job (src/pipeline/)    */
/* ------------------------------------------------------------------ */

/* Called once per article, in the order articles are linked, after its
 * record was computed (and the article linked, when the pipeline links).
 * f is borrowed for the call; index is the article's index in the linker
 * (the number of articles handed on before). A non-zero return stops the
 * pipeline: px_pipeline_push/_run/_finish then return PX_USAGE. */
typedef int (*px_features_fn)(const px_features *f, size_t index,
                              void *user);

#define PX_DEFAULT_REORDER 50000

typedef struct px_pipeline_opts {
  size_t reorder;        /* articles held to put the input in date order
                            (0: PX_DEFAULT_REORDER) */
  unsigned threads;      /* analysis threads (0: the number of cores; 1:
                            all in the calling thread). Output does not
                            depend on it. */
  unsigned flags;        /* PX_FEAT_* for the feature records */
  int link;              /* link articles into stories (0: analyse only) */
  const px_linker_opts *linker; /* may be NULL: the defaults */
  px_features_fn on_features; /* may be NULL */
  px_diag_fn on_diag;    /* articles dropped or analysed in part; NULL:
                            printed on stderr */
  /* Progress (may be NULL): PX_PROGRESS_READ with each article read by
   * px_pipeline_run (borrowed for the call), PX_PROGRESS_DONE (a NULL)
   * as each leaves the window, PX_PROGRESS_INPUT_END at the end. */
  void (*on_progress)(int event, const px_article *a, void *user);
  void *user;            /* passed to the callbacks */
  /* Called as on_features, with the article too (borrowed for the call):
   * for a caller that keeps the text (the store). May be NULL. Not called
   * for records given by px_pipeline_push_features (no article). */
  int (*on_linked)(const px_article *a, const px_features *f, size_t index,
                   void *user);
  px_linker *resume;     /* handed over: a linker to go on with (from
                            px_linker_load) instead of a new one; NULL: new.
                            linker options are then the saved ones */
  int keep_open;         /* px_pipeline_finish leaves the linker's stream
                            open: the caller may px_linker_save it, and
                            calls px_linker_finish */
} px_pipeline_opts;

enum { PX_PROGRESS_READ, PX_PROGRESS_DONE, PX_PROGRESS_INPUT_END };

/* What happened to the articles pushed so far. Nothing is dropped
 * without a diagnostic and a count here. */
typedef struct px_pipeline_counts {
  uint64_t pushed;       /* articles given to the pipeline */
  uint64_t linked;       /* handed to on_features (and linked) */
  uint64_t dropped;      /* not analysed: no record, not linked */
  uint64_t by_status[PX_STATUS_COUNT]; /* dropped, by reason */
  uint64_t partial;      /* linked without their quotations */
  uint64_t late;         /* came later than the reorder window allows
                            and were linked where they came */
} px_pipeline_counts;

typedef struct px_pipeline px_pipeline;

/* Returns an owned pipeline (px_pipeline_free) or NULL when out of memory
 * or when the threads cannot be started. opts is copied; NULL: defaults. */
px_pipeline *px_pipeline_new(const px_pipeline_opts *opts);
void px_pipeline_free(px_pipeline *p);

/* Hands one article to the pipeline (copied; a is borrowed for the call).
 * Articles leave the reorder window in date-and-time order, ties by
 * px_text_hash of the text and then the id, so any order of the same
 * articles gives the same result. May call on_features for earlier
 * articles. Returns PX_OK, PX_NOMEM, or PX_USAGE when stopped. */
px_status px_pipeline_push(px_pipeline *p, const px_article *a);

/* Hands one feature record to a linking pipeline, for records computed
 * elsewhere (px_features_to_json in another process, read back with
 * px_features_from_json): the record is handed over, and *f receives in
 * exchange a record the pipeline is done with (zeroed, or with stale
 * contents whose memory px_features_from_json reuses; the caller frees it
 * with px_features_clear). Records go through their own reorder
 * window, in px_features_order, so records of several shards in any order
 * are linked as px_pipeline_push would link their articles. A record
 * whose id was linked before is dropped with a PX_DUPLICATE_ID diagnostic
 * and counted (the first in linking order is kept). file and line (file
 * may be NULL) name where the record was read, for diagnostics. Not to be
 * mixed with px_pipeline_push on one pipeline (PX_USAGE). Returns as
 * px_pipeline_push. */
px_status px_pipeline_push_features(px_pipeline *p, px_features *f,
                                    const char *file, uint64_t line);

/* Pushes every article of r (borrowed for the call). Returns as
 * px_pipeline_push. */
px_status px_pipeline_run(px_pipeline *p, px_reader *r);

/* Ends the input: empties the window and the workers and, when linking,
 * ends the linker's stream (px_linker_finish). No push after it. */
px_status px_pipeline_finish(px_pipeline *p);

/* The linker, borrowed until px_pipeline_free; NULL when not linking. Its
 * stories and articles can be read, and pairs explained, after
 * px_pipeline_finish; px_linker_add on it is the pipeline's alone. */
px_linker *px_pipeline_linker(const px_pipeline *p);

void px_pipeline_stats(const px_pipeline *p, px_pipeline_counts *out);

/* One person quoted in a story and how many quotations they have. */
typedef struct px_speaker_count {
  const char *name;      /* borrowed until px_pipeline_free */
  size_t quotes;
} px_speaker_count;

/* The people quoted in story id (with PX_FEAT_QUOTES, after
 * px_pipeline_finish): surnames and spelling variants counted under the
 * person's fullest name (px_names_unify), the most quoted first, ties by
 * name. Returns an owned array (free()) and writes its length to *n;
 * NULL with *n = 0 when nobody is quoted or out of memory. */
px_speaker_count *px_pipeline_story_speakers(const px_pipeline *p,
                                             uint32_t id, size_t *n);

/* The story-level name of the speaker of quotation q of the article linked
 * as index (with PX_FEAT_QUOTES, after px_pipeline_finish of a linking
 * pipeline): the fullest name the story gives that person, surnames and
 * spelling variants united across its articles (px_names_unify over the
 * quotations' speakers and, with PX_FEAT_ENTITIES, the people the articles
 * name): "Trump" is "Donald Trump" when the story names him so. Borrowed
 * until px_pipeline_free; NULL when the speaker is unresolved (or longer
 * than a name), q or index is out of range, or nothing was linked. */
const char *px_pipeline_quote_speaker(const px_pipeline *p, size_t index,
                                      size_t q);

/* A deep copy of a record into *dst (replaced as by px_features_compute).
 * Returns PX_OK or PX_NOMEM. */
px_status px_features_copy(px_features *dst, const px_features *src);

/* ------------------------------------------------------------------ */
/* Store: an SQLite database of articles, stories, quotations (src/store/) */
/* ------------------------------------------------------------------ */

/* The store keeps what ingests found, so that later ingests link new
 * articles to the stories already there and queries need no rerun. It is
 * one SQLite file in WAL mode (docs/FORMATS.md has the tables); only
 * src/store/ includes sqlite3.h. A px_store is one connection: one thread
 * at a time. Every call that fails leaves a message naming the file in
 * px_store_errmsg. */
typedef struct px_store px_store;

#define PX_STORE_SCHEMA 3 /* the schema version this parallax writes */

enum {
  PX_STORE_READ = 0,  /* queries only; the file must be a parallax store */
  PX_STORE_WRITE = 1  /* ingest: created when missing, migrated when old */
};

/* Opens the store at path. A file that is not a parallax database (empty,
 * random bytes, another program's SQLite database), one written by a newer
 * parallax, or one that cannot be written (PX_STORE_WRITE) is refused and
 * left as it was: PX_NOT_DB, PX_DB_NEWER, PX_READ_ONLY, PX_NOT_FOUND (read
 * mode, no file), PX_IO. On success *out is owned (px_store_close); on
 * failure *out is NULL and err (errlen bytes) says why, naming the file.
 * An older schema is migrated on open (in one transaction). */
px_status px_store_open(const char *path, int mode, px_store **out,
                        char *err, size_t errlen);
void px_store_close(px_store *s);
/* Why the last call on s failed, naming the file; "" when none did.
 * Borrowed until the next call on s. */
const char *px_store_errmsg(const px_store *s);

typedef struct px_store_counts {
  uint64_t added;     /* new articles stored and linked */
  uint64_t unchanged; /* already stored with the same text: skipped */
  uint64_t changed;   /* id already stored with another text: skipped,
                         the stored one is kept (a diagnostic each) */
  uint64_t articles;  /* articles in the store afterwards */
  uint64_t stories;   /* stories in the store afterwards */
  uint64_t quotes;    /* quotations in the store afterwards */
  uint64_t dropped;   /* not analysed (a diagnostic each): not stored */
  uint64_t late;      /* linked later than their date: out of order past
                         the reorder window */
  uint64_t older;     /* new articles older than the newest one stored
                         before: linked after it, so the stories may differ
                         from one ingest of everything */
  int resumed;        /* an interrupted ingest was found and finished */
} px_store_counts;

typedef struct px_store_ingest_opts {
  px_pipeline_opts pipeline; /* threads, reorder, on_diag, on_progress and
                                user; flags, link, linker and the result
                                callbacks are the store's own */
  size_t checkpoint;  /* articles per transaction (0: 4096): a crash
                         loses at most the articles after the last commit
                         (the linker's state is saved at the end and now
                         and then; a rerun links the articles stored after
                         it again) */
} px_store_ingest_opts;

/* Reads every article of r (borrowed), skips those already stored (same
 * id; a different text under a stored id is reported and skipped),
 * analyses and links the rest after the stories already in the store
 * (the linker's state is kept in it), and writes articles, quotations,
 * people and stories. Crash-safe: an interruption leaves the store
 * consistent, and the same ingest run again completes it. Returns PX_OK,
 * PX_NOMEM, PX_FULL (disk full: the store keeps its last commit),
 * PX_READ_ONLY, PX_BAD_STATE, PX_DB, or PX_USAGE when stopped. counts may
 * be NULL. */
px_status px_store_ingest(px_store *s, px_reader *r,
                          const px_store_ingest_opts *o,
                          px_store_counts *counts);

/* Orders of px_store_stories */
enum { PX_STORE_NEWEST = 0, PX_STORE_LARGEST = 1 };

/* What to list. Every field may be 0 or NULL: no filter. */
typedef struct px_store_filter {
  const char *from, *to; /* dates YYYY-MM-DD, inclusive */
  const char *outlet;    /* stories: one of its outlets; search, quotes:
                            the article's outlet */
  const char *query;     /* FTS5 query (see px_store_search); stories:
                            stories with an article that matches */
  const char *speaker;   /* quotes: the person (any spelling in the store,
                            case folded) */
  uint32_t story;        /* search, quotes: within this story */
  int order;             /* PX_STORE_NEWEST or PX_STORE_LARGEST */
  size_t limit;          /* 0: 50 (search: 20); at most 10000 */
  size_t offset;
  const char *mark_open, *mark_close; /* search snippets: around each hit
                            (NULL: "[" and "]") */
} px_store_filter;

/* Each query writes owned JSON text (free()) to *json: stories, search
 * and quotes a JSON array of objects, story and article one object
 * (docs/FORMATS.md has the fields). They return PX_OK, PX_NOT_FOUND (no
 * such story or article), PX_USAGE (a bad filter: a date that is not
 * YYYY-MM-DD), PX_BAD_QUERY (a search query FTS5 cannot read: the message
 * says where), PX_NOMEM or PX_DB; on failure *json is NULL and
 * px_store_errmsg says why. */
px_status px_store_stories(px_store *s, const px_store_filter *f,
                           char **json);
/* One story: its fields, articles by date and outlet (reprints marked
 * with the copy they repeat), quotations grouped as statements with
 * their variants, and who is quoted, the most quoted first. */
px_status px_store_story(px_store *s, uint32_t id, char **json);
/* One article by id, with its text, quotations and story. */
px_status px_store_article(px_store *s, const char *id, char **json);
/* Full-text search over titles, text and quotations, best first (bm25),
 * with a highlighted snippet. The query is FTS5's: words (all must
 * appear), "a phrase", prefix*, AND, OR, NOT, parentheses, and
 * title:/body:/quotes: for one field. */
px_status px_store_search(px_store *s, const px_store_filter *f,
                          char **json);
/* Quotations of one person (f->speaker, required) across stories, by
 * date. */
px_status px_store_quotes(px_store *s, const px_store_filter *f,
                          char **json);

/* What px_store_export writes */
enum { PX_EXPORT_ARTICLES = 0, PX_EXPORT_STORIES = 1, PX_EXPORT_QUOTES = 2 };
/* Calls row once per record, in a stable order, with one JSON object
 * (borrowed for the call; no newline). A non-zero return stops it
 * (PX_USAGE). Articles: id, date, outlet, title, url, story. */
px_status px_store_export(px_store *s, int what,
                          int (*row)(const char *json, size_t len, void *user),
                          void *user);

/* PRAGMA integrity_check and the store's own checks (every article in a
 * story that exists, the search index in step with the articles). Writes
 * owned text (free()) to *report: "ok", or one problem a line. Returns
 * PX_OK when the store is sound, PX_DB when not. */
px_status px_store_check(px_store *s, char **report);

/* Clustering scores as tools/score_clusters.py defines them. */
typedef struct px_cluster_scores {
  size_t items, gold_clusters, pred_clusters;
  size_t missing_in_pred, extra_in_pred;
  double bcubed_p, bcubed_r, bcubed_f1;
  double pair_p, pair_r, pair_f1;
  double nmi, ari;
} px_cluster_scores;

/* Scores pred against gold, both given as n parallel cluster labels
 * (any integers). Pure function. */
void px_cluster_score(const uint32_t *gold, const uint32_t *pred, size_t n,
                      px_cluster_scores *out);
/* Reads two "id<TAB>label" files and scores them: gold ids missing from
 * pred are singletons, pred ids not in gold are ignored. On failure writes
 * a message naming the file and line to err (errlen bytes). */
px_status px_cluster_score_files(const char *gold, const char *pred,
                                 px_cluster_scores *out, char *err,
                                 size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* PARALLAX_H */
