/* web_internal.h — what the web readers of src/ingest share: charset
 * detection and conversion (charset.c), the page tree built from libxml2's
 * HTML parser (html_tree.c), main-text extraction (html_main.c), page
 * metadata (html_meta.c), and the reader steps for HTML pages (html.c),
 * WARC crawls (warc.c) and RSS/Atom feeds (feed.c). Nothing outside
 * src/ingest includes it except the fuzz targets, tests and benches. */
#ifndef PX_WEB_INTERNAL_H
#define PX_WEB_INTERNAL_H
#include "ingest/ingest_internal.h"

/* ---- charsets (charset.c) ------------------------------------------- */

/* Decides how p[0..n) is encoded: a charset from the transport (an HTTP
 * Content-Type header; may be NULL), a <meta charset> or http-equiv
 * declaration near the start, and the bytes themselves (valid UTF-8 with
 * multibyte sequences is taken as UTF-8 whatever the label says, since
 * a page labelled Latin-1 that decodes as UTF-8 is mislabelled far more
 * often than not). Writes a canonical lower-case name ("utf-8",
 * "windows-1252", ...) to name. */
void px__charset_detect(const char *p, size_t n, const char *transport,
                        char name[40]);
/* Converts p[0..n) from charset to UTF-8 into out (replacing its content).
 * Bytes that do not decode become U+FFFD and are counted in *n_bad; NUL
 * bytes are dropped. An unknown charset is read as windows-1252 and
 * *unknown set. Returns 0, or -1 when out of memory. */
int px__to_utf8(const char *p, size_t n, const char *charset, px__buf *out,
                size_t *n_bad, int *unknown);
/* Finds charset=NAME in a Content-Type value; writes it (at most 39
 * bytes) or "" when absent. */
void px__content_type_charset(const char *ct, size_t n, char name[40]);

/* strcasestr, which C11 and POSIX lack: the first place of needle in
 * hay ignoring ASCII case, or NULL. */
const char *px__ci_find(const char *hay, const char *needle);

/* ---- the page tree (html_tree.c) ------------------------------------ */

/* The tags the extractor tells apart; all others are PX__T_OTHER. */
#define PX__TAG_TABLE(X)                                                    \
  X(A, "a") X(ABBR, "abbr") X(ADDRESS, "address") X(ARTICLE, "article")     \
  X(ASIDE, "aside") X(AUDIO, "audio") X(B, "b") X(BLOCKQUOTE, "blockquote") \
  X(BODY, "body") X(BR, "br") X(BUTTON, "button") X(CANVAS, "canvas")       \
  X(CAPTION, "caption") X(CENTER, "center") X(CITE, "cite") X(CODE, "code") \
  X(DD, "dd") X(DEL, "del") X(DETAILS, "details") X(DIALOG, "dialog")       \
  X(DIV, "div") X(DL, "dl") X(DT, "dt") X(EM, "em") X(EMBED, "embed")       \
  X(FIGCAPTION, "figcaption") X(FIGURE, "figure") X(FONT, "font")           \
  X(FOOTER, "footer") X(FORM, "form") X(H1, "h1") X(H2, "h2") X(H3, "h3")   \
  X(H4, "h4") X(H5, "h5") X(H6, "h6") X(HEAD, "head") X(HEADER, "header")   \
  X(HGROUP, "hgroup") X(HR, "hr") X(HTML, "html") X(I, "i")                 \
  X(IFRAME, "iframe") X(IMG, "img") X(INPUT, "input") X(INS, "ins")         \
  X(LABEL, "label") X(LI, "li") X(LINK, "link") X(MAIN, "main")             \
  X(MARK, "mark") X(MATH, "math") X(MENU, "menu") X(META, "meta")           \
  X(NAV, "nav") X(NOSCRIPT, "noscript") X(OBJECT, "object") X(OL, "ol")     \
  X(OPTION, "option") X(P, "p") X(PICTURE, "picture") X(PRE, "pre")         \
  X(Q, "q") X(S, "s") X(SCRIPT, "script") X(SECTION, "section")             \
  X(SELECT, "select") X(SMALL, "small") X(SOURCE, "source") X(SPAN, "span") \
  X(STRONG, "strong") X(STYLE, "style") X(SUB, "sub") X(SUMMARY, "summary") \
  X(SUP, "sup") X(SVG, "svg") X(TABLE, "table") X(TBODY, "tbody")           \
  X(TD, "td") X(TEMPLATE, "template") X(TEXTAREA, "textarea")               \
  X(TFOOT, "tfoot") X(TH, "th") X(THEAD, "thead") X(TIME, "time")           \
  X(TITLE, "title") X(TR, "tr") X(U, "u") X(UL, "ul") X(VIDEO, "video")

enum px__tag {
  PX__T_TEXT = 0, /* a text node */
  PX__T_OTHER,
#define PX__TAG_ENUM(name, s) PX__T_##name,
  PX__TAG_TABLE(PX__TAG_ENUM)
#undef PX__TAG_ENUM
  PX__T_COUNT
};

