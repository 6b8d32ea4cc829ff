/* webdate.c — dates as pages write them, made into the ISO form
 * px_date_parse reads: machine dates ("2019-10-16T08:00:00+02:00", the
 * zone dropped so the date stays the publisher's own), numeric European
 * dates ("16.10.2019"), dates with month names in English, German,
 * French, Spanish, Portuguese and Italian ("October 16, 2019", "16. Oktober
 * 2019", "16 de octubre de 2019"), RFC 2822, and dates in URL paths
 * ("/2019/10/16/", "-20191016-"). Slashed day/month orders ("10/11/2019")
 * are ambiguous and refused. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "ingest/web_internal.h"

#define PX__SCAN_MAX 600

static const struct {
  const char *name;
  int month;
} months[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5},
    {"june", 6}, {"july", 7}, {"august", 8}, {"september", 9},
    {"october", 10}, {"november", 11}, {"december", 12}, {"sept", 9},
    {"januar", 1}, {"j\xC3\xA4nner", 1}, {"februar", 2}, {"m\xC3\xA4rz", 3},
    {"mai", 5}, {"juni", 6}, {"juli", 7}, {"oktober", 10}, {"dezember", 12},
    {"janvier", 1}, {"f\xC3\xA9vrier", 2}, {"mars", 3}, {"avril", 4},
    {"juin", 6}, {"juillet", 7}, {"ao\xC3\xBBt", 8}, {"septembre", 9},
    {"octobre", 10}, {"novembre", 11}, {"d\xC3\xA9" "cembre", 12},
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5},
    {"junio", 6}, {"julio", 7}, {"agosto", 8}, {"septiembre", 9},
    {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12},
    {"janeiro", 1}, {"fevereiro", 2}, {"mar\xC3\xA7o", 3}, {"maio", 5},
    {"junho", 6}, {"julho", 7}, {"setembro", 9}, {"outubro", 10},
    {"novembro", 11}, {"dezembro", 12}, {"gennaio", 1}, {"febbraio", 2},
    {"aprile", 4}, {"maggio", 5}, {"giugno", 6}, {"luglio", 7},
    {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12},
};

/* The month a word names, full or abbreviated to 3 or more letters of an
 * English or German name; 0 when none. */
static int month_of(const char *w, size_t n) {
  if (n < 3 || n > 12) return 0;
  for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
    size_t l = strlen(months[i].name);
    if (n == l && strncasecmp(w, months[i].name, n) == 0)
      return months[i].month;
  }
  /* abbreviations: "Oct", "Okt", "Dez", "Sept", "Mär" */
  static const char *const ab[12] = {"jan", "feb", "mar", "apr", "may",
                                     "jun", "jul", "aug", "sep", "oct",
                                     "nov", "dec"};
  if (n == 3) {
    for (int m = 0; m < 12; m++)
      if (strncasecmp(w, ab[m], 3) == 0) return m + 1;
    if (!strncasecmp(w, "okt", 3)) return 10;
    if (!strncasecmp(w, "dez", 3)) return 12;
    if (!strncasecmp(w, "mai", 3)) return 5;
  }
  if (n == 4 && !strncasecmp(w, "m\xC3\xA4r", 4)) return 3;
  return 0;
}

static int valid(int y, int m, int d) {
  return y >= 1990 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void put(char out[64], int y, int m, int d, int hh, int mm, int ss) {
  if (hh >= 0)
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm,
             ss < 0 ? 0 : ss);
  else
    snprintf(out, 64, "%04d-%02d-%02d", y, m, d);
}

enum { TK_NUM, TK_WORD, TK_PUNCT };
typedef struct tok {
  int type;
  const char *p;
  size_t n;
  int val; /* numbers */
} tok;

