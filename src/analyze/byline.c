/* byline.c — px_byline_find: the outlet and author an article names about
 * itself, from the few places news text puts them: a leading
 * "(Name, Outlet)", a dateline credit "CITY (Reuters) -", a first line
 * "By Name [and Name][, Outlet]", a closing "This article originally
 * appeared at X." or a final "— Outlet" line. It is deliberately timid: a
 * wrong outlet is worse than none, so every candidate must look like a
 * capitalised name or outlet, and only the first and last lines are read —
 * never a parenthesis from the middle of the text.
 *
 * It lives in src/analyze/: the outlet and author found here belong to the
 * feature record (px_features_compute fills them when the input gave
 * none), not to the article as read. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "parallax.h"

/* ASCII white space, as the reader trims fields. */
static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

static const char *trim_bytes(const char *p, size_t *n) {
  size_t len = *n;
  if (!p) {
    *n = 0;
    return p;
  }
  while (len && is_space((unsigned char)*p)) p++, len--;
  while (len && is_space((unsigned char)p[len - 1])) len--;
  *n = len;
  return p;
}

typedef struct sp {
  const char *p;
  size_t n;
} sp;

static sp trim(sp s) {
  s.p = trim_bytes(s.p, &s.n);
  return s;
}

static int starts(sp s, const char *w) {
  size_t k = strlen(w);
  return s.n >= k && memcmp(s.p, w, k) == 0;
}

/* Finds w in s; returns its offset or SIZE_MAX. */
static size_t find(sp s, const char *w) {
  size_t k = strlen(w);
  for (size_t i = 0; k <= s.n && i <= s.n - k; i++)
    if (memcmp(s.p + i, w, k) == 0) return i;
  return SIZE_MAX;
}

/* The Unicode category of the character at p[0..n); its length in *len. */
static int category(const char *p, size_t n, int *len) {
  int32_t cp;
  *len = px_utf8_decode(p, n, &cp);
  if (*len == 0) { *len = 1; return UTF8PROC_CATEGORY_CN; }
  return utf8proc_category(cp);
}

static int is_upper_cat(int c) {
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}
static int is_letter_cat(int c) {
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Letters plus the marks names and outlets carry: . - ' ’ */
static int word_chars_ok(const char *w, size_t n, const char *extra) {
  for (size_t i = 0; i < n;) {
    int len, c = category(w + i, n - i, &len);
    int ok = is_letter_cat(c) || c == UTF8PROC_CATEGORY_MN ||
             (len == 1 && w[i] && strchr(extra, w[i])) ||
             (len == 3 && memcmp(w + i, "\xE2\x80\x99", 3) == 0);
    if (!ok) return 0;
    i += (size_t)len;
  }
  return 1;
}

static int in_list(const char *w, size_t n, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0) return 1;
  return 0;
}

static const char *const particles[] = {
    "de", "da", "del", "della", "der", "di", "du", "van", "von", "den",
    "la", "le", "bin", "ibn", "al", "el", "dos", "das", "ter", NULL};

/* Calls fn on each space-separated word; stops and returns 0 on a 0. */
typedef int (*word_fn)(const char *w, size_t n, size_t index, size_t count);
static int each_word(sp s, word_fn fn, size_t *count) {
  size_t total = 0;
  for (size_t i = 0; i < s.n;) {
    while (i < s.n && s.p[i] == ' ') i++;
    size_t j = i;
    while (j < s.n && s.p[j] != ' ') j++;
    if (j > i) total++;
    i = j;
  }
  *count = total;
  size_t k = 0;
  for (size_t i = 0; i < s.n;) {
    while (i < s.n && s.p[i] == ' ') i++;
    size_t j = i;
    while (j < s.n && s.p[j] != ' ') j++;
    if (j > i && !fn(s.p + i, j - i, k++, total)) return 0;
    i = j;
  }
  return 1;
}

static int name_word(const char *w, size_t n, size_t index, size_t count) {
  if (n > 30) return 0;
  if (index > 0 && index + 1 < count && in_list(w, n, particles)) return 1;
  int len, c = category(w, n, &len);
  return is_upper_cat(c) && word_chars_ok(w, n, ".-'");
}