/* Element flags, from attributes. */
#define PX__NF_HIDDEN 0x01    /* hidden, aria-hidden, display:none */
#define PX__NF_HREF 0x02      /* <a> with an href */
#define PX__NF_BODY 0x04      /* itemprop=articleBody or the like */
#define PX__NF_AUTHOR 0x08    /* rel/itemprop/class name an author */
#define PX__NF_DROP 0x10      /* boilerplate by name (html_main.c sets) */
#define PX__NF_KEEP 0x20      /* holds most of the page's text: never
                                 dropped by name (html_main.c sets) */
#define PX__NF_HEADLINE 0x40  /* itemprop=headline */

/* One node of the page. Nodes are numbered in document order, node 0 is
 * the root; a child's number is always above its parent's, so one
 * backward loop adds children's counts to their parents, and no walk
 * needs recursion. */
typedef struct px__node {
  uint32_t parent, first, next; /* 0: none (the root is nobody's child) */
  uint32_t str, str_len; /* text node: its text in the pool; element: its
                            lower-cased "id class" in the pool */
  uint16_t tag;          /* enum px__tag */
  uint16_t flags;        /* PX__NF_* */
  uint32_t depth;
} px__node;

/* An attribute kept for the metadata: meta tags, links, times, itemprops. */
enum px__attr_kind {
  PX__A_META,     /* key = property/name/itemprop, val = content */
  PX__A_CANON,    /* <link rel=canonical> href */
  PX__A_TIME,     /* <time datetime> */
  PX__A_ITEMPROP, /* key = itemprop of an element that is not <meta> */
  PX__A_LANG      /* <html lang> */
};

typedef struct px__attr {
  uint32_t node;
  uint32_t key, key_len, val, val_len; /* in the pool */
  int kind;
} px__attr;

typedef struct px__page {
  px__node *nodes;     /* owned */
  size_t n_nodes, cap_nodes;
  px__buf pool;        /* texts, class names, attribute values */
  px__attr *attrs;     /* owned */
  size_t n_attrs, cap_attrs;
  px__buf title;       /* the <title> text */
  px__buf ld;          /* JSON-LD scripts, each followed by a NUL */
  /* parser state */
  uint32_t cur;        /* open element */
  uint32_t skip_depth; /* >0 inside script/style/...: not kept */
  uint32_t over_depth; /* >0 inside elements past the depth limit */
  int in_title, in_ld;
  int oom;
} px__page;

/* Parses UTF-8 html[0..n) into page (which it resets first; reuse one page
 * across documents to keep its memory). Returns 0, or -1 when out of
 * memory. Never recursive: 100,000 nested elements cost no stack. */
int px__page_parse(px__page *page, const char *html, size_t n);
void px__page_free(px__page *page);
/* The tag enum for a lower-case name (PX__T_OTHER when not listed). */
int px__tag_of(const char *name, size_t n);

/* ---- the article of a page (html_main.c, html_meta.c) --------------- */

/* What a page gives: each string owned here, "" when not found. */
typedef struct px__web {
  px__buf text, title, date, author, outlet, url, lang;
  px__page page;       /* the tree, kept for reuse */
  uint32_t container;  /* the article's element (0: none found) */
  px__buf scratch;     /* blocks before they are judged */
  void *blocks;        /* html_main.c's block list, owned */
  size_t cap_blocks;
  void *nstat;         /* html_main.c's per-node counts, owned */
  size_t cap_nstat;
} px__web;

/* Extracts the main text and metadata of a UTF-8 page. url (may be NULL
 * or "") is where the page came from: its host names the outlet when the
 * page does not, and dates in it are the last resort. Returns 0, or -1
 * when out of memory. */
int px__web_extract(px__web *w, const char *html, size_t n, const char *url);
void px__web_free(px__web *w);

/* html_main.c: fills w->text from w->page. */
int px__main_text(px__web *w);
/* html_meta.c: fills title, date, author, outlet, url from w->page. */
int px__page_meta(px__web *w, const char *url);

/* Strips the tags of an HTML fragment (a feed item's description) into
 * plain text with paragraph breaks; out is replaced. 0 or -1 (memory). */
int px__html_to_text(px__web *w, const char *html, size_t n, px__buf *out);

/* Normalises a date written in a page ("2019-10-16T08:00:00+02:00",
 * "16.10.2019", "October 16, 2019", "16. Oktober 2019", a URL's
 * "/2019/10/16/") to something px_date_parse reads, into out (64 bytes).
 * Returns 1 when a date was found. */
int px__web_date(const char *s, size_t n, char out[64]);
/* The same for a date in a URL path (/2019/10/16/, /2019-10-16-, ...). */
int px__url_date(const char *url, size_t n, char out[64]);

/* ---- reader steps ---------------------------------------------------- */

/* The reader's page extractor, made on first use; NULL when out of memory. */
px__web *px__reader_web(px_reader *r);
/* Hands the extracted page w over as an article with the given id, place
 * and fallback date (a WARC-Date, a feed's date; may be NULL). Returns
 * PX__KEPT or PX__SKIPPED, as px__article_emit. */
int px__web_emit(px_reader *r, px__web *w, const char *id, size_t id_len,
                 uint64_t line, uint64_t byte, const char *fallback_date,
                 px_article *out);

/* Free the WARC and feed reading state of r (safe when there is none). */
void px__warc_free(px_reader *r);
void px__feed_free(px_reader *r);

#endif