static size_t tokenize(const char *s, size_t n, tok *t, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < cap;) {
    unsigned char c = (unsigned char)s[i];
    if (c >= '0' && c <= '9') {
      size_t j = i;
      int v = 0;
      while (j < n && s[j] >= '0' && s[j] <= '9' && j - i < 9)
        v = v * 10 + (s[j++] - '0');
      while (j < n && s[j] >= '0' && s[j] <= '9') j++;
      t[k++] = (tok){TK_NUM, s + i, j - i, v};
      i = j;
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? 1 : c >= 0x80) {
      size_t j = i;
      while (j < n && ((((unsigned char)s[j] | 0x20) >= 'a' &&
                        ((unsigned char)s[j] | 0x20) <= 'z') ||
                       (unsigned char)s[j] >= 0x80))
        j++;
      /* a NBSP is not a letter */
      t[k++] = (tok){TK_WORD, s + i, j - i, 0};
      i = j;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
    } else {
      t[k++] = (tok){TK_PUNCT, s + i, 1, 0};
      i++;
    }
  }
  return k;
}

static int is_p(const tok *t, char c) {
  return t->type == TK_PUNCT && t->p[0] == c;
}

/* A clock after token i: "14:05[:00]"; sets hh, mm, ss. */
static void clock_at(const tok *t, size_t n, size_t i, int *hh, int *mm,
                     int *ss) {
  *hh = *mm = *ss = -1;
  while (i < n && (t[i].type == TK_PUNCT && (t[i].p[0] == ',' ||
                                             t[i].p[0] == '-' ||
                                             t[i].p[0] == '|')))
    i++;
  if (i < n && t[i].type == TK_WORD && t[i].n <= 3) i++; /* "um", "at" */
  if (i + 2 < n && t[i].type == TK_NUM && t[i].n <= 2 && is_p(&t[i + 1], ':') &&
      t[i + 2].type == TK_NUM && t[i + 2].n == 2 && t[i].val < 24 &&
      t[i + 2].val < 60) {
    *hh = t[i].val;
    *mm = t[i + 2].val;
    *ss = 0;
  }
}

int px__web_date(const char *s, size_t n, char out[64]) {
  if (n > PX__SCAN_MAX) n = PX__SCAN_MAX;
  tok t[160];
  size_t k = tokenize(s, n, t, sizeof t / sizeof t[0]);
  for (size_t i = 0; i < k; i++) {
    int y = -1, m = -1, d = -1;
    size_t next = i;
    /* 2019-10-16, 2019/10/16 */
    if (t[i].type == TK_NUM && t[i].n == 4 && i + 4 < k &&
        (is_p(&t[i + 1], '-') || is_p(&t[i + 1], '/') ||
         is_p(&t[i + 1], '.')) &&
        t[i + 2].type == TK_NUM && t[i + 2].n <= 2 &&
        t[i + 3].type == TK_PUNCT && t[i + 3].p[0] == t[i + 1].p[0] &&
        t[i + 4].type == TK_NUM && t[i + 4].n <= 2) {
      y = t[i].val, m = t[i + 2].val, d = t[i + 4].val, next = i + 5;
      /* an ISO clock follows as "T14" or " 14:05" */
      int hh = -1, mm = -1, ss = -1;
      /* a clock right after: "T14:05[:00]" or " 14:05" */
      const char *after = t[i + 4].p + t[i + 4].n;
      if (after < s + n && (*after == 'T' || *after == ' ')) {
        const char *c = after + 1;
        if (c + 5 <= s + n && c[0] >= '0' && c[0] <= '2' && c[1] >= '0' &&
            c[1] <= '9' && c[2] == ':' && c[3] >= '0' && c[3] <= '5' &&
            c[4] >= '0' && c[4] <= '9') {
          hh = (c[0] - '0') * 10 + (c[1] - '0');
          mm = (c[3] - '0') * 10 + (c[4] - '0');
          ss = 0;
          if (c + 8 <= s + n && c[5] == ':' && c[6] >= '0' && c[6] <= '5' &&
              c[7] >= '0' && c[7] <= '9')
            ss = (c[6] - '0') * 10 + (c[7] - '0');
          if (hh > 23) hh = -1;
        }
      }
      if (valid(y, m, d)) {
        put(out, y, m, d, hh, mm, ss);
        return 1;
      }
      continue;
    }
    /* 16.10.2019 */
    if (t[i].type == TK_NUM && t[i].n <= 2 && i + 4 < k &&
        is_p(&t[i + 1], '.') && t[i + 2].type == TK_NUM && t[i + 2].n <= 2 &&
        is_p(&t[i + 3], '.') && t[i + 4].type == TK_NUM &&
        (t[i + 4].n == 4 || t[i + 4].n == 2)) {
      d = t[i].val, m = t[i + 2].val, y = t[i + 4].val;
      if (t[i + 4].n == 2) y += 2000;
      next = i + 5;
    }
    /* 16. Oktober 2019, 16 Oct 2019, 16 de octubre de 2019 */
    else if (t[i].type == TK_NUM && t[i].n <= 2) {
      size_t j = i + 1;
      if (j < k && is_p(&t[j], '.')) j++;
      if (j < k && t[j].type == TK_WORD && t[j].n == 2 &&
          !strncasecmp(t[j].p, "de", 2))
        j++;
      int mo = j < k && t[j].type == TK_WORD ? month_of(t[j].p, t[j].n) : 0;
      if (mo) {
        j++;
        if (j < k && (is_p(&t[j], '.') || is_p(&t[j], ','))) j++;
        if (j < k && t[j].type == TK_WORD && t[j].n == 2 &&
            !strncasecmp(t[j].p, "de", 2))
          j++;
        if (j < k && t[j].type == TK_NUM && t[j].n == 4) {
          d = t[i].val, m = mo, y = t[j].val;
          next = j + 1;
        }
      }
    }
    /* October 16, 2019; Oct. 16th 2019 */
    else if (t[i].type == TK_WORD) {
      int mo = month_of(t[i].p, t[i].n);
      size_t j = i + 1;
      if (mo && j < k && is_p(&t[j], '.')) j++;
      if (mo && j < k && t[j].type == TK_NUM && t[j].n <= 2) {
        int day = t[j].val;
        j++;
        if (j < k && t[j].type == TK_WORD && t[j].n == 2) j++; /* 16th */
        if (j < k && is_p(&t[j], ',')) j++;
        if (j < k && t[j].type == TK_NUM && t[j].n == 4) {
          d = day, m = mo, y = t[j].val;
          next = j + 1;
        }
      }
    }
    if (valid(y, m, d)) {
      int hh, mm, ss;
      clock_at(t, k, next, &hh, &mm, &ss);
      put(out, y, m, d, hh, mm, ss);
      return 1;
    }
  }
  return 0;
}