/* One person's name: two to five capitalised words. */
static int looks_like_name(sp s) {
  size_t count;
  s = trim(s);
  if (s.n == 0 || s.n > 60 || memchr(s.p, '\t', s.n)) return 0;
  return each_word(s, name_word, &count) && count >= 2 && count <= 5;
}

/* Several names joined by ", " and " and " / " & ". */
static int looks_like_names(sp s) {
  if (s.n > 160) return 0;
  int names = 0;
  while (s.n) {
    size_t cut = SIZE_MAX, skip = 0;
    const char *seps[] = {", and ", " and ", " & ", ", "};
    for (size_t k = 0; k < 4; k++) {
      size_t at = find(s, seps[k]);
      if (at < cut) cut = at, skip = strlen(seps[k]);
    }
    sp one = {s.p, cut == SIZE_MAX ? s.n : cut};
    if (!looks_like_name(one) || ++names > 4) return 0;
    if (cut == SIZE_MAX) break;
    s.p += cut + skip;
    s.n -= cut + skip;
  }
  return names > 0;
}

static const char *const connectives[] = {
    "of", "the", "and", "for", "on", "de", "la", "du", "des", "&", "-",
    "\xE2\x80\x93", NULL};
static const char *const roles[] = {
    "Staff", "Writer", "Correspondent", "Reporter", "Editor", "Contributor",
    "Columnist", "Senior", "Special", "Photographer", NULL};

static int outlet_word(const char *w, size_t n, size_t index, size_t count) {
  if (n > 40 || in_list(w, n, roles)) return 0;
  int connective = in_list(w, n, connectives);
  if (connective) return index > 0 && index + 1 < count;
  int len, c = category(w, n, &len);
  int capital = is_upper_cat(c) || (w[0] >= '0' && w[0] <= '9');
  int domain = count == 1 && memchr(w, '.', n) && w[n - 1] != '.';
  if (!capital && !domain) return 0;
  return word_chars_ok(w, n, ".-'&!+0123456789");
}

/* An outlet: one to six capitalised words ("Antiwar.com", "AP",
 * "The New York Times"), without sentence punctuation. */
static int looks_like_outlet(sp s) {
  size_t count;
  s = trim(s);
  if (s.n == 0 || s.n > 60 || s.p[s.n - 1] == '.') return 0;
  return each_word(s, outlet_word, &count) && count >= 1 && count <= 6;
}

/* A dateline before a credit: "WASHINGTON", "KYIV, Ukraine", "March 3". */
static int dateline_word(const char *w, size_t n, size_t index,
                         size_t count) {
  int len, c = category(w, n, &len);
  if (!is_upper_cat(c) && !(w[0] >= '0' && w[0] <= '9')) return 0;
  return word_chars_ok(w, n, ".,-'/0123456789");
}

/* A place is written "WASHINGTON" or "Kyiv, Ukraine": an upper-case first
 * word or a comma. That keeps "Urban Outfitters (URBN) - ..." out. */
static int looks_like_dateline(sp s) {
  size_t count;
  s = trim(s);
  if (s.n == 0 || s.n > 60) return 0;
  if (!each_word(s, dateline_word, &count) || count > 6) return 0;
  size_t caps = 0;
  while (caps < s.n && s.p[caps] >= 'A' && s.p[caps] <= 'Z') caps++;
  int upper_word = caps >= 2 && (caps == s.n || !((s.p[caps] | 0x20) >= 'a'
                                                  && (s.p[caps] | 0x20) <= 'z'));
  return upper_word || memchr(s.p, ',', s.n) != NULL;
}

/* Is s (after spaces) a dash: "-", "--", "–" or "—"? */
static int dash_follows(sp s) {
  s = trim(s);
  return starts(s, "-") || starts(s, "\xE2\x80\x93") ||
         starts(s, "\xE2\x80\x94");
}

typedef struct found {
  sp outlet, author;
} found;

/* "(Name, Outlet) text", "(Reuters) - text", "CITY (AP) — text". */
static void paren_credit(sp line, found *f) {
  size_t at = find((sp){line.p, line.n < 80 ? line.n : 80}, "(");
  if (at == SIZE_MAX) return;
  sp prefix = {line.p, at};
  if (at > 0 && !looks_like_dateline(prefix)) return;
  sp rest = {line.p + at + 1, line.n - at - 1};
  size_t close = find((sp){rest.p, rest.n < 120 ? rest.n : 120}, ")");
  if (close == SIZE_MAX) return;
  sp inner = trim((sp){rest.p, close});
  sp after = {rest.p + close + 1, rest.n - close - 1};
  size_t comma = SIZE_MAX;
  for (size_t i = inner.n; i-- > 0;)
    if (inner.p[i] == ',') { comma = i; break; }
  if (comma != SIZE_MAX && at == 0) {
    sp who = {inner.p, comma};
    sp where = {inner.p + comma + 1, inner.n - comma - 1};
    if (looks_like_names(trim(who)) && looks_like_outlet(where)) {
      f->author = trim(who);
      f->outlet = trim(where);
    }
  } else if (comma == SIZE_MAX && dash_follows(after) &&
             looks_like_outlet(inner)) {
    f->outlet = inner;
  }
}

/* Splits "Names, Outlet" / "Names | Outlet" / "Names - Outlet". */
static void split_by_line(sp rest, sp *names, sp *outlet) {
  const char *seps[] = {" | ", "|", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - "};
  *names = rest;
  *outlet = (sp){NULL, 0};
  for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
    size_t at = find(rest, seps[k]), w = strlen(seps[k]);
    if (at == SIZE_MAX) continue;
    *names = (sp){rest.p, at};
    *outlet = (sp){rest.p + at + w, rest.n - at - w};
    return;
  }
  size_t comma = SIZE_MAX;
  for (size_t i = rest.n; i-- > 0;)
    if (rest.p[i] == ',') { comma = i; break; }
  if (comma == SIZE_MAX) return;
  sp tail = {rest.p + comma + 1, rest.n - comma - 1};
  if (find(tail, " and ") != SIZE_MAX || find(tail, " & ") != SIZE_MAX)
    return; /* "A, B and C": all names */
  *names = (sp){rest.p, comma};
  *outlet = tail;
}

/* "By Jane Roe", "By Jane Roe and John Doe, Reuters", "BY JANE ROE". */
static int by_line(sp line, found *f) {
  if (!starts(line, "By ") && !starts(line, "BY ")) return 0;
  sp rest = trim((sp){line.p + 3, line.n - 3});
  if (rest.n == 0 || rest.n > 150) return 0;
  sp names, outlet;
  split_by_line(rest, &names, &outlet);
  names = trim(names);
  if (!looks_like_names(names)) return 0;
  f->author = names;
  outlet = trim(outlet);
  if (outlet.n && outlet.p[outlet.n - 1] == '.') outlet.n--;
  if (outlet.p && !f->outlet.p && looks_like_outlet(outlet))
    f->outlet = outlet;
  return 1;
}

/* The text after "appeared at " / "published by " ..., cut at the end of
 * the outlet's name. */
static sp credit_target(sp para) {
  static const char *const verbs[] = {
      "appeared first at ", "appeared first on ", "appeared at ",
      "appeared on ", "appeared in ", "published at ", "published on ",
      "published by ", "published in ", "republished from ",
      "reprinted from ", "reprinted with permission from ", NULL};
  static const char *const stops[] = {". ", ", ", " and ", " under ", " on ",
                                      " in ", " as ", " with ", "; ", " (",
                                      " \xE2\x80\x94", NULL};
  size_t best = SIZE_MAX, skip = 0;
  for (size_t k = 0; verbs[k]; k++) {
    size_t at = find(para, verbs[k]);
    if (at < best) best = at, skip = strlen(verbs[k]);
  }
  if (best == SIZE_MAX) return (sp){NULL, 0};
  sp x = {para.p + best + skip, para.n - best - skip};
  for (size_t k = 0; stops[k]; k++) {
    size_t at = find(x, stops[k]);
    if (at != SIZE_MAX) x.n = at;
  }
  x = trim(x);
  while (x.n && (x.p[x.n - 1] == '.' || x.p[x.n - 1] == ' ')) x.n--;
  return x;
}