int px__url_date(const char *url, size_t n, char out[64]) {
  /* only the path: skip the scheme and host */
  const char *p = memchr(url, ':', n);
  size_t i = 0;
  if (p && p + 3 <= url + n && p[1] == '/' && p[2] == '/') {
    const char *slash = memchr(p + 3, '/', (size_t)(url + n - (p + 3)));
    if (!slash) return 0;
    i = (size_t)(slash - url);
  }
  for (; i + 8 <= n; i++) {
    if (i > 0 && url[i - 1] >= '0' && url[i - 1] <= '9') continue;
    int v[8], ok = 1;
    /* YYYY/MM/DD or YYYY-MM-DD or YYYY_MM_DD */
    if (i + 10 <= n && (url[i + 4] == '/' || url[i + 4] == '-' ||
                        url[i + 4] == '_') &&
        url[i + 7] == url[i + 4]) {
      const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
      for (int k = 0; k < 8 && ok; k++) {
        char c = url[i + (size_t)at[k]];
        ok = c >= '0' && c <= '9';
        v[k] = c - '0';
      }
      if (ok && (i + 10 == n || !(url[i + 10] >= '0' && url[i + 10] <= '9'))) {
        int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
        int m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
        if (valid(y, m, d)) {
          put(out, y, m, d, -1, 0, 0);
          return 1;
        }
      }
    }
    /* YYYYMMDD standing alone */
    ok = 1;
    for (int k = 0; k < 8 && ok; k++) {
      char c = url[i + (size_t)k];
      ok = c >= '0' && c <= '9';
      v[k] = c - '0';
    }
    if (ok && (i + 8 == n || !(url[i + 8] >= '0' && url[i + 8] <= '9'))) {
      int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
      int m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
      if (valid(y, m, d) && y >= 1995) {
        put(out, y, m, d, -1, 0, 0);
        return 1;
      }
    }
  }
  return 0;
}