/* "This article originally appeared at X." and its relatives. */
static void credit_para(sp para, found *f) {
  static const char *const openers[] = {
      "This article", "This story", "This piece", "This report", "This post",
      "This column", "This essay", "This interview", "Originally ",
      "Republished ", "Reprinted ", "A version of this", NULL};
  if (para.n > 400) return;
  int opened = 0;
  for (size_t k = 0; openers[k] && !opened; k++)
    opened = starts(para, openers[k]);
  if (!opened) return;
  sp x = credit_target(para);
  if (x.p && looks_like_outlet(x)) f->outlet = x;
}

/* Words that mark a credit as an outlet rather than a person's sign-off. */
static int has_outlet_word(sp s) {
  static const char *const words[] = {
      "Press", "News", "Times", "Post", "Agency", "Network", "Media",
      "Journal", "Herald", "Tribune", "Daily", "Wire", "Service", "Radio",
      "TV", "Broadcasting", "Gazette", "Magazine", "Channel", "Reuters",
      "Associated", "Presse", "Bloomberg", "Telegraph", "Guardian", NULL};
  for (size_t k = 0; words[k]; k++)
    if (find(s, words[k]) != SIZE_MAX) return 1;
  return memchr(s.p, '.', s.n) != NULL || memchr(s.p, ' ', s.n) == NULL;
}

static int has_lower(sp s) {
  for (size_t i = 0; i < s.n; i++)
    if (s.p[i] >= 'a' && s.p[i] <= 'z') return 1;
  return 0;
}

/* A last line "— Associated Press" or "- Outlet Name"; "- Jane Roe." is a
 * reporter's sign-off, so a plain person's name goes to the author. */
static void dash_line(sp line, found *f) {
  static const char *const dashes[] = {"\xE2\x80\x94", "\xE2\x80\x93", "--",
                                       "-", NULL};
  for (size_t k = 0; dashes[k]; k++) {
    if (!starts(line, dashes[k])) continue;
    size_t w = strlen(dashes[k]);
    sp x = trim((sp){line.p + w, line.n - w});
    if (x.n && x.p[x.n - 1] == '.') x.n--;
    if (!looks_like_outlet(x)) return;
    if (!has_outlet_word(x) && has_lower(x) && looks_like_name(x)) {
      if (!f->author.p) f->author = x;
    } else if (!f->outlet.p) {
      f->outlet = x;
    }
    return;
  }
}

/* The n-th (0-based) non-blank line from the start, at most 400 bytes. */
static sp line_from_start(sp t, int nth) {
  size_t i = 0;
  for (;;) {
    while (i < t.n && is_space((unsigned char)t.p[i])) i++;
    if (i >= t.n) return (sp){NULL, 0};
    const char *nl = memchr(t.p + i, '\n', t.n - i);
    size_t end = nl ? (size_t)(nl - t.p) : t.n;
    if (nth-- == 0) {
      sp line = trim((sp){t.p + i, end - i});
      if (line.n > 400) line.n = 400;
      return line;
    }
    i = end;
  }
}

/* The last non-blank line. */
static sp last_line(sp t) {
  t = trim(t);
  size_t i = t.n;
  while (i > 0 && t.p[i - 1] != '\n') i--;
  return trim((sp){t.p + i, t.n - i});
}

static char *dup_sp(sp s) {
  if (!s.p || s.n == 0) return NULL;
  return strndup(s.p, s.n);
}

int px_byline_find(const char *text, size_t len, char **outlet,
                   char **author) {
  *outlet = *author = NULL;
  if (!text || len == 0) return 0;
  sp t = {text, len};
  found f = {{NULL, 0}, {NULL, 0}};
  /* The credit may follow a title line and a "By" line: look at the first
   * lines while they are short enough to be a title or a byline. */
  sp first = line_from_start(t, 0);
  for (int k = 0; k < 3; k++) {
    sp line = k ? line_from_start(t, k) : first;
    if (!line.p) break;
    if (!f.outlet.p) paren_credit(line, &f);
    if (!f.author.p) by_line(line, &f);
    if (line.n >= 200) break;
  }
  if (!f.outlet.p || !f.author.p) {
    sp last = last_line(t);
    if (last.p != first.p) {
      if (!f.outlet.p) credit_para(last, &f);
      dash_line(last, &f);
    }
  }
  *outlet = dup_sp(f.outlet);
  *author = dup_sp(f.author);
  return *outlet || *author;
}
